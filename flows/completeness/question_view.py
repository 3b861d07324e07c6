"""One LKE question of a unit and period, as a reviewer or a unit member works on it: the catalog's
question and the evidence it expects, the completeness result, the review workflow (state, history,
the steps this person may take) and the reviewers' open tags. Plain functions over the flows."""

from __future__ import annotations

from dataclasses import dataclass, field

from config.i18n import _
from config.catalog_models import Question
from config.errors import InvalidInputError, NotFoundError
from flows.people.accounts import Principal
from flows.completeness.check import QuestionStatus, check_completeness
from flows.completeness.evidence_rules import describe_recency
from flows.people.review import TagView, open_tags, resolve_tag, tag_question
from flows.people.review_workflow import ACTIONS, ReviewView, review_state

QUESTION_TAG_LABELS = ("gap", "ok")


@dataclass
class ExpectedItem:
    """One evidence item of the catalog rule, in words."""

    label: str
    types: list[str]  # document type labels
    min: int
    required: bool
    dates: list[str]
    checks: list[str]


@dataclass
class QuestionPage:
    unit: str
    year: int
    question: Question
    status: QuestionStatus
    review: ReviewView
    expected: list[ExpectedItem]
    rule: str
    tags: list[TagView] = field(default_factory=list)  # open tags on the question or on its documents
    actions: list[str] = field(default_factory=list)  # review steps the principal may take now


def expected_evidence(catalog, question: Question, year: int | None) -> list[ExpectedItem]:
    items = []
    for item in question.evidence.items:
        types = [catalog.document_types[t].label if t in catalog.document_types else t for t in item.types]
        dates = list(dict.fromkeys(describe_recency(catalog.recency_for(t, item), year) for t in item.types))
        checks = list(dict.fromkeys(catalog.content_checks[c].label for t in item.types
                                    for c in catalog.checks_for(t, item) if c in catalog.content_checks))
        items.append(ExpectedItem(item.description or " / ".join(types), types, item.min, item.required, dates,
                                  checks))
    return items


def review_actions(principal: Principal, unit: str, state: str) -> list[str]:
    """The review steps ``principal`` may take from ``state`` (the same rules as ``transition``)."""
    if not principal.can_see(unit):
        return []
    allowed = []
    for action, (from_states, _, who) in ACTIONS.items():
        if state not in from_states:
            continue
        if who == "reviewer" and not principal.is_reviewer:
            continue
        if who == "unit" and principal.role == "reviewer":
            continue
        allowed.append(action)
    return allowed


def question_tags(rt, unit: str, year: int, code: str, document_ids: set[int]) -> list[TagView]:
    """Open tags on the question, or on one of its documents (for this question or for all)."""
    return [t for t in open_tags(rt, unit, year)
            if (t.document_id is None and t.question == code)
            or (t.document_id in document_ids and t.question in (None, code))]


def question_page(rt, principal: Principal, unit: str, year: int, code: str) -> QuestionPage:
    question = rt.catalog.question(code)  # NotFoundError for an unknown code
    report = check_completeness(rt, unit, year)
    status = next(q for q in report.questions if q.code == question.code)
    review = review_state(rt, unit, year, question.code)
    docs = {d.document_id for d in status.documents + status.excluded}
    rule = "semua bukti wajib harus ada" if question.evidence.rule == "all" else "salah satu bukti wajib cukup"
    return QuestionPage(unit, year, question, status, review, expected_evidence(rt.catalog, question, year), rule,
                        question_tags(rt, unit, year, question.code, docs),
                        review_actions(principal, unit, review.state))


def tag_question_gap(rt, unit: str, year: int, code: str, label: str, note: str, *, actor: str) -> TagView:
    """A reviewer's word on a question from its page: ``gap`` needs a note saying what is wrong."""
    note = (note or "").strip()
    if label not in QUESTION_TAG_LABELS:
        raise InvalidInputError(_("Label tidak dikenal: %(label)s (pilihan: %(choices)s)", label=repr(label),
                                  choices=', '.join(QUESTION_TAG_LABELS)))
    if label == "gap" and not note:
        raise InvalidInputError(_("Tuliskan catatan: apa yang kurang pada bukti pertanyaan ini"))
    return tag_question(rt, unit, year, code, label, note=note, actor=actor)


def resolve_question_tag(rt, unit: str, year: int, code: str, tag_id: int, *, actor: str) -> TagView:
    """Close an open tag shown on the question's page (only a tag of this unit, period and question)."""
    question = rt.catalog.question(code)
    report = check_completeness(rt, unit, year)
    status = next(q for q in report.questions if q.code == question.code)
    docs = {d.document_id for d in status.documents + status.excluded}
    tag = next((t for t in question_tags(rt, unit, year, question.code, docs) if t.id == tag_id), None)
    if tag is None:
        raise NotFoundError(_("Tag #%(tag_id)s tidak ada atau sudah ditutup", tag_id=tag_id))
    resolve_tag(rt, tag_id, actor=actor)
    return tag
