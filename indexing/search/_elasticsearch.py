"""Elasticsearch 8 search backend (official ``elasticsearch`` client, 8.x).

Layout:

* concrete indexes ``<prefix>-documents-v<schema>-<timestamp>`` behind the alias
  ``<prefix>-documents``; settings and mappings come from ``mappings/documents-v<schema>.json``
  (the schema version is the number in that file name; the analyzer version of
  :mod:`indexing.search.stemmer` is stored next to it in the mapping ``_meta``);
* matching uses text pre-stemmed in Python with Sastrawi (``title_stems``/``text_stems``,
  whitespace analyzer): Elasticsearch's own ``indonesian`` stemmer misses e.g.
  ``perencanaan`` → ``rencana`` and ``kepegawaian`` → ``pegawai``, so both sides of the search
  use the same analyzer as the FTS5 backend;
* highlighting runs on the raw ``title``/``text`` fields (standard tokenizer + lowercase) with a
  ``highlight_query`` made of the original query words plus every affixed form whose Sastrawi
  stem equals the query stem (``pengaduan`` → ``mengadukan``, ``aduan`` …), so the original words
  are marked, HTML-escaped by ``encoder: html``.  ``text`` keeps term vectors with offsets and uses
  the fast-vector highlighter: no re-analysis of multi-megabyte texts and a window centred on the
  matches (the unified highlighter cuts long sentences at the first match); phrases are
  highlighted as typed there.  ``title`` (short) uses the unified highlighter with span queries;
* ``rebuild`` loads a fresh index and moves the alias with one ``update_aliases`` call.

User input never reaches query_string syntax: the query is parsed with the FTS5 backend's parser
(:func:`indexing.search._fts5.parse_query`) and emitted as match/match_phrase clauses.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from config.errors import ConfigurationError, InvalidInputError
from indexing.search import (
    FACET_FIELDS,
    IndexDocument,
    InvalidQueryError,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from indexing.search._fts5 import _QUERY_RE, _Highlighter, _ParsedQuery, _Term, parse_query
from indexing.search.stemmer import ANALYZER_VERSION, iter_analyzed, stem, stem_text

MAPPING_FILE = Path(__file__).with_name("mappings") / "documents-v1.json"
SCHEMA_VERSION = int(re.search(r"-v(\d+)\.json$", MAPPING_FILE.name).group(1))
BATCH_SIZE = 500
MAX_CHUNK_BYTES = 20 * 1024 * 1024
MAX_PER_PAGE = 1000
FACET_SIZE = 5000
SNIPPET_CHARS = 250
TITLE_BOOST = 3.0
INITIAL_STAMP = "0" * 20  # the index created on first open (deterministic: concurrent opens agree)

# facet key -> indexed field
_FACET_SOURCE = {
    "unit": "unit",
    "period": "period",
    "area": "areas",
    "question": "question_codes",
    "doc_type": "doc_type",
    "tag": "tags",
    "year": "year",
}
_WS_RE = re.compile(r"\s+")
_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)


def load_mapping() -> dict:
    """Index settings + mappings from the JSON file, with the versions in ``_meta``."""
    body = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    meta = body["mappings"].setdefault("_meta", {})
    if int(meta.get("schema_version", SCHEMA_VERSION)) != SCHEMA_VERSION:
        raise ConfigurationError(f"{MAPPING_FILE.name}: _meta.schema_version differs from the file name")
    meta.update(
        schema_version=SCHEMA_VERSION, analyzer_version=ANALYZER_VERSION, mapping_file=MAPPING_FILE.name
    )
    return body


# --------------------------------------------------------------------------- highlighting forms

_PREFIXES = ("", "di", "ke", "ter", "ber", "be", "se", "per", "pe", "me", "memper", "diper", "keber",
             "kese", "berke", "mem", "pem", "men", "pen", "meng", "peng", "meny", "peny", "menge", "penge")
_SUFFIXES = ("", "an", "kan", "i", "nya", "annya", "kannya", "inya", "lah", "kah", "ku", "mu")
_NASAL_DROP = {"p": ("mem", "pem"), "t": ("men", "pen"), "k": ("meng", "peng"), "s": ("meny", "peny")}


@lru_cache(maxsize=20_000)
def surface_forms(word_stem: str) -> tuple[str, ...]:
    """Affixed forms whose Sastrawi stem is ``word_stem`` (for highlighting the original words).

    Candidates are generated with Indonesian prefixes/suffixes (including the meN-/peN- nasal
    assimilation that drops p/t/k/s) and kept only when :func:`stem` maps them back, so every
    returned form is a word the stemmed query really matches.
    """
    if not (word_stem.isascii() and word_stem.isalpha() and len(word_stem) >= 2):
        return (word_stem,)
    drop = _NASAL_DROP.get(word_stem[0])
    candidates = {word_stem}
    for prefix in _PREFIXES:
        for suffix in _SUFFIXES:
            candidates.add(prefix + word_stem + suffix)
    if drop:
        rest = word_stem[1:]
        for prefix in drop:
            for suffix in _SUFFIXES:
                candidates.add(prefix + rest + suffix)
    return tuple(sorted(c for c in candidates if c == word_stem or stem(c) == word_stem))


def _query_forms(parsed: _ParsedQuery, text: str) -> tuple[set[str], list[list[list[str]]]]:
    """Raw-field words to highlight: forms of single words, and per-position forms of phrases."""
    originals: dict[str, set[str]] = {}
    for token, token_stem, _a, _b in iter_analyzed(text or ""):
        originals.setdefault(token_stem, set()).add(token)

    def forms(s: str) -> list[str]:
        out = set(surface_forms(s)) | originals.get(s, set())
        # hyphenated tokens are split by the standard tokenizer: use their parts
        return sorted({p for f in out for p in f.split("-") if p})

    singles: set[str] = set()
    phrases: list[list[list[str]]] = []
    for group in parsed.groups:
        for term in group:
            if len(term.stems) == 1:
                singles.update(forms(term.stems[0]))
            else:
                phrases.append([forms(s) for s in term.stems])
    return singles, phrases


def _literal_phrases(text: str) -> list[str]:
    """The quoted (not excluded) phrases exactly as typed."""
    return [m.group(2) for m in _QUERY_RE.finditer(text or "")
            if m.group(2) is not None and m.group(1) != "-" and len(list(iter_analyzed(m.group(2)))) > 1]


def _text_highlight_query(parsed: _ParsedQuery, text: str) -> dict | None:
    """Fast-vector highlighter on ``text`` (term vectors: no re-analysis of long texts).

    The FVH does not understand span queries, so phrases are highlighted as typed (a phrase found
    only through other affixes of its words falls back to the start of the text).
    """
    singles, _phrases = _query_forms(parsed, text)
    should: list[dict] = [{"match_phrase": {"text": p}} for p in _literal_phrases(text)]
    should.extend({"term": {"text": f}} for f in sorted(singles))
    return {"bool": {"should": should, "minimum_should_match": 1}} if should else None


def _clean_fragment(fragment: str) -> str:
    """ES ``encoder: html`` output → our snippet style: one <mark> per word, collapsed spaces."""
    s = fragment.replace("&#x2F;", "/")
    s = _WS_RE.sub(" ", s).strip()
    return _MARK_RE.sub(lambda m: " ".join(f"<mark>{w}</mark>" for w in m.group(1).split()), s)


# --------------------------------------------------------------------------- query building


def _term_query(term: _Term) -> dict:
    text = " ".join(term.stems)
    if len(term.stems) == 1:
        return {"bool": {"should": [
            {"match": {"title_stems": {"query": text, "operator": "and", "boost": TITLE_BOOST}}},
            {"match": {"text_stems": {"query": text, "operator": "and"}}},
        ], "minimum_should_match": 1}}
    return {"bool": {"should": [
        {"match_phrase": {"title_stems": {"query": text, "boost": TITLE_BOOST}}},
        {"match_phrase": {"text_stems": {"query": text}}},
    ], "minimum_should_match": 1}}


def _filters(q: SearchQuery) -> list[dict]:
    out: list[dict] = []

    def terms(field: str, values, cast=str) -> None:
        if values:
            out.append({"terms": {field: list(dict.fromkeys(cast(v) for v in values))}})

    terms("unit", q.units)
    terms("period", q.periods, int)
    terms("year", q.years, int)
    terms("doc_type", q.doc_types)
    terms("areas", q.areas)
    terms("question_codes", q.questions)
    terms("tags", q.tags)
    return out


def build_query(parsed: _ParsedQuery, q: SearchQuery) -> dict:
    """The bool query for a parsed text + filters (never contains user syntax)."""
    must: list[dict] = []
    for group in parsed.groups:
        alts = [_term_query(t) for t in dict.fromkeys(group)]
        must.append(alts[0] if len(alts) == 1 else {"bool": {"should": alts, "minimum_should_match": 1}})
    query: dict = {"bool": {"filter": _filters(q)}}
    if must:
        query["bool"]["must"] = must
    if parsed.excluded:
        query["bool"]["must_not"] = [_term_query(t) for t in dict.fromkeys(parsed.excluded)]
    return query


def _iso(v: date | datetime | None) -> str | None:
    return v.isoformat() if v is not None else None


def _source(doc: IndexDocument) -> dict:
    year = doc.year if doc.year is not None else (doc.doc_date.year if doc.doc_date else None)
    title, text = doc.title or "", doc.text or ""
    return {
        "doc_id": int(doc.doc_id),
        "unit": doc.unit,
        "period": int(doc.period),
        "year": year,
        "doc_type": doc.doc_type,
        "areas": sorted(set(doc.areas or [])),
        "question_codes": sorted(set(doc.question_codes or [])),
        "tags": sorted(set(doc.tags or [])),
        "doc_date": _iso(doc.doc_date),
        "uploaded_at": _iso(doc.uploaded_at),
        "ocr": bool(doc.ocr),
        "file_name": doc.file_name or "",
        "path": doc.path or "",
        "title": title,
        "title_stems": stem_text(title),
        "text": text,
        "text_stems": doc.body_stems(),
    }


# --------------------------------------------------------------------------- backend


class ElasticsearchSearchIndex:
    """Elasticsearch implementation of :class:`indexing.search.SearchIndex`."""

    backend = "elasticsearch"

    def __init__(self, client: Elasticsearch, index_prefix: str = "dukung", *, owns_client: bool = True):
        if not index_prefix or index_prefix != index_prefix.lower() or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", index_prefix):
            raise ConfigurationError(f"index_prefix Elasticsearch tidak valid: {index_prefix!r} (huruf kecil, angka, - _ .)")
        self.client = client
        self.prefix = index_prefix
        self.alias = f"{index_prefix}-documents"
        self._owns_client = owns_client
        self._lock = threading.RLock()
        self._current: bool | None = None
        self._mapping = load_mapping()
        self._ensure_index()

    @classmethod
    def from_settings(cls, settings=None) -> ElasticsearchSearchIndex:
        """Open from :class:`config.settings.SearchSettings` (default: the process settings)."""
        if settings is None:
            from config.settings import get_settings

            settings = get_settings().search
        hosts = [u.strip() for u in (settings.url or "").split(",") if u.strip()]
        if not hosts:
            raise ConfigurationError("DUKUNG_SEARCH__URL kosong: isi URL Elasticsearch.")
        kwargs: dict = {"request_timeout": 120, "max_retries": 3, "retry_on_timeout": True}
        if settings.username:
            kwargs["basic_auth"] = (settings.username, settings.password.get_secret_value())
        if settings.ca_certs:
            kwargs["ca_certs"] = settings.ca_certs
        return cls(Elasticsearch(hosts, **kwargs), settings.index_prefix)

    # ---- index management

    def _index_name(self, stamp: str | None = None) -> str:
        stamp = stamp or datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias}-v{SCHEMA_VERSION}-{stamp}"

    def _create(self, name: str, *, aliases: dict | None = None, bulk_load: bool = False) -> None:
        settings = json.loads(json.dumps(self._mapping["settings"]))
        if bulk_load:
            settings.setdefault("index", {}).update(number_of_replicas=0, refresh_interval="-1")
        self.client.indices.create(
            index=name, settings=settings, mappings=self._mapping["mappings"], aliases=aliases or None,
            wait_for_active_shards="1",
        )

    def _alias_targets(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).keys())
        except NotFoundError:
            return []

    def _ensure_index(self) -> None:
        """Create the first index behind the alias when there is none (idempotent)."""
        if self.client.indices.exists_alias(name=self.alias):
            return
        name = self._index_name(INITIAL_STAMP)
        try:
            self._create(name, aliases={self.alias: {}})
        except ApiError as exc:
            if getattr(exc, "error", "") != "resource_already_exists_exception":
                raise
            if not self.client.indices.exists_alias(name=self.alias):
                self.client.indices.put_alias(index=name, name=self.alias)

    def needs_rebuild(self) -> bool:
        try:
            mappings = self.client.indices.get_mapping(index=self.alias)
        except NotFoundError:
            self._current = False
            return True
        if len(mappings) != 1:
            self._current = False
            return True
        meta = next(iter(mappings.values()))["mappings"].get("_meta") or {}
        current = (meta.get("schema_version"), meta.get("analyzer_version")) == (SCHEMA_VERSION, ANALYZER_VERSION)
        self._current = current
        return not current

    def _require_current(self) -> None:
        if self._current is None:
            self.needs_rebuild()
        if not self._current:
            raise ConfigurationError(
                f"Indeks pencarian {self.alias} memakai skema lama atau belum ada; jalankan pembangunan ulang indeks."
            )

    # ---- writing

    def _bulk(self, index: str, docs: Iterable[IndexDocument]) -> tuple[int, int]:
        """Index ``docs`` into ``index``; return (written, replaced)."""
        actions = (
            {"_op_type": "index", "_index": index, "_id": str(int(d.doc_id)), "_source": _source(d)} for d in docs
        )
        n = replaced = 0
        for ok, item in helpers.streaming_bulk(
            self.client, actions, chunk_size=BATCH_SIZE, max_chunk_bytes=MAX_CHUNK_BYTES,
            max_retries=5, initial_backoff=1, max_backoff=30, raise_on_error=True, raise_on_exception=True,
        ):
            if ok:
                n += 1
                if item.get("index", {}).get("result") == "updated":
                    replaced += 1
        return n, replaced

    def index(self, docs: Iterable[IndexDocument]) -> int:
        with self._lock:
            self._require_current()
            n, _replaced = self._bulk(self.alias, docs)
            if n:
                self.client.indices.refresh(index=self.alias)
            return n

    def delete(self, doc_ids: Iterable[int]) -> int:
        ids = list(dict.fromkeys(int(i) for i in doc_ids))
        if not ids:
            return 0
        with self._lock:
            self._require_current()
            n = 0
            actions = ({"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in ids)
            for ok, item in helpers.streaming_bulk(
                self.client, actions, chunk_size=BATCH_SIZE, max_retries=5, initial_backoff=1,
                raise_on_error=False, raise_on_exception=True,
            ):
                result = item.get("delete", {})
                if result.get("result") == "deleted":
                    n += 1
                elif not ok and result.get("status") != 404:
                    raise TransportError(f"delete failed: {result}")  # type: ignore[arg-type]
            self.client.indices.refresh(index=self.alias)
            return n

    def rebuild(self, docs: Iterable[IndexDocument]) -> int:
        """Load a new index, then move the alias in ONE ``update_aliases`` call.

        Readers see the old index until the swap and the new one after it.  On any failure the
        new index is deleted and the alias keeps pointing at the old one.
        """
        with self._lock:
            new = self._index_name()
            self._create(new, bulk_load=True)
            try:
                n, _ = self._bulk(new, docs)
                index_settings = self._mapping["settings"].get("index", {})
                self.client.indices.put_settings(index=new, settings={"index": {
                    "refresh_interval": index_settings.get("refresh_interval"),
                    "number_of_replicas": index_settings.get("number_of_replicas", 0),
                }})
                self.client.indices.refresh(index=new)
                self.client.indices.forcemerge(index=new, max_num_segments=1)
                self.client.indices.refresh(index=new)
                old = [i for i in self._alias_targets() if i != new]
                actions = [{"add": {"index": new, "alias": self.alias}}]
                actions += [{"remove": {"index": i, "alias": self.alias}} for i in old]
                self.client.indices.update_aliases(actions=actions)
            except BaseException:
                self.client.indices.delete(index=new, ignore_unavailable=True)
                raise
            self._current = True
            for i in old + self._unaliased(keep=new):
                try:
                    self.client.indices.delete(index=i, ignore_unavailable=True)
                except ApiError:  # pragma: no cover - stale index left for an operator
                    pass
            return n

    def _unaliased(self, keep: str) -> list[str]:
        """Indexes of this prefix that no alias points at: half-built by a rebuild the server's death
        interrupted (its cleanup could not reach the server). Swept after the next rebuild."""
        found = self.client.indices.get_alias(index=f"{self.alias}-v*", expand_wildcards="all",
                                              allow_no_indices=True, ignore_unavailable=True)
        return sorted(name for name, info in found.items() if name != keep and not info.get("aliases"))

    def count(self) -> int:
        try:
            return int(self.client.count(index=self.alias)["count"])
        except NotFoundError:
            return 0

    def indexed_ids(self) -> set[int]:
        """Every document id behind the alias, read in pages sorted on ``doc_id`` (``search_after``)."""
        ids: set[int] = set()
        after = None
        while True:
            body = {"size": 5000, "_source": False, "sort": [{"doc_id": "asc"}], "query": {"match_all": {}}}
            if after is not None:
                body["search_after"] = after
            try:
                hits = self.client.search(index=self.alias, **body)["hits"]["hits"]
            except NotFoundError:
                return ids
            if not hits:
                return ids
            ids.update(int(h["_id"]) for h in hits)
            after = hits[-1]["sort"]

    def optimize(self) -> None:
        with self._lock:
            self._require_current()
            self.client.indices.forcemerge(index=self.alias, max_num_segments=1)
            self.client.indices.refresh(index=self.alias)

    def close(self) -> None:
        if self._owns_client and self.client is not None:
            self.client.close()

    def __enter__(self) -> ElasticsearchSearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def drop(self) -> None:
        """Delete every index of this prefix (tests, ``dukung reindex --drop``)."""
        names = list(self.client.indices.get(index=f"{self.alias}-v*", expand_wildcards="all",
                                             allow_no_indices=True, ignore_unavailable=True))
        if names:  # by name: clusters refuse wildcard deletes (action.destructive_requires_name)
            self.client.indices.delete(index=",".join(names), ignore_unavailable=True)

    # ---- searching

    def search(self, query: SearchQuery) -> SearchResult:
        q = query
        if q.page < 1 or q.per_page < 1 or q.per_page > MAX_PER_PAGE:
            raise InvalidInputError(f"Halaman tidak valid (page ≥ 1, 1 ≤ per_page ≤ {MAX_PER_PAGE}).")
        if q.sort not in ("relevance", "date"):
            raise InvalidInputError(f"Urutan tidak dikenal: {q.sort!r} (relevance atau date).")
        parsed = parse_query(q.text)
        if not parsed.groups and parsed.excluded:
            raise InvalidQueryError(
                "Kueri hanya berisi pengecualian (-kata); tambahkan minimal satu kata yang dicari."
            )
        empty_facets: dict[str, list[tuple[str, int]]] = {k: [] for k in FACET_FIELDS}
        if q.units is not None and not q.units:
            return SearchResult(0, [], empty_facets, q.page, q.per_page)
        self._require_current()

        has_text = bool(parsed.groups)
        if q.sort == "date" or not has_text:
            sort = [
                {"doc_date": {"order": "desc", "missing": "_last"}},
                {"uploaded_at": {"order": "desc", "missing": "_last"}},
                {"doc_id": {"order": "desc"}},
            ]
        else:
            sort = ["_score", {"doc_id": {"order": "desc"}}]
        window = int(self._mapping["settings"].get("index", {}).get("max_result_window", 10000))
        start = (q.page - 1) * q.per_page
        size = max(0, min(q.per_page, window - start))
        start = min(start, window)

        text_hq = _text_highlight_query(parsed, q.text)
        text_field: dict = {"type": "fvh", "fragment_size": SNIPPET_CHARS, "number_of_fragments": 1,
                            "no_match_size": SNIPPET_CHARS}
        if text_hq is not None:
            text_field["highlight_query"] = text_hq
        # Titles are short and already in _source: they are marked here, stem by stem as FTS5 does
        # (ES's unified highlighter on the title was two thirds of a query's time).
        fields: dict = {"text": text_field}
        body = {
            "query": build_query(parsed, q),
            "sort": sort,
            "track_scores": True,
            "track_total_hits": True,
            "from": start,
            "size": size,
            "_source": {"excludes": ["text"]},
            "aggs": {
                key: {"terms": {"field": field, "size": FACET_SIZE, "order": [{"_count": "desc"}, {"_key": "asc"}]}}
                for key, field in _FACET_SOURCE.items()
            },
            "highlight": {
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "require_field_match": True,
                "fields": fields,
            },
        }
        resp = self._search_with_retry(body)
        total = int(resp["hits"]["total"]["value"])
        highlighter = _Highlighter(parsed)
        hits = [self._hit(h, highlighter) for h in resp["hits"]["hits"]]
        aggs = resp.get("aggregations") or {}
        facets = {
            key: sorted(
                ((str(b.get("key_as_string", b["key"])), int(b["doc_count"])) for b in aggs.get(key, {}).get("buckets", [])),
                key=lambda t: (-t[1], t[0]),
            )
            for key in FACET_FIELDS
        }
        return SearchResult(total, hits, facets, q.page, q.per_page)

    def _search_with_retry(self, body: dict, attempts: int = 3) -> dict:
        """Search the alias; retry when an index vanished under a concurrent rebuild."""
        for attempt in range(attempts):
            try:
                resp = self.client.search(index=self.alias, allow_partial_search_results=False, **body)
                if not resp.get("_shards", {}).get("failed"):
                    return resp.body if hasattr(resp, "body") else resp
            except (NotFoundError, ApiError) as exc:
                status = getattr(exc, "status_code", getattr(exc, "meta", None) and exc.meta.status)
                if attempt == attempts - 1 or (status is not None and status < 500 and status != 404):
                    raise
            time.sleep(0.05 * (attempt + 1))
        raise TransportError("search failed after retries")  # type: ignore[arg-type]

    @staticmethod
    def _hit(h: dict, highlighter: _Highlighter) -> SearchHit:
        src = h.get("_source") or {}
        hl = h.get("highlight") or {}
        title = src.get("title", "")
        snippet = _clean_fragment(hl["text"][0]) if hl.get("text") else ""
        title_hl = highlighter.title(title, stem_text(title))
        doc_date = src.get("doc_date")
        return SearchHit(
            doc_id=int(src.get("doc_id", h["_id"])),
            score=float(h.get("_score") or 0.0),
            title=title,
            file_name=src.get("file_name", ""),
            path=src.get("path", ""),
            unit=src.get("unit", ""),
            period=int(src.get("period", 0)),
            doc_type=src.get("doc_type"),
            question_codes=list(src.get("question_codes") or []),
            year=src.get("year"),
            doc_date=date.fromisoformat(doc_date[:10]) if doc_date else None,
            snippet=snippet,
            ocr=bool(src.get("ocr", False)),
            title_highlighted=title_hl,
        )
