"""Queries for work that did not reach a final state: documents without a result, scans still waiting
for OCR, upload batches nobody is finishing — and the keys and ids the reconciler compares with the
object store and the search index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.records.models import Document, Extraction, Unit, UploadBatch, UploadBatchFile

#: Upload batch states that are not final (``done`` is; ``error`` is when nothing of it waits).
OPEN_BATCH_STATES = ("open", "processing", "error")


def _unit_filter(stmt, unit_codes: Sequence[str] | None):
    if unit_codes:
        stmt = stmt.join(Unit, Unit.id == Document.unit_id).where(func.upper(Unit.code).in_([c.strip().upper() for c in unit_codes]))
    return stmt


def unprocessed_ids(session: Session, *, unit_codes: Sequence[str] | None = None,
                    uploaded_before: datetime | None = None, ids: Sequence[int] | None = None) -> list[int]:
    """Current documents that have no extraction result at all (staged, never processed)."""
    stmt = (select(Document.id).outerjoin(Extraction, Extraction.document_id == Document.id)
            .where(Document.is_current.is_(True), Extraction.id.is_(None)).order_by(Document.id))
    if uploaded_before is not None:
        stmt = stmt.where(Document.uploaded_at < uploaded_before)
    if ids is not None:
        stmt = stmt.where(Document.id.in_(list(ids)))
    return list(session.scalars(_unit_filter(stmt, unit_codes)))


def ocr_waiting_ids(session: Session, *, extracted_before: datetime | None = None) -> list[int]:
    """Current documents whose text pass left them waiting for the OCR pass (``ocr_state = pending``)."""
    stmt = (select(Document.id).join(Extraction, Extraction.document_id == Document.id)
            .where(Document.is_current.is_(True), Extraction.ocr_state == "pending").order_by(Document.id))
    if extracted_before is not None:
        stmt = stmt.where(Extraction.extracted_at < extracted_before)
    return list(session.scalars(stmt))


def stale_batch_ids(session: Session, *, before: datetime | None = None,
                    open_before: datetime | None = None) -> list[int]:
    """Upload batches not finished: open with nothing received since ``open_before`` (default ``before``:
    the browser may come back and resume until then), processing since before ``before``, or ended in
    error while some of their documents still have no result."""
    open_before = before if open_before is None else open_before
    last_file = (select(UploadBatchFile.created_at).where(UploadBatchFile.batch_id == UploadBatch.id)
                 .order_by(UploadBatchFile.created_at.desc()).limit(1).scalar_subquery())
    stmt = select(UploadBatch.id).where(UploadBatch.status.in_(OPEN_BATCH_STATES)).order_by(UploadBatch.id)
    if before is not None:
        idle_open = and_(UploadBatch.status == "open",
                         func.coalesce(UploadBatch.last_activity_at, UploadBatch.created_at) < open_before,
                         or_(last_file.is_(None), last_file < open_before))
        idle_other = and_(UploadBatch.status != "open", UploadBatch.created_at < before,
                          or_(UploadBatch.started_at.is_(None), UploadBatch.started_at < before),
                          or_(last_file.is_(None), last_file < before))
        stmt = stmt.where(or_(idle_open, idle_other))
    found = []
    for batch_id in session.scalars(stmt):
        batch = session.get(UploadBatch, batch_id)
        if batch.status != "error":
            found.append(batch_id)
            continue
        waiting = [f.document_id for f in batch.files if f.document_id is not None]
        if waiting and unprocessed_ids(session, ids=waiting):
            found.append(batch_id)
    return found


def referenced_object_keys(session: Session) -> set[str]:
    """Every object key a document (any version) points at."""
    return set(session.scalars(select(Document.object_key).distinct()))


def current_object_keys(session: Session) -> dict[int, str]:
    """Object key of each current document, by id."""
    return dict(session.execute(select(Document.id, Document.object_key).where(Document.is_current.is_(True))).all())


def extraction_reasons(session: Session, doc_ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
    """(status, reason) of the given documents' extraction results (missing = no result)."""
    if not doc_ids:
        return {}
    rows = session.execute(select(Extraction.document_id, Extraction.status, Extraction.reason)
                           .where(Extraction.document_id.in_(list(doc_ids)))).all()
    return {d: (s, r) for d, s, r in rows}
