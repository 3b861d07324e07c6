"""Elasticsearch 8 search backend (official ``elasticsearch`` client, 8.x).

Layout:

* concrete indexes ``<prefix>-documents-v<schema>-<timestamp>`` behind the alias
  ``<prefix>-documents``; settings and mappings come from ``mappings/documents-v<schema>.json``
  (the schema version is the number in that file name; the analyzer version of
  :mod:`indexing.search.stemmer` is stored next to it in the mapping ``_meta``);
* matching uses text pre-stemmed in Python with Sastrawi (``title_stems``/``path_stems``/``text_stems``,
  whitespace analyzer; ``path_stems`` are the folders and file name, split as FTS5 splits them): Elasticsearch's own ``indonesian`` stemmer misses e.g.
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

User input never reaches query_string syntax: the query is parsed with the parser both backends share
(:func:`indexing.search.query.parse_query`) and emitted as match/match_phrase clauses.

This module manages the indexes, writes and searches; the mapping and each document's ``_source`` are in
:mod:`._elasticsearch_schema`, the query and facet aggregations in :mod:`._elasticsearch_query`, the
highlighting in :mod:`._elasticsearch_highlight`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable
from datetime import date, datetime, timezone

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from config.i18n import _
from config.errors import ConfigurationError, InvalidInputError
from indexing.search._elasticsearch_highlight import _clean_fragment, highlight_request
from indexing.search._elasticsearch_query import build_query, facet_aggregations, facets_of
from indexing.search._elasticsearch_schema import SCHEMA_VERSION, _source, load_mapping
from indexing.search.base import FACET_FIELDS, IndexDocument, InvalidQueryError, SearchHit, SearchQuery, SearchResult
from indexing.search.highlight import _Highlighter
from indexing.search.query import parse_query
from indexing.search.stemmer import ANALYZER_VERSION, stem_text

BATCH_SIZE = 500
MAX_CHUNK_BYTES = 20 * 1024 * 1024
MAX_PER_PAGE = 1000
INITIAL_STAMP = "0" * 20  # the index created on first open (deterministic: concurrent opens agree)


class ElasticsearchSearchIndex:
    """Elasticsearch implementation of :class:`indexing.search.SearchIndex`."""

    backend = "elasticsearch"

    def __init__(self, client: Elasticsearch, index_prefix: str = "dukung", *, owns_client: bool = True):
        if not index_prefix or index_prefix != index_prefix.lower() or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", index_prefix):
            raise ConfigurationError(_("index_prefix Elasticsearch tidak valid: %(index_prefix)s (huruf kecil, angka, - _ .)",
                                       index_prefix=repr(index_prefix)))
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
            raise ConfigurationError(_("DUKUNG_SEARCH__URL kosong: isi URL Elasticsearch."))
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
                _("Indeks pencarian %(alias)s memakai skema lama atau belum ada; jalankan pembangunan ulang indeks.",
                  alias=self.alias)
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
            raise InvalidInputError(_("Halaman tidak valid (page ≥ 1, 1 ≤ per_page ≤ %(n)s).",
                                      n=MAX_PER_PAGE))
        if q.sort not in ("relevance", "date"):
            raise InvalidInputError(_("Urutan tidak dikenal: %(sort)s (relevance atau date).", sort=repr(q.sort)))
        parsed = parse_query(q.text)
        if not parsed.groups and parsed.excluded:
            raise InvalidQueryError(
                _("Kueri hanya berisi pengecualian (-kata); tambahkan minimal satu kata yang dicari.")
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

        body = {
            "query": build_query(parsed, q),
            "sort": sort,
            "track_scores": True,
            "track_total_hits": True,
            "from": start,
            "size": size,
            "_source": {"excludes": ["text"]},
            "aggs": facet_aggregations(),
            "highlight": highlight_request(parsed, q.text),
        }
        resp = self._search_with_retry(body)
        total = int(resp["hits"]["total"]["value"])
        highlighter = _Highlighter(parsed)
        hits = [self._hit(h, highlighter) for h in resp["hits"]["hits"]]
        facets = facets_of(resp.get("aggregations") or {})
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
            path_highlighted=highlighter.path(src.get("path", "")),
        )
