"""Open gaps across units: every question not ``lengkap`` — found by the rules (``otomatis``) or flagged
by a reviewer (``reviewer``) — with what is missing, why, the reviewers' notes and the review state.
One list for the web page, its XLSX export and the CLI; filters are applied here."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from config.i18n import N_
from flows.completeness.check import DITANDAI, LENGKAP, check_units
from storage.records import repository as repo
from storage.records.models import Period, ReviewState, Unit

SOURCE_LABEL = {"otomatis": N_("Otomatis (aturan)"), "reviewer": N_("Ditandai reviewer")}


@dataclass
class GapFilter:
    """What to list; empty fields do not filter. ``units`` None = every unit."""

    year: int
    units: list[str] | None = None
    area: str = ""  # area code, e.g. A.I.1
    status: str = ""  # sebagian | belum_ada | ditandai_reviewer
    component: str = ""  # Pemenuhan | Reform | a result component's name
    source: str = ""  # otomatis | reviewer


@dataclass
class GapRow:
    unit: str
    unit_name: str
    year: int
    code: str
    question: str
    component: str
    area_code: str | None
    area_name: str | None
    indicator: str
    status: str
    automatic_status: str
    source: str  # otomatis | reviewer
    review_state: str
    missing: list[str] = field(default_factory=list)
    why: str = ""
    reviewer_notes: list[str] = field(default_factory=list)


def gap_rows(rt, flt: GapFilter) -> list[GapRow]:
    """The open gaps of the units in ``flt`` for its year, in unit then LKE order."""
    if flt.units == []:
        return []
    reports = check_units(rt, flt.units, flt.year)
    states = _review_states(rt, [r.unit for r in reports], flt.year)
    rows = []
    for r in reports:
        for q in r.questions:
            if q.status == LENGKAP:
                continue
            source = "reviewer" if q.status == DITANDAI else "otomatis"
            if ((flt.area and q.area_code != flt.area) or (flt.status and q.status != flt.status)
                    or (flt.component and q.component != flt.component) or (flt.source and source != flt.source)):
                continue
            rows.append(GapRow(r.unit, r.unit_name, r.year, q.code, q.question, q.component, q.area_code,
                               q.area_name, q.indicator, q.status, q.automatic_status, source,
                               states.get((r.unit, q.code), "draf"), list(q.missing), q.why,
                               list(q.reviewer_notes)))
    return rows


def _review_states(rt, units: list[str], year: int) -> dict[tuple[str, str], str]:
    if not units:
        return {}
    with rt.records.session() as session:
        rows = session.execute(
            select(Unit.code, ReviewState.question_code, ReviewState.state)
            .join(Unit, Unit.id == ReviewState.unit_id).join(Period, Period.id == ReviewState.period_id)
            .where(Period.year == year, repo.unit_code_in(units)))
        return {(u, q): s for u, q, s in rows}


def component_names(catalog) -> list[str]:
    """The components a gap can belong to, in LKE order (Pemenuhan, Reform, the result components)."""
    return list(dict.fromkeys(q.component_name for q in catalog.questions()))
