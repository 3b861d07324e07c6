"""Embedded search backend: SQLite FTS5 in a single file (WAL mode).

Layout (``SCHEMA_VERSION``):

* ``docs`` – one compact metadata row per document (filters, facets, hits);
* ``doc_text`` – raw body (for snippets) and the stemmed title/body; it is the
  external content table of ``docs_fts`` and kept in sync by triggers
  (sqlite-utils style).  Keeping the large text out of ``docs`` lets
  filters/facets scan small pages;
* ``doc_questions`` / ``doc_areas`` / ``doc_tags`` – multi-valued fields;
* ``docs_fts`` – FTS5 over the stems, ranked by ``bm25(docs_fts, 3.0, 1.0)``
  (title weighted; the same weights are stored as the ``rank`` configuration);
* ``meta`` – ``schema_version`` and ``analyzer_version``.

User input never reaches FTS5 syntax directly: queries are tokenized and
stemmed with the same analyzer as documents and every stem is emitted as a
double-quoted string.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from config.errors import ConfigurationError, InvalidInputError
from indexing.search import (
    FACET_FIELDS,
    IndexDocument,
    InvalidQueryError,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from indexing.search.stemmer import ANALYZER_VERSION, iter_analyzed, iter_spans, stem_text

SCHEMA_VERSION = 1
BATCH_SIZE = 500
MAX_PER_PAGE = 1000
SNIPPET_TOKENS = 36  # ~ 250 characters of Indonesian text
SNIPPET_LEAD = 6  # tokens of context before the first match
#: Hits of each term considered when choosing the snippet's window (a long body may have thousands).
SNIPPET_MAX_MARKS = 200
SNIPPET_MAX_CHARS = 300
# Title weighted 3x. Called explicitly: measured ~35% faster than the configured `rank`
# column (which is also set, for ad-hoc SQL).
_BM25_WEIGHTS = "3.0, 1.0"

_SIDE_TABLES = (("doc_questions", "question_code"), ("doc_areas", "area"), ("doc_tags", "tag"))

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    doc_id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    period INTEGER NOT NULL,
    year INTEGER,
    doc_type TEXT,
    doc_date TEXT,
    uploaded_at TEXT,
    ocr INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    path TEXT NOT NULL
);
CREATE INDEX docs_unit ON docs(unit);
CREATE INDEX docs_period ON docs(period);
CREATE INDEX docs_year ON docs(year);
CREATE INDEX docs_doc_type ON docs(doc_type);
CREATE INDEX docs_date ON docs(doc_date, uploaded_at);
CREATE TABLE doc_text(
    doc_id INTEGER PRIMARY KEY,
    title_stems TEXT NOT NULL,
    body_stems TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE doc_questions(doc_id INTEGER NOT NULL, question_code TEXT NOT NULL,
    PRIMARY KEY(doc_id, question_code)) WITHOUT ROWID;
CREATE INDEX doc_questions_code ON doc_questions(question_code, doc_id);
CREATE TABLE doc_areas(doc_id INTEGER NOT NULL, area TEXT NOT NULL,
    PRIMARY KEY(doc_id, area)) WITHOUT ROWID;
CREATE INDEX doc_areas_area ON doc_areas(area, doc_id);
CREATE TABLE doc_tags(doc_id INTEGER NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY(doc_id, tag)) WITHOUT ROWID;
CREATE INDEX doc_tags_tag ON doc_tags(tag, doc_id);
CREATE VIRTUAL TABLE docs_fts USING fts5(
    title_stems, body_stems,
    content='doc_text', content_rowid='doc_id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO docs_fts(docs_fts, rank) VALUES('rank', 'bm25(3.0, 1.0)');
CREATE TRIGGER doc_text_ai AFTER INSERT ON doc_text BEGIN
    INSERT INTO docs_fts(rowid, title_stems, body_stems)
    VALUES (new.doc_id, new.title_stems, new.body_stems);
END;
CREATE TRIGGER doc_text_ad AFTER DELETE ON doc_text BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title_stems, body_stems)
    VALUES ('delete', old.doc_id, old.title_stems, old.body_stems);
END;
CREATE TRIGGER doc_text_au AFTER UPDATE ON doc_text BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title_stems, body_stems)
    VALUES ('delete', old.doc_id, old.title_stems, old.body_stems);
    INSERT INTO docs_fts(rowid, title_stems, body_stems)
    VALUES (new.doc_id, new.title_stems, new.body_stems);
END;
"""



