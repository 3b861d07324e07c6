"""When a document's title says which question it proves: its jenis naskah is the kind of document the
question asks for, and its subject names what the question is about.

The jenis naskah a question expects comes from the catalog alone: the labels of the topical document
types its evidence items ask for, read by the same title reader as a document (``SK Tim Kerja …`` is a
Surat Keputusan, so ``keputusan``; ``Laporan Survei Kepuasan Masyarakat`` → ``laporan``). The subject
match is :meth:`indexing.classify.model.Model.subject_codes` (the question's catalog phrases in the
subject after TENTANG or the heading).

A title that agrees with a question on both counts outranks what the statistical parts say: the dev set
holds no document of many everyday kinds (an SK forming the ZI team), so the model's kind of document
may be wrong while the title is plain. Then the question the title names is counted, and a question the
title does not name is at most a suggestion for a reviewer.
"""

from __future__ import annotations

import re
from collections import Counter

from indexing.classify.title import read_title
from indexing.classify.training_data import GENERIC_TYPE_SHARE
_ABBREVIATIONS = {"SK": "Surat Keputusan", "ZI": "Zona Integritas"}
_ABBREVIATION_RE = re.compile(r"\b(?:SK|ZI)\b")

_JENIS: dict[int, tuple[object, dict[str, frozenset[str]]]] = {}


def spelled_out(label: str) -> str:
    """A catalog label as a document's title writes it (``SK`` is a Surat Keputusan, ``ZI`` a Zona Integritas)."""
    return _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m.group(0)], label)


def topical_types(catalog) -> set[str]:
    """The catalog's document types that name a topic (not a form asked for by many questions)."""
    asked_by = Counter(t for q in catalog.questions() for t in dict.fromkeys(t for item in q.evidence.items
                                                                            for t in item.types))
    return {code for code, dtype in catalog.document_types.items()
            if not dtype.generic and 0 < asked_by[code] <= GENERIC_TYPE_SHARE}


def question_jenis(catalog) -> dict[str, frozenset[str]]:
    """Per question, the jenis naskah of the topical document types it asks for (cached per catalog)."""
    cached = _JENIS.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    topical = topical_types(catalog)
    type_jenis = {}
    for code in topical:
        kind = read_title(spelled_out(catalog.document_types[code].label)).kind
        if kind:
            type_jenis[code] = kind
    out = {}
    for q in catalog.questions():
        kinds = frozenset(type_jenis[t] for item in q.evidence.items for t in item.types if t in type_jenis)
        if kinds:
            out[q.code] = kinds
    if len(_JENIS) > 8:
        _JENIS.clear()
    _JENIS[id(catalog)] = (catalog, out)
    return out


def title_named(catalog, jenis: str | None, subject_codes) -> frozenset[str]:
    """The questions the title names on both counts: jenis naskah ``jenis`` is a kind of document the
    question asks for, and the subject names it (``subject_codes``)."""
    if not jenis or not subject_codes:
        return frozenset()
    expected = question_jenis(catalog)
    return frozenset(code for code in subject_codes if jenis in expected.get(code, ()))
