"""People's words on documents and questions: reviewer tags (gap, ok, tidak_relevan) and hand assignments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.errors import InvalidInputError
from config.i18n import _
from storage.records.audit_log import MAX_ACTOR, audit
from storage.records.models import Classification, Document, Period, Tag, Unit

TAG_LABELS = ("gap", "ok", "tidak_relevan")


def assign_question(session: Session, doc: Document, question_code: str, *, actor: str, note: str = "") -> None:
    """A reviewer assigns a document to a question by hand (kept across re-classification)."""
    for c in doc.classifications:
        if c.question_code == question_code and c.source == "manual":
            return
    doc.classifications.append(
        Classification(question_code=question_code, doc_type=doc.doc_type, confidence=1.0,
                       reason=f"ditetapkan manual oleh {actor}" + (f": {note}" if note else ""),
                       source="manual", created_by=(actor or "")[:MAX_ACTOR])
    )
    audit(session, actor, "assign", "document", doc.id, {"question": question_code, "note": note})


def reassign_document(
    session: Session,
    doc: Document,
    to_question: str,
    *,
    from_question: str | None = None,
    actor: str,
    note: str = "",
) -> None:
    """A reviewer moves a document to another question.

    Adds a manual classification for ``to_question`` (kept across re-classification) and, when
    ``from_question`` is given, a document-level ``tidak_relevan`` tag for it, so the document no
    longer counts there. An open ``tidak_relevan`` tag of this document for ``to_question`` (an earlier
    move away from it) is resolved; so is one for the whole document (the reviewer's later word wins where
    it speaks), which is kept, with its note, as one tag per other question the document is mapped to.
    Every step is in the audit log. Question codes are taken as given: callers normalise them with
    ``catalog.question(code).code``.
    """
    to_question = (to_question or "").strip()
    if not to_question:
        raise InvalidInputError(_("Kode pertanyaan tujuan tidak boleh kosong"))
    if from_question == to_question:
        raise InvalidInputError(_("Dokumen #%(id)s sudah di pertanyaan %(to_question)s", id=doc.id, to_question=to_question))
    mapped = sorted({c.question_code for c in doc.classifications if c.question_code} - {to_question})
    kept = {t.question_code for t in doc.tags if t.label == "tidak_relevan" and not t.resolved and t.question_code}
    for tag in list(doc.tags):
        if tag.label != "tidak_relevan" or tag.resolved or tag.question_code not in (to_question, None):
            continue
        whole = tag.question_code is None
        tag.resolved = True
        audit(session, actor, "resolve_tag", "tag", tag.id, {
            "document": doc.id, "question": to_question,
            "reason": "dokumen ditetapkan ke pertanyaan" if whole else "dokumen dipindahkan kembali"})
        if whole:
            for code in mapped:
                if code not in kept:
                    add_tag(session, unit=doc.unit, period=doc.period, label="tidak_relevan", actor=actor,
                            note=tag.note, document=doc, question_code=code)
                    kept.add(code)
    assign_question(session, doc, to_question, actor=actor, note=note)
    if from_question:
        add_tag(session, unit=doc.unit, period=doc.period, label="tidak_relevan", actor=actor,
                note=note or f"dipindahkan ke {to_question}", document=doc, question_code=from_question)
    audit(session, actor, "reassign", "document", doc.id,
          {"from": from_question, "to": to_question, "note": note})


def add_tag(
    session: Session,
    *,
    unit: Unit,
    period: Period,
    label: str,
    actor: str,
    note: str = "",
    document: Document | None = None,
    question_code: str | None = None,
) -> Tag:
    if label not in TAG_LABELS:
        raise InvalidInputError(_("Label tag tidak dikenal: %(label)s (pilihan: %(choices)s)", label=repr(label), choices=", ".join(TAG_LABELS)))
    if document is None and question_code is None:
        raise InvalidInputError(_("Tag harus menunjuk dokumen atau kode pertanyaan"))
    tag = Tag(unit_id=unit.id, period_id=period.id, document_id=document.id if document else None,
              question_code=question_code, label=label, note=note, created_by=(actor or "")[:MAX_ACTOR])
    session.add(tag)
    session.flush()
    audit(session, actor, "tag", "document" if document else "question",
          document.id if document else question_code, {"label": label, "note": note, "question": question_code})
    return tag


def list_tags(session: Session, unit: Unit, period: Period) -> list[Tag]:
    stmt = select(Tag).where(Tag.unit_id == unit.id, Tag.period_id == period.id, Tag.resolved.is_(False))
    return list(session.scalars(stmt.order_by(Tag.created_at, Tag.id)))
