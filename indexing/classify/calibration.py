"""The two probability scalings fitted on held-out uploads when training: the gate's Platt scaling
(P(evidence)) and the calibrator (P(a proposed question is right | evidence))."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from indexing.classify.model import SEED
from indexing.classify.prediction import N_CALIBRATION_FEATURES


def fit_gate(pairs: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """Platt scaling of the gate: P(evidence) from :func:`gate_features`, as weights with the intercept last.

    Fitted with the classes as frequent as they are among the held-out documents, so that the
    probability is a probability (balancing the classes would reject more news and many more
    real documents, and make every confidence too low)."""
    from sklearn.linear_model import LogisticRegression

    labels = [y for _, y in pairs]
    if len(pairs) < 10 or len(set(labels)) < 2:
        return np.array([1.0, 0.0])
    platt = LogisticRegression(C=1.0, max_iter=1000, random_state=SEED)
    platt.fit(np.array([f for f, _ in pairs]), labels)
    return np.concatenate([platt.coef_[0], platt.intercept_])


#: regularisation strengths the calibrator chooses from, by the log-loss on documents it was not fitted on
CALIBRATOR_CS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def fit_calibrator(rows: Sequence, targets: Sequence[int], groups: Sequence[str] | None = None) -> np.ndarray:
    """The calibrator's weights (intercept last). Its regularisation is chosen by cross-validation over the
    held-out documents (a document's proposals stay in one fold), so it is chosen on documents neither
    the base models nor the calibrator saw."""
    from sklearn.linear_model import LogisticRegression

    if len(rows) < 10 or len(set(targets)) < 2:  # too few real documents: the question score, damped
        weights = np.zeros(N_CALIBRATION_FEATURES + 1)
        weights[2], weights[-1] = 1.0, -1.0
        return weights
    X, y = np.array(rows), np.array(targets)
    C = _calibrator_strength(X, y, groups) if groups is not None else 1.0
    calibrator = LogisticRegression(C=C, max_iter=1000, random_state=SEED)
    calibrator.fit(X, y)
    return np.concatenate([calibrator.coef_[0], calibrator.intercept_])


def _calibrator_strength(X: np.ndarray, y: np.ndarray, groups: Sequence[str], folds: int = 4) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    groups = np.array(groups)
    if len(set(groups)) < 2 * folds or min(np.bincount(y)) < folds:
        return 1.0
    losses = {}
    for C in CALIBRATOR_CS:
        p = np.zeros(len(y))
        for train_idx, test_idx in GroupKFold(n_splits=folds).split(X, y, groups):
            if len(set(y[train_idx])) < 2:
                return 1.0
            lr = LogisticRegression(C=C, max_iter=1000, random_state=SEED).fit(X[train_idx], y[train_idx])
            p[test_idx] = lr.predict_proba(X[test_idx])[:, 1]
        losses[C] = log_loss(y, p, labels=[0, 1])
    return min(CALIBRATOR_CS, key=lambda C: (losses[C], -C))
