"""Legacy Office (OLE2 compound files): ``.doc``, ``.xls``, ``.ppt``, and password-protected DOCX/XLSX/PPTX.

A password-protected OOXML file is an OLE2 container holding ``EncryptionInfo`` and
``EncryptedPackage``: it is reported ``encrypted``. A legacy Word/Excel/PowerPoint file is
converted with LibreOffice (``soffice --headless --convert-to``) when it is installed and the
converted file read by the DOCX/XLSX/PPTX parser; without LibreOffice it is ``unsupported`` with
a message that says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext
from indexing.extract.docx import DocxParser
from indexing.extract.pptx import PptxParser
from indexing.extract.sniff import DOC, DOCX, OLE, PPT, PPTX, XLS, XLSX, ole_streams
from indexing.extract.xlsx import XlsxParser

REASON_ENCRYPTED = "Dokumen Office terkunci kata sandi; unggah versi tanpa kata sandi"
_NAMES = {DOC: ("Word", ".doc", "docx", DOCX), XLS: ("Excel", ".xls", "xlsx", XLSX),
          PPT: ("PowerPoint", ".ppt", "pptx", PPTX)}
#: the parsers of what LibreOffice converts to (imported directly: the registry imports this module)
_CONVERTED = {DOCX: DocxParser(), XLSX: XlsxParser(), PPTX: PptxParser()}


def soffice_command() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def no_libreoffice_reason(media_type: str) -> str:
    app, ext, new, _ = _NAMES[media_type]
    return (f"Format {app} lama ({ext}) tidak dapat dibaca: LibreOffice (soffice) tidak terpasang di server; "
            f"simpan ulang sebagai .{new} atau PDF lalu unggah ulang (atau minta admin memasang LibreOffice, lalu "
            "pilih «Proses ulang» di halaman dokumen)")


class LegacyOfficeParser:
    name = "legacy-office"
    label = "Office lama"
    media_types = (OLE, DOC, XLS, PPT)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        from indexing.extract.sniff import media_type_of_ole
        from indexing.extract.unsupported import unsupported_reason

        streams = ole_streams(path)
        if "encryptedpackage" in streams or "encryptioninfo" in streams:
            return ExtractionResult(status=ExtractStatus.ENCRYPTED, media_type=OLE, extractor=self.name,
                                    reason=REASON_ENCRYPTED)
        kind = media_type_of_ole(streams)
        if kind not in _NAMES:
            return ExtractionResult(status=ExtractStatus.UNSUPPORTED, media_type=OLE, extractor=self.name,
                                    reason=unsupported_reason(OLE))
        soffice = soffice_command()
        if soffice is None:
            return ExtractionResult(status=ExtractStatus.UNSUPPORTED, media_type=kind, extractor=self.name,
                                    reason=no_libreoffice_reason(kind))
        return _convert_and_parse(soffice, path, kind, context)


def _convert_and_parse(soffice: str, path: Path, kind: str, context: ParseContext) -> ExtractionResult:
    app, ext, new, new_type = _NAMES[kind]
    with tempfile.TemporaryDirectory(prefix="dukung-soffice-") as tmp:
        source = Path(tmp) / f"dokumen{ext}"
        shutil.copyfile(path, source)
        profile = Path(tmp) / "profil"  # a private profile: parallel conversions do not lock each other
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", new, "--outdir", str(Path(tmp) / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=max(10.0, context.timeout_s * 0.8),
                           env={**os.environ, "HOME": tmp}, check=False)
        except subprocess.TimeoutExpired:
            return ExtractionResult(status=ExtractStatus.FAILED, media_type=kind, extractor="soffice",
                                    reason=f"Konversi {app} lama ({ext}) dengan LibreOffice melebihi batas waktu")
        converted = Path(tmp) / "out" / f"dokumen.{new}"
        if not converted.exists():
            return ExtractionResult(status=ExtractStatus.FAILED, media_type=kind, extractor="soffice",
                                    reason=f"LibreOffice tidak dapat mengonversi berkas {app} lama ({ext}); "
                                           "berkas rusak atau terkunci kata sandi")
        result = _CONVERTED[new_type].parse(converted, context)
    result.media_type = kind
    result.extractor = f"soffice → {result.extractor}"
    return result
