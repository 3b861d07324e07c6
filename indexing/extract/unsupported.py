"""Formats we recognise but do not read (legacy OLE Office, RTF, archives, unknown binaries) and empty files.

Media types without a registered parser get an ``UNSUPPORTED`` result from the registry,
with the reason given by :func:`unsupported_reason`.
"""

from __future__ import annotations

from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext
from indexing.extract.sniff import DOC, EMPTY, OCTET, OLE, PPT, RTF, XLS, ZIP

REASON_EMPTY = "Berkas kosong (0 byte)"
_REASONS = {
    OLE: "Format Office lama (OLE2) belum didukung; simpan ulang sebagai .docx, .xlsx atau .pptx",
    DOC: "Format Word lama (.doc) belum didukung; simpan ulang sebagai .docx atau PDF",
    XLS: "Format Excel lama (.xls) belum didukung; simpan ulang sebagai .xlsx",
    PPT: "Format PowerPoint lama (.ppt) belum didukung; simpan ulang sebagai .pptx atau PDF",
    RTF: "Format RTF belum didukung; simpan ulang sebagai .docx atau PDF",
    ZIP: "Arsip ZIP tidak dibuka; unggah dokumen di dalamnya satu per satu",
    OCTET: "Jenis berkas tidak dikenali; unggah sebagai PDF, dokumen Office, gambar atau teks",
}


def unsupported_reason(media_type: str) -> str:
    """Why a media type without a registered parser is not read (Bahasa Indonesia)."""
    return _REASONS.get(media_type, f"Jenis berkas {media_type} belum didukung")


class EmptyParser:
    name = "empty"
    label = "berkas"
    media_types = (EMPTY,)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        return ExtractionResult(status=ExtractStatus.EMPTY, media_type=EMPTY, page_count=0, reason=REASON_EMPTY)
