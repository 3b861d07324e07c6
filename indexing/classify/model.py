"""The learned part of the evidence classifier: training, saving, loading and predicting.

One model file (``.npz``: plain arrays and a JSON header, no pickle) holds

* three TF-IDF vocabularies — words (1–2-grams) and characters (3–5-grams, robust to OCR noise) of
  the opening text, and the title block read by :mod:`indexing.classify.title` (jenis naskah,
  subject after TENTANG, SOP identity table, genre cues);
* an *area* model (multinomial logistic regression over the six areas, ``hasil`` and ``none`` =
  not evidence) and a *question* model (one logistic regression per LKE question code);
* a *calibrator*: a small logistic regression fitted on out-of-fold predictions that turns the two
  models' scores into the probability that a proposed question is right.

Training is deterministic (fixed seeds, sorted inputs) and takes a few seconds on one core;
predicting one document is a few sparse dot products (about a millisecond). A file written by
another :data:`FORMAT_VERSION` raises :class:`IncompatibleModelError`, a damaged one
:class:`ModelCorruptError`; :func:`load_model` returns ``None`` when there is no model file, and the
classifier then falls back to its rules.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexing.classify.text import normalize
from indexing.classify.title import TitleReading, read_title

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
#: The model reads the opening of a document (the dev set holds openings; so does a reviewer).
MODEL_CHARS = 2000
SEED = 20211
NOT_EVIDENCE = "none"
#: The area key of a question code (``A.I.3.v.a`` → ``"3"``, ``B.I.a`` → ``"B"``).
AREA_NAMES = {"1": "Manajemen Perubahan", "2": "Penataan Tatalaksana", "3": "Penataan Sistem Manajemen SDM",
              "4": "Penguatan Akuntabilitas Kinerja", "5": "Penguatan Pengawasan",
              "6": "Peningkatan Kualitas Pelayanan Publik", "B": "Hasil", NOT_EVIDENCE: "bukan data dukung"}
#: Questions proposed per document at most (the best ones of the predicted area first).
MAX_CODES = 2
#: Weights of the three feature blocks in the joined matrix.
BLOCK_WEIGHTS = {"word": 1.0, "char": 1.0, "head": 0.8}

PACKAGED_MODEL = Path(__file__).resolve().parent / "model" / "evidence.npz"


class ModelError(Exception):
    """A model file cannot be used."""


class IncompatibleModelError(ModelError):
    """The model file was written by another format version: train again."""


class ModelCorruptError(ModelError):
    """The model file is damaged."""


@dataclass(frozen=True)
class TrainingExample:
    """One labelled text: the questions it is evidence for, or ``not_evidence``.

    ``area`` defaults to the area of the first question. ``weight`` lowers the say of short
    synthetic texts (the catalog's question wording) against real documents.
    """

    text: str
    questions: tuple[str, ...] = ()
    doc_type: str | None = None
    not_evidence: bool = False
    area: str | None = None
    weight: float = 1.0
    source: str = ""
    title: str | None = None

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


def area_of(code: str) -> str:
    """``A.I.3.v.a`` → ``"3"``; ``B.II.a`` → ``"B"``."""
    parts = code.split(".")
    if parts[0] == "B":
        return "B"
    return parts[2] if len(parts) > 2 else NOT_EVIDENCE


def model_inputs(text: str, title: str | None = None, reading: TitleReading | None = None) -> tuple[str, str]:
    """(body, head) strings the vectorizers read: the normalised opening text, and the title block."""
    reading = reading or read_title(text, title)
    body = normalize(text[:MODEL_CHARS])
    head = " ".join(reading.feature_words()) + normalize(" ".join((reading.heading, reading.subject)))
    return body, head


# ----------------------------------------------------------------------------- vectorizers

_VECTORIZER_PARAMS = {
    "word": {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2, "max_df": 0.9, "sublinear_tf": True,
             "token_pattern": r"(?u)\b[a-z][a-z0-9]+\b", "lowercase": False, "max_features": 8000,
             "dtype": np.float32},
    "char": {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 2, "max_df": 0.9, "sublinear_tf": True,
             "lowercase": False, "max_features": 12000, "dtype": np.float32},
    "head": {"analyzer": "word", "ngram_range": (1, 2), "min_df": 1, "sublinear_tf": True,
             "token_pattern": r"(?u)\b[a-z][a-z0-9]+\b", "lowercase": False, "max_features": 3000,
             "dtype": np.float32},
}


def _vectorizer(block: str, vocabulary=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    params = dict(_VECTORIZER_PARAMS[block])
    if vocabulary is not None:
        params.pop("max_features"), params.pop("min_df"), params.pop("max_df", None)
        params["vocabulary"] = vocabulary
    return TfidfVectorizer(**params)


def _block_input(block: str, body: str, head: str) -> str:
    return head if block == "head" else body


_TOKEN_RE = re.compile(r"(?u)\b[a-z][a-z0-9]+\b")
_WHITE_RE = re.compile(r"\s\s+")


def _word_terms(text: str) -> list[str]:
    """The terms of the ``word``/``head`` vectorizers (as scikit-learn's word analyzer makes them)."""
    tokens = _TOKEN_RE.findall(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def _char_terms(text: str) -> list[str]:
    """The terms of the ``char`` vectorizer (scikit-learn's ``char_wb`` 3–5-grams)."""
    out: list[str] = []
    for word in _WHITE_RE.sub(" ", text).split():
        w = f" {word} "
        size = len(w)
        for n in (3, 4, 5):
            if size <= n:
                out.append(w)
                break
            out += [w[i:i + n] for i in range(size - n + 1)]
    return out


# ----------------------------------------------------------------------------- the model


@dataclass
class Prediction:
    """What the model says about one text: area probabilities and question scores, best first."""

    area_probs: dict[str, float]
    #: (code, probability that the code is right) of the best few questions, best first
    candidates: list[tuple[str, float]]
    #: the most probable kind (document type, or ``q:<code>``) and its probability
    kind: str = ""
    kind_prob: float = 0.0
    #: margin of the evidence / not-evidence SVM (> 0: looks like a unit's own document)
    evidence_score: float = 0.0
    #: what the title block says about the genre (:meth:`TitleReading.genre_flags`)
    genre: tuple[float, ...] = (0.0,) * 5
    #: the words of the text that weigh most for that kind (for the reason)
    cues: list[str] = field(default_factory=list)

    @property
    def evidence_prob(self) -> float:
        return 1.0 - self.area_probs.get(NOT_EVIDENCE, 0.0)

    @property
    def area(self) -> str:
        return max(self.area_probs, key=self.area_probs.get)


@dataclass
class Model:
    """A multinomial logistic regression over *kinds* of document; questions and areas follow from them.

    ``kind_questions[k, q]`` is the share of training examples of kind ``k`` that are evidence for
    question ``q``; ``kind_areas[k, a]`` the share in area ``a``. So P(question | text) =
    Σ_k P(k | text) · kind_questions[k, q], and P(not evidence | text) = P(kind ``none`` | text).
    """

    vocabularies: dict[str, list[str]]
    idf: dict[str, np.ndarray]
    kinds: list[str]
    coef: np.ndarray  # kinds × features
    intercept: np.ndarray
    codes: list[str]
    kind_questions: np.ndarray  # kinds × codes
    areas: list[str]
    kind_areas: np.ndarray  # kinds × areas
    calibrator: np.ndarray  # weights of :func:`calibration_features`, intercept last
    evidence_coef: np.ndarray | None = None  # evidence (1) against not evidence (0), real documents only
    evidence_intercept: float = 0.0
    training_hash: str = ""
    examples: int = 0
    _vectorizers: dict = field(default_factory=dict, repr=False)
    _feature_names: list[str] | None = field(default=None, repr=False)
    _coef_t: np.ndarray | None = field(default=None, repr=False)
    _index: dict | None = field(default=None, repr=False)

    # -- features
    def _vectorizer(self, block: str):
        vec = self._vectorizers.get(block)
        if vec is None:
            vec = _vectorizer(block, {t: i for i, t in enumerate(self.vocabularies[block])})
            vec.idf_ = self.idf[block]
            self._vectorizers[block] = vec
        return vec

    def features(self, bodies: Sequence[str], heads: Sequence[str]):
        from scipy.sparse import hstack

        blocks = []
        for block, weight in BLOCK_WEIGHTS.items():
            texts = heads if block == "head" else bodies
            blocks.append(self._vectorizer(block).transform(texts) * weight)
        return hstack(blocks, format="csr")

    @property
    def feature_names(self) -> list[str]:
        if self._feature_names is None:
            self._feature_names = [n for block in BLOCK_WEIGHTS for n in self.vocabularies[block]]
        return self._feature_names

    def _row(self, body: str, head: str) -> tuple[np.ndarray, np.ndarray]:
        """One document's joined TF-IDF vector as (column indices, values), without scikit-learn's overhead.

        The same numbers as :meth:`features` (sublinear tf × idf, l2 per block, block weights).
        """
        if self._index is None:
            self._index = {}
            offset = 0
            for block in BLOCK_WEIGHTS:
                self._index[block] = ({t: i + offset for i, t in enumerate(self.vocabularies[block])}, offset)
                offset += len(self.vocabularies[block])
        columns, values = [], []
        for block, weight in BLOCK_WEIGHTS.items():
            index, offset = self._index[block]
            terms = _char_terms(body) if block == "char" else _word_terms(head if block == "head" else body)
            counts: dict[int, int] = {}
            for term, n in Counter(terms).items():  # counted in C, looked up once per distinct term
                j = index.get(term)
                if j is not None:
                    counts[j] = n
            if not counts:
                continue
            cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            v = (1.0 + np.log(tf)) * self.idf[block][cols - offset]
            v *= weight / np.sqrt(np.dot(v, v))
            columns.append(cols)
            values.append(v)
        if not columns:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(columns), np.concatenate(values)

    # -- prediction
    def kind_probs(self, X) -> np.ndarray:
        """Kind probabilities: the margins of the one-vs-rest SVMs through a softmax (:data:`TEMPERATURE`)."""
        if self._coef_t is None or self._coef_t.shape[1] != self.coef.shape[0]:
            self._coef_t = np.ascontiguousarray(self.coef.T, dtype=np.float32)
        logits = (np.asarray(X @ self._coef_t) + self.intercept) * TEMPERATURE
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def evidence_scores(self, X) -> np.ndarray:
        if self.evidence_coef is None:
            return np.zeros(X.shape[0])
        return np.asarray(X @ self.evidence_coef).ravel() + self.evidence_intercept

    def predict(self, text: str, title: str | None = None, *, reading: TitleReading | None = None,
                allowed: Iterable[str] | None = None, explain: bool = True) -> Prediction:
        reading = reading or read_title(text, title)
        body, head = model_inputs(text, title, reading)
        cols, vals = self._row(body, head)
        if self._coef_t is None or self._coef_t.shape[1] != self.coef.shape[0]:
            self._coef_t = np.ascontiguousarray(self.coef.T, dtype=np.float32)
        logits = (vals @ self._coef_t[cols] + self.intercept) * TEMPERATURE
        logits -= logits.max()
        kind_p = np.exp(logits)
        kind_p /= kind_p.sum()
        evidence = float(vals @ self.evidence_coef[cols] + self.evidence_intercept) if self.evidence_coef is not None else 0.0
        prediction = self.rank(kind_p, allowed, evidence_score=evidence)
        prediction.genre = genre_flags(reading)
        if explain and prediction.kind and prediction.kind != NOT_EVIDENCE:
            prediction.cues = self._cues(cols, vals, prediction.kind)
        return prediction

    def rank(self, kind_p: np.ndarray, allowed: Iterable[str] | None = None, *,
             evidence_score: float = 0.0) -> Prediction:
        area_p = kind_p @ self.kind_areas
        area_probs = {a: float(p) for a, p in zip(self.areas, area_p)}
        q_p = kind_p @ self.kind_questions
        allowed_set = set(allowed) if allowed is not None else None
        order = np.argsort(-q_p, kind="stable")
        candidates = []
        for i in order[:40]:
            code = self.codes[i]
            if allowed_set is None or code in allowed_set:
                candidates.append((code, float(q_p[i])))
            if len(candidates) >= 6:
                break
        best = int(np.argmax(kind_p))
        return Prediction(area_probs=area_probs, candidates=candidates, kind=self.kinds[best],
                          kind_prob=float(kind_p[best]), evidence_score=evidence_score)

    def _cues(self, cols: np.ndarray, vals: np.ndarray, kind: str, limit: int = 4) -> list[str]:
        """The words/phrases of the text that push ``kind`` up most (word and title features only)."""
        weights = self.coef[self.kinds.index(kind)]
        names = self.feature_names
        n_word = len(self.vocabularies["word"])
        n_char = len(self.vocabularies["char"])
        contributions = []
        for j, value in zip(cols.tolist(), vals.tolist()):
            if n_word <= j < n_word + n_char:
                continue  # character n-grams do not read well in a reason
            c = float(value) * float(weights[j])
            if c > 0:
                contributions.append((c, names[j]))
        contributions.sort(reverse=True)
        out: list[str] = []
        for _, name in contributions:
            if name.startswith("zz") or any(name in o or o in name for o in out):
                continue
            out.append(name)
            if len(out) >= limit:
                break
        return out

    def calibrated(self, prediction: Prediction, rank: int) -> float:
        """Probability that the candidate at ``rank`` (0-based) is a right question for the document."""
        z = float(np.dot(self.calibrator[:-1], calibration_features(prediction, rank)) + self.calibrator[-1])
        return 1.0 / (1.0 + math.exp(-z))

    # -- persistence
    def save(self, path: str | Path) -> Path:
        from scipy.sparse import csr_matrix

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {"format_version": FORMAT_VERSION, "kinds": self.kinds, "codes": self.codes, "areas": self.areas,
                  "vocabularies": self.vocabularies, "training_hash": self.training_hash, "examples": self.examples,
                  "coef_shape": list(self.coef.shape)}
        coef = self.coef.copy()
        coef[np.abs(coef) < PRUNE * np.abs(coef).max()] = 0.0  # tiny weights change no decision
        sparse = csr_matrix(coef.astype(np.float32))
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer, header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            coef_data=sparse.data.astype(np.float16), coef_indices=sparse.indices.astype(np.int32),
            coef_indptr=sparse.indptr.astype(np.int32), intercept=self.intercept.astype(np.float64),
            kind_questions=self.kind_questions.astype(np.float32), kind_areas=self.kind_areas.astype(np.float32),
            calibrator=self.calibrator.astype(np.float64),
            evidence=np.concatenate([self.evidence_coef if self.evidence_coef is not None
                                     else np.zeros(self.coef.shape[1]), [self.evidence_intercept]]).astype(np.float32),
            **{f"idf_{block}": self.idf[block].astype(np.float32) for block in BLOCK_WEIGHTS},
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".npz")
        with os.fdopen(fd, "wb") as out:
            out.write(buffer.getvalue())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return path


#: weights smaller than this share of the largest are dropped when a model is saved
PRUNE = 0.002


def calibration_features(prediction: Prediction, rank: int) -> np.ndarray:
    """What the calibrator reads about the candidate at ``rank``: how sure the model is, and how clear."""
    cands = prediction.candidates
    code, q = cands[rank]
    best = cands[0][1] if cands else 0.0
    second = cands[1][1] if len(cands) > 1 else 0.0

    def logit(p: float) -> float:
        p = min(max(p, 1e-4), 1 - 1e-4)
        return math.log(p / (1 - p))

    return np.array([
        logit(prediction.evidence_prob),
        logit(prediction.area_probs.get(area_of(code), 0.0)),
        logit(q),
        q / best if best > 0 else 0.0,
        logit(prediction.kind_prob),
        1.0 if rank == 0 else 0.0,
        best - second if rank == 0 else 0.0,
        prediction.evidence_score,
        *prediction.genre,
    ])


def genre_flags(reading: TitleReading) -> tuple[float, ...]:
    """Official document, news, academic, advertisement, blog: the genre cues of the title reading."""
    genres = set(reading.genres)
    return (1.0 if reading.kinds or "dinas" in genres or reading.sop_identity >= 2 else 0.0,
            1.0 if genres & {"berita", "dateline", "waktu_berita"} else 0.0,
            1.0 if "ilmiah" in genres else 0.0,
            1.0 if "promosi" in genres else 0.0,
            1.0 if "blog" in genres else 0.0)


N_CALIBRATION_FEATURES = 13
#: sharpness of the softmax over the SVM margins
TEMPERATURE = 3.0


def load_model(path: str | Path) -> Model | None:
    """The model saved at ``path``; ``None`` when there is no such file."""
    from scipy.sparse import csr_matrix

    path = Path(path)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode("utf-8"))
            if header.get("format_version") != FORMAT_VERSION:
                raise IncompatibleModelError(
                    f"{path}: model format {header.get('format_version')}, this version reads {FORMAT_VERSION}")
            coef = csr_matrix((data["coef_data"].astype(np.float32), data["coef_indices"], data["coef_indptr"]),
                              shape=tuple(header["coef_shape"])).toarray()
            return Model(
                vocabularies=header["vocabularies"],
                idf={block: data[f"idf_{block}"].astype(np.float64) for block in BLOCK_WEIGHTS},
                kinds=header["kinds"], coef=coef, intercept=data["intercept"], codes=header["codes"],
                kind_questions=data["kind_questions"].astype(np.float64), areas=header["areas"],
                kind_areas=data["kind_areas"].astype(np.float64), calibrator=data["calibrator"],
                evidence_coef=data["evidence"][:-1].astype(np.float32), evidence_intercept=float(data["evidence"][-1]),
                training_hash=header.get("training_hash", ""), examples=header.get("examples", 0),
            )
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file, whatever numpy says about it
        raise ModelCorruptError(f"{path}: the model file cannot be read ({exc})") from exc


# ----------------------------------------------------------------------------- training


def training_hash(examples: Sequence[TrainingExample]) -> str:
    digest = hashlib.sha256(f"format {FORMAT_VERSION}".encode())
    for ex in examples:
        digest.update(json.dumps([ex.text, ex.questions, ex.kind, ex.area_key, ex.weight, ex.title],
                                 ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _sorted(examples: Iterable[TrainingExample]) -> list[TrainingExample]:
    return sorted(examples, key=lambda e: (e.source, e.text))


def fit_base(examples: Sequence[TrainingExample]) -> Model:
    """Vectorizers, the kind model and the evidence model (the calibrator is fitted by :func:`train`)."""
    from sklearn.svm import LinearSVC

    inputs = [model_inputs(e.text, e.title) for e in examples]
    bodies = [b for b, _ in inputs]
    heads = [h for _, h in inputs]
    weights = np.array([e.weight for e in examples])
    vocabularies, idf = {}, {}
    for block in BLOCK_WEIGHTS:
        vec = _vectorizer(block)
        vec.fit([_block_input(block, b, h) for b, h in zip(bodies, heads)])
        vocabularies[block] = vec.get_feature_names_out().tolist()
        idf[block] = vec.idf_.astype(np.float64)
    kinds = sorted({e.kind for e in examples})
    codes = sorted({q for e in examples for q in e.questions})
    areas = sorted({e.area_key for e in examples})
    kind_questions = np.zeros((len(kinds), len(codes)))
    kind_areas = np.zeros((len(kinds), len(areas)))
    totals = np.zeros(len(kinds))
    for e in examples:
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
    y = [e.kind for e in examples]
    classifier = LinearSVC(C=KIND_C, class_weight=KIND_CLASS_WEIGHT, random_state=SEED, max_iter=5000)
    classifier.fit(X, y, sample_weight=weights)
    order = [list(classifier.classes_).index(k) for k in kinds]
    model.coef = classifier.coef_[order].astype(np.float32)
    model.intercept = classifier.intercept_[order].astype(np.float64)
    real = [i for i, e in enumerate(examples) if e.weight >= 1.0]
    labels = [0 if examples[i].not_evidence else 1 for i in real]
    if len(set(labels)) == 2:
        evidence = LinearSVC(C=EVIDENCE_C, class_weight="balanced", random_state=SEED, max_iter=5000)
        evidence.fit(X[real], labels)
        model.evidence_coef = evidence.coef_[0].astype(np.float32)
        model.evidence_intercept = float(evidence.intercept_[0])
    model.examples = len(examples)
    return model


KIND_C = 1.0
KIND_CLASS_WEIGHT = "balanced"
EVIDENCE_C = 0.5


def calibration_rows(model: Model, examples: Sequence[TrainingExample]) -> tuple[list, list]:
    """(features, right or not) of the best :data:`MAX_CODES` proposals for each example."""
    readings = [read_title(e.text, e.title) for e in examples]
    inputs = [model_inputs(e.text, e.title, r) for e, r in zip(examples, readings)]
    X = model.features([b for b, _ in inputs], [h for _, h in inputs])
    kind_p = model.kind_probs(X)
    evidence = model.evidence_scores(X)
    rows, targets = [], []
    for i, e in enumerate(examples):
        prediction = model.rank(kind_p[i], evidence_score=float(evidence[i]))
        prediction.genre = genre_flags(readings[i])
        expected = set() if e.not_evidence else set(e.questions)
        for rank in range(min(MAX_CODES, len(prediction.candidates))):
            rows.append(calibration_features(prediction, rank))
            targets.append(1 if prediction.candidates[rank][0] in expected else 0)
    return rows, targets


def fit_calibrator(rows: Sequence, targets: Sequence[int]) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    if len(rows) < 10 or len(set(targets)) < 2:  # too few real documents: the question score, damped
        weights = np.zeros(N_CALIBRATION_FEATURES + 1)
        weights[2], weights[-1] = 1.0, -1.0
        return weights
    calibrator = LogisticRegression(C=1.0, max_iter=1000, random_state=SEED)
    calibrator.fit(np.array(rows), np.array(targets))
    return np.concatenate([calibrator.coef_[0], calibrator.intercept_])


def train(examples: Iterable[TrainingExample], *, folds: int = 4) -> Model:
    """Train a model from labelled examples (dev set, catalog texts, reviewers' decisions).

    The calibrator is fitted on out-of-fold predictions of the real documents (``weight`` ≥ 1),
    so the confidence it gives is the share of right proposals on documents the model did not see.
    """
    from sklearn.model_selection import StratifiedKFold

    examples = _sorted(examples)
    if len({e.kind for e in examples}) < 2:
        raise ValueError("training needs examples of at least two kinds (or evidence and not-evidence)")
    real = [i for i, e in enumerate(examples) if e.weight >= 1.0]
    strata = [examples[i].area_key for i in real]
    counts = {s: strata.count(s) for s in set(strata)}
    k = min(folds, min(counts.values())) if counts else 0
    rows, targets = [], []
    if len(real) >= 2 * folds and k >= 2:
        splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED)
        real_index = np.array(real)
        for _, test_idx in splitter.split(np.zeros(len(real)), strata):
            held = set(real_index[test_idx].tolist())
            fold_model = fit_base([e for i, e in enumerate(examples) if i not in held])
            r, t = calibration_rows(fold_model, [examples[i] for i in sorted(held)])
            rows.extend(r)
            targets.extend(t)
    model = fit_base(examples)
    model.calibrator = fit_calibrator(rows, targets)
    model.training_hash = training_hash(examples)
    return model
