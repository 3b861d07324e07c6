"""What matched, marked stem by stem for every backend: the highlighted title and path, and the snippet (the window of the
body with the most distinct query terms), HTML-escaped, matches wrapped in ``<mark>``."""

from __future__ import annotations

import html
import re
from bisect import bisect_left

from indexing.search.query import _ParsedQuery
from indexing.search.stemmer import iter_analyzed, iter_path_analyzed, iter_spans

SNIPPET_TOKENS = 36  # ~ 250 characters of Indonesian text
SNIPPET_LEAD = 6  # tokens of context before the first match
#: Hits of each term considered when choosing the snippet's window (a long body may have thousands).
SNIPPET_MAX_MARKS = 200
SNIPPET_MAX_CHARS = 300


class _Highlighter:
    def __init__(self, parsed: _ParsedQuery):
        self.singles: set[str] = set()
        self.phrases: list[tuple[str, ...]] = []
        for group in parsed.groups:
            for term in group:
                if len(term.stems) == 1:
                    self.singles.add(term.stems[0])
                else:
                    self.phrases.append(term.stems)
        self.first_stems = {p[0] for p in self.phrases}
        self.active = bool(self.singles or self.phrases)

    def marked(self, stems: list[str]) -> set[int]:
        """Indices of tokens to mark, given the token-aligned stem list."""
        if not self.active:
            return set()
        singles, first = self.singles, self.first_stems
        out = {i for i, s in enumerate(stems) if s in singles}
        if self.phrases:
            for i in [i for i, s in enumerate(stems) if s in first]:
                for p in self.phrases:
                    if tuple(stems[i : i + len(p)]) == p:
                        out.update(range(i, i + len(p)))
        return out

    @staticmethod
    def _render(text: str, spans: list[tuple[int, int, bool]], start: int, end: int) -> str:
        out = []
        pos = start
        for a, b, is_mark in spans:
            if is_mark:
                out.append(_esc(text[pos:a]))
                out.append("<mark>" + html.escape(text[a:b]) + "</mark>")
                pos = b
        out.append(_esc(text[pos:end]))
        return "".join(out)

    def _whole(self, text: str, stems: list[str], analyzed) -> str:
        """All of a short ``text`` (a title, a path) with its matching tokens marked."""
        marks = self.marked(stems)
        spans = [(a, b, i in marks) for i, (_t, _s, a, b) in enumerate(analyzed)]
        return self._render(text, spans, 0, len(text))

    def title(self, title: str, title_stems: str) -> str:
        return self._whole(title, title_stems.split(), iter_analyzed(title))

    def path(self, path: str) -> str:
        """The path with the folder and file-name words that matched marked, split as they are indexed."""
        analyzed = list(iter_path_analyzed(path))
        return self._whole(path, [s for _t, s, _a, _b in analyzed], analyzed)

    def marks_in(self, stems_text: str) -> tuple[list[int], dict[int, str]]:
        """Token indices to mark in a space-joined stem string (the first ``SNIPPET_MAX_MARKS`` hits of
        each term), found by substring search — no split of a long body — and the stem at each."""
        if not self.active:
            return [], {}
        padded = f" {stems_text} "
        found: dict[int, tuple[int, str]] = {}  # char position → (tokens, stem)
        for needle_stems in [(s,) for s in self.singles] + self.phrases:
            needle = " " + " ".join(needle_stems) + " "
            pos, n = padded.find(needle), 0
            while pos >= 0 and n < SNIPPET_MAX_MARKS:
                if found.get(pos, (0, ""))[0] < len(needle_stems):  # a phrase covers a single word there
                    found[pos] = (len(needle_stems), needle_stems[0])
                pos, n = padded.find(needle, pos + 1), n + 1
        marks: list[int] = []
        stem_at: dict[int, str] = {}
        index = prev = 0
        for pos in sorted(found):
            index += padded.count(" ", prev, pos)  # tokens before this position
            prev = pos
            length, stem = found[pos]
            for t in range(index, index + length):
                stem_at[t] = stem
            marks.extend(range(index, index + length))
        return sorted(set(marks)), stem_at

    def snippet(self, body: str, body_stems: str) -> str:
        marks, stem_at = self.marks_in(body_stems)
        first_tok = 0
        if marks:
            best, best_score = marks[0], -1
            for j, s in enumerate(marks):
                k = bisect_left(marks, s + SNIPPET_TOKENS, j)
                distinct = len({stem_at[i] for i in marks[j:k]})
                score = distinct * 1000 + (k - j)
                if score > best_score:
                    best, best_score = s, score
            first_tok = max(0, best - SNIPPET_LEAD)
        last_tok = first_tok + SNIPPET_TOKENS + SNIPPET_LEAD
        mark_set = set(marks)
        spans = [(a, b, i in mark_set) for i, a, b in iter_spans(body, first_tok, last_tok)]
        if not spans:
            return _esc(body[:SNIPPET_MAX_CHARS])
        start = spans[0][0]
        limit = start + SNIPPET_MAX_CHARS
        kept = [sp for sp in spans if sp[1] <= limit] or spans[:1]
        end = kept[-1][1]
        text = self._render(body, kept, start, end).strip()
        prefix = "… " if first_tok > 0 else ""
        suffix = " …" if body[end:].strip() else ""
        return prefix + text + suffix


_WS_RE = re.compile(r"\s+")


def _esc(s: str) -> str:
    return _WS_RE.sub(" ", html.escape(s))
