"""What the evidence classifier's model reads: the opening text and the title block of a document, and
the TF-IDF vectorizers (word 1–2-grams, character 3–5-grams, title block) with the same terms computed
without scikit-learn for predicting one document quickly."""

from __future__ import annotations

import re

import numpy as np

from indexing.classify.text import normalize
from indexing.classify.title import TitleReading, read_title

#: The model reads the opening of a document (the dev set holds openings; so does a reviewer).
MODEL_CHARS = 2000


def model_inputs(text: str, title: str | None = None, reading: TitleReading | None = None) -> tuple[str, str]:
    """(body, head) strings the vectorizers read: the normalised opening text, and the title block."""
    reading = reading or read_title(text, title)
    body = normalize(text[:MODEL_CHARS])
    head = " ".join(reading.feature_words()) + normalize(" ".join((reading.heading, reading.subject)))
    return body, head


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
