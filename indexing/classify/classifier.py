"""Map a document to LKE question codes and a document type, with confidence and reasons.

In order of strength: an explicit question given at upload, the folder path, then the content:
the learned model (:mod:`indexing.classify.model`) reading the text and its title block
(:mod:`indexing.classify.title`), with one calibrated confidence per proposed question. When the
content matches no question well the document is *not evidence* ("bukan data dukung"): it is kept
and searchable, listed with its reason, and never counted. Without a model file the catalog's
keyword rules read the content, as before. A document may support several questions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from indexing.classify.doctype import BODY_CHARS, HEAD_CHARS, TypeMatch, detect_types
from indexing.classify.folders import _indicator_questions, read_path
from indexing.classify.loading import DEFAULT, default_model
from indexing.classify.reasons import (
    NOT_EVIDENCE_TYPE,
    content_reason,
    kind_label,
    not_evidence_reason,
)
from indexing.classify.text import found_phrases, normalize
from indexing.classify.title import read_title
from indexing.classify.title_match import title_named

GENERIC_TYPE_SHARE = 8  # a type asked for by more questions than this is generic (undangan, notulen…)
MAX_CONTENT_QUESTIONS = 3
MIN_CONTENT_SCORE = 3.0


@dataclass(frozen=True)
class QuestionMatch:
    code: str
    confidence: float
    reason: str


#: a question is proposed from the content when the calibrated chance that it is right reaches this
PROPOSE_CONFIDENCE = 0.5
#: spreadsheets: tables of cells, not the prose the model's confidence was calibrated on
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
#: a document is read as evidence only when the gate is this sure: a wrong mapping (a question looks
#: ``lengkap`` while it is not) is taken to cost twice a missed one, so P(evidence) must reach 2/3
EVIDENCE_MIN = 2 / 3
#: a question the title names by jenis naskah and subject is counted at least with this confidence (or the
#: catalog's threshold, if lower): "cukup yakin", not "yakin" — the title is plain, but read by rules
TITLE_DECIDED_CONFIDENCE = 0.8
#: text shorter than this says too little to call a document "not evidence" (a photo, an empty scan)
MIN_TEXT_CHARS = 80


@dataclass
class ClassificationResult:
    """Types and questions of a document, each with a readable reason; or the outcome "not evidence".

    ``questions[i].confidence`` is calibrated on held-out real documents: of the proposals made with
    confidence 0.8, about 8 in 10 are right. A mapping below the catalog's
    ``completeness.min_confidence`` is a suggestion for a reviewer, not evidence.
    """

    doc_types: list[TypeMatch] = field(default_factory=list)
    questions: list[QuestionMatch] = field(default_factory=list)
    #: "bukan data dukung": the content matches no question well (stored on the document with
    #: ``not_evidence_reason``, searchable, listed for reviewers, never counted)
    not_evidence: bool = False
    not_evidence_reason: str = ""

    @property
    def doc_type(self) -> str | None:
        return self.doc_types[0].code if self.doc_types else None

    @property
    def doc_type_codes(self) -> list[str]:
        return [t.code for t in self.doc_types]


class _CatalogView:
    """Derived look-ups over a catalog, computed once per catalog object."""

    def __init__(self, catalog):
        self.catalog = catalog
        self.questions = [q for q in catalog.questions()]
        self.by_code = {q.code: q for q in self.questions}
        self.types_of = {q.code: {t for item in q.evidence.items for t in item.types} for q in self.questions}
        usage = Counter(t for types in self.types_of.values() for t in types)
        self.generic_types = {t for t, n in usage.items() if n > GENERIC_TYPE_SHARE}
        self.indicator_keywords = {}
        self.indicator_of = {}
        for ind in catalog.indicators():
            for q in _indicator_questions(ind):
                self.indicator_keywords[q.code] = list(ind.keywords)
                self.indicator_of[q.code] = ind


_VIEWS: dict[int, _CatalogView] = {}


def _view(catalog) -> _CatalogView:
    """The derived look-ups of ``catalog`` (catalogs are not hashable, so keyed by identity)."""
    view = _VIEWS.get(id(catalog))
    if view is None or view.catalog is not catalog:
        if len(_VIEWS) > 8:
            _VIEWS.clear()
        view = _VIEWS[id(catalog)] = _CatalogView(catalog)
    return view


def _content_scores(view: _CatalogView, head: str, body: str, doc_types: list[str], candidates) -> list[tuple[float, object, str]]:
    specific = [t for t in doc_types if t not in view.generic_types]
    scored = []
    for q in candidates:
        kw_head = found_phrases(head, q.keywords)
        kw_body = [k for k in found_phrases(body, q.keywords) if k not in kw_head]
        ind_kw = found_phrases(body, view.indicator_keywords.get(q.code, []))
        wanted = view.types_of[q.code]
        type_hit = [t for t in doc_types if t in wanted]
        score = 3.0 * len(kw_head) + 2.0 * len(kw_body) + 0.5 * min(len(ind_kw), 4)
        if any(t in specific for t in type_hit):
            score += 3.0
        elif type_hit:
            score += 1.0
        if score <= 0:
            continue
        bits = []
        if kw_head or kw_body:
            bits.append("teks memuat " + ", ".join(f"'{k}'" for k in (kw_head + kw_body)[:3]))
        if type_hit:
            bits.append(f"jenis dokumen {kind_label(view.catalog, type_hit[0])} diminta pertanyaan ini")
        if ind_kw and not (kw_head or kw_body):
            bits.append("kata kunci indikator " + ", ".join(f"'{k}'" for k in ind_kw[:2]))
        scored.append((score, q, "; ".join(bits)))
    scored.sort(key=lambda s: (-s[0], s[1].code))
    return scored


#: confidence of a question that scored close to, but below, the best one of its indicator's folder
RUNNER_UP_CONFIDENCE = 0.6


def classify(
    catalog,
    relative_path: str,
    text: str,
    *,
    title: str | None = None,
    explicit_question: str | None = None,
    model=DEFAULT,
    evidence_min: float = EVIDENCE_MIN,
    propose_confidence: float = PROPOSE_CONFIDENCE,
) -> ClassificationResult:
    """Classify one document. Never raises for odd input; an empty result means 'not recognised'.

    ``model``: the learned model (default: the configured or bundled one, loaded once per process);
    ``None`` reads the content with the catalog's keyword rules only. ``evidence_min`` and
    ``propose_confidence``: the learned model's operating point (:data:`EVIDENCE_MIN`,
    :data:`PROPOSE_CONFIDENCE`; the benchmark measures others).
    """
    if model is DEFAULT:
        model = default_model()
    view = _view(catalog)
    types = detect_types(catalog, relative_path, text, title)
    type_codes = [t.code for t in types]
    result = ClassificationResult(doc_types=types)
    head = normalize((title or "") + " " + text[:HEAD_CHARS])
    body = normalize(text[:BODY_CHARS])
    chosen: dict[str, QuestionMatch] = {}

    def choose(code: str, confidence: float, reason: str) -> None:
        if code not in chosen or chosen[code].confidence < confidence:
            chosen[code] = QuestionMatch(code, round(confidence, 2), reason)

    if explicit_question:
        q = catalog.question(explicit_question)
        choose(q.code, 1.0, f"ditentukan saat unggah: {q.code}")

    reading = read_path(catalog, relative_path)
    area_questions = None
    if reading.question_codes:
        for code in reading.question_codes:
            choose(code, reading.confidence, reading.reason)
    elif reading.indicator_codes:
        ind = _find_indicator(catalog, reading.indicator_codes[0])
        candidates = _indicator_questions(ind)
        scored = _content_scores(view, head, body, type_codes, candidates)
        if scored:
            best = scored[0][0]
            for score, q, why in scored:
                if score >= 0.8 * best and len([c for c in chosen if c.startswith(ind.code)]) < MAX_CONTENT_QUESTIONS:
                    # the folder names the indicator; which of its questions is read from the text: only
                    # the best-matching question gets the folder's confidence, close runners-up are candidates
                    conf = reading.confidence if score >= best else min(reading.confidence, RUNNER_UP_CONFIDENCE)
                    choose(q.code, conf, f"{reading.reason}; {why}")
        else:
            for q in candidates:
                choose(q.code, 0.4, f"{reading.reason}; pertanyaan dalam indikator belum dapat dipastikan")
    elif reading.area_number is not None:
        area_questions = [q for q in view.questions if getattr(q, "area_number", None) == reading.area_number]

    content_only = not chosen
    if content_only and model is not None and len(text.strip()) >= MIN_TEXT_CHARS:
        _read_content(catalog, model, result, text, title, reading, area_questions, choose, relative_path,
                      evidence_min=evidence_min, propose_confidence=propose_confidence)
    elif content_only:
        candidates = area_questions if area_questions is not None else view.questions
        scored = _content_scores(view, head, body, type_codes, candidates)
        if scored and scored[0][0] >= MIN_CONTENT_SCORE:
            best = scored[0][0]
            for score, q, why in scored[:MAX_CONTENT_QUESTIONS]:
                if score >= 0.8 * best and score >= MIN_CONTENT_SCORE:
                    prefix = f"{reading.reason}; " if area_questions is not None else ""
                    choose(q.code, min(0.85, 0.3 + 0.07 * score), prefix + why)

    # A specific document type (e.g. SK Agen Perubahan) also supports the other questions of
    # the same area that ask for exactly that type (Pemenuhan and Reform alike).
    primary = result.doc_type
    if chosen and not (content_only and model is not None) and primary and primary not in view.generic_types:
        areas = {getattr(view.by_code[c], "area_number", None) for c in chosen}
        label = catalog.document_types[primary].label
        for q in view.questions:
            if q.code in chosen or primary not in view.types_of[q.code]:
                continue
            if getattr(q, "area_number", None) in areas and found_phrases(body, q.keywords):
                choose(q.code, 0.6, f"jenis dokumen '{label}' juga diminta oleh pertanyaan ini")

    result.questions = sorted(chosen.values(), key=lambda m: (-m.confidence, m.code))
    if result.not_evidence:
        result.questions = []
        result.doc_types = [TypeMatch(NOT_EVIDENCE_TYPE, 0.0, result.not_evidence_reason)]
    return result


def _read_content(catalog, model, result: ClassificationResult, text: str, title: str | None, reading,
                  area_questions, choose, relative_path: str = "", *, evidence_min: float = EVIDENCE_MIN,
                  propose_confidence: float = PROPOSE_CONFIDENCE) -> None:
    """Questions from the learned model, or the outcome "not evidence".

    The model's confidence is calibrated on the openings of prose documents (decrees, SOPs, reports);
    a spreadsheet's cells are not such text, so what the model reads from one is at most a suggestion
    for a reviewer to confirm (just below the catalog's threshold), never counted on its own."""
    from indexing.classify.model import MAX_CODES

    title_reading = read_title(text, title)
    allowed = [q.code for q in area_questions] if area_questions is not None else None
    prediction = model.predict(text, title, reading=title_reading, allowed=allowed)
    threshold = catalog.completeness.min_confidence
    proposed = []
    is_evidence = model.gate_prob(prediction) >= evidence_min
    # the title's jenis naskah and subject both name these candidates: they outrank the statistical parts
    # (only a title that names a few questions, not a whole family of them, is that specific)
    decided = title_named(catalog, title_reading.kind, prediction.subject) & {
        code for code, _ in prediction.candidates}
    if len(decided) > MAX_CODES:
        decided = frozenset()
    ranks = sorted(range(len(prediction.candidates)), key=lambda r: (prediction.candidates[r][0] not in decided, r))
    for rank in ranks[:MAX_CODES] if is_evidence else ():
        code = prediction.candidates[rank][0]
        if rank >= MAX_CODES and code not in decided:
            continue
        confidence = model.calibrated(prediction, rank)
        floor = min(threshold, TITLE_DECIDED_CONFIDENCE)
        if code in decided:
            confidence = max(confidence, floor)
        elif decided:  # the title names another question: this one is at most a suggestion, below it
            confidence = min(confidence, round(floor - 0.01, 2))
        # a question the title block names is at least a suggestion for a reviewer to confirm, even when
        # the dev set holds no document of its kind to be sure by
        named = code in prediction.subject
        if (confidence < propose_confidence and not named) or not catalog.has_question(code):
            continue
        if relative_path.lower().endswith(TABLE_SUFFIXES):
            confidence = min(confidence, round(threshold - 0.01, 2))
        why = content_reason(catalog, prediction, title_reading, code, confidence, threshold)
        if decided and code not in decided:
            why += "; judul menunjuk pertanyaan lain"
        if area_questions is not None:
            why = f"{reading.reason}; {why}"
        choose(code, confidence, why)
        proposed.append((catalog.question(code), why))
    if proposed:
        _type_first(catalog, result, proposed, prediction.kind)
    else:
        result.not_evidence = True
        result.not_evidence_reason = not_evidence_reason(prediction, title_reading, threshold)


def _type_first(catalog, result: ClassificationResult, proposed: list, kind: str) -> None:
    """Put first the document type the content says (what completeness matches on).

    The model's kind when it is a type a proposed question asks for, else a detected type a proposed
    question asks for, else the first topical type the best question asks for.
    """
    asked = list(dict.fromkeys(t for q, _ in proposed for item in q.evidence.items for t in item.types))
    if not asked:
        return
    detected = [m.code for m in result.doc_types]
    if kind in asked:
        code = kind
    elif any(t in asked for t in detected):
        code = next(t for t in detected if t in asked)
    else:
        best = [t for item in proposed[0][0].evidence.items for t in item.types]
        code = next((t for t in best if not catalog.document_types[t].generic), best[0])
    question, why = next((q, w) for q, w in proposed if any(code in item.types for item in q.evidence.items))
    rest = [m for m in result.doc_types if m.code != code]
    label = catalog.document_types[code].label
    result.doc_types = [TypeMatch(code, 0.0, f"jenis '{label}' yang diminta {question.code}; {why}"), *rest][:4]


def _find_indicator(catalog, code: str):
    for ind in catalog.indicators():
        if ind.code == code:
            return ind
    raise KeyError(code)
