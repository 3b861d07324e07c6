"""Completeness per LKE question for a unit and period — plain functions over records + catalog.

For each question: which documents support it, which evidence items of the catalog rule are
satisfied, what is missing (in plain Indonesian) and why. Per area (Pemenuhan and Reform
separately) and for the unit: an *estimate of evidence coverage* weighted by the catalog's
weights — clearly not an evaluation score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from storage.records import repository as repo
from storage.records.models import Classification, Document, Tag

LENGKAP = "lengkap"
SEBAGIAN = "sebagian"
BELUM_ADA = "belum_ada"
DITANDAI = "ditandai_reviewer"
STATUS_LABEL = {
    LENGKAP: "Lengkap",
    SEBAGIAN: "Sebagian",
    BELUM_ADA: "Belum ada",
    DITANDAI: "Ditandai reviewer",
}
WBK_MIN = 0.60
WBBM_MIN = 0.75
ESTIMATE_NOTE = ("Perkiraan cakupan bukti (data dukung) berdasarkan bobot LKE, bukan nilai evaluasi. "
                 "Ambang WBK ≥ 60 % dan WBBM ≥ 75 % per area (PermenPANRB 90/2021).")


@dataclass
class SupportingDocument:
    document_id: int
    path: str
    doc_types: list[str]
    confidence: float
    reason: str
    source: str


@dataclass
class QuestionStatus:
    code: str
    question: str
    component: str
    area_code: str | None
    area_name: str | None
    indicator: str
    weight: float
    status: str
    automatic_status: str
    coverage: float
    documents: list[SupportingDocument] = field(default_factory=list)
    satisfied: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    why: str = ""
    reviewer_notes: list[str] = field(default_factory=list)


@dataclass
class AreaCoverage:
    code: str
    name: str
    short: str
    component: str
    weight: float
    questions: int
    counts: dict[str, int]
    coverage: float  # 0–1, weighted share of evidence present
    meets_wbk: bool
    meets_wbbm: bool


@dataclass
class CompletenessReport:
    unit: str
    unit_name: str
    year: int
    generated_at: str
    questions: list[QuestionStatus]
    areas: list[AreaCoverage]
    counts: dict[str, int]
    pengungkit_estimate: float  # of 60
    note: str = ESTIMATE_NOTE

    @property
    def gaps(self) -> list[QuestionStatus]:
        return [q for q in self.questions if q.status != LENGKAP]

    def as_dict(self) -> dict:
        return asdict(self)


def _item_label(catalog, item) -> str:
    if item.description:
        return item.description
    return " / ".join(catalog.document_types[t].label for t in item.types)


def evaluate_question(catalog, question, docs: list[SupportingDocument]) -> tuple[str, float, list[str], list[str], str]:
    """Apply the question's evidence rule to its supporting documents.

    Returns (status, coverage 0–1, satisfied item labels, missing item labels, why).
    """
    rule = question.evidence.rule
    required = [i for i in question.evidence.items if i.required]
    satisfied, missing = [], []
    for item in question.evidence.items:
        have = sum(1 for d in docs if set(d.doc_types) & set(item.types))
        label = _item_label(catalog, item)
        if have >= item.min:
            satisfied.append(label)
        elif item.required:
            need = f" (perlu {item.min}, ada {have})" if item.min > 1 else ""
            missing.append(label + need)
    n_ok = sum(1 for i in required
               if sum(1 for d in docs if set(d.doc_types) & set(i.types)) >= i.min)
    if rule == "any":
        complete = n_ok >= 1
        coverage = 1.0 if complete else 0.0
        if complete:
            missing = []
        why = "aturan: salah satu bukti wajib cukup"
    else:
        complete = n_ok == len(required)
        coverage = n_ok / len(required) if required else 1.0
        why = f"aturan: semua bukti wajib ({n_ok} dari {len(required)} terpenuhi)"
    if complete:
        status = LENGKAP
    elif docs:
        status = SEBAGIAN
        if not satisfied:
            why += "; ada dokumen, tetapi jenisnya belum sesuai bukti yang diminta"
    else:
        status = BELUM_ADA
        why = "belum ada dokumen yang dipetakan ke pertanyaan ini"
    return status, coverage, satisfied, missing, why


def check_completeness(rt, unit_code: str, year: int) -> CompletenessReport:
    """The completeness report of one unit for one evaluation year."""
    catalog = rt.catalog
    with rt.records.session() as session:
        unit = repo.get_unit(session, unit_code)
        period = repo.get_or_create_period(session, year)
        docs = list(session.scalars(
            select(Document).where(Document.unit_id == unit.id, Document.period_id == period.id,
                                   Document.is_current.is_(True))
            .options(selectinload(Document.classifications), selectinload(Document.tags))).unique())
        tags = repo.list_tags(session, unit, period)
        by_question: dict[str, list[SupportingDocument]] = defaultdict(list)
        for doc in docs:
            not_relevant = {t.question_code for t in doc.tags if t.label == "tidak_relevan" and not t.resolved}
            for c in doc.classifications:
                if not c.question_code or c.question_code in not_relevant or None in not_relevant:
                    continue
                by_question[c.question_code].append(SupportingDocument(
                    document_id=doc.id, path=doc.relative_path, doc_types=list(doc.doc_types or []),
                    confidence=c.confidence, reason=c.reason, source=c.source))
        question_tags: dict[str, list[Tag]] = defaultdict(list)
        for t in tags:
            if t.question_code and t.document_id is None:
                question_tags[t.question_code].append(t)
        unit_name = unit.name

    statuses: list[QuestionStatus] = []
    for q in catalog.questions():
        supporting = sorted(by_question.get(q.code, []), key=lambda d: (-d.confidence, d.path))
        status, coverage, satisfied, missing, why = evaluate_question(catalog, q, supporting)
        auto = status
        notes = []
        for t in question_tags.get(q.code, []):
            notes.append(f"{t.label}: {t.note}".strip(": ") + (f" — {t.created_by}" if t.created_by else ""))
            if t.label == "gap":
                status = DITANDAI
            elif t.label == "ok" and status != DITANDAI:
                status, coverage = LENGKAP, 1.0
        statuses.append(QuestionStatus(
            code=q.code, question=q.text, component=q.component_name, area_code=q.area_code,
            area_name=q.area_name, indicator=q.indicator_name or "", weight=q.weight, status=status,
            automatic_status=auto, coverage=round(coverage, 4), documents=supporting, satisfied=satisfied,
            missing=missing, why=why, reviewer_notes=notes))

    areas = []
    for area in catalog.areas():
        qs = [s for s in statuses if s.area_code == area.code]
        weight = sum(s.weight for s in qs) or 1.0
        cov = sum(s.weight * s.coverage for s in qs) / weight
        counts = {k: sum(1 for s in qs if s.status == k) for k in STATUS_LABEL}
        component = qs[0].component if qs else ""
        areas.append(AreaCoverage(code=area.code, name=area.name, short=area.short, component=component,
                                  weight=area.weight,
                                  questions=len(qs), counts=counts, coverage=round(cov, 4),
                                  meets_wbk=cov >= WBK_MIN, meets_wbbm=cov >= WBBM_MIN))
    pengungkit = sum(s.weight * s.coverage for s in statuses if s.code.startswith("A."))
    counts = {k: sum(1 for s in statuses if s.status == k) for k in STATUS_LABEL}
    return CompletenessReport(unit=unit_code, unit_name=unit_name, year=year,
                              generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              questions=statuses, areas=areas, counts=counts,
                              pengungkit_estimate=round(pengungkit, 2))
