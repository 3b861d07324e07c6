"""Why a file could not be read, as a ZI team can act on it: a cause, in words, with what to do.

The extractors record an :class:`~indexing.extract.base.ExtractStatus` and a reason that carries the
technical detail (PDFium's error code, the exception, the limit that was hit). :func:`failure_cause`
turns the pair into one of a few causes — rusak, terkunci sandi, format lama, hasil pindai tidak
terbaca, terlalu besar, kosong, format tidak didukung, gangguan server — so that pages and e-mails show
the cause and the action; the reason itself is kept for admins and reviewers (folded away).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from config.i18n import N_, gettext

#: The statuses that mean "the text could not be read" (``ok`` is none of them).
PROBLEM_STATUSES = ("failed", "unsupported", "empty", "encrypted", "needs_ocr")


@dataclass(frozen=True)
class Cause:
    code: str  # stable, for tests and CSS — never shown
    label: str  # the cause, in words
    action: str  # what the unit can do, in the web app
    retry: bool  # whether «Proses ulang» may help (a server-side limit or outage), not only a new file

    def shown(self) -> "Cause":
        """The label and action in the current locale."""
        return Cause(self.code, gettext(self.label), gettext(self.action), self.retry)


CAUSES = {
    "rusak": Cause("rusak", N_("Berkas rusak atau tidak dapat dibuka"),
                   N_("Buka berkas di komputer; bila tidak bisa dibuka, ekspor atau pindai ulang dari aslinya, "
                      "lalu unggah ulang."), False),
    "terkunci_sandi": Cause("terkunci_sandi", N_("Berkas terkunci kata sandi"),
                            N_("Simpan salinan tanpa kata sandi, lalu unggah ulang."), False),
    "format_lama": Cause("format_lama", N_("Format Office lama (.doc, .xls, .ppt)"),
                         N_("Simpan ulang sebagai .docx, .xlsx, .pptx atau PDF, lalu unggah ulang."), True),
    "pindaian_tak_terbaca": Cause("pindaian_tak_terbaca", N_("Hasil pindai tidak terbaca"),
                                  N_("Pindai ulang lebih jelas (tegak, terang, 300 dpi) atau unggah PDF aslinya; "
                                     "teks hasil pindai dibaca otomatis."), True),
    "terlalu_besar": Cause("terlalu_besar", N_("Berkas terlalu besar atau terlalu berat untuk dibaca"),
                           N_("Pisahkan per bagian atau kompres PDF-nya, lalu unggah ulang; atau coba "
                              "«Proses ulang»."), True),
    "kosong": Cause("kosong", N_("Berkas kosong"),
                    N_("Periksa isinya, lalu unggah ulang berkas yang benar."), False),
    "tidak_didukung": Cause("tidak_didukung", N_("Jenis berkas tidak didukung"),
                            N_("Unggah sebagai PDF, Word, Excel, PowerPoint atau foto (JPG/PNG)."), False),
    "gangguan": Cause("gangguan", N_("Gangguan di server saat membaca berkas"),
                      N_("Pilih «Proses ulang»; bila tetap gagal, hubungi admin Dukung."), True),
}

_LEGACY = re.compile(r"Office lama|LibreOffice|OLE2|\.doc\b|\.xls\b|\.ppt\b", re.I)
_TOO_BIG = re.compile(r"batas (ukuran|waktu|memori|halaman)|terlalu (besar|dalam|banyak)|melebihi|bom|inflasi|"
                      r"bersarang", re.I)
_SCAN = re.compile(r"OCR|pindai|gambar tanpa lapisan teks|tidak ada teks", re.I)
_SERVER = re.compile(r"proses pembaca (tidak dapat dimulai|berhenti)|tesseract tidak|OSError|PermissionError", re.I)


def failure_cause(status: str | None, reason: str | None) -> Cause | None:
    """The cause of a file that could not be read (None when it was read, or not yet processed)."""
    status = (status or "").lower()
    text = reason or ""
    if status not in PROBLEM_STATUSES:
        return None
    if status == "encrypted" or re.search(r"kata sandi|terenkripsi|password|encrypt", text, re.I):
        return CAUSES["terkunci_sandi"]
    if status == "needs_ocr":
        return CAUSES["pindaian_tak_terbaca"]
    if status == "empty":
        return CAUSES["kosong"] if "0 byte" in text or not _SCAN.search(text) else CAUSES["pindaian_tak_terbaca"]
    if _LEGACY.search(text):
        return CAUSES["format_lama"]
    if _TOO_BIG.search(text):
        return CAUSES["terlalu_besar"]
    if status == "unsupported":
        return CAUSES["tidak_didukung"]
    if _SERVER.search(text):
        return CAUSES["gangguan"]
    if _SCAN.search(text):
        return CAUSES["pindaian_tak_terbaca"]
    return CAUSES["rusak"]
