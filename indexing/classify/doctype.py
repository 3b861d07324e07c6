"""Detect the document type(s) of a document from its file name, folder and text.

The rules are catalog data (``document_types`` in the catalog YAML): keywords matched as
whole words, and file-name regexes. Each decision returns the reason a reviewer can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexing.classify.text import found_phrases, normalize

HEAD_CHARS = 600
BODY_CHARS = 30000
MIN_SCORE = 2.0
SECONDARY_SHARE = 0.75


@dataclass(frozen=True)
class TypeMatch:
    code: str
    score: float
    reason: str


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def detect_types(catalog, relative_path: str, text: str, title: str | None = None) -> list[TypeMatch]:
    """All plausible types, best first: the first is the primary type, others only if close."""
    parts = relative_path.replace("\\", "/").split("/")
    file_name = parts[-1]
    folders = "/".join(parts[:-1])
    head = normalize((title or "") + " " + text[:HEAD_CHARS])
    body = normalize(text[:BODY_CHARS])
    matches: list[TypeMatch] = []
    for code, dtype in catalog.document_types.items():
        score = 0.0
        reasons = []
        for pattern in dtype.filename_patterns:
            if _compiled(pattern).search(file_name):
                score += 3.0
                reasons.append(f"nama berkas '{file_name}' cocok dengan pola '{pattern}'")
                break
        else:
            for pattern in dtype.filename_patterns:
                if folders and _compiled(pattern).search(folders):
                    score += 1.0
                    reasons.append(f"folder '{folders}' cocok dengan pola '{pattern}'")
                    break
        in_head = found_phrases(head, dtype.keywords)
        in_body = [k for k in found_phrases(body, dtype.keywords) if k not in in_head]
        score += 2.0 * min(len(in_head), 3) + 1.0 * min(len(in_body), 4)
        if in_head:
            reasons.append("judul/awal teks memuat " + ", ".join(f"'{k}'" for k in in_head[:3]))
        if in_body:
            reasons.append("teks memuat " + ", ".join(f"'{k}'" for k in in_body[:4]))
        if score >= MIN_SCORE:
            matches.append(TypeMatch(code, score, "; ".join(reasons)))
    matches.sort(key=lambda m: (-m.score, m.code))
    if not matches:
        return []
    generic = {code for code, dtype in catalog.document_types.items() if dtype.generic}
    topical = [m for m in matches if m.code not in generic and m.score >= MIN_SCORE + 1]
    primary = topical[0] if topical else matches[0]
    best = primary.score
    rest = [m for m in matches if m is not primary
            and (m.code in generic or m.score >= max(MIN_SCORE + 1, SECONDARY_SHARE * best))]
    return [primary, *rest][:4]
