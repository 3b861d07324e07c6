"""Results of processing, stored on each document: the extraction, the metadata and content facts found in its
text, and the automatic classification (a reviewer's manual one is kept). Re-exported by
:mod:`storage.records.repository`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from storage.records.models import Classification, Document, Extraction


@dataclass(frozen=True)
class ExtractionRecord:
    status: str
    reason: str | None
    page_count: int | None
    text_length: int
    text_key: str | None
    extractor: str
    duration_s: float
    ocr_state: str | None = None
    ocr_pages: list[int] | None = None
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class QuestionRecord:
    question_code: str | None
    confidence: float
    reason: str


def save_extraction(session: Session, doc: Document, record: ExtractionRecord) -> Extraction:
    """Store (or replace, on retry) the extraction result of a document."""
    ext = doc.extraction
    if ext is None:
        ext = Extraction(document_id=doc.id, attempts=0)
        session.add(ext)
        doc.extraction = ext
    ext.status = record.status
    ext.reason = record.reason
    ext.page_count = record.page_count
    ext.text_length = record.text_length
    ext.text_key = record.text_key
    ext.extractor = record.extractor
    ext.duration_s = record.duration_s
    ext.ocr_state = record.ocr_state
    ext.ocr_pages = record.ocr_pages
    ext.ocr_confidence = record.ocr_confidence
    ext.attempts = (ext.attempts or 0) + 1
    return ext


def save_metadata(
    session: Session,
    doc: Document,
    *,
    doc_date: date | None,
    doc_number: str | None,
    title: str | None,
    issuer: str | None,
) -> None:
    if not doc.doc_date_manual:  # a date a person set stays across re-processing
        doc.doc_date = doc_date
    doc.doc_number = doc_number[:255] if doc_number else None
    doc.title = title
    doc.issuer = issuer[:512] if issuer else None


def save_facts(session: Session, doc: Document, facts: dict | None) -> None:
    """Store what the catalog's content checks found in the text (``indexing.facts.document_facts``)."""
    doc.facts = facts


def replace_auto_classifications(
    session: Session, doc: Document, doc_types: Sequence[str], questions: Sequence[QuestionRecord]
) -> None:
    """Replace the automatic classification of a document; manual ones are kept, and a mapping a person
    rejected (``mapping_decisions``) is not made again."""
    doc.doc_types = list(doc_types)
    doc.doc_type = doc_types[0] if doc_types else None
    for c in [c for c in doc.classifications if c.source == "auto"]:
        doc.classifications.remove(c)
    manual = {c.question_code for c in doc.classifications if c.source == "manual"}
    rejected = {d.question_code for d in doc.decisions if d.decision == "rejected"}  # a person said no
    for q in questions:
        if q.question_code in manual or q.question_code in rejected:
            continue
        doc.classifications.append(
            Classification(question_code=q.question_code, doc_type=doc.doc_type, confidence=q.confidence,
                           reason=q.reason, source="auto")
        )


NOT_EVIDENCE = "not_evidence"


def save_evidence_status(session: Session, doc: Document, not_evidence_reason: str | None) -> None:
    """Mark ``doc`` as "bukan data dukung" with the classifier's reason, or (None) as evidence again."""
    doc.evidence_status = NOT_EVIDENCE if not_evidence_reason else None
    doc.evidence_reason = not_evidence_reason or None
