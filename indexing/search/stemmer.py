"""Indonesian tokenization and stemming (PySastrawi) for full-text search.

The analyzer is shared by indexing and querying so both sides agree on every
stem.  ``stem_text`` is token-aligned 1:1 with ``tokenize``: the n-th word of
``stem_text(t)`` is the stem of the n-th token of ``tokenize(t)``, which keeps
phrase queries exact and lets highlighting map stems back to original words.

Rules:

* a token is a run of letters/digits (``sp4n``, ``2024``, ``a1``); everything
  else separates tokens; tokens are lowercased;
* hyphenated reduplication (``kegiatan-kegiatan``, ``berkali-kali``) is one
  token whose stem is the shared stem; other hyphenated words
  (``sp4n-lapor``, ``anti-korupsi``) are separate tokens;
* only purely alphabetic ASCII words of 3..40 characters are stemmed; tokens
  containing digits, very short or very long tokens and non-ASCII words are
  only lowercased.

File paths (folders and file name) are analysed a little differently
(:func:`iter_path_analyzed`): ``/ _ - .`` and spaces all separate tokens
(``1.i.a`` is ``1 i a``, found by the query ``1.i.a`` as a phrase) and so do
case changes (``SKTimKerja`` is ``sk tim kerja``); each token is then stemmed
like a word of the text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["ANALYZER_VERSION", "iter_analyzed", "iter_path_analyzed", "iter_spans", "stem", "stem_path", "stem_text",
           "tokenize"]

#: Bump whenever tokenization or stemming changes: stored stems become stale.
ANALYZER_VERSION = 1

_TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_PATH_RUN_RE = re.compile(r"[^\W_]+")
_CASE_SPLIT_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_MIN_STEM_LEN = 3
_MAX_STEM_LEN = 40
_CACHE_SIZE = 200_000

_lock = threading.Lock()
_stem_word_impl = None


def _sastrawi():
    """The bare Sastrawi stem_word function (its own cache is unbounded, so we bypass it)."""
    global _stem_word_impl
    if _stem_word_impl is None:
        with _lock:
            if _stem_word_impl is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                _stem_word_impl = StemmerFactory().create_stemmer().delegatedStemmer.stem_word
    return _stem_word_impl


@lru_cache(maxsize=_CACHE_SIZE)
def _stem_simple(word: str) -> str:
    """Stem one lowercased token without hyphens (cached per process)."""
    if not (_MIN_STEM_LEN <= len(word) <= _MAX_STEM_LEN and word.isascii() and word.isalpha()):
        return word
    return _sastrawi()(word) or word


def stem(word: str) -> str:
    """Stem one word. Hyphenated input is stemmed per part; identical parts collapse to one stem."""
    word = word.lower()
    if "-" not in word:
        return _stem_simple(word)
    stems = [_stem_simple(p) for p in word.split("-") if p]
    if not stems:
        return word
    if all(s == stems[0] for s in stems):
        return stems[0]
    return "-".join(stems)


def iter_analyzed(text: str) -> Iterator[tuple[str, str, int, int]]:
    """Yield ``(token, stem, start, end)`` lazily; offsets refer to ``text``."""
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        start = m.start()
        if "-" not in raw:
            low = raw.lower()
            yield low, _stem_simple(low), start, m.end()
            continue
        parts = raw.lower().split("-")
        if len(parts) == 2 and parts[0].isalpha() and parts[1].isalpha():
            s0, s1 = _stem_simple(parts[0]), _stem_simple(parts[1])
            if s0 == s1 or parts[1].startswith(parts[0]):
                # Reduplication: kegiatan-kegiatan, berkali-kali, buku-bukunya.
                yield raw.lower(), s0, start, m.end()
                continue
        pos = start
        for part in parts:
            yield part, _stem_simple(part), pos, pos + len(part)
            pos += len(part) + 1


def iter_spans(text: str, first: int, stop: int) -> Iterator[tuple[int, int, int]]:
    """Yield ``(token_index, start, end)`` for tokens ``first <= index < stop``.

    Same token boundaries as :func:`iter_analyzed`, but skips the stemming of plain
    tokens, so seeking deep into a long text (for snippets) stays cheap.
    """
    i = 0
    for m in _TOKEN_RE.finditer(text):
        if i >= stop:
            return
        if "-" not in m.group():
            if i >= first:
                yield i, m.start(), m.end()
            i += 1
            continue
        for _tok, _stem, a, b in iter_analyzed(m.group()):
            if first <= i < stop:
                yield i, m.start() + a, m.start() + b
            i += 1


def iter_path_analyzed(path: str) -> Iterator[tuple[str, str, int, int]]:
    """Yield ``(token, stem, start, end)`` for a relative path or file name; offsets refer to ``path``.

    Runs of letters/digits are split further at case changes (``SKTim`` → ``SK``, ``Tim``;
    ``LaporanSKM`` → ``Laporan``, ``SKM``) but never between letters and digits (``SP4N`` stays one token,
    as in the text).
    """
    for m in _PATH_RUN_RE.finditer(path):
        pos = m.start()
        for piece in _CASE_SPLIT_RE.split(m.group()):
            low = piece.lower()
            yield low, _stem_simple(low), pos, pos + len(piece)
            pos += len(piece)


def stem_path(path: str) -> str:
    """Space-joined stems of a path, aligned 1:1 with :func:`iter_path_analyzed`."""
    return " ".join([s for _tok, s, _start, _end in iter_path_analyzed(path)])


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Lowercased word tokens with their ``[start, end)`` offsets in ``text``."""
    return [(tok, start, end) for tok, _stem, start, end in iter_analyzed(text)]


@lru_cache(maxsize=_CACHE_SIZE)
def _stems_of_token(raw: str) -> str:
    """The stem(s) of one raw token as ``_TOKEN_RE`` finds it (a hyphenated token may give several)."""
    if "-" not in raw:
        return _stem_simple(raw.lower())
    return " ".join([s for _tok, s, _start, _end in iter_analyzed(raw)])


def stem_text(text: str) -> str:
    """Space-joined stems, aligned 1:1 with :func:`tokenize`.

    The same tokens as :func:`iter_analyzed` without its offsets: the tokens are found in C
    (``findall``) and each distinct raw token is analysed once per process (a cache hit per word).
    """
    return " ".join(map(_stems_of_token, _TOKEN_RE.findall(text)))