def _split_sql(script: str) -> list[str]:
    """Split a script into statements (not executescript: it would COMMIT mid-rebuild)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


_STATEMENTS = _split_sql(_SCHEMA)

_UPSERT_DOC = """
INSERT INTO docs(doc_id, unit, period, year, doc_type, doc_date, uploaded_at, ocr,
                 title, file_name, path)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(doc_id) DO UPDATE SET
    unit=excluded.unit, period=excluded.period, year=excluded.year,
    doc_type=excluded.doc_type, doc_date=excluded.doc_date,
    uploaded_at=excluded.uploaded_at, ocr=excluded.ocr, title=excluded.title,
    file_name=excluded.file_name, path=excluded.path
"""
_UPSERT_TEXT = """
INSERT INTO doc_text(doc_id, title_stems, body_stems, body) VALUES (?, ?, ?, ?)
ON CONFLICT(doc_id) DO UPDATE SET
    title_stems=excluded.title_stems, body_stems=excluded.body_stems, body=excluded.body
"""


# --------------------------------------------------------------------------- query parsing


@dataclass(frozen=True)
class _Term:
    stems: tuple[str, ...]  # one stem = word, several = phrase


@dataclass
class _ParsedQuery:
    groups: list[list[_Term]]  # AND of OR-groups
    excluded: list[_Term]

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded


_QUERY_RE = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


def _analyze(text: str) -> tuple[str, ...]:
    return tuple(s for _tok, s, _a, _b in iter_analyzed(text))


def parse_query(text: str) -> _ParsedQuery:
    """Parse the user query syntax into AND-of-OR groups plus exclusions (never raises)."""
    groups: list[list[_Term]] = []
    excluded: list[_Term] = []
    pending_or = False
    for m in _QUERY_RE.finditer(text or ""):
        if m.group(3) is not None:
            word = m.group(3)
            if word == "OR":
                pending_or = bool(groups)
                continue
            if word == "AND":  # implicit anyway
                continue
            negated = word.startswith("-") and len(word) > 1
            stems = _analyze(word[1:] if negated else word)
        else:
            negated = m.group(1) == "-"
            stems = _analyze(m.group(2))
        if not stems:
            continue
        term = _Term(stems)
        if negated:
            excluded.append(term)
        elif pending_or and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return _ParsedQuery(groups, excluded)


def _fts_string(term: _Term) -> str:
    return '"' + " ".join(term.stems).replace('"', '""') + '"'


def to_match_expression(parsed: _ParsedQuery) -> str | None:
    """FTS5 MATCH expression built only from quoted strings, or None for match-all."""
    if parsed.is_empty:
        return None
    if not parsed.groups:
        raise InvalidQueryError(
            "Kueri hanya berisi pengecualian (-kata); tambahkan minimal satu kata yang dicari."
        )
    parts = []
    for group in parsed.groups:
        alts = list(dict.fromkeys(_fts_string(t) for t in group))
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = " AND ".join(parts)
    if parsed.excluded:
        negs = list(dict.fromkeys(_fts_string(t) for t in parsed.excluded))
        expr = f"({expr}) NOT ({' OR '.join(negs)})"
    return expr


# --------------------------------------------------------------------------- highlighting


class _Highlighter:
    def __init__(self, parsed: _ParsedQuery):
        self.singles: set[str] = set()
        self.phrases: list[tuple[str, ...]] = []
        for group in parsed.groups:
            for term in group:
                if len(term.stems) == 1:
                    self.singles.add(term.stems[0])
                else:
                    self.phrases.append(term.stems)
        self.first_stems = {p[0] for p in self.phrases}
        self.active = bool(self.singles or self.phrases)

    def marked(self, stems: list[str]) -> set[int]:
        """Indices of tokens to mark, given the token-aligned stem list."""
        if not self.active:
            return set()
        singles, first = self.singles, self.first_stems
        out = {i for i, s in enumerate(stems) if s in singles}
        if self.phrases:
            for i in [i for i, s in enumerate(stems) if s in first]:
                for p in self.phrases:
                    if tuple(stems[i : i + len(p)]) == p:
                        out.update(range(i, i + len(p)))
        return out

    @staticmethod
    def _render(text: str, spans: list[tuple[int, int, bool]], start: int, end: int) -> str:
        out = []
        pos = start
        for a, b, is_mark in spans:
            if is_mark:
                out.append(_esc(text[pos:a]))
                out.append("<mark>" + html.escape(text[a:b]) + "</mark>")
                pos = b
        out.append(_esc(text[pos:end]))
        return "".join(out)

    def title(self, title: str, title_stems: str) -> str:
        stems = title_stems.split()
        marks = self.marked(stems)
        spans = [(a, b, i in marks) for i, (_t, _s, a, b) in enumerate(iter_analyzed(title))]
        return self._render(title, spans, 0, len(title))

    def marks_in(self, stems_text: str) -> tuple[list[int], dict[int, str]]:
        """Token indices to mark in a space-joined stem string (the first ``SNIPPET_MAX_MARKS`` hits of
        each term), found by substring search — no split of a long body — and the stem at each."""
        if not self.active:
            return [], {}
        padded = f" {stems_text} "
        found: dict[int, tuple[int, str]] = {}  # char position → (tokens, stem)
        for needle_stems in [(s,) for s in self.singles] + self.phrases:
            needle = " " + " ".join(needle_stems) + " "
            pos, n = padded.find(needle), 0
            while pos >= 0 and n < SNIPPET_MAX_MARKS:
                if found.get(pos, (0, ""))[0] < len(needle_stems):  # a phrase covers a single word there
                    found[pos] = (len(needle_stems), needle_stems[0])
                pos, n = padded.find(needle, pos + 1), n + 1
        marks: list[int] = []
        stem_at: dict[int, str] = {}
        index = prev = 0
        for pos in sorted(found):
            index += padded.count(" ", prev, pos)  # tokens before this position
            prev = pos
            length, stem = found[pos]
            for t in range(index, index + length):
                stem_at[t] = stem
            marks.extend(range(index, index + length))
        return sorted(set(marks)), stem_at

    def snippet(self, body: str, body_stems: str) -> str:
        marks, stem_at = self.marks_in(body_stems)
        first_tok = 0
        if marks:
            best, best_score = marks[0], -1
            for j, s in enumerate(marks):
                k = bisect_left(marks, s + SNIPPET_TOKENS, j)
                distinct = len({stem_at[i] for i in marks[j:k]})
                score = distinct * 1000 + (k - j)
                if score > best_score:
                    best, best_score = s, score
            first_tok = max(0, best - SNIPPET_LEAD)
        last_tok = first_tok + SNIPPET_TOKENS + SNIPPET_LEAD
        mark_set = set(marks)
        spans = [(a, b, i in mark_set) for i, a, b in iter_spans(body, first_tok, last_tok)]
        if not spans:
            return _esc(body[:SNIPPET_MAX_CHARS])
        start = spans[0][0]
        limit = start + SNIPPET_MAX_CHARS
        kept = [sp for sp in spans if sp[1] <= limit] or spans[:1]
        end = kept[-1][1]
        text = self._render(body, kept, start, end).strip()
        prefix = "… " if first_tok > 0 else ""
        suffix = " …" if body[end:].strip() else ""
        return prefix + text + suffix


_WS_RE = re.compile(r"\s+")


def _esc(s: str) -> str:
    return _WS_RE.sub(" ", html.escape(s))


# --------------------------------------------------------------------------- backend


def _iso(v: date | datetime | None) -> str | None:
    return v.isoformat() if v is not None else None


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


class Fts5SearchIndex:
    """SQLite FTS5 implementation of :class:`indexing.search.SearchIndex`."""

    backend = "fts5"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._facet_bits: _FacetBits | None = None  # see _facet_bitsets()
        self._conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=30
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA temp_store=MEMORY")
        # 16 MiB of page cache: the OS caches the file anyway; 64 MiB measured no faster at 100k documents
        # and made a long ingest's memory grow with the index (benchmarks/README.md, memory).
        self._conn.execute("PRAGMA cache_size=-16384")
        self._conn.execute("PRAGMA foreign_keys=OFF")
        with self._lock:
            if not self._table_exists("meta") and not self._user_tables():
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    if not self._user_tables():  # another process may have won the race
                        self._create_schema()
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise

    # ---- schema helpers

    def _user_tables(self) -> list[str]:
        rows = self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        return [r[0] for r in rows]

    def _table_exists(self, name: str) -> bool:
        return (
            self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)
            ).fetchone()
            is not None
        )

    def _create_schema(self) -> None:
        for stmt in _STATEMENTS:
            self._conn.execute(stmt)
        self._conn.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            [("schema_version", str(SCHEMA_VERSION)), ("analyzer_version", str(ANALYZER_VERSION))],
        )

    def _drop_all(self) -> None:
        if self._table_exists("docs_fts"):
            self._conn.execute("DROP TABLE docs_fts")
        for name in self._user_tables():
            if not name.startswith("docs_fts_"):
                self._conn.execute(f'DROP TABLE IF EXISTS "{name}"')

    def _stored_versions(self) -> tuple[str | None, str | None]:
        if not self._table_exists("meta"):
            return None, None
        rows = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        return rows.get("schema_version"), rows.get("analyzer_version")

    def needs_rebuild(self) -> bool:
        with self._lock:
            try:
                return self._stored_versions() != (str(SCHEMA_VERSION), str(ANALYZER_VERSION))
            except sqlite3.DatabaseError:
                return True

    def _require_current(self) -> None:
        if self.needs_rebuild():
            raise ConfigurationError(
                f"Indeks pencarian {self.path} memakai skema lama; jalankan pembangunan ulang indeks."
            )

    # ---- writing

    def _write_one(self, doc: IndexDocument) -> None:
        c = self._conn
        year = doc.year if doc.year is not None else (doc.doc_date.year if doc.doc_date else None)
        c.execute(
            _UPSERT_DOC,
            (
                int(doc.doc_id), doc.unit, int(doc.period), year, doc.doc_type,
                _iso(doc.doc_date), _iso(doc.uploaded_at), 1 if doc.ocr else 0,
                doc.title or "", doc.file_name or "", doc.path or "",
            ),
        )
        body = doc.text or ""
        c.execute(_UPSERT_TEXT, (doc.doc_id, stem_text(doc.title or ""), doc.body_stems(), body))
        values = (doc.question_codes, doc.areas, doc.tags)
        for (table, col), vals in zip(_SIDE_TABLES, values):
            c.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.doc_id,))
            if vals:
                c.executemany(
                    f"INSERT OR IGNORE INTO {table}(doc_id, {col}) VALUES (?, ?)",
                    [(doc.doc_id, v) for v in vals],
                )

    def _write(self, docs: Iterable[IndexDocument], *, batch: int | None) -> int:
        n = 0
        in_tx = False
        try:
            for doc in docs:
                if not in_tx:
                    self._conn.execute("BEGIN IMMEDIATE")
                    in_tx = True
                self._write_one(doc)
                n += 1
                if batch and n % batch == 0:
                    self._conn.execute("COMMIT")
                    in_tx = False
            if in_tx:
                self._conn.execute("COMMIT")
                in_tx = False
        except BaseException:
            if in_tx:
                self._conn.execute("ROLLBACK")
            raise
        return n

    def index(self, docs: Iterable[IndexDocument]) -> int:
        with self._lock:
            self._require_current()
            self._facet_bits = None
            return self._write(docs, batch=BATCH_SIZE)

    def delete(self, doc_ids: Iterable[int]) -> int:
        ids = [int(i) for i in doc_ids]
        if not ids:
            return 0
        with self._lock:
            self._require_current()
            self._facet_bits = None
            n = 0
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for i in range(0, len(ids), BATCH_SIZE):
                    chunk = ids[i : i + BATCH_SIZE]
                    ph = _placeholders(len(chunk))
                    n += self._conn.execute(f"DELETE FROM docs WHERE doc_id IN ({ph})", chunk).rowcount
                    self._conn.execute(f"DELETE FROM doc_text WHERE doc_id IN ({ph})", chunk)
                    for table, _col in _SIDE_TABLES:
                        self._conn.execute(f"DELETE FROM {table} WHERE doc_id IN ({ph})", chunk)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            return n

    def rebuild(self, docs: Iterable[IndexDocument]) -> int:
        """Drop and recreate everything in ONE transaction: WAL readers keep the old snapshot."""
        with self._lock:
            self._facet_bits = None
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._drop_all()
                self._create_schema()
                n = 0
                for doc in docs:
                    self._write_one(doc)
                    n += 1
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return n

    def count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM docs").fetchone()[0]

    def indexed_ids(self) -> set[int]:
        with self._lock:
            return {row[0] for row in self._conn.execute("SELECT doc_id FROM docs")}

    def optimize(self) -> None:
        with self._lock:
            self._require_current()
            self._conn.execute("INSERT INTO docs_fts(docs_fts) VALUES('optimize')")
            self._conn.execute("PRAGMA optimize")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> Fts5SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- searching

    @staticmethod
    def _filters(q: SearchQuery) -> tuple[list[str], list[object]]:
        where: list[str] = []
        params: list[object] = []

        def column(col: str, values: list | None, cast=str) -> None:
            if values:
                vals = list(dict.fromkeys(cast(v) for v in values))
                where.append(f"d.{col} IN ({_placeholders(len(vals))})")
                params.extend(vals)

        def side(table: str, col: str, values: list | None) -> None:
            if values:
                vals = list(dict.fromkeys(str(v) for v in values))
                where.append(
                    f"EXISTS (SELECT 1 FROM {table} s WHERE s.doc_id = d.doc_id"
                    f" AND s.{col} IN ({_placeholders(len(vals))}))"
                )
                params.extend(vals)

        column("unit", q.units)
        column("period", q.periods, int)
        column("year", q.years, int)
        column("doc_type", q.doc_types)
        side("doc_areas", "area", q.areas)
        side("doc_questions", "question_code", q.questions)
        side("doc_tags", "tag", q.tags)
        return where, params

    def search(self, query: SearchQuery) -> SearchResult:
        q = query
        if q.page < 1 or q.per_page < 1 or q.per_page > MAX_PER_PAGE:
            raise InvalidInputError(
                f"Halaman tidak valid (page ≥ 1, 1 ≤ per_page ≤ {MAX_PER_PAGE})."
            )
        if q.sort not in ("relevance", "date"):
            raise InvalidInputError(f"Urutan tidak dikenal: {q.sort!r} (relevance atau date).")
        parsed = parse_query(q.text)
        match = to_match_expression(parsed)
        empty_facets: dict[str, list[tuple[str, int]]] = {k: [] for k in FACET_FIELDS}
        if q.units is not None and not q.units:
            return SearchResult(0, [], empty_facets, q.page, q.per_page)

        where, params = self._filters(q)
        cols = "d.doc_id, d.unit, d.period, d.year, d.doc_type, d.doc_date, d.uploaded_at"
        if match is not None:
            fill = (
                f"INSERT INTO temp._hits SELECT {cols}, -bm25(docs_fts, {_BM25_WEIGHTS}) FROM docs_fts"
                # CROSS JOIN keeps FTS5 as the outer loop: a per-row MATCH probe from the
                # docs side re-runs the full-text query for every candidate (measured 5x slower).
                " CROSS JOIN docs d ON d.doc_id = docs_fts.rowid WHERE docs_fts MATCH ?"
            )
            params = [match, *params]
            if where:
                fill += " AND " + " AND ".join(where)
        else:
            fill = f"INSERT INTO temp._hits SELECT {cols}, 0.0 FROM docs d"
            if where:
                fill += " WHERE " + " AND ".join(where)

        if q.sort == "date" or match is None:  # browsing without text: newest first
            order = "h.doc_date IS NULL, h.doc_date DESC, h.uploaded_at DESC, h.doc_id DESC"
        else:
            order = "h.score DESC, h.doc_id DESC"

        with self._lock:
            self._require_current()
            c = self._conn
            c.execute("BEGIN")
            try:
                # Browsing everything needs no match set: read the base table (facets then
                # come straight from the covering indexes).
                whole = match is None and not where
                if match is not None and not where and q.sort == "relevance" and self._facet_bitsets():
                    # Text alone, by relevance: rank inside FTS5 and count/facet from its rowids —
                    # no join with docs, no temp table (the match set is only needed as ids).
                    rows, total, facets = self._search_text_only(match, q)
                    c.execute("COMMIT")
                    return self._result(parsed, rows, total, facets, q)
                src = "docs" if whole else "temp._hits"
                c.execute("DROP TABLE IF EXISTS temp._hits")
                if not whole:
                    c.execute(
                        "CREATE TEMP TABLE _hits(doc_id INTEGER PRIMARY KEY, unit TEXT,"
                        " period INTEGER, year INTEGER, doc_type TEXT, doc_date TEXT,"
                        " uploaded_at TEXT, score REAL)"
                    )
                    c.execute(fill, params)
                total = c.execute(f"SELECT count(*) FROM {src}").fetchone()[0]
                # Sort/limit the narrow temp table first, then fetch the wide rows by id.
                ranked = c.execute(
                    f"SELECT h.doc_id, {'0.0' if whole else 'h.score'} FROM {src} h"
                    f" ORDER BY {order} LIMIT ? OFFSET ?",
                    (q.per_page, (q.page - 1) * q.per_page),
                ).fetchall()
                rows = self._with_questions(self._page_rows(ranked))
                facets = self._facets(whole) if total else empty_facets
                c.execute("DROP TABLE IF EXISTS temp._hits")
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise
        return self._result(parsed, rows, total, facets, q)

    def _page_rows(self, ranked: list[tuple[int, float]]) -> list[tuple]:
        """The wide rows of one page of ``(doc_id, score)``, in that order."""
        if not ranked:
            return []
        by_id = {
            r[0]: r
            for r in self._conn.execute(
                "SELECT d.doc_id, d.title, d.file_name, d.path, d.unit, d.period,"
                " d.doc_type, d.year, d.doc_date, d.ocr, t.title_stems, t.body_stems,"
                " t.body FROM docs d JOIN doc_text t ON t.doc_id = d.doc_id"
                f" WHERE d.doc_id IN ({_placeholders(len(ranked))})",
                [r[0] for r in ranked],
            )
        }
        return [(doc_id, score, *by_id[doc_id][1:]) for doc_id, score in ranked if doc_id in by_id]

    def _with_questions(self, rows: list[tuple]) -> list[tuple]:
        """Each row with the list of its question codes appended."""
        page_ids = [r[0] for r in rows]
        questions: dict[int, list[str]] = {i: [] for i in page_ids}
        if page_ids:
            for doc_id, code in self._conn.execute(
                "SELECT doc_id, question_code FROM doc_questions WHERE doc_id IN"
                f" ({_placeholders(len(page_ids))}) ORDER BY doc_id, question_code",
                page_ids,
            ):
                questions[doc_id].append(code)
        return [(*r, questions[r[0]]) for r in rows]

    def _search_text_only(self, match: str, q: SearchQuery) -> tuple[list[tuple], int, dict]:
        """A text query without filters, by relevance: FTS5 ranks (bm25, ties by newest id) and
        its rowids give the total and the facets. Same results as the general path."""
        c = self._conn
        ranked = c.execute(
            f"SELECT rowid, -bm25(docs_fts, {_BM25_WEIGHTS}) AS score FROM docs_fts WHERE docs_fts MATCH ?"
            " ORDER BY score DESC, rowid DESC LIMIT ? OFFSET ?",
            (match, q.per_page, (q.page - 1) * q.per_page),
        ).fetchall()
        joined = c.execute("SELECT group_concat(rowid) FROM docs_fts WHERE docs_fts MATCH ?", (match,)).fetchone()[0]
        ids = list(map(int, joined.split(","))) if joined else []  # one string: parsed in C, not row by row
        rows = self._with_questions(self._page_rows(ranked))
        empty = {k: [] for k in FACET_FIELDS}
        return rows, len(ids), (self._facets_of_ids(ids) if ids else empty)

    def _result(self, parsed, rows: list[tuple], total: int, facets: dict, q: SearchQuery) -> SearchResult:
        hl = _Highlighter(parsed)
        hits = []
        for (doc_id, score, title, file_name, path, unit, period, doc_type, year, doc_date,
             ocr, title_stems, body_stems, body, question_codes) in rows:
            hits.append(
                SearchHit(
                    doc_id=doc_id,
                    score=float(score or 0.0),
                    title=title,
                    file_name=file_name,
                    path=path,
                    unit=unit,
                    period=period,
                    doc_type=doc_type,
                    question_codes=question_codes,
                    year=year,
                    doc_date=date.fromisoformat(doc_date) if doc_date else None,
                    snippet=hl.snippet(body, body_stems),
                    ocr=bool(ocr),
                    title_highlighted=hl.title(title, title_stems),
                )
            )
        return SearchResult(total, hits, facets, q.page, q.per_page)

    def _facets(self, whole: bool) -> dict[str, list[tuple[str, int]]]:
        """Counts per value over the match set (``temp._hits``), or over everything.

        Fast path: AND + popcount of the match set's bitset with one cached bitset per facet
        value (microseconds per value instead of a GROUP BY sort over the whole match set);
        the SQL path counts the same rows and serves sparse doc_ids.
        """
        bits = self._facet_bitsets()
        if bits is None:
            return self._facets_sql(whole)
        if whole:
            return {k: _sorted_facet((v, b.bit_count()) for v, b in bits.values[k].items())
                    for k in FACET_FIELDS}
        hit_ids = self._conn.execute("SELECT doc_id FROM temp._hits").fetchall()
        return self._facets_of_ids([i for (i,) in hit_ids], bits)

    def _facets_of_ids(self, ids: list[int], bits: "_FacetBits | None" = None) -> dict[str, list[tuple[str, int]]]:
        """Facet counts over the given doc_ids, from the cached bitsets (which must be available)."""
        bits = bits or self._facet_bitsets()
        hits = _bitset(ids, bits.nbytes)
        out: dict[str, list[tuple[str, int]]] = {}
        for k in FACET_FIELDS:
            counts = []
            for v, b in bits.values[k].items():
                n = (b & hits).bit_count()
                if n:
                    counts.append((v, n))
            out[k] = _sorted_facet(counts)
        return out

    def _facet_bitsets(self) -> _FacetBits | None:
        """Per facet value, the bitset of its doc_ids (cached until the index changes).

        Called inside the search's read transaction, so the cache is (re)built from, and checked
        against, the same snapshot: ``PRAGMA data_version`` changes when another connection
        commits; our own writes drop the cache.  None when doc_ids are negative or too sparse
        for bitsets.
        """
        c = self._conn
        version = c.execute("PRAGMA data_version").fetchone()[0]
        cached = self._facet_bits
        if cached is not None and cached.version == version:
            return cached
        lo, hi, n = c.execute("SELECT min(doc_id), max(doc_id), count(*) FROM docs").fetchone()
        if n and (lo < 0 or hi > _BITSET_MAX_RATIO * n + _BITSET_SLACK):
            self._facet_bits = None
            return None
        nbytes = (hi or 0) // 8 + 1
        groups: dict[str, dict[object, list[int]]] = {k: {} for k in FACET_FIELDS}
        for doc_id, unit, period, doc_type, year in c.execute(
            "SELECT doc_id, unit, period, doc_type, year FROM docs"
        ):
            for key, v in (("unit", unit), ("period", period), ("doc_type", doc_type), ("year", year)):
                if v is not None:
                    groups[key].setdefault(v, []).append(doc_id)
        for key, (table, col) in zip(("question", "area", "tag"), _SIDE_TABLES):
            g = groups[key]
            for v, doc_id in c.execute(f"SELECT {col}, doc_id FROM {table}"):
                g.setdefault(v, []).append(doc_id)
        values = {k: {v: _bitset(ids, nbytes) for v, ids in g.items()} for k, g in groups.items()}
        self._facet_bits = _FacetBits(version, nbytes, values)
        return self._facet_bits

    def _facets_sql(self, whole: bool) -> dict[str, list[tuple[str, int]]]:
        """GROUP BY counts over the match set (``temp._hits``), or over everything."""
        c = self._conn
        out: dict[str, list[tuple[str, int]]] = {}
        src = "docs" if whole else "temp._hits"
        for key in ("unit", "period", "doc_type", "year"):
            rows = c.execute(
                f"SELECT {key}, count(*) FROM {src} WHERE {key} IS NOT NULL GROUP BY {key}"
            ).fetchall()
            out[key] = _sorted_facet(rows)
        for key, (table, col) in zip(("question", "area", "tag"), _SIDE_TABLES):
            if whole:
                sql = f"SELECT {col}, count(*) FROM {table} GROUP BY {col}"
            else:
                sql = (
                    # CROSS JOIN pins the (small) match set as the outer loop.
                    f"SELECT s.{col}, count(*) FROM temp._hits h"
                    f" CROSS JOIN {table} s ON s.doc_id = h.doc_id GROUP BY s.{col}"
                )
            out[key] = _sorted_facet(c.execute(sql).fetchall())
        return {k: out[k] for k in FACET_FIELDS}


# Bitsets need non-negative doc_ids and cost max(doc_id)/8 bytes per facet value: beyond this
# sparsity the SQL facets are used instead.
_BITSET_MAX_RATIO = 16
_BITSET_SLACK = 1 << 20


@dataclass
class _FacetBits:
    version: int  # PRAGMA data_version it was built at
    nbytes: int
    values: dict[str, dict[object, int]]  # facet key -> raw SQL value -> bitset of doc_ids


def _bitset(ids: Iterable[int], nbytes: int) -> int:
    buf = bytearray(nbytes)
    for i in ids:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _sorted_facet(rows: Iterable[tuple[object, int]]) -> list[tuple[str, int]]:
    return sorted(((str(v), int(n)) for v, n in rows), key=lambda t: (-t[1], t[0]))

