"""The backend-neutral search API: what is indexed, what is asked, what comes back, and the interface
every backend implements (re-exported by :mod:`indexing.search`).

The pipeline hands :class:`IndexDocument` objects to a :class:`SearchIndex`;
reviewers query it with :class:`SearchQuery` and get a :class:`SearchResult`
(hits with highlighted snippets plus facet counts).  Backends live in private
modules and are chosen with :func:`open_search_index`:

* ``"fts5"`` – embedded SQLite FTS5 index in a single file (default);
* ``"elasticsearch"`` – Elasticsearch 8 (:mod:`._elasticsearch`), indexes behind an alias, same interface.

Searched: the title (weighted most), the folders and file name of ``path`` (weighted below the title,
above the body: ``sk tim`` finds ``SK Tim Kerja ZI.pdf``, ``1.i.a`` the files under ``1.i.a …/``) and
the body text.

Query syntax (``SearchQuery.text``): words must all match (Indonesian stemming:
``pengaduan`` finds ``mengadukan``), ``"quoted phrases"`` match adjacent words,
``OR`` between words/phrases makes alternatives, ``-word`` / ``-"a phrase"``
excludes.  Any other character is treated as a separator; queries never fail on
odd input.  An empty query matches every document (browse with filters).

Filters: ``None`` means "no restriction".  Within a field values are OR-ed,
across fields AND-ed.  ``units=[]`` matches nothing (unit isolation fails
closed); an empty list for any other filter is treated like ``None``.
Facet values are strings (``period``/``year`` are rendered as decimal strings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol, runtime_checkable

from config.errors import InvalidInputError

#: How much a match counts in each searched field (FTS5 bm25 column weights, Elasticsearch boosts):
#: the title most, then the folders and file name, then the body.
TITLE_WEIGHT, PATH_WEIGHT, BODY_WEIGHT = 3.0, 1.5, 1.0

#: Facet keys present in every :attr:`SearchResult.facets`.
FACET_FIELDS: tuple[str, ...] = ("unit", "period", "area", "question", "doc_type", "tag", "year")


class InvalidQueryError(InvalidInputError):
    """The query is meaningless (e.g. only ``-word`` exclusions). Never raised for odd characters."""


@dataclass
class IndexDocument:
    """What the pipeline hands to the index. ``doc_id`` is the upsert key."""

    doc_id: int
    unit: str
    period: int
    title: str
    file_name: str
    path: str
    text: str
    doc_type: str | None = None
    question_codes: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # area codes like "A.I.1"
    tags: list[str] = field(default_factory=list)
    year: int | None = None  # year of the document's own date; defaults to doc_date.year
    doc_date: date | None = None
    uploaded_at: datetime | None = None
    ocr: bool = False
    #: ``stem_text(text)`` when already computed (the parse workers do it); backends compute it otherwise.
    text_stems: str | None = None

    def body_stems(self) -> str:
        """The stems of the body, aligned 1:1 with its tokens (see :mod:`indexing.search.stemmer`)."""
        if self.text_stems is not None:
            return self.text_stems
        from indexing.search.stemmer import stem_text

        return stem_text(self.text or "")

    def searched_path(self) -> str:
        """The folders and file name that are searched: ``path``, with ``file_name`` added when it does not end it."""
        path, name = self.path or "", self.file_name or ""
        if name and not path.endswith(name):
            return f"{path}/{name}" if path else name
        return path

    def path_stems(self) -> str:
        """The stems of :meth:`searched_path` (``/ _ - .`` and case changes split; see :mod:`indexing.search.stemmer`)."""
        from indexing.search.stemmer import stem_path

        return stem_path(self.searched_path())


@dataclass
class SearchQuery:
    text: str = ""
    units: list[str] | None = None  # None = all units; [] = nothing (unit isolation)
    periods: list[int] | None = None
    areas: list[str] | None = None
    questions: list[str] | None = None
    doc_types: list[str] | None = None
    tags: list[str] | None = None
    years: list[int] | None = None
    page: int = 1
    per_page: int = 20
    sort: Literal["relevance", "date"] = "relevance"


@dataclass
class SearchHit:
    doc_id: int
    score: float
    title: str
    file_name: str
    path: str
    unit: str
    period: int
    doc_type: str | None
    question_codes: list[str]
    year: int | None
    doc_date: date | None
    snippet: str  # HTML-escaped, matches wrapped in <mark>…</mark>
    ocr: bool = False
    title_highlighted: str = ""  # HTML-escaped title with <mark>s
    path_highlighted: str = ""  # HTML-escaped path with <mark>s (shows why a hit found only by its path matched)


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]]  # counts over the whole filtered match set
    page: int
    per_page: int


@runtime_checkable
class SearchIndex(Protocol):
    """The interface every search backend implements."""

    def index(self, docs: Iterable[IndexDocument]) -> int:
        """Upsert documents by ``doc_id`` (streaming, committed in batches); return how many."""
        ...

    def delete(self, doc_ids: Iterable[int]) -> int:
        """Remove documents; return how many existed."""
        ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def rebuild(self, docs: Iterable[IndexDocument]) -> int:
        """Replace the whole index with ``docs`` (atomic for readers where possible)."""
        ...

    def needs_rebuild(self) -> bool:
        """True when the stored schema/analyzer differs from this code's."""
        ...

    def count(self) -> int: ...

    def indexed_ids(self) -> set[int]:
        """The ids of every indexed document (the reconciler compares them with the records)."""
        ...

    def optimize(self) -> None: ...

    def close(self) -> None: ...
