"""What the evidence classifier's model reads: the opening text and the title block of a document, and
the TF-IDF vectorizers (word 1–2-grams, character 3–5-grams, title block) with the same terms computed
without scikit-learn for predicting one document quickly."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

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


@dataclass(frozen=True)
class PageTerms:
    """What the model reads of a text, without the text: the counts of the words of its normalised opening
    (:func:`model_inputs`), the counts of its word bigrams (those a corpus keeps), its title block and its
    style (:func:`indexing.classify.genre.style_vector`). A public page the training learns from is kept
    this way (``benchmarks/public_pages``): its own text is not ours to copy.

    The word and character terms of a text follow from its words alone (``char_wb`` n-grams are of one
    word; the word unigrams are words), the bigrams do not: those are kept as counted."""

    words: tuple[tuple[str, int], ...]
    bigrams: tuple[tuple[str, int], ...]
    head: str
    style: tuple[float, ...]

    @classmethod
    def of(cls, body: str, head: str, style, keep_bigram=lambda bigram: True) -> "PageTerms":
        bigrams = Counter(word_pairs(body))
        return cls(words=tuple(sorted(Counter(body.split()).items())),
                   bigrams=tuple(sorted((b, n) for b, n in bigrams.items() if keep_bigram(b))),
                   head=head, style=tuple(float(v) for v in style))

    def terms(self, block: str) -> list[str]:
        """The terms the ``word`` or ``char`` vectorizer reads of the text (``head``: of its title block)."""
        if block == "head":
            return _word_terms(self.head)
        out: list[str] = []
        for word, n in self.words:
            terms = _char_terms(word) if block == "char" else [word] if _TOKEN_RE.fullmatch(word) else []
            out += terms * n
        if block == "word":
            for bigram, n in self.bigrams:
                out += [bigram] * n
        return out

    def to_json(self) -> dict:
        return {"words": dict(self.words), "bigrams": dict(self.bigrams), "head": self.head,
                "style": list(self.style)}

    @classmethod
    def from_json(cls, data: dict) -> "PageTerms":
        return cls(words=tuple(sorted(data["words"].items())), bigrams=tuple(sorted(data["bigrams"].items())),
                   head=data["head"], style=tuple(data["style"]))


class _Analyzer:
    """A vectorizer's analyzer that reads a text (as scikit-learn's own analyzer does) or :class:`PageTerms`."""

    def __init__(self, block: str, analyze):
        self.block, self.analyze = block, analyze

    def __call__(self, doc):
        return doc.terms(self.block) if isinstance(doc, PageTerms) else self.analyze(doc)


def _vectorizer(block: str, vocabulary=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    params = dict(_VECTORIZER_PARAMS[block])
    if vocabulary is not None:
        params.pop("max_features"), params.pop("min_df"), params.pop("max_df", None)
        params["vocabulary"] = vocabulary
    analyze = TfidfVectorizer(**params).build_analyzer()
    for key in ("analyzer", "ngram_range", "token_pattern", "lowercase"):
        params.pop(key, None)
    return TfidfVectorizer(analyzer=_Analyzer(block, analyze), **params)


def _block_input(block: str, body: str, head: str) -> str:
    return head if block == "head" else body


_TOKEN_RE = re.compile(r"(?u)\b[a-z][a-z0-9]+\b")
_WHITE_RE = re.compile(r"\s\s+")


def _word_terms(text: str) -> list[str]:
    """The terms of the ``word``/``head`` vectorizers (as scikit-learn's word analyzer makes them)."""
    tokens = _TOKEN_RE.findall(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def word_pairs(text: str) -> list[str]:
    """The word bigrams among the terms of the ``word`` vectorizer (:func:`_word_terms`)."""
    return [term for term in _word_terms(text) if " " in term]


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
