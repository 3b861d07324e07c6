"""People's decisions on automatic mappings (document → question): confirm or reject, kept for training."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.i18n import _
from config.errors import NotFoundError
from storage.records.models import Classification, Document, MappingDecision, utcnow
from storage.records.repository import MAX_ACTOR, audit

CONFIRMED = "confirmed"
REJECTED = "rejected"


def _mapping(doc: Document, code: str) -> list[Classification]:
    return [c for c in doc.classifications if c.question_code == code]


def _remember(session: Session, doc: Document, code: str, decision: str, *, mapping: Classification | None,
              actor: str, note: str) -> MappingDecision:
    row = session.scalar(select(MappingDecision).where(MappingDecision.document_id == doc.id,
                                                       MappingDecision.question_code == code))
    if row is None:
        row = MappingDecision(document_id=doc.id, question_code=code)
        session.add(row)
    row.decision = decision
    row.doc_type = doc.doc_type
    if mapping is not None and mapping.source == "auto":  # keep what the classifier had said
        row.confidence, row.reason = mapping.confidence, mapping.reason
    elif row.reason is None:
        row.confidence, row.reason = 0.0, ""
    row.note = note or ""
    row.decided_by = (actor or "")[:MAX_ACTOR]
    row.decided_at = utcnow()
    return row


def confirm_mapping(session: Session, doc: Document, code: str, *, actor: str, note: str = "") -> MappingDecision:
    """The automatic mapping of ``doc`` to ``code`` is right: it becomes a person's (``manual``) mapping,
    kept across re-classification, and counts as evidence. Confirming twice is harmless."""
    found = _mapping(doc, code)
    auto = next((c for c in found if c.source == "auto"), None)
    if auto is None and not found:
        raise NotFoundError(_("Dokumen #%(id)s tidak dipetakan ke pertanyaan %(code)s: tidak ada yang dikonfirmasi",
                              id=doc.id, code=code))
    if auto is not None:
        doc.classifications.remove(auto)
        if not any(c.source == "manual" for c in found):
            doc.classifications.append(Classification(
                question_code=code, doc_type=doc.doc_type, confidence=1.0, source="manual",
                reason=f"dikonfirmasi oleh {actor}" + (f" ({note})" if note else "") + f"; semula: {auto.reason}",
                created_by=(actor or "")[:MAX_ACTOR]))
    row = _remember(session, doc, code, CONFIRMED, mapping=auto, actor=actor, note=note)
    audit(session, actor, "confirm_mapping", "document", doc.id, {"question": code, "note": note})
    return row


def reject_mapping(session: Session, doc: Document, code: str, *, actor: str, note: str = "") -> MappingDecision:
    """The mapping of ``doc`` to ``code`` is wrong: it is removed, and not made again when the document is
    classified again (``repository.replace_auto_classifications``)."""
    found = _mapping(doc, code)
    if not found:
        raise NotFoundError(_("Dokumen #%(id)s tidak dipetakan ke pertanyaan %(code)s: tidak ada yang ditolak",
                              id=doc.id, code=code))
    auto = next((c for c in found if c.source == "auto"), None)
    for c in found:
        doc.classifications.remove(c)
    row = _remember(session, doc, code, REJECTED, mapping=auto, actor=actor, note=note)
    audit(session, actor, "reject_mapping", "document", doc.id, {"question": code, "note": note})
    return row
