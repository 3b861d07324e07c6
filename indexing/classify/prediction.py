"""What the evidence classifier's model says about one text (:class:`Prediction`), and the numbers the
calibrator and the evidence gate read from it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from indexing.classify.title import TitleReading

NOT_EVIDENCE = "none"


def area_of(code: str) -> str:
    """``A.I.3.v.a`` → ``"3"``; ``B.II.a`` → ``"B"``."""
    parts = code.split(".")
    if parts[0] == "B":
        return "B"
    return parts[2] if len(parts) > 2 else NOT_EVIDENCE


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
    #: the questions the title block names (:meth:`Model.subject_codes`)
    subject: frozenset[str] = frozenset()
    #: margins of the per-question SVMs of the candidates, in the same order
    margins: list[float] = field(default_factory=list)
    #: the words of the text that weigh most for that kind (for the reason)
    cues: list[str] = field(default_factory=list)

    @property
    def evidence_prob(self) -> float:
        return 1.0 - self.area_probs.get(NOT_EVIDENCE, 0.0)

    @property
    def area(self) -> str:
        return max(self.area_probs, key=self.area_probs.get)


def gate_features(prediction: Prediction) -> np.ndarray:
    """What P(evidence) is read from: the margin of the evidence gate (words and style of the text).

    (The kind model's own "none" class was tried next to it and added nothing on held-out folds.)"""
    return np.array([prediction.evidence_score])


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def calibration_features(prediction: Prediction, rank: int) -> np.ndarray:
    """What the calibrator reads about the candidate at ``rank``: how sure the model is, and how clear."""
    cands = prediction.candidates
    code, q = cands[rank]
    margins = prediction.margins or [0.0] * len(cands)
    margin = margins[rank]
    # the best candidate: its lead over the second; another: how far it is behind the best
    margin_gap = (margin - margins[1] if len(margins) > 1 else 0.0) if rank == 0 else margins[0] - margin
    # the candidates are ranked by their margins: the first need not be the most probable
    top = max((p for _, p in cands), default=0.0)
    best = cands[0][1] if cands else 0.0
    second = cands[1][1] if len(cands) > 1 else 0.0

    def logit(p: float) -> float:
        p = min(max(p, 1e-4), 1 - 1e-4)
        return math.log(p / (1 - p))

    return np.array([
        logit(prediction.evidence_prob),
        logit(prediction.area_probs.get(area_of(code), 0.0)),
        logit(q),
        q / top if top > 0 else 0.0,
        logit(prediction.kind_prob),
        1.0 if rank == 0 else 0.0,
        best - second if rank == 0 else 0.0,
        prediction.evidence_score,
        *prediction.genre,
        margin,
        margin_gap,
        1.0 if code in prediction.subject else 0.0,
    ])


def genre_flags(reading: TitleReading) -> tuple[float, ...]:
    """Official document, news, academic, advertisement, blog: the genre cues of the title reading."""
    genres = set(reading.genres)
    return (1.0 if reading.kinds or "dinas" in genres or reading.sop_identity >= 2 else 0.0,
            1.0 if genres & {"berita", "dateline", "waktu_berita"} else 0.0,
            1.0 if "ilmiah" in genres else 0.0,
            1.0 if "promosi" in genres else 0.0,
            1.0 if "blog" in genres else 0.0)


N_CALIBRATION_FEATURES = 16
#: weight of the standardised style cues next to the (l2-normalised) TF-IDF blocks in the evidence gate
STYLE_WEIGHT = 0.2
