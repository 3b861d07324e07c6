"""The result of a completeness check: statuses, a question's status, area coverage, the unit's report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from config.i18n import N_
from flows.completeness.evidence_rules import SupportingDocument

LENGKAP = "lengkap"
SEBAGIAN = "sebagian"
BELUM_ADA = "belum_ada"
DITANDAI = "ditandai_reviewer"
STATUS_LABEL = {
    LENGKAP: N_("Lengkap"),
    SEBAGIAN: N_("Sebagian"),
    BELUM_ADA: N_("Belum ada"),
    DITANDAI: N_("Ditandai reviewer"),
}
WBK_MIN = 0.60
WBBM_MIN = 0.75
ESTIMATE_NOTE = ("Perkiraan cakupan bukti (data dukung) berdasarkan bobot LKE, bukan nilai evaluasi. "
                 "Ambang WBK ≥ 60 % dan WBBM ≥ 75 % per area (PermenPANRB 90/2021).")


@dataclass
class ReviewerNote:
    """A reviewer's word on a question, or on one of its documents (``document_id`` set)."""

    label: str  # gap | ok | tidak_relevan
    note: str
    by: str
    at: str
    document_id: int | None = None
    document: str | None = None


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
    reviews: list[ReviewerNote] = field(default_factory=list)  # the same, structured: label, note, who, when
    warnings: list[str] = field(default_factory=list)  # counted, but with a caveat (no date read, not checked)
    excluded: list[SupportingDocument] = field(default_factory=list)  # marked tidak_relevan by a reviewer
    suggestions: list[SupportingDocument] = field(default_factory=list)  # not sure enough to count: never evidence


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
        data = asdict(self)
        for q in data["questions"]:
            for d in q["documents"] + q["excluded"] + q["suggestions"]:
                d.pop("facts", None)
                if d["doc_date"] is not None:
                    d["doc_date"] = d["doc_date"].isoformat()
        return data
