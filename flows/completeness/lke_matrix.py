"""A unit's LKE matrix for one period: components → areas → indicators → questions, each question with
its completeness status and its review state, plus what a dashboard shows beside it (coverage estimate
per area, last upload, the reviewers' open gaps). Plain functions for the web app and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from flows.completeness.check import AreaCoverage, CompletenessReport, SupportingDocument, check_completeness
from flows.people.review import TagView, open_tags
from flows.people.review_workflow import STATE_LABEL, review_states
from storage.records import repository as repo
from storage.records.models import Document, Period, Unit


@dataclass
class Cell:
    """One question of the matrix."""

    code: str
    short: str  # the code below its area (``1.i.a``), for a compact cell
    text: str
    status: str
    automatic_status: str
    review_state: str
    revision: int
    suggestions: int = 0  # automatic mappings waiting for a person's confirmation (not counted)


@dataclass
class IndicatorRow:
    code: str
    name: str
    cells: list[Cell]


@dataclass
class AreaBlock:
    coverage: AreaCoverage
    indicators: list[IndicatorRow]


@dataclass
class ComponentBlock:
    code: str
    name: str
    areas: list[AreaBlock]

    @property
    def coverage(self) -> float:
        """The component's evidence-coverage estimate, weighted like the LKE."""
        weight = sum(a.coverage.weight for a in self.areas)
        return sum(a.coverage.coverage * a.coverage.weight for a in self.areas) / weight if weight else 0.0


@dataclass
class UnitMatrix:
    report: CompletenessReport
    components: list[ComponentBlock]
    hasil: list[Cell]  # the result questions (B.*), outside the areas
    review_counts: dict[str, int]
    last_upload: datetime | None
    open_gaps: list[TagView] = field(default_factory=list)  # reviewers' open ``gap`` tags

    @property
    def unit(self) -> str:
        return self.report.unit

    @property
    def suggestions(self) -> list[tuple[str, SupportingDocument]]:
        """(question code, document) of every mapping that waits for confirmation, in LKE order."""
        return [(q.code, d) for q in self.report.questions for d in q.suggestions]


def _short(code: str, area_code: str | None) -> str:
    return code[len(area_code) + 1:] if area_code and code.startswith(area_code + ".") else code


def unit_matrix(rt, unit: str, year: int) -> UnitMatrix:
    """The matrix of ``unit`` for ``year`` (raises NotFoundError for an unknown unit)."""
    report = check_completeness(rt, unit, year)
    reviews = review_states(rt, unit, year)
    by_code = {q.code: q for q in report.questions}
    coverage = {a.code: a for a in report.areas}

    def cell(code: str, area_code: str | None) -> Cell:
        st, rv = by_code[code], reviews[code]
        return Cell(code, _short(code, area_code), st.question, st.status, st.automatic_status, rv.state,
                    rv.revision, len(st.suggestions))

    components, hasil = [], []
    for aspect in rt.catalog.aspects:
        for comp in aspect.components:
            if comp.areas:
                areas = [AreaBlock(coverage[a.code],
                                   [IndicatorRow(i.code, i.name, [cell(q.code, a.code) for q in i.all_questions()])
                                    for i in a.indicators])
                         for a in comp.areas]
                components.append(ComponentBlock(comp.code, comp.name, areas))
            hasil += [cell(q.code, None) for q in comp.questions]
    counts = {state: 0 for state in STATE_LABEL}
    for rv in reviews.values():
        counts[rv.state] += 1
    gaps = [t for t in open_tags(rt, unit, year) if t.label == "gap"]
    return UnitMatrix(report, components, hasil, counts, last_upload(rt, unit, year), gaps)


def last_upload(rt, unit: str, year: int) -> datetime | None:
    with rt.records.session() as session:
        return session.scalar(select(func.max(Document.uploaded_at))
                              .join(Unit, Unit.id == Document.unit_id).join(Period, Period.id == Document.period_id)
                              .where(repo.unit_code_is(unit), Period.year == year))

