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
:class:`ModelCorruptError` (:mod:`indexing.classify.model_file` writes and reads the file); without a
model file the classifier falls back to its rules.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexing.classify.features import (  # noqa: F401 - MODEL_CHARS and model_inputs re-exported
    _WHITE_RE,
    MODEL_CHARS,
    _block_input,
    _char_terms,
    _vectorizer,
    _word_terms,
    model_inputs,
)
from indexing.classify.genre import style_vector
from indexing.classify.prediction import (  # noqa: F401 - re-exported for the training and the classifier
    N_CALIBRATION_FEATURES,
    NOT_EVIDENCE,
    STYLE_WEIGHT,
    Prediction,
    _sigmoid,
    area_of,
    calibration_features,
    gate_features,
    genre_flags,
)
from indexing.classify.text import normalize
from indexing.classify.title import TitleReading, read_title

log = logging.getLogger(__name__)

FORMAT_VERSION = 3
SEED = 20211
#: The area key of a question code (``A.I.3.v.a`` → ``"3"``, ``B.I.a`` → ``"B"``).
AREA_NAMES = {"1": "Manajemen Perubahan", "2": "Penataan Tatalaksana", "3": "Penataan Sistem Manajemen SDM",
              "4": "Penguatan Akuntabilitas Kinerja", "5": "Penguatan Pengawasan",
              "6": "Peningkatan Kualitas Pelayanan Publik", "B": "Hasil", NOT_EVIDENCE: "bukan data dukung"}
#: Questions proposed per document at most (the best ones of the predicted area first).
MAX_CODES = 2
#: what naming a question's subject in the title block adds to its SVM margin when ranking (one margin unit:
#: the distance between "on the boundary" and "clearly this question")
SUBJECT_BONUS = 1.0
#: distinct words whose character n-grams a model remembers (a few MB at most)
CHAR_CACHE_WORDS = 100_000
#: Weights of the three feature blocks in the joined matrix.
BLOCK_WEIGHTS = {"word": 1.0, "char": 1.0, "head": 0.8}

PACKAGED_MODEL = Path(__file__).resolve().parent / "model" / "evidence.npz"


class ModelError(Exception):
    """A model file cannot be used."""


class IncompatibleModelError(ModelError):
    """The model file was written by another format version: train again."""


