"""Pydantic models of the LKE indicator catalog (``config/catalogs/*.yaml``).

Structure validation only; the cross-field rules (unique codes, weights, options per answer
type, known document types, …) live in :mod:`config.catalog`, which also reports every problem
with its YAML line.  Models are mutable but should be treated as read-only after loading.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from config.i18n import _
from config.errors import NotFoundError

AnswerType = Literal["ya_tidak", "abc", "abcd", "abcde", "persen", "nilai"]

#: Number of options each choice answer type must have (persen/nilai have none).
OPTION_COUNTS: dict[str, int] = {"ya_tidak": 2, "abc": 3, "abcd": 4, "abcde": 5}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Recency(_Model):
    """How recent a document must be, judged on its date (``Document.doc_date``).

    * ``within: period`` — dated in the evaluation year, or up to ``grace_months`` before it;
    * ``within: months`` — dated in the last ``months`` months before the end of the evaluation year;
    * ``within: any`` — any date (still not after the end of the evaluation year).
    """

    within: Literal["period", "months", "any"] = "period"
    grace_months: int = Field(default=0, ge=0, le=120)
    months: int | None = Field(default=None, ge=1, le=600)


#: Kinds of content check; what each looks for is described in docs/completeness.md.
CheckKind = Literal["ditetapkan", "phrases", "regex", "covers_period", "states_index"]


class ContentCheck(_Model):
    """A named check a reviewer makes first when opening a document (``content_checks:`` in YAML)."""

    code: str
    kind: CheckKind
    label: str  # what is checked, e.g. "SK ditetapkan dan bertanggal"
    message: str  # what is wrong when it fails, e.g. "nilai indeks tidak ditemukan"
    phrases: list[str] = Field(default_factory=list)  # phrases / ditetapkan / states_index labels
    match: Literal["any", "all"] = "any"  # phrases: any or all of them
    pattern: str | None = None  # regex (Python syntax, case-insensitive)
    years_before: int = Field(default=0, ge=0, le=10)  # covers_period: earlier years also accepted
    min_value: float | None = None  # states_index: accepted range of the value
    max_value: float | None = None

    _fingerprint: str = PrivateAttr(default="")

    @property
    def fingerprint(self) -> str:
        """A short hash of what decides the outcome (not the texts): facts record it to notice edits."""
        if not self._fingerprint:
            data = self.model_dump(exclude={"code", "label", "message"})
            blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
            self._fingerprint = hashlib.sha1(blob).hexdigest()[:10]
        return self._fingerprint


class CompletenessRules(_Model):
    """Catalog-wide settings of the completeness check (``completeness:`` in YAML)."""

    undated: Literal["accept", "reject"] = "accept"  # a document whose date could not be read
    unchecked: Literal["accept", "reject"] = "accept"  # a document whose text could not be checked
    recency: Recency = Field(default_factory=Recency)  # for document types without their own
    # an automatic mapping below this confidence is a candidate: listed, but it does not make evidence
    # count until a reviewer confirms it (assign, or tag the document ok)
    min_confidence: float = Field(default=0.65, ge=0.0, le=1.0)


class DocumentType(_Model):
    code: str
    label: str
    generic: bool = False  # a form (SK, laporan, surat…): a topical type that also matches is preferred
    keywords: list[str] = Field(default_factory=list)
    filename_patterns: list[str] = Field(default_factory=list)
    recency: Recency | None = None  # None: the catalog default (completeness.recency)
    checks: list[str] = Field(default_factory=list)  # content_checks codes applied by default


class EvidenceItem(_Model):
    types: list[str] = Field(min_length=1)
    min: int = Field(default=1, ge=1)
    required: bool = True
    description: str = ""
    recency: Recency | None = None  # overrides the document types' recency
    checks: list[str] | None = None  # overrides the document types' checks ([] = none)


class Evidence(_Model):
    rule: Literal["all", "any"] = "all"
    items: list[EvidenceItem] = Field(default_factory=list)


class Option(_Model):
    code: str
    text: str
    score: float


class QuestionInput(_Model):
    label: str
    type: str = "jumlah"


class QuestionContext(_Model):
    """Where a question sits in the hierarchy (filled in by the catalog)."""

    aspect_code: str
    component_code: str
    component_name: str
    area_code: str | None = None
    area_number: int | None = None
    area_name: str | None = None
    indicator_code: str | None = None
    indicator_name: str | None = None
    sub_indicator_code: str | None = None


class Question(_Model):
    code: str
    letter: str
    bps_id: str | None = None
    text: str
    explanation: str = ""
    answer_type: AnswerType
    weight: float
    options: list[Option] = Field(default_factory=list)
    inputs: list[QuestionInput] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    evidence: Evidence

    _context: QuestionContext | None = PrivateAttr(default=None)

    def _ctx(self) -> QuestionContext:
        if self._context is None:
            raise RuntimeError(f"Pertanyaan {self.code} belum terhubung ke katalog")
        return self._context

    @property
    def aspect_code(self) -> str:
        return self._ctx().aspect_code

    @property
    def component_code(self) -> str:
        return self._ctx().component_code

    @property
    def component_name(self) -> str:
        return self._ctx().component_name

    @property
    def area_code(self) -> str | None:
        return self._ctx().area_code

    @property
    def area_number(self) -> int | None:
        return self._ctx().area_number

    @property
    def area_name(self) -> str | None:
        return self._ctx().area_name

    @property
    def indicator_code(self) -> str | None:
        return self._ctx().indicator_code

    @property
    def indicator_name(self) -> str | None:
        return self._ctx().indicator_name

    @property
    def sub_indicator_code(self) -> str | None:
        return self._ctx().sub_indicator_code

    @property
    def is_choice(self) -> bool:
        return self.answer_type in OPTION_COUNTS

    def option(self, code: str) -> Option | None:
        """The option with this code (case-insensitive), or None."""
        wanted = code.strip().lower()
        return next((o for o in self.options if o.code.lower() == wanted), None)


class SubIndicator(_Model):
    code: str
    letter: str
    name: str
    weight: float
    questions: list[Question] = Field(default_factory=list)


class Indicator(_Model):
    code: str
    numeral: str
    name: str
    weight: float
    aliases: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    sub_indicators: list[SubIndicator] = Field(default_factory=list)

    def all_questions(self) -> list[Question]:
        return list(self.questions) + [q for s in self.sub_indicators for q in s.questions]


class Area(_Model):
    code: str
    number: int = Field(ge=1)
    name: str
    short: str
    weight: float
    aliases: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)

    _component_code: str = PrivateAttr(default="")

    @property
    def component_code(self) -> str:
        return self._component_code

    def questions(self) -> list[Question]:
        return [q for ind in self.indicators for q in ind.all_questions()]


class Component(_Model):
    code: str
    name: str
    weight: float
    areas: list[Area] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)

    def all_questions(self) -> list[Question]:
        return [q for a in self.areas for q in a.questions()] + list(self.questions)


class Aspect(_Model):
    code: str
    name: str
    weight: float
    components: list[Component] = Field(default_factory=list)

    def all_questions(self) -> list[Question]:
        return [q for c in self.components for q in c.all_questions()]


class Catalog(_Model):
    id: str
    title: str
    regulation: str = ""
    completeness: CompletenessRules = Field(default_factory=CompletenessRules)
    content_checks: dict[str, ContentCheck] = Field(default_factory=dict)
    document_types: dict[str, DocumentType] = Field(default_factory=dict)
    aspects: list[Aspect] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _inject_codes(cls, data: Any) -> Any:
        """``document_types`` and ``content_checks`` are keyed by code in YAML; copy the key into each entry."""
        if isinstance(data, dict):
            for section in ("document_types", "content_checks"):
                if isinstance(data.get(section), dict):
                    data = dict(data)
                    data[section] = {
                        key: ({"code": key, **value} if isinstance(value, dict) else value)
                        for key, value in data[section].items()
                    }
        return data

    def model_post_init(self, __context: Any) -> None:
        self._link()

    _by_code: dict[str, Question] = PrivateAttr(default_factory=dict)
    _by_lower: dict[str, Question] = PrivateAttr(default_factory=dict)
    _by_bps: dict[str, Question] = PrivateAttr(default_factory=dict)
    _ordered: list[Question] = PrivateAttr(default_factory=list)

    def _link(self) -> None:
        """Give every question its context and build the lookup tables (first code wins)."""
        ordered: list[Question] = []
        for aspect in self.aspects:
            for comp in aspect.components:
                base = dict(aspect_code=aspect.code, component_code=comp.code, component_name=comp.name)
                for area in comp.areas:
                    area._component_code = comp.code
                    for ind in area.indicators:
                        ctx = dict(base, area_code=area.code, area_number=area.number, area_name=area.name,
                                   indicator_code=ind.code, indicator_name=ind.name)
                        for q in ind.questions:
                            q._context = QuestionContext(**ctx)
                            ordered.append(q)
                        for sub in ind.sub_indicators:
                            for q in sub.questions:
                                q._context = QuestionContext(**ctx, sub_indicator_code=sub.code)
                                ordered.append(q)
                for q in comp.questions:
                    q._context = QuestionContext(**base)
                    ordered.append(q)
        self._ordered = ordered
        self._by_code, self._by_lower, self._by_bps = {}, {}, {}
        for q in ordered:
            self._by_code.setdefault(q.code, q)
            self._by_lower.setdefault(q.code.lower(), q)
            if q.bps_id:
                self._by_bps.setdefault(q.bps_id.upper(), q)

    # Lookups -----------------------------------------------------------------------------------
    def questions(self) -> list[Question]:
        """All questions in document order (pengungkit pemenuhan, reform, then hasil)."""
        return list(self._ordered)

    def question(self, code: str) -> Question:
        """A question by its code (``A.I.1.i.a``) or BPS id (``PPA1A``, case-insensitive)."""
        key = (code or "").strip()
        found = self._by_code.get(key) or self._by_lower.get(key.lower()) or self._by_bps.get(key.upper())
        if found is None:
            raise NotFoundError(_("Pertanyaan LKE tidak ditemukan: %(code)s (gunakan kode seperti 'A.I.1.i.a' "
                                  "atau id BPS seperti 'PPA1A')", code=repr(code)))
        return found

    def has_question(self, code: str) -> bool:
        try:
            self.question(code)
        except NotFoundError:
            return False
        return True

    def areas(self) -> list[Area]:
        """Pengungkit areas of every component, in order (A.I.1 … A.I.6, A.II.1 … A.II.6)."""
        return [a for asp in self.aspects for c in asp.components for a in c.areas]

    def indicators(self) -> list[Indicator]:
        return [i for a in self.areas() for i in a.indicators]

    def aspect(self, code: str) -> Aspect:
        for asp in self.aspects:
            if asp.code.lower() == (code or "").strip().lower():
                return asp
        raise NotFoundError(_("Aspek LKE tidak ditemukan: %(code)s", code=repr(code)))

    def document_type(self, code: str) -> DocumentType:
        try:
            return self.document_types[code]
        except KeyError:
            raise NotFoundError(_("Jenis dokumen tidak dikenal: %(code)s", code=repr(code))) from None

    def content_check(self, code: str) -> ContentCheck:
        try:
            return self.content_checks[code]
        except KeyError:
            raise NotFoundError(_("Pemeriksaan isi tidak dikenal: %(code)s", code=repr(code))) from None

    def recency_for(self, doc_type: str, item: EvidenceItem | None = None) -> Recency:
        """The recency rule of a document of ``doc_type`` counted for ``item`` (item, type, catalog)."""
        if item is not None and item.recency is not None:
            return item.recency
        dt = self.document_types.get(doc_type)
        if dt is not None and dt.recency is not None:
            return dt.recency
        return self.completeness.recency

    def checks_for(self, doc_type: str, item: EvidenceItem | None = None) -> list[str]:
        """The content checks of a document of ``doc_type`` counted for ``item`` (item overrides type)."""
        if item is not None and item.checks is not None:
            return item.checks
        dt = self.document_types.get(doc_type)
        return dt.checks if dt is not None else []

    def total_weight(self, aspect_code: str | None = None) -> float:
        """Sum of question weights of one aspect (``A``/``B``), or of the whole catalog if None."""
        questions = self._ordered if aspect_code is None else self.aspect(aspect_code).all_questions()
        return round(sum(q.weight for q in questions), 6)
