"""Text normalisation and whole-word phrase matching used by the classifier."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")
#: combining marks (accents after NFKD): the blocks of combining diacritics
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=8)
def normalize(text: str) -> str:
    """Lowercase, strip accents, turn everything but letters and digits into single spaces."""
    text = text.lower()
    if not text.isascii():  # é → e + accent (NFKD); the accent is dropped, not turned into a space
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " " + _NON_WORD.sub(" ", text).strip() + " "


@lru_cache(maxsize=16384)
def normalize_phrase(phrase: str) -> str:
    """:func:`normalize` for the catalog's keywords, which repeat for every document."""
    return normalize(phrase)


@lru_cache(maxsize=16384)
def _phrase_words(phrase: str) -> tuple[str, tuple[str, ...]]:
    norm = normalize_phrase(phrase)
    return norm, tuple(norm.split())


@lru_cache(maxsize=8)
def _vocabulary(normalized_text: str) -> frozenset[str]:
    """The words of a normalised text (a document's head or body is asked about hundreds of phrases)."""
    return frozenset(normalized_text.split())


@lru_cache(maxsize=4096)
def _prepared(phrases: tuple[str, ...]) -> tuple[tuple[str, str, str, bool], ...]:
    """(phrase, normalised phrase, its first word, has more words) of each distinct non-empty phrase."""
    out = []
    for phrase in dict.fromkeys(phrases):
        norm, words = _phrase_words(phrase)
        if words:
            out.append((phrase, norm, words[0], len(words) > 1))
    return tuple(out)


def found_phrases(normalized_text: str, phrases) -> list[str]:
    """The distinct phrases of ``phrases`` found in the normalised text, in the given order.

    The catalog asks every document about hundreds of phrases: a phrase whose first word is not
    among the text's words is rejected by a set look-up; only the others are searched for.
    """
    vocabulary = _vocabulary(normalized_text)
    return [phrase for phrase, norm, first, longer in _prepared(tuple(phrases))
            if first in vocabulary and (not longer or norm in normalized_text)]


def token_overlap(a: str, b: str) -> float:
    """Share of ``b``'s words that also occur in ``a`` (0–1)."""
    wa = set(normalize(a).split())
    wb = set(normalize(b).split())
    if not wb:
        return 0.0
    return len(wa & wb) / len(wb)
