"""The user's query syntax, parsed once for every backend: an AND of OR-groups of terms (a word or a "phrase")
plus -exclusions, each term the stems of its words by the analyzer documents are indexed with (never raises)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexing.search.stemmer import iter_analyzed


@dataclass(frozen=True)
class _Term:
    stems: tuple[str, ...]  # one stem = word, several = phrase


@dataclass
class _ParsedQuery:
    groups: list[list[_Term]]  # AND of OR-groups
    excluded: list[_Term]

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded


_QUERY_RE = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


def _analyze(text: str) -> tuple[str, ...]:
    return tuple(s for _tok, s, _a, _b in iter_analyzed(text))


def parse_query(text: str) -> _ParsedQuery:
    """Parse the user query syntax into AND-of-OR groups plus exclusions (never raises)."""
    groups: list[list[_Term]] = []
    excluded: list[_Term] = []
    pending_or = False
    for m in _QUERY_RE.finditer(text or ""):
        if m.group(3) is not None:
            word = m.group(3)
            if word == "OR":
                pending_or = bool(groups)
                continue
            if word == "AND":  # implicit anyway
                continue
            negated = word.startswith("-") and len(word) > 1
            stems = _analyze(word[1:] if negated else word)
        else:
            negated = m.group(1) == "-"
            stems = _analyze(m.group(2))
        if not stems:
            continue
        term = _Term(stems)
        if negated:
            excluded.append(term)
        elif pending_or and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return _ParsedQuery(groups, excluded)
