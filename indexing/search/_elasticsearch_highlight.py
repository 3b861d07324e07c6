"""Highlighting in Elasticsearch: the body's snippet by ES's fast-vector highlighter, asked for the query's words
in every affixed form whose Sastrawi stem matches (``pengaduan`` → ``mengadukan``, ``aduan`` …), and the
fragments it returns in our snippet style. Titles are marked in Python (:mod:`indexing.search.highlight`)."""

from __future__ import annotations

import re
from functools import lru_cache

from indexing.search.query import _QUERY_RE, _ParsedQuery
from indexing.search.stemmer import iter_analyzed, stem

SNIPPET_CHARS = 250
_WS_RE = re.compile(r"\s+")
_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)

_PREFIXES = ("", "di", "ke", "ter", "ber", "be", "se", "per", "pe", "me", "memper", "diper", "keber",
             "kese", "berke", "mem", "pem", "men", "pen", "meng", "peng", "meny", "peny", "menge", "penge")
_SUFFIXES = ("", "an", "kan", "i", "nya", "annya", "kannya", "inya", "lah", "kah", "ku", "mu")
_NASAL_DROP = {"p": ("mem", "pem"), "t": ("men", "pen"), "k": ("meng", "peng"), "s": ("meny", "peny")}


@lru_cache(maxsize=20_000)
def surface_forms(word_stem: str) -> tuple[str, ...]:
    """Affixed forms whose Sastrawi stem is ``word_stem`` (for highlighting the original words).

    Candidates are generated with Indonesian prefixes/suffixes (including the meN-/peN- nasal
    assimilation that drops p/t/k/s) and kept only when :func:`stem` maps them back, so every
    returned form is a word the stemmed query really matches.
    """
    if not (word_stem.isascii() and word_stem.isalpha() and len(word_stem) >= 2):
        return (word_stem,)
    drop = _NASAL_DROP.get(word_stem[0])
    candidates = {word_stem}
    for prefix in _PREFIXES:
        for suffix in _SUFFIXES:
            candidates.add(prefix + word_stem + suffix)
    if drop:
        rest = word_stem[1:]
        for prefix in drop:
            for suffix in _SUFFIXES:
                candidates.add(prefix + rest + suffix)
    return tuple(sorted(c for c in candidates if c == word_stem or stem(c) == word_stem))


def _query_forms(parsed: _ParsedQuery, text: str) -> tuple[set[str], list[list[list[str]]]]:
    """Raw-field words to highlight: forms of single words, and per-position forms of phrases."""
    originals: dict[str, set[str]] = {}
    for token, token_stem, _a, _b in iter_analyzed(text or ""):
        originals.setdefault(token_stem, set()).add(token)

    def forms(s: str) -> list[str]:
        out = set(surface_forms(s)) | originals.get(s, set())
        # hyphenated tokens are split by the standard tokenizer: use their parts
        return sorted({p for f in out for p in f.split("-") if p})

    singles: set[str] = set()
    phrases: list[list[list[str]]] = []
    for group in parsed.groups:
        for term in group:
            if len(term.stems) == 1:
                singles.update(forms(term.stems[0]))
            else:
                phrases.append([forms(s) for s in term.stems])
    return singles, phrases


def _literal_phrases(text: str) -> list[str]:
    """The quoted (not excluded) phrases exactly as typed."""
    return [m.group(2) for m in _QUERY_RE.finditer(text or "")
            if m.group(2) is not None and m.group(1) != "-" and len(list(iter_analyzed(m.group(2)))) > 1]


def _text_highlight_query(parsed: _ParsedQuery, text: str) -> dict | None:
    """Fast-vector highlighter on ``text`` (term vectors: no re-analysis of long texts).

    The FVH does not understand span queries, so phrases are highlighted as typed (a phrase found
    only through other affixes of its words falls back to the start of the text).
    """
    singles, _phrases = _query_forms(parsed, text)
    should: list[dict] = [{"match_phrase": {"text": p}} for p in _literal_phrases(text)]
    should.extend({"term": {"text": f}} for f in sorted(singles))
    return {"bool": {"should": should, "minimum_should_match": 1}} if should else None


def _clean_fragment(fragment: str) -> str:
    """ES ``encoder: html`` output → our snippet style: one <mark> per word, collapsed spaces."""
    s = fragment.replace("&#x2F;", "/")
    s = _WS_RE.sub(" ", s).strip()
    return _MARK_RE.sub(lambda m: " ".join(f"<mark>{w}</mark>" for w in m.group(1).split()), s)


def highlight_request(parsed: _ParsedQuery, text: str) -> dict:
    """The search body's ``highlight``: the fast-vector highlighter on the body's ``text``."""
    text_hq = _text_highlight_query(parsed, text)
    text_field: dict = {"type": "fvh", "fragment_size": SNIPPET_CHARS, "number_of_fragments": 1,
                        "no_match_size": SNIPPET_CHARS}
    if text_hq is not None:
        text_field["highlight_query"] = text_hq
    # Titles are short and already in _source: they are marked in Python, stem by stem as FTS5 does
    # (ES's unified highlighter on the title was two thirds of a query's time).
    fields: dict = {"text": text_field}
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "require_field_match": True,
        "fields": fields,
    }
