"""One document as people see it: metadata, text, classification with reasons, versions, open tags;
and the evidence date a person sets by hand (kept across re-processing)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from config.errors import NotFoundError
from config.i18n import _, N_
from flows.completeness.issuer import UnitNames
from flows.completeness.suggestions import confirm_threshold
from flows.ingest.indexer import index_documents, read_text
from indexing.classify.reasons import readable_reason
from indexing.extract.causes import PROBLEM_STATUSES, failure_cause
from indexing.metadata import extract_metadata
from storage.records import repository as repo
from storage.records.models import Document, Tag, Unit

TEXT_PREVIEW_CHARS = 20_000
EXTRACTION_LABELS = {"ok": N_("berhasil"), "empty": N_("kosong (tidak ada teks)"), "failed": N_("gagal"),
                     "unsupported": N_("format tidak didukung"), "needs_ocr": N_("perlu OCR (hasil pindai)"),
                     "encrypted": N_("terkunci kata sandi")}


def document_details(rt, doc_id: int) -> dict:
    """Everything the document page shows (access is checked by the caller)."""
    with rt.records.session() as session:
        doc = repo.get_document(session, doc_id)
        versions = session.scalars(select(Document).where(
            Document.unit_id == doc.unit_id, Document.period_id == doc.period_id,
            Document.relative_path == doc.relative_path).order_by(Document.version)).all()
        text = read_text(rt, doc)
        ext = doc.extraction
        dtypes = rt.catalog.document_types
        threshold = confirm_threshold(rt)
        names = UnitNames.of(session.execute(select(Unit.code, Unit.name)).all())
        return {
            "id": doc.id, "unit": doc.unit.code, "unit_name": doc.unit.name, "period": doc.period.year,
            "path": doc.relative_path, "file_name": doc.file_name, "version": doc.version,
            "current": doc.is_current, "size": doc.size, "media_type": doc.media_type, "sha256": doc.sha256,
            "uploaded_at": doc.uploaded_at, "uploaded_by": doc.uploaded_by, "number": doc.doc_number,
            "title": doc.title, "issuer": doc.issuer,
            "issued_by_other": names.other_issuer(doc.issuer, doc.unit.code, doc.unit.name), "doc_date": doc.doc_date, "doc_date_manual": doc.doc_date_manual,
            "explicit_question": doc.explicit_question,
            "doc_type": doc.doc_type, "doc_type_label": dtypes[doc.doc_type].label if doc.doc_type in dtypes else None,
            "doc_types": [{"code": t, "label": dtypes[t].label if t in dtypes else t} for t in doc.doc_types or []],
            "extraction": None if ext is None else {
                "status": ext.status, "label": EXTRACTION_LABELS.get(ext.status, ext.status), "reason": ext.reason,
                "pages": ext.page_count, "text_length": ext.text_length, "extractor": ext.extractor,
                "cause": cause_view(ext.status, ext.reason)},
            "can_retry": doc.is_current and (ext is None or ext.status in PROBLEM_STATUSES or ext.ocr_state in
                                             ("pending", "unavailable", "failed")),
            "text": text[:TEXT_PREVIEW_CHARS], "text_truncated": len(text) > TEXT_PREVIEW_CHARS,
            "classifications": [{
                "question": c.question_code,
                "question_text": rt.catalog.question(c.question_code).text
                if c.question_code and rt.catalog.has_question(c.question_code) else "",
                "confidence": c.confidence, "reason": readable_reason(rt.catalog, c.reason), "source": c.source, "by": c.created_by,
                **mapping_certainty(c, doc, threshold)}
                for c in doc.classifications],
            "evidence_status": doc.evidence_status, "evidence_reason": doc.evidence_reason,
            "decisions": [{"question": d.question_code, "decision": d.decision, "note": d.note, "by": d.decided_by,
                           "at": d.decided_at} for d in sorted(doc.decisions, key=lambda d: d.id)],
            "versions": [{"id": v.id, "version": v.version, "current": v.is_current, "uploaded_at": v.uploaded_at,
                          "uploaded_by": v.uploaded_by, "size": v.size, "sha256": v.sha256} for v in versions],
            "tags": [{"id": t.id, "label": t.label, "question": t.question_code, "note": t.note, "by": t.created_by,
                      "at": t.created_at} for t in sorted(doc.tags, key=lambda t: t.id) if not t.resolved],
        }


def cause_view(status: str | None, reason: str | None) -> dict | None:
    """Why the file could not be read, for people: cause and action (the reason stays the detail)."""
    cause = failure_cause(status, reason)
    if cause is None:
        return None
    shown = cause.shown()
    return {"code": cause.code, "label": shown.label, "action": shown.action, "retry": cause.retry}


def mapping_certainty(c, doc, threshold: float) -> dict:
    """How sure one classification is, in words, and whether a person should confirm it."""
    if not c.question_code:
        return {"certainty": "", "suggested": False}
    if c.source == "manual":
        return {"certainty": N_("ditetapkan orang"), "suggested": False}
    if c.question_code == doc.explicit_question:
        return {"certainty": N_("dipilih saat unggah"), "suggested": False}
    if doc.evidence_status:
        return {"certainty": N_("bukan data dukung"), "suggested": True}
    sure = c.confidence >= threshold
    return {"certainty": N_("yakin") if sure else N_("perlu konfirmasi"), "suggested": not sure}


def set_evidence_date(rt, doc_id: int, value: date | None, *, actor: str) -> date | None:
    """Set the document's own date by hand (it then survives re-processing); ``None`` hands the date back
    to the automatic reading of the text. Returns the date now in force."""
    with rt.records.session() as session:
        doc = repo.get_document(session, doc_id)
        before = doc.doc_date
        if value is None:
            doc.doc_date_manual = False
            doc.doc_date = extract_metadata(read_text(rt, doc)).date
        else:
            doc.doc_date, doc.doc_date_manual = value, True
        repo.audit(session, actor, "doc_date", "document", doc.id,
                   {"from": before.isoformat() if before else None,
                    "to": doc.doc_date.isoformat() if doc.doc_date else None, "manual": doc.doc_date_manual})
        now = doc.doc_date
    index_documents(rt, [doc_id])  # the year facet and date sort follow the evidence date
    return now


def tag_unit(rt, tag_id: int) -> tuple[str, int | None]:
    """(unit code, document id) of a tag, for access checks."""
    with rt.records.session() as session:
        tag = session.get(Tag, tag_id)
        if tag is None:
            raise NotFoundError(_("Tag #%(tag_id)s tidak ditemukan", tag_id=tag_id))
        return session.get(Unit, tag.unit_id).code, tag.document_id
