"""How a text is written, as a few numbers: the cues that tell a unit's own document from text written
*about* units (news, blogs, papers, course material, adverts, job postings).

A unit's evidence is written by the unit: a jenis naskah, a number, menimbang/mengingat, a signing
office. Text about a unit reports what others said (quote verbs, quotation marks), opens with a
dateline, dates events in parentheses, speaks in the first or second person, or carries a news
site's chrome ("Baca juga", "Editor"). The cues are general writing conventions of Indonesian news,
papers and official documents (no phrase of any one document); the evidence gate of the learned
model (:mod:`indexing.classify.model`) reads them next to the text's words.

Each cue is a count per thousand characters of the opening :data:`STYLE_CHARS`, on a log scale.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

STYLE_CHARS = 3000

#: cues that are words or phrases of the text (counted on its lower-cased words, without regular expressions)
_WORD_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kutipan_verba", ("kata", "ujar", "ujarnya", "katanya", "jelasnya", "menurutnya", "tuturnya", "ungkapnya",
                       "tambahnya", "imbuhnya", "pungkasnya", "tegasnya", "lanjutnya", "terangnya", "mengatakan",
                       "menuturkan", "mengungkapkan", "menegaskan")),
    ("orang_pertama", ("aku", "saya", "namaku", "diriku")),
    ("orang_kedua", ("anda", "kamu", "yuk", "simak", "sobat", "kalian")),
    ("kerangka_berita", ("baca juga", "berita terkait", "berita populer", "editor", "reporter", "wartawan",
                         "dilansir", "melansir", "dikutip", "humas")),
    ("ilmiah", ("abstrak", "abstract", "jurnal", "journal", "penelitian", "responden", "metode", "mahasiswa",
                "universitas", "skripsi", "tesis", "kata kunci", "keywords", "doi", "issn", "pengabdian")),
    ("bahan_ajar", ("pertemuan ke", "mata kuliah", "modul", "dosen", "kuliah", "materi pokok", "tujuan pembelajaran")),
    ("iklan", ("pendaftaran", "daftar sekarang", "hubungi", "whatsapp", "biaya", "investasi", "bimtek", "kursus",
               "jadwal")),
    ("rekrutmen", ("cpns", "pppk", "casn", "formasi", "lowongan", "loker", "rekrutmen", "pelamar")),
    ("naskah_dinas", ("menimbang", "mengingat", "memutuskan", "menetapkan", "ditetapkan", "pasal", "nip", "lampiran")),
    ("peristiwa", ("menggelar", "digelar", "dihadiri", "bertempat", "berlangsung", "diselenggarakan",
                   "menyelenggarakan")),
)
#: cues of layout and punctuation (a few cheap regular expressions)
_PATTERN_CUES: tuple[tuple[str, re.Pattern], ...] = (
    ("tanda_kutip", re.compile(r"[\"\u201c\u201d]")),
    ("dateline", re.compile(r"\A\W{0,3}[A-Z][\w.]*(?:,?[ \t][A-Z][\w.]*){0,3}[ \t]*,?[ \t]*(?:\([^)\n]{1,30}\))?"
                            r"[ \t]*[-\u2013\u2014]{1,2}[ \t]")),
    ("tanggal_kurung", re.compile(r"\(\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\s*\)")),
    ("hari_tanggal", re.compile(r"\b(?:senin|selasa|rabu|kamis|jumat|jum.at|sabtu|minggu)\s*[,(]?\s*\(?\d{1,2}",
                                re.IGNORECASE)),
    ("nomor_naskah", re.compile(r"\bnomor\s*[:.]?\s*\S*\d", re.IGNORECASE)),
)
_SINGLE = tuple((name, tuple(w for w in words if " " not in w), tuple(f" {w} " for w in words if " " in w))
                for name, words in _WORD_CUES)
_WORD_RE = re.compile(r"[a-z0-9]+")
#: the names of :func:`style_vector`'s numbers, in order
STYLE_NAMES: tuple[str, ...] = (tuple(name for name, _ in _WORD_CUES) + tuple(name for name, _ in _PATTERN_CUES)
                                + ("teks_pendek",))
#: a text shorter than this is a page fragment, not a whole document's opening
SHORT_TEXT = 800


def style_vector(text: str) -> np.ndarray:
    """The cues of :data:`STYLE_NAMES` for ``text`` (log of 1 + count per thousand characters)."""
    head = text[:STYLE_CHARS]
    per = max(len(head), 200) / 1000.0
    words = _WORD_RE.findall(head.lower())
    counts = Counter(words)
    joined = " " + " ".join(words) + " "
    values = [sum(counts[w] for w in singles) + sum(joined.count(p) for p in phrases) for _, singles, phrases in _SINGLE]
    values += [len(pattern.findall(head)) for _, pattern in _PATTERN_CUES]
    out = [math.log1p(v / per) for v in values]
    out.append(1.0 if len(text.strip()) < SHORT_TEXT else 0.0)
    return np.array(out, dtype=np.float64)
