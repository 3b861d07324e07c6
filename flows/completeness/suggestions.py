"""Mappings that are not sure yet, and the people who settle them.

An automatic mapping document → question below the confirmation threshold
(``DUKUNG_CLASSIFIER__CONFIRM_THRESHOLD``, else the catalog's ``completeness.min_confidence``) is a
*suggestion* ("perlu konfirmasi"): listed with its reason, never evidence
(:func:`flows.completeness.evidence_rules.is_suggestion`). A reviewer or a member of the unit confirms it — it then
counts — or rejects it — it disappears and is not made again. Every decision is kept
(``mapping_decisions``) and returned by :func:`review_decisions_as_examples` (in
:mod:`flows.ingest.review_examples`) as training examples for the learned classifier. Documents
the classifier found are no evidence at all ("bukan data dukung") are listed by :func:`not_evidence_documents`. Plain functions for the CLI and the web app; the
callers check who may reach the document's unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from flows.completeness.check import check_units
from flows.ingest.indexer import index_documents
from flows.ingest.review_examples import ReviewExample, review_decisions_as_examples  # noqa: F401 (re-exported)
from indexing.classify.reasons import readable_reason
from storage.records import decisions as store
from storage.records import repository as repo
from storage.records.models import Document, Period, Unit

CONFIRMED, REJECTED = store.CONFIRMED, store.REJECTED
DECISION_LABEL = {CONFIRMED: "dikonfirmasi", REJECTED: "ditolak"}


def confirm_threshold(rt) -> float:
    """The confidence an automatic mapping needs to count without a person's confirmation."""
    configured = rt.settings.classifier.confirm_threshold
    return rt.catalog.completeness.min_confidence if configured is None else configured


@dataclass
class Suggestion:
    """One automatic mapping that needs a person's word."""

    unit: str
    year: int
    document_id: int
    path: str
    question: str
    question_text: str
    reason: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def list_suggestions(rt, units: list[str] | None, year: int) -> list[Suggestion]:
    """The suggestions of ``units`` (None: every unit) for ``year``, in unit then LKE order — exactly the
    ones the completeness check leaves out."""
    if units == []:
        return []
    out = []
    for report in check_units(rt, units, year):
        for q in report.questions:
            out += [Suggestion(report.unit, year, d.document_id, d.path, q.code, q.question,
                               readable_reason(rt.catalog, d.reason))
                    for d in q.suggestions]
    return out


@dataclass
class DecisionView:
    document_id: int
    unit: str
    question: str
    decision: str
    label: str
    note: str
    by: str


def _decide(rt, doc_id: int, question: str, decision: str, *, actor: str, note: str) -> DecisionView:
    code = rt.catalog.question(question).code  # NotFoundError for an unknown code
    decide = store.confirm_mapping if decision == CONFIRMED else store.reject_mapping
    with rt.records.session() as session:
        doc = repo.get_document(session, doc_id)
        row = decide(session, doc, code, actor=actor, note=(note or "").strip())
        view = DecisionView(doc.id, doc.unit.code, code, row.decision, DECISION_LABEL[row.decision], row.note,
                            row.decided_by)
    index_documents(rt, [doc_id])  # question codes are a search filter
    return view


def confirm_suggestion(rt, doc_id: int, question: str, *, actor: str, note: str = "") -> DecisionView:
    """The document does support the question: the mapping counts from now on (and stays on re-processing)."""
    return _decide(rt, doc_id, question, CONFIRMED, actor=actor, note=note)


def reject_suggestion(rt, doc_id: int, question: str, *, actor: str, note: str = "") -> DecisionView:
    """The document does not support the question: the mapping is removed and not suggested again."""
    return _decide(rt, doc_id, question, REJECTED, actor=actor, note=note)


def document_unit(rt, doc_id: int) -> str:
    with rt.records.session() as session:
        return repo.get_document(session, doc_id).unit.code


@dataclass
class NotEvidenceDocument:
    """A document the classifier found is no data dukung at all, with its reason."""

    id: int
    unit: str
    year: int
    path: str
    title: str | None
    doc_type: str | None
    reason: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def not_evidence_documents(rt, units: list[str] | None, year: int | None) -> list[NotEvidenceDocument]:
    """Current documents marked "bukan data dukung" (``units`` None: every unit; ``year`` None: every period)."""
    if units == []:
        return []
    stmt = (select(Document, Unit.code, Period.year).join(Unit, Unit.id == Document.unit_id)
            .join(Period, Period.id == Document.period_id)
            .where(Document.is_current.is_(True), Document.evidence_status == repo.NOT_EVIDENCE)
            .order_by(Unit.code, Document.relative_path))
    if units is not None:
        stmt = stmt.where(repo.unit_code_in(units))
    if year is not None:
        stmt = stmt.where(Period.year == year)
    with rt.records.session() as session:
        return [NotEvidenceDocument(d.id, u, y, d.relative_path, d.title, d.doc_type, d.evidence_reason or "")
                for d, u, y in session.execute(stmt)]
