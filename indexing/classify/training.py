"""Training the evidence classifier's model (:mod:`indexing.classify.model`): the base models, the
out-of-fold calibrator, and the hash that tells whether a model was trained from the same examples."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from indexing.classify.model import (
    BLOCK_WEIGHTS,
    FORMAT_VERSION,
    MAX_CODES,
    N_CALIBRATION_FEATURES,
    NOT_EVIDENCE,
    SEED,
    Model,
    _block_input,
    _vectorizer,
    area_of,
    calibration_features,
    gate_features,
    genre_flags,
    model_inputs,
)
from indexing.classify.calibration import fit_calibrator, fit_gate
from indexing.classify.features import MODEL_CHARS, PageTerms
from indexing.classify.genre import style_vector
from indexing.classify.title import read_title


@dataclass(frozen=True)
class TrainingExample:
    """One labelled text: the questions it is evidence for, or ``not_evidence``.

    ``area`` defaults to the area of the first question. ``weight`` lowers the say of short
    synthetic texts (the catalog's question wording) against real documents. ``document``: the text is
    a document as a unit uploads it (a dev-set text, a document people decided on), not a catalog
    wording or a part of a document's opening; only documents teach the evidence gate. ``public``: a public
    text that is not a unit's upload, kept as :class:`PageTerms` (``terms``) rather than as text, and never
    held out to fit the calibrator and the gate's scaling, whose probabilities are those of uploads. A
    public page that is not evidence (news, a blog, an advert…) teaches the evidence gate only; a public
    document of a known type (``doc_type``, no ``questions``: an institution's own SOP, decree, report…)
    teaches every model, for the questions the uploads of its type are evidence for
    (:func:`with_type_questions`).
    """

    text: str
    questions: tuple[str, ...] = ()
    doc_type: str | None = None
    not_evidence: bool = False
    area: str | None = None
    weight: float = 1.0
    source: str = ""
    title: str | None = None
    document: bool = True
    public: bool = False
    terms: PageTerms | None = None

    @property
    def area_key(self) -> str:
        if self.not_evidence or not self.questions:
            return NOT_EVIDENCE
        return self.area or area_of(self.questions[0])

    @property
    def kind(self) -> str:
        """The class the model learns: the document type, else the first question (``none``: not evidence)."""
        if self.not_evidence or not self.questions:
            return NOT_EVIDENCE
        return self.doc_type or f"q:{self.questions[0]}"


#: bump when training itself changes (not the file format): a model trained before is then trained again
TRAINING_REVISION = 6

#: each real document also teaches through parts of its opening, so that the model learns a type's and a
#: question's wording from more than one place of a text (a few dozen documents per area is little):
#: parts of this many characters, after the title block, weighing half a document
PART_CHARS = 700
PART_MIN_CHARS = 400
PART_WEIGHT = 0.5


def training_hash(examples: Sequence[TrainingExample], subject_phrases: dict | None = None) -> str:
    digest = hashlib.sha256(f"format {FORMAT_VERSION} training {TRAINING_REVISION}".encode())
    if subject_phrases:
        digest.update(json.dumps(subject_phrases, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for ex in examples:
        fields = [ex.text, ex.questions, ex.kind, ex.area_key, ex.weight, ex.title]
        if ex.public or ex.terms is not None:
            fields += [ex.public, ex.terms.to_json() if ex.terms is not None else None]
        digest.update(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def inputs_of(example: TrainingExample) -> tuple:
    """(body, head) the vectorizers read of an example (:func:`model_inputs`, or its kept terms)."""
    if example.terms is not None:
        return example.terms, example.terms.head
    return model_inputs(example.text, example.title)


def style_of(example: TrainingExample) -> np.ndarray:
    if example.terms is not None:
        return np.array(example.terms.style, dtype=np.float64)
    return style_vector(example.text)


def body_parts(example: TrainingExample) -> list[TrainingExample]:
    """Parts of the opening the model reads (:data:`MODEL_CHARS`) of a real document, as examples of the
    same label and the same ``source`` (held out together with the document when calibrating), without
    its title and weighing :data:`PART_WEIGHT` (so they never join the calibration as documents)."""
    text = example.text[:MODEL_CHARS]
    starts = range(PART_CHARS // 2, max(len(text) - PART_CHARS // 2, PART_CHARS // 2 + 1), PART_CHARS)
    return [replace(example, text=part, title=None, weight=example.weight * PART_WEIGHT, document=False)
            for part in (text[s:s + PART_CHARS] for s in starts) if len(part) > PART_MIN_CHARS]


def _sorted(examples: Iterable[TrainingExample]) -> list[TrainingExample]:
    return sorted(examples, key=lambda e: (e.source, e.text))


#: a public document of a type is evidence for the questions that at least this share (by weight) of the
#: training examples of its type are evidence for
TYPE_QUESTION_SHARE = 0.5


def with_type_questions(examples: Sequence[TrainingExample]) -> list[TrainingExample]:
    """The examples, a public document of a type (``doc_type`` without ``questions``) given the questions that
    :data:`TYPE_QUESTION_SHARE` of the other examples of its type are evidence for (else the most common
    one), and left out when no other example has its type: what it is evidence for is learned from the
    uploads and the catalog, in each fold from that fold's examples only."""
    weight: dict[str, float] = {}
    per_code: dict[str, Counter] = {}
    for e in examples:
        if e.questions and not e.not_evidence and e.doc_type:
            weight[e.doc_type] = weight.get(e.doc_type, 0.0) + e.weight
            per_code.setdefault(e.doc_type, Counter()).update({q: e.weight for q in e.questions})
    out = []
    for e in examples:
        if e.public and not e.not_evidence and not e.questions:
            codes = per_code.get(e.doc_type or "")
            if not codes:
                continue
            chosen = tuple(sorted(q for q, w in codes.items() if w >= TYPE_QUESTION_SHARE * weight[e.doc_type]))
            e = replace(e, questions=chosen or (min(codes, key=lambda q: (-codes[q], q)),))
        out.append(e)
    return out


def _teaches_kinds(example: TrainingExample) -> bool:
    """Every example teaches the kind and question models except a public page that is not evidence."""
    return not (example.public and example.not_evidence)


def fit_base(examples: Sequence[TrainingExample]) -> Model:
    """Vectorizers, the kind model and the evidence model (the calibrator is fitted by :func:`train`)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.svm import LinearSVC

    examples = with_type_questions(examples)
    inputs = [inputs_of(e) for e in examples]
    bodies = [b for b, _ in inputs]
    heads = [h for _, h in inputs]
    weights = np.array([e.weight for e in examples])
    vocabularies, idf = {}, {}
    for block in BLOCK_WEIGHTS:
        vec = _vectorizer(block)
        vec.fit([_block_input(block, b, h) for b, h in zip(bodies, heads)])
        vocabularies[block] = vec.get_feature_names_out().tolist()
        idf[block] = vec.idf_.astype(np.float64)
    # the kind and question models learn from documents and the catalog: a public page that is not evidence
    # teaches only the gate (what a unit's document is not), so the kinds' probabilities stay those of documents
    taught = [i for i, e in enumerate(examples) if _teaches_kinds(e)]
    kinds = sorted({examples[i].kind for i in taught})
    codes = sorted({q for e in examples for q in e.questions})
    areas = sorted({examples[i].area_key for i in taught})
    kind_questions = np.zeros((len(kinds), len(codes)))
    kind_areas = np.zeros((len(kinds), len(areas)))
    totals = np.zeros(len(kinds))
    for e in (examples[i] for i in taught):
        k = kinds.index(e.kind)
        totals[k] += e.weight
        kind_areas[k, areas.index(e.area_key)] += e.weight
        if not e.not_evidence:
            for q in e.questions:
                kind_questions[k, codes.index(q)] += e.weight
    kind_questions /= totals[:, None]
    kind_areas /= totals[:, None]
    model = Model(vocabularies=vocabularies, idf=idf, kinds=kinds, coef=np.zeros((0, 0)), intercept=np.zeros(0),
                  codes=codes, kind_questions=kind_questions, areas=areas, kind_areas=kind_areas,
                  calibrator=np.zeros(N_CALIBRATION_FEATURES + 1))
    X = model.features(bodies, heads)
    y = [examples[i].kind for i in taught]
    classifier = LinearSVC(C=KIND_C, class_weight=KIND_CLASS_WEIGHT, random_state=SEED, max_iter=5000)
    classifier.fit(X[taught], y, sample_weight=weights[taught])
    order = [list(classifier.classes_).index(k) for k in kinds]
    coef, intercept = classifier.coef_, classifier.intercept_
    if len(classifier.classes_) == 2:  # one margin for two kinds: the first kind's margin is its opposite
        coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    model.coef = coef[order].astype(np.float32)
    model.intercept = intercept[order].astype(np.float64)
    # the gate learns from documents only (a document people rejected every suggestion for among them, at
    # its weight), not from the catalog's wordings or the parts of a document
    documents = [i for i, e in enumerate(examples) if e.document]
    labels = [0 if examples[i].not_evidence else 1 for i in documents]
    if len(set(labels)) == 2:
        # the gate reads the words and how the text is written (news, blog, paper … or a unit's own document)
        styles = np.array([style_of(examples[i]) for i in documents])
        model.style_mean = styles.mean(axis=0)
        model.style_scale = styles.std(axis=0) + 1e-3
        gate_X = hstack([X[documents], csr_matrix(model.standard_style(styles))], format="csr")
        evidence = LinearSVC(C=EVIDENCE_C, class_weight="balanced", random_state=SEED, max_iter=5000)
        evidence.fit(gate_X, labels, sample_weight=weights[documents])
        n_words = X.shape[1]
        model.evidence_coef = evidence.coef_[0][:n_words].astype(np.float32)
        model.evidence_style = evidence.coef_[0][n_words:].astype(np.float64)
        model.evidence_intercept = float(evidence.intercept_[0])
    model.question_coef, model.question_intercept = fit_questions(X[taught], [examples[i] for i in taught], codes,
                                                                  weights[taught])
    model.examples = len(examples)
    return model


def fit_questions(X, examples: Sequence[TrainingExample], codes: Sequence[str], weights: np.ndarray):
    """One linear SVM per question: evidence for it against every other example (balanced classes)."""
    from sklearn.svm import LinearSVC

    coef = np.zeros((len(codes), X.shape[1]), dtype=np.float32)
    intercept = np.full(len(codes), -1.0)
    for j, code in enumerate(codes):
        y = np.array([1 if code in e.questions else 0 for e in examples])
        if 0 < y.sum() < len(y):
            svm = LinearSVC(C=QUESTION_C, class_weight="balanced", random_state=SEED, max_iter=5000)
            svm.fit(X, y, sample_weight=weights)
            coef[j] = svm.coef_[0]
            intercept[j] = float(svm.intercept_[0])
    return coef, intercept


KIND_C = 1.0
KIND_CLASS_WEIGHT = "balanced"
EVIDENCE_C = 0.5
QUESTION_C = 0.5


def calibration_rows(model: Model, examples: Sequence[TrainingExample]) -> tuple[list, list, list, list]:
    """(features, right or not, document) of the best :data:`MAX_CODES` proposals for each evidence
    example, and (gate margin, evidence or not) of every example."""
    readings = [read_title(e.text, e.title) for e in examples]
    inputs = [model_inputs(e.text, e.title, r) for e, r in zip(examples, readings)]
    X = model.features([b for b, _ in inputs], [h for _, h in inputs])
    kind_p = model.kind_probs(X)
    evidence = model.evidence_scores(X, np.array([style_vector(e.text) for e in examples]))
    margins = model.question_margins(X)
    rows, targets, gate, groups = [], [], [], []
    for i, e in enumerate(examples):
        prediction = model.rank(kind_p[i], evidence_score=float(evidence[i]),
                                margins=margins[i] if margins is not None else None,
                                subject=model.subject_codes(readings[i]))
        prediction.genre = genre_flags(readings[i])
        gate.append((gate_features(prediction), 0 if e.not_evidence else 1))
        if e.not_evidence:
            continue
        expected = set(e.questions)
        for rank in range(min(MAX_CODES, len(prediction.candidates))):
            rows.append(calibration_features(prediction, rank))
            targets.append(1 if prediction.candidates[rank][0] in expected else 0)
            groups.append(e.source or str(i))
    return rows, targets, gate, groups


#: the softmax temperature when there are too few real documents to fit it, and the values tried
DEFAULT_TEMPERATURE = 3.0
TEMPERATURES = (1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0)


def fit_temperature(fold_models: Sequence[tuple[Model, Sequence[TrainingExample]]]) -> float:
    """The softmax temperature that gives the held-out documents' true kinds the highest likelihood.

    The SVMs' margins are not probabilities; with some ninety kinds a too-soft softmax spreads the
    mass so thinly that the questions shared by many kinds win over those of the kind the text is.
    """
    margins, truth = [], []
    for fold_model, held in fold_models:
        known = [e for e in held if e.kind in fold_model.kinds]
        if not known:
            continue
        inputs = [model_inputs(e.text, e.title) for e in known]
        X = fold_model.features([b for b, _ in inputs], [h for _, h in inputs])
        m = np.asarray(X @ fold_model.coef.T) + fold_model.intercept
        margins.extend(m)
        truth.extend(fold_model.kinds.index(e.kind) for e in known)
    if not truth:
        return DEFAULT_TEMPERATURE

    def nll(t: float) -> float:
        total = 0.0
        for m, k in zip(margins, truth):
            z = m * t
            top = z.max()
            total += top + math.log(np.exp(z - top).sum()) - z[k]
        return total

    return min(TEMPERATURES, key=nll)


def _held_out(example: TrainingExample) -> bool:
    return example.weight >= 1.0 and not example.public


def held_out_documents(examples: Iterable[TrainingExample]) -> list[TrainingExample]:
    """The examples :func:`train` holds out in turn to fit the calibrator and the gate's scaling: the real
    uploads (weight ≥ 1), not the catalog's wordings, the parts of documents or the public pages."""
    return [e for e in examples if _held_out(e)]


def train(examples: Iterable[TrainingExample], *, folds: int = 4,
          subject_phrases: dict[str, list[str]] | None = None) -> Model:
    """Train a model from labelled examples (dev set, catalog texts, reviewers' decisions).

    The calibrator is fitted on out-of-fold predictions of the real documents (``weight`` ≥ 1),
    so the confidence it gives is the share of right proposals on documents the model did not see.
    """
    from sklearn.model_selection import StratifiedKFold

    given = _sorted(examples)  # what the training hash is of (the parts follow from them)
    examples = _sorted(given + [p for e in given if e.weight >= 1.0 and not e.public for p in body_parts(e)])
    if len({e.kind for e in examples if _teaches_kinds(e)}) < 2:
        raise ValueError("training needs examples of at least two kinds (or evidence and not-evidence)")
    real = [i for i, e in enumerate(examples) if _held_out(e)]
    strata = [examples[i].area_key for i in real]
    counts = {s: strata.count(s) for s in set(strata)}
    k = min(folds, min(counts.values())) if counts else 0
    rows, targets, gate, groups = [], [], [], []
    temperature = DEFAULT_TEMPERATURE
    if len(real) >= 2 * folds and k >= 2:
        splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED)
        real_index = np.array(real)
        fold_models = []
        for _, test_idx in splitter.split(np.zeros(len(real)), strata):
            held = sorted(real_index[test_idx].tolist())
            # what is learned from a held-out document in another form (its parts, a reviewer's
            # decision on it) is held out with it: the calibrator must see documents the model did not
            held_sources = {examples[i].source for i in held if examples[i].source}
            held_set = set(held)
            fold_models.append((fit_base([e for i, e in enumerate(examples)
                                          if i not in held_set and e.source not in held_sources]),
                                [examples[i] for i in held]))
        temperature = fit_temperature(fold_models)
        for fold_model, held_examples in fold_models:
            fold_model.temperature = temperature
            fold_model.subject_phrases = dict(subject_phrases or {})
            r, t, g, d = calibration_rows(fold_model, held_examples)
            rows.extend(r)
            targets.extend(t)
            gate.extend(g)
            groups.extend(d)
    model = fit_base(examples)
    model.temperature = temperature
    model.subject_phrases = dict(subject_phrases or {})
    model.calibrator = fit_calibrator(rows, targets, groups)
    model.gate = fit_gate(gate)
    model.training_hash = training_hash(given, subject_phrases)
    return model
