"""Read what a document says it is: the title block of an Indonesian official document.

Official documents (Permenpan-RB on tata naskah dinas) open with the *jenis naskah* — KEPUTUSAN,
PERATURAN, SURAT EDARAN, STANDAR OPERASIONAL PROSEDUR, MAKLUMAT, LAPORAN …, RENCANA …, NOTULEN,
DAFTAR HADIR, UNDANGAN, BERITA ACARA, PAKTA … — then, for regulations and decrees, the subject after
TENTANG. An SOP carries an identity table (Nomor SOP, Tanggal Pembuatan, Disahkan oleh …). Text
that is not an official document shows its genre too: a news dateline, an abstract and keywords.

The reading is general (no phrase of any one document): it gives the learned model features, and
the reviewer a reason ("judul: KEPUTUSAN … TENTANG …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The title block is looked for in the opening characters only.
HEAD_CHARS = 900

# jenis naskah, longest first: (feature name, words as written in a heading)
_KINDS: tuple[tuple[str, str], ...] = (
    ("sop", r"standar\s+operasional\s+prosedur|standard\s+operating\s+procedures?|s\.?o\.?p\.?(?=\s)"),
    ("standar_pelayanan", r"standar\s+pelayanan"),
    ("maklumat", r"maklumat(?:\s+pelayanan)?"),
    ("surat_edaran", r"surat\s+edaran"),
    ("keputusan", r"(?:surat\s+)?keputusan"),
    ("peraturan", r"peraturan"),
    ("instruksi", r"instruksi"),
    ("pakta", r"pakta(?:\s+integritas)?"),
    ("perjanjian", r"perjanjian(?:\s+kinerja)?"),
    ("berita_acara", r"berita\s+acara"),
    ("notulen", r"notul(?:en|a|ensi)|risalah\s+rapat"),
    ("daftar_hadir", r"daftar\s+hadir"),
    ("undangan", r"undangan"),
    ("surat_tugas", r"surat\s+(?:perintah\s+)?tugas"),
    ("surat_pernyataan", r"surat\s+pernyataan"),
    ("laporan", r"laporan"),
    ("rencana", r"rencana|renstra|renja|rencana\s+aksi"),
    ("pedoman", r"pedoman|petunjuk\s+(?:teknis|pelaksanaan)|panduan|juknis|juklak"),
    ("kode_etik", r"kode\s+etik"),
    ("piagam", r"piagam"),
    ("program", r"program\s+kerja"),
    ("daftar", r"daftar"),
    ("hasil", r"hasil"),
)
_KIND_ALTERNATIVES = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _KINDS)
_KIND_RE = re.compile(r"^[ \t]*(?:" + _KIND_ALTERNATIVES + r")\b", re.IGNORECASE | re.MULTILINE)
# a heading in text whose line breaks were lost (web copies, some OCR): the same words, written in capitals
_KIND_ANYWHERE_RE = re.compile(r"(?<![\w])(?:" + _KIND_ALTERNATIVES + r")\b", re.IGNORECASE)
_HEADING_CUT_RE = re.compile(
    r"\b(?:dengan\s+rahmat|menimbang|mengingat|memperhatikan|memutuskan|menetapkan|ditetapkan|nomor\s*:)",
    re.IGNORECASE)
# the subject ends where the preamble starts, or at the signing office ("BUPATI CONTOH," in capitals)
_SUBJECT_CUT_RE = re.compile(_HEADING_CUT_RE.pattern + r"|(?-i:\b(?:BUPATI|WALI\s?KOTA|WALIKOTA|GUBERNUR|MENTERI|"
                             r"KEPALA|DIREKTUR|KETUA|SEKRETARIS)\b[A-Z .]{0,40},)", re.IGNORECASE)
_TENTANG_RE = re.compile(r"^[ \t]*TENTANG\b[ \t:]*(?P<rest>[^\n]*)", re.MULTILINE)
_TENTANG_ANY_RE = re.compile(r"\bTENTANG\b[ \t:]*(?P<rest>[^\n]*)")
_SUBJECT_STOP_RE = re.compile(
    r"^[ \t]*(?:dengan\s+rahmat|menimbang|mengingat|memperhatikan|memutuskan|menetapkan|bupati|wali\s?kota|"
    r"gubernur|menteri|kepala|direktur|ketua|sekretaris|nomor|ditetapkan|bab\b|pasal\b)",
    re.IGNORECASE,
)
_SOP_IDENTITY = ("nomor sop", "no sop", "tanggal pembuatan", "tanggal revisi", "tanggal efektif", "disahkan oleh",
                 "nama sop", "dasar hukum", "kualifikasi pelaksana", "keterkaitan", "peralatan perlengkapan",
                 "peringatan", "pencatatan dan pendataan")
_ISSUER_RE = re.compile(
    r"\b(?P<role>menteri|bupati|wali\s?kota|gubernur|kepala|direktur(?:\s+jenderal)?|sekretaris|inspektur|"
    r"ketua|rektor|camat)\b[ \t]+(?P<rest>[A-Za-z][^\n,]{2,80})",
    re.IGNORECASE,
)
# genre cues of text that is written *about* a unit rather than by it
#: (matched on the lower-cased opening, except ``dateline``, which reads capitals)
_GENRES: tuple[tuple[str, re.Pattern], ...] = (
    ("berita", re.compile(r"\b(?:baca\s+juga|reporter|editor|penulis|wartawan|kontributor|dibaca|liputan|"
                          r"dilansir|dikutip|mengatakan|ujarnya|katanya|menurutnya|jelasnya)\b")),
    ("dateline", re.compile(r"^[ \t]*[A-Z][A-Z.]{2,}(?:[ \t][A-Z.]{3,})?[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*[-\u2013\u2014][ \t]*\w",
                            re.MULTILINE)),
    ("waktu_berita", re.compile(r"\b\d{1,2}[:.]\d{2}\s*wi[bt]a?\b|\b(?:senin|selasa|rabu|kamis|jumat|jum'at|"
                                r"sabtu|minggu)\s*[,(]\s*\d")),
    ("ilmiah", re.compile(r"\b(?:abstrak|abstract|kata\s+kunci|keywords?|jurnal|journal|universitas|doi|"
                          r"penelitian\s+ini|metode\s+penelitian|skripsi|tesis|mahasiswa|e-?issn|p-?issn)\b")),
    ("promosi", re.compile(r"\b(?:pendaftaran|daftar\s+sekarang|hubungi|whatsapp|wa\s*:|biaya\s+investasi|"
                           r"bimtek|pelatihan\s+online|diklat\s+online|lowongan|formasi|rekrutmen|seleksi\s+cpns)\b")),
    ("blog", re.compile(r"\b(?:artikel\s+ini|pada\s+artikel|simak|yuk|anda\s+akan|berikut\s+ini\s+penjelasan|"
                        r"apa\s+itu|pengertian|saya|kami\s+akan\s+membahas)\b")),
    ("dinas", re.compile(r"\b(?:menimbang|mengingat|memutuskan|menetapkan|ditetapkan\s+di|nip\.?|nomor\s*:)")),
)


@dataclass(frozen=True)
class TitleReading:
    """What the opening of a document says it is."""

    #: jenis naskah feature names found in the title block, first heading first (``keputusan``, ``sop`` …)
    kinds: tuple[str, ...] = ()
    #: the title line(s) as written (heading + subject), for reasons
    heading: str = ""
    #: the subject after TENTANG (or the rest of the heading line), as written
    subject: str = ""
    issuer: str = ""
    sop_identity: int = 0  # how many SOP identity-table labels the text shows
    genres: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def kind(self) -> str | None:
        return self.kinds[0] if self.kinds else None

    def feature_words(self) -> list[str]:
        """Marker words for the learned model (prefixed so they never collide with text words)."""
        words = [f"zzjenis{k}" for k in self.kinds[:3]]
        if self.kinds:
            words.append("zzjenisawal" + self.kinds[0])
        if self.sop_identity >= 2:
            words.append("zzsopidentitas")
        if self.subject:
            words.append("zztentang")
        if self.issuer:
            words.append("zzpenerbit")
        words.extend(f"zzgenre{g}" for g in self.genres)
        if not self.kinds and "dinas" not in self.genres:
            words.append("zztanpajenis")
        return words


def _clean(text: str) -> str:
    return " ".join(text.split())


def read_title(text: str, title: str | None = None) -> TitleReading:
    """The title block of ``text`` (``title``: a title already read by :mod:`indexing.metadata`)."""
    head = text[:HEAD_CHARS]
    kinds: list[str] = []
    heading = ""
    matches = list(_KIND_RE.finditer(head))
    matches += [m for m in _KIND_ANYWHERE_RE.finditer(head) if m.group(0).isupper() and len(m.group(0)) > 3]
    matches.sort(key=lambda m: m.start())
    for match in matches:
        name = match.lastgroup
        if name and name not in kinds:
            kinds.append(name)
            if not heading:
                line_end = head.find("\n", match.start())
                line_end = line_end if 0 <= line_end - match.start() <= 160 else match.start() + 160
                heading = _clean(_HEADING_CUT_RE.split(head[match.start(): line_end], 1)[0])[:160]
    subject = ""
    found = _TENTANG_RE.search(head) or _TENTANG_ANY_RE.search(head)
    if found:
        lines = [found.group("rest")]
        for line in head[found.end():].splitlines()[1:4]:
            if not line.strip() or _SUBJECT_STOP_RE.match(line):
                break
            lines.append(line)
        subject = _clean(_SUBJECT_CUT_RE.split(" ".join(lines), 1)[0])[:200]
    if not subject and title:
        subject = _clean(title)[:200]
    if not subject and heading:
        subject = heading
    low = " ".join(text[:4000].lower().split())
    sop_identity = sum(1 for label in _SOP_IDENTITY if label in low)
    issuer = ""
    issuer_match = _ISSUER_RE.search(head)
    if issuer_match:
        issuer = _clean(issuer_match.group(0))[:120]
    opening = text[:3000]
    lowered = opening.lower()
    genres = tuple(name for name, pattern in _GENRES if pattern.search(opening if name == "dateline" else lowered))
    return TitleReading(kinds=tuple(kinds), heading=heading, subject=subject, issuer=issuer,
                        sop_identity=sop_identity, genres=genres)
