"""Feeding the search index from the records database and the object store (derived data)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from indexing.search import IndexDocument
from storage.records import repository as repo

REINDEX_BATCH = 200
#: the search tag of a document the classifier found is no evidence at all (``dukung search --tag``)
NOT_EVIDENCE_TAG = "bukan_data_dukung"


def _area_of(catalog, code: str) -> str | None:
    if not catalog.has_question(code):
        return None
    return getattr(catalog.question(code), "area_code", None)


def index_document_for(rt, doc, text: str, stems: str | None = None) -> IndexDocument:
    open_tags = [t for t in doc.tags if not t.resolved]
    if any(t.label == "tidak_relevan" and t.question_code is None for t in open_tags):
        codes: list[str] = []  # a reviewer said the document supports no question
    else:
        dropped = {t.question_code for t in open_tags if t.label == "tidak_relevan"}
        codes = sorted({c.question_code for c in doc.classifications if c.question_code} - dropped)
    return IndexDocument(
        doc_id=doc.id,
        unit=doc.unit.code,
        period=doc.period.year,
        title=doc.title or doc.file_name,
        file_name=doc.file_name,
        path=doc.relative_path,
        text=text,
        doc_type=doc.doc_type,
        question_codes=codes,
        areas=sorted({a for a in (_area_of(rt.catalog, c) for c in codes) if a}),
        tags=sorted({t.label for t in open_tags} | ({NOT_EVIDENCE_TAG} if doc.evidence_status else set())),
        year=doc.doc_date.year if doc.doc_date else None,
        doc_date=doc.doc_date,
        uploaded_at=doc.uploaded_at,
        ocr=bool(doc.extraction and doc.extraction.ocr_state == "done" and doc.extraction.ocr_pages),
        text_stems=stems,
    )


def read_text(rt, doc) -> str:
    key = doc.extraction.text_key if doc.extraction else None
    if not key:
        return ""
    try:
        with rt.objects.open(key) as fh:
            return fh.read().decode("utf-8")
    except FileNotFoundError:
        return ""


def index_documents(rt, doc_ids: Sequence[int], texts: Mapping[int, str] | None = None,
                    stems: Mapping[int, str | None] | None = None) -> int:
    """(Re)index the given documents; texts (and their stems) already in memory are used instead of
    re-reading (and re-stemming) them."""
    texts = texts or {}
    stems = stems or {}
    with rt.records.session() as session:
        docs = repo.load_documents(session, doc_ids)
        current = [d for d in docs if d.is_current]
        stale = [d.id for d in docs if not d.is_current]
        items = [index_document_for(rt, d, texts[d.id], stems.get(d.id)) if d.id in texts
                 else index_document_for(rt, d, read_text(rt, d)) for d in current]
    if stale:
        rt.search.delete(stale)
    return rt.search.index(items)


def iter_index_documents(rt) -> Iterator[IndexDocument]:
    """Every current document as an IndexDocument, streamed in batches from records + object store."""
    with rt.records.session() as session:
        ids = repo.iter_document_ids(session, current_only=True)
    for start in range(0, len(ids), REINDEX_BATCH):
        with rt.records.session() as session:
            for doc in repo.load_documents(session, ids[start:start + REINDEX_BATCH]):
                yield index_document_for(rt, doc, read_text(rt, doc))


def reindex(rt) -> int:
    """Rebuild the whole search index from the records and the object store."""
    count = rt.search.rebuild(iter_index_documents(rt))
    rt.search.optimize()
    return count
