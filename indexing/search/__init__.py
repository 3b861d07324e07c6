"""Full-text search over evidence documents: the backend-neutral API (:mod:`.base`) and :func:`open_search_index`,
which picks a backend by name — ``"fts5"`` (embedded SQLite FTS5, the default, :mod:`._fts5`) or
``"elasticsearch"`` (Elasticsearch 8, :mod:`._elasticsearch`); imports `config` only. The query syntax and the
filter rules are described in :mod:`.base`.
"""

from __future__ import annotations

from pathlib import Path

from config.i18n import _
from config.errors import ConfigurationError
from indexing.search.base import (
    FACET_FIELDS,
    IndexDocument,
    InvalidQueryError,
    SearchHit,
    SearchIndex,
    SearchQuery,
    SearchResult,
)

__all__ = [
    "BACKENDS",
    "FACET_FIELDS",
    "IndexDocument",
    "InvalidQueryError",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResult",
    "open_search_index",
]

#: Known backend names for :func:`open_search_index`.
BACKENDS: tuple[str, ...] = ("fts5", "elasticsearch")


def open_search_index(backend: str, *, path: str | Path = "", settings=None) -> SearchIndex:
    """Open (creating if needed) the search index of the given backend.

    ``settings`` (a :class:`config.settings.SearchSettings`) carries the Elasticsearch URL, index
    prefix and credentials.
    """
    if backend == "fts5":
        from indexing.search._fts5 import Fts5SearchIndex

        return Fts5SearchIndex(path)
    if backend == "elasticsearch":
        from indexing.search._elasticsearch import ElasticsearchSearchIndex

        return ElasticsearchSearchIndex.from_settings(settings)
    raise ConfigurationError(
        _("Backend pencarian tidak dikenal: %(backend)s (pilihan: %(choices)s).", backend=repr(backend),
          choices=', '.join(BACKENDS))
    )