class ModelCorruptError(ModelError):
    """The model file is damaged."""


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
    #: the evidence gate also reads how the text is written (:mod:`indexing.classify.genre`), standardised
    evidence_style: np.ndarray | None = None
    style_mean: np.ndarray | None = None
    style_scale: np.ndarray | None = None
    #: sharpness of the softmax over the kind SVMs' margins (fitted on held-out folds when training)
    temperature: float = 3.0
    #: one linear SVM per question (question × features): which questions the text is evidence for
    question_coef: np.ndarray | None = None
    question_intercept: np.ndarray | None = None
    #: per question, phrases that name its subject (:func:`indexing.classify.training_data.subject_phrases`)
    subject_phrases: dict[str, list[str]] = field(default_factory=dict)
    #: weights of :func:`gate_features` (intercept last) giving P(evidence), fitted on held-out folds
    gate: np.ndarray = field(default_factory=lambda: np.array([1.0, 0.0]))
    training_hash: str = ""
    examples: int = 0
    _vectorizers: dict = field(default_factory=dict, repr=False)
    _feature_names: list[str] | None = field(default=None, repr=False)
    _coef_t: np.ndarray | None = field(default=None, repr=False)
    _joined_t: np.ndarray | None = field(default=None, repr=False)
    _char_cache: dict = field(default_factory=dict, repr=False)
    _index: dict | None = field(default=None, repr=False)
    _subjects: tuple | None = field(default=None, repr=False)

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
            counts: dict[int, int] = {}
            if block == "char":
                self._char_counts(body, index, counts)
            else:
                for term, n in Counter(_word_terms(head if block == "head" else body)).items():
                    j = index.get(term)  # counted in C, looked up once per distinct term
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

    def _char_counts(self, body: str, index: dict, counts: dict[int, int]) -> None:
        """Character n-gram counts: a word's n-grams do not depend on the text around it (``char_wb``),
        so each distinct word is split once per process and its known n-grams are remembered."""
        cache = self._char_cache
        if len(cache) > CHAR_CACHE_WORDS:
            cache.clear()
        for word, n in Counter(_WHITE_RE.sub(" ", body).split()).items():
            known = cache.get(word)
            if known is None:
                known = cache[word] = [j for j in map(index.get, _char_terms(word)) if j is not None]
            for j in known:
                counts[j] = counts.get(j, 0) + n

    # -- prediction
    def kind_probs(self, X) -> np.ndarray:
        """Kind probabilities: the margins of the one-vs-rest SVMs through a softmax (``temperature``)."""
        if self._coef_t is None or self._coef_t.shape[1] != self.coef.shape[0]:
            self._coef_t = np.ascontiguousarray(self.coef.T, dtype=np.float32)
        logits = (np.asarray(X @ self._coef_t) + self.intercept) * self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def evidence_scores(self, X, styles: np.ndarray | None = None) -> np.ndarray:
        """Margins of the evidence gate (> 0: a unit's own document) for rows ``X`` and their style vectors."""
        if self.evidence_coef is None:
            return np.zeros(X.shape[0])
        scores = np.asarray(X @ self.evidence_coef).ravel() + self.evidence_intercept
        if self.evidence_style is not None and styles is not None:
            scores += self.standard_style(styles) @ self.evidence_style
        return scores

    def standard_style(self, styles: np.ndarray) -> np.ndarray:
        return (styles - self.style_mean) / self.style_scale * STYLE_WEIGHT

    def predict(self, text: str, title: str | None = None, *, reading: TitleReading | None = None,
                allowed: Iterable[str] | None = None, explain: bool = True) -> Prediction:
        reading = reading or read_title(text, title)
        body, head = model_inputs(text, title, reading)
        cols, vals = self._row(body, head)
        # one gather of the document's columns from every linear model at once, then one product
        scores = self._weights_t().take(cols, axis=0).T @ vals.astype(np.float32)
        n_kinds = self.coef.shape[0]
        logits = (scores[:n_kinds].astype(np.float64) + self.intercept) * self.temperature
        logits -= logits.max()
        kind_p = np.exp(logits)
        kind_p /= kind_p.sum()
        margins = None
        if self.question_coef is not None:
            margins = scores[n_kinds:n_kinds + self.question_coef.shape[0]].astype(np.float64) + self.question_intercept
        evidence = 0.0
        if self.evidence_coef is not None:
            evidence = float(scores[-1]) + self.evidence_intercept
            if self.evidence_style is not None:
                evidence += float(self.standard_style(style_vector(text)) @ self.evidence_style)
        prediction = self.rank(kind_p, allowed, evidence_score=evidence, margins=margins,
                               subject=self.subject_codes(reading))
        prediction.genre = genre_flags(reading)
        if explain and prediction.kind and prediction.kind != NOT_EVIDENCE:
            prediction.cues = self._cues(cols, vals, prediction.kind)
        return prediction

    def _weights_t(self) -> np.ndarray:
        """Features × (kinds, questions, evidence): the weights of the three linear models side by side."""
        width = (self.coef.shape[0] + (self.question_coef.shape[0] if self.question_coef is not None else 0)
                 + (1 if self.evidence_coef is not None else 0))
        if self._joined_t is None or self._joined_t.shape != (self.coef.shape[1], width):
            parts = [self.coef.T]
            if self.question_coef is not None:
                parts.append(self.question_coef.T)
            if self.evidence_coef is not None:
                parts.append(self.evidence_coef[:, None])
            self._joined_t = np.ascontiguousarray(np.hstack(parts), dtype=np.float32)
        return self._joined_t

    def question_margins(self, X) -> np.ndarray | None:
        """Margins of the per-question SVMs for rows ``X`` (``None`` for a model without them)."""
        if self.question_coef is None:
            return None
        return np.asarray(X @ self.question_coef.T) + self.question_intercept

    def subject_codes(self, reading: TitleReading) -> frozenset[str]:
        """The questions whose subject phrases the document's title block names."""
        if not self.subject_phrases or not (reading.subject or reading.heading):
            return frozenset()
        subject = normalize(reading.subject + " " + reading.heading)
        words = frozenset(subject.split())
        return frozenset(code for code, single, longer in self._subject_index()
                         if not single.isdisjoint(words) or any(p in subject for p in longer))

    def _subject_index(self) -> list[tuple[str, frozenset[str], tuple[str, ...]]]:
        """Per question: its one-word subject phrases (a set) and its longer ones padded with spaces."""
        if self._subjects is None or self._subjects[0] is not self.subject_phrases:
            self._subjects = (self.subject_phrases, [(code, frozenset(p for p in phrases if " " not in p),
                                                      tuple(f" {p} " for p in phrases if " " in p))
                                                     for code, phrases in self.subject_phrases.items()])
        return self._subjects[1]

    def rank(self, kind_p: np.ndarray, allowed: Iterable[str] | None = None, *,
             evidence_score: float = 0.0, margins: np.ndarray | None = None,
             subject: frozenset[str] = frozenset()) -> Prediction:
        """Candidates best first: by the per-question SVMs' margins (plus :data:`SUBJECT_BONUS` for a
        question the title names), else by the kinds' questions."""
        area_p = kind_p @ self.kind_areas
        area_probs = {a: float(p) for a, p in zip(self.areas, area_p)}
        q_p = kind_p @ self.kind_questions
        allowed_set = set(allowed) if allowed is not None else None
        scores = margins if margins is not None else q_p
        if subject and margins is not None:
            scores = scores + SUBJECT_BONUS * np.array([code in subject for code in self.codes])
        order = np.argsort(-scores, kind="stable")
        candidates, candidate_margins = [], []
        for i in order[:60]:
            code = self.codes[i]
            if allowed_set is None or code in allowed_set:
                candidates.append((code, float(q_p[i])))
                candidate_margins.append(float(margins[i]) if margins is not None else 0.0)
            if len(candidates) >= 6:
                break
        best = int(np.argmax(kind_p))
        return Prediction(area_probs=area_probs, candidates=candidates, kind=self.kinds[best],
                          kind_prob=float(kind_p[best]), evidence_score=evidence_score, margins=candidate_margins,
                          subject=subject)

    def _cues(self, cols: np.ndarray, vals: np.ndarray, kind: str, limit: int = 4) -> list[str]:
        """The words/phrases of the text that push ``kind`` up most (word and title features only)."""
        weights = self.coef[self.kinds.index(kind)]
        names = self.feature_names
        n_word = len(self.vocabularies["word"])
        n_char = len(self.vocabularies["char"])
        readable = (cols < n_word) | (cols >= n_word + n_char)  # character n-grams do not read well in a reason
        cols, contribution = cols[readable], vals[readable] * weights[cols[readable]]
        positive = contribution > 0
        cols, contribution = cols[positive], contribution[positive]
        order = np.argsort(-contribution, kind="stable")  # strongest first
        out: list[str] = []
        for name in (names[j] for j in cols[order].tolist()):
            if name.startswith("zz") or any(name in o or o in name for o in out):
                continue
            out.append(name)
            if len(out) >= limit:
                break
        return out

    def calibrated(self, prediction: Prediction, rank: int) -> float:
        """Probability that the candidate at ``rank`` (0-based) is a right question for the document:
        P(the document is evidence) · P(the question is right | evidence), both fitted on held-out folds."""
        z = float(np.dot(self.calibrator[:-1], calibration_features(prediction, rank)) + self.calibrator[-1])
        return _sigmoid(z) * self.gate_prob(prediction)

    def gate_prob(self, prediction: Prediction) -> float:
        """P(the document is evidence): the gate's margin, Platt-scaled."""
        return _sigmoid(float(np.dot(self.gate[:-1], gate_features(prediction)) + self.gate[-1]))
