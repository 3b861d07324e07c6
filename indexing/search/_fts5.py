"""Embedded search backend: SQLite FTS5 in a single file (WAL mode).

Layout (``SCHEMA_VERSION``):

* ``docs`` – one compact metadata row per document (filters, facets, hits);
* ``doc_text`` – raw body (for snippets) and the stemmed title/body/path; the external content table of
  ``docs_fts``, kept in sync by triggers (sqlite-utils style): the large text out of ``docs`` lets filters/facets
  scan small pages;
* ``doc_questions`` / ``doc_areas`` / ``doc_tags`` – multi-valued fields;
* ``docs_fts`` – FTS5 over the stems of the title, the body and the path (folders and
  file name), ranked by ``bm25(docs_fts, 3.0, 1.0, 1.5)`` (title weighted most, the path
  below it, :data:`.base.TITLE_WEIGHT` …; the same weights are stored as the ``rank``
  configuration);
* ``meta`` – ``schema_version`` and ``analyzer_version``.

User input never reaches FTS5 syntax directly: queries are tokenized and
stemmed with the same analyzer as documents and every stem is emitted as a
double-quoted string.

This module opens the index, writes to it and runs searches; the tables are in
:mod:`._fts5_schema`, MATCH expressions and filters in :mod:`._fts5_query`, facet
counts in :mod:`._fts5_facets`, the query syntax in :mod:`.query` and titles and
snippets in :mod:`.highlight` (the last two shared with Elasticsearch).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from config.i18n import _
from config.errors import ConfigurationError, InvalidInputError
from indexing.search._fts5_facets import _FacetBits, _Fts5Facets
from indexing.search._fts5_query import _placeholders, sql_filters, to_match_expression
from indexing.search._fts5_schema import _SIDE_TABLES, _STATEMENTS, _UPSERT_DOC, _UPSERT_TEXT, BM25_WEIGHTS, SCHEMA_VERSION
from indexing.search.base import FACET_FIELDS, IndexDocument, SearchHit, SearchQuery, SearchResult
from indexing.search.highlight import _Highlighter
from indexing.search.query import parse_query
from indexing.search.stemmer import ANALYZER_VERSION, stem_text

BATCH_SIZE = 500
MAX_PER_PAGE = 1000
# Title, body, path. Called explicitly: measured ~35% faster than the configured `rank` (also set, for ad-hoc SQL).
_BM25_WEIGHTS = BM25_WEIGHTS


def _iso(v: date | datetime | None) -> str | None:
    return v.isoformat() if v is not None else None


class Fts5SearchIndex(_Fts5Facets):
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
            raise ConfigurationError(_("Indeks pencarian %(path)s memakai skema lama; jalankan pembangunan ulang "
                                       "indeks.", path=self.path))

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
        c.execute(_UPSERT_TEXT, (doc.doc_id, stem_text(doc.title or ""), doc.body_stems(), body, doc.path_stems()))
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

    def search(self, query: SearchQuery) -> SearchResult:
        q = query
        if q.page < 1 or q.per_page < 1 or q.per_page > MAX_PER_PAGE:
            raise InvalidInputError(_("Halaman tidak valid (page ≥ 1, 1 ≤ per_page ≤ %(n)s).", n=MAX_PER_PAGE))
        if q.sort not in ("relevance", "date"):
            raise InvalidInputError(_("Urutan tidak dikenal: %(sort)s (relevance atau date).", sort=repr(q.sort)))
        parsed = parse_query(q.text)
        match = to_match_expression(parsed)
        empty_facets: dict[str, list[tuple[str, int]]] = {k: [] for k in FACET_FIELDS}
        if q.units is not None and not q.units:
            return SearchResult(0, [], empty_facets, q.page, q.per_page)

        where, params = sql_filters(q)
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
                    path_highlighted=hl.path(path),
                )
            )
        return SearchResult(total, hits, facets, q.page, q.per_page)

