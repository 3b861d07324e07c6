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

import numpy as np

STYLE_CHARS = 3000

_CUES: tuple[tuple[str, str, int], ...] = (
    ("kutipan_verba", r"\b(?:kata|ujar|ujarnya|katanya|jelasnya|menurutnya|tuturnya|ungkapnya|tambahnya|imbuhnya|"
                      r"pungkasnya|tegasnya|lanjutnya|terangnya|mengatakan|menuturkan|mengungkapkan|menegaskan)\b",
     re.IGNORECASE),
    ("tanda_kutip", r"[\"\u201c\u201d]", 0),
    ("dateline", r"\A\W{0,3}[A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,3}[ \t]*,?[ \t]*(?:\([^)\n]{1,30}\))?[ \t]*"
                 r"[-\u2013\u2014]{1,2}[ \t]", 0),
    ("tanggal_kurung", r"\(\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\s*\)", 0),
    ("hari_tanggal", r"\b(?:senin|selasa|rabu|kamis|jumat|jum.at|sabtu|minggu)\s*[,(]?\s*\(?\d{1,2}", re.IGNORECASE),
    ("orang_pertama", r"\b(?:aku|saya|namaku|diriku)\b", re.IGNORECASE),
    ("orang_kedua", r"\b(?:anda|kamu|yuk|simak|sobat|kalian)\b", re.IGNORECASE),
    ("kerangka_berita", r"\b(?:baca\s+juga|berita\s+terkait|berita\s+populer|editor|reporter|wartawan|dilansir|"
                        r"melansir|dikutip|humas)\b", re.IGNORECASE),
    ("ilmiah", r"\b(?:abstrak|abstract|jurnal|journal|penelitian|responden|metode|mahasiswa|universitas|skripsi|"
               r"tesis|kata\s+kunci|keywords|doi|issn|pengabdian)\b", re.IGNORECASE),
    ("bahan_ajar", r"\b(?:pertemuan\s+ke|mata\s+kuliah|modul|dosen|kuliah|materi\s+pokok|tujuan\s+pembelajaran)\b",
     re.IGNORECASE),
    ("iklan", r"\b(?:pendaftaran|daftar\s+sekarang|hubungi|whatsapp|biaya|investasi|bimtek|kursus|jadwal)\b",
     re.IGNORECASE),
    ("rekrutmen", r"\b(?:cpns|pppk|casn|formasi|lowongan|loker|rekrutmen|pelamar)\b", re.IGNORECASE),
    ("naskah_dinas", r"\b(?:menimbang|mengingat|memutuskan|menetapkan|ditetapkan|pasal|nip|lampiran)\b",
     re.IGNORECASE),
    ("nomor_naskah", r"\bnomor\s*[:.]?\s*\S*\d", re.IGNORECASE),
    ("peristiwa", r"\b(?:menggelar|digelar|dihadiri|bertempat|berlangsung|diselenggarakan|menyelenggarakan)\b",
     re.IGNORECASE),
)
_COMPILED = tuple(re.compile(pattern, flags | re.MULTILINE) for _, pattern, flags in _CUES)
#: the names of :func:`style_vector`'s numbers, in order
STYLE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in _CUES) + ("teks_pendek",)
#: a text shorter than this is a page fragment, not a whole document's opening
SHORT_TEXT = 800


def style_vector(text: str) -> np.ndarray:
    """The cues of :data:`STYLE_NAMES` for ``text`` (log of 1 + count per thousand characters)."""
    head = text[:STYLE_CHARS]
    per = max(len(head), 200) / 1000.0
    values = [math.log1p(len(pattern.findall(head)) / per) for pattern in _COMPILED]
    values.append(1.0 if len(text.strip()) < SHORT_TEXT else 0.0)
    return np.array(values, dtype=np.float64)
