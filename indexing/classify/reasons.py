"""Reasons of content decisions in words a reviewer reads (Bahasa Indonesia), with the confidence in words."""

from __future__ import annotations

import re

#: the document type of the outcome "not evidence" (a catalog document type no question asks for)
NOT_EVIDENCE_TYPE = "bukan_data_dukung"
#: at or above this a content mapping is "yakin"; between the catalog's threshold and this "cukup yakin"
SURE = 0.85

_GENRES = {"berita": "berita", "dateline": "berita", "waktu_berita": "berita", "ilmiah": "tulisan ilmiah",
           "promosi": "iklan atau pengumuman", "blog": "artikel atau blog"}


def confidence_words(confidence: float, threshold: float) -> str:
    """"yakin", "cukup yakin" or "perlu konfirmasi" (below the catalog's ``min_confidence``)."""
    if confidence >= max(SURE, threshold):
        return "yakin"
    if confidence >= threshold:
        return "cukup yakin"
    return "perlu konfirmasi"


_OLD_CONFIDENCE = re.compile(r"keyakinan \d+[,.]\d+(?: \(([^)]*)\))?")
_COMPARISON = re.compile(r"[<>≤≥]=?\s*\d+[,.]\d+")
_QUOTED_TYPE = re.compile(r"jenis dokumen '([a-z0-9_]+)'")


def _confidence_in_words(match: re.Match) -> str:
    inner = match.group(1) or ""
    words = " ".join(_COMPARISON.sub("", inner).replace("…", "").split()).strip(" ;,()")
    return f"keyakinan: {words or ('perlu konfirmasi' if '<' in inner else 'yakin')}"


def readable_reason(catalog, reason: str | None) -> str | None:
    """A stored reason as people read it: reasons written by older versions gave the confidence as a
    number ("keyakinan 0,62 (perlu konfirmasi)") and named document types by their code."""
    if not reason:
        return reason
    reason = _OLD_CONFIDENCE.sub(_confidence_in_words, reason)
    return _QUOTED_TYPE.sub(lambda m: f"jenis dokumen {kind_label(catalog, m.group(1))}", reason)


def kind_label(catalog, kind: str) -> str:
    """A readable name of a model kind: a catalog type's label, else the name in words."""
    if kind.startswith("q:"):
        return f"rumusan pertanyaan {kind[2:]}"
    dtype = catalog.document_types.get(kind)
    return dtype.label if dtype is not None else kind.replace("_", " ")


def _title_part(title_reading) -> str:
    if title_reading.heading and title_reading.subject and title_reading.subject not in title_reading.heading:
        return f"judul '{title_reading.heading[:70]}' tentang '{title_reading.subject[:80]}'"
    if title_reading.heading:
        return f"judul '{title_reading.heading[:90]}'"
    return ""


def content_reason(catalog, prediction, title_reading, code: str, confidence: float, threshold: float) -> str:
    """Why the content was mapped to ``code``: title, closest kind of document, deciding words, confidence."""
    parts = ["dibaca dari isi"]
    title = _title_part(title_reading)
    if title:
        parts.append(title)
    if code in getattr(prediction, "subject", ()):
        parts.append("judul menyebut pokok pertanyaan ini")
    if prediction.kind:
        parts.append(f"mirip {kind_label(catalog, prediction.kind)}")
    if prediction.cues:
        parts.append("kata penentu " + ", ".join(f"'{c}'" for c in prediction.cues[:4]))
    # in words only: the number stays on the classification (reviewers and the CLI see it there)
    parts.append(f"keyakinan: {confidence_words(confidence, threshold)}")
    return "; ".join(parts)


def not_evidence_reason(prediction, title_reading, threshold: float) -> str:
    """Why a document is "bukan data dukung": what it looks like, and the closest question's confidence."""
    genres = list(dict.fromkeys(_GENRES[g] for g in title_reading.genres if g in _GENRES))
    parts = ["bukan data dukung"]
    if prediction.evidence_score < 0 and genres:
        parts.append("isi tampak seperti " + " atau ".join(genres[:2]) + ", bukan dokumen unit kerja")
    elif prediction.evidence_score < 0:
        parts.append("isi tidak tampak seperti dokumen unit kerja")
    if prediction.candidates:
        code, _ = prediction.candidates[0]
        parts.append(f"tidak ada pertanyaan LKE yang cocok dengan cukup yakin (terdekat {code})")
    else:
        parts.append("tidak ada pertanyaan LKE yang cocok")
    parts.append("dapat dipetakan manual bila ternyata data dukung")
    return "; ".join(parts)
