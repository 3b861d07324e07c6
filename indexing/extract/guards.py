"""Cheap checks that run before a parser, for files built to hurt it.

* Office files (DOCX/XLSX/PPTX) are ZIP archives: an 80 KiB DOCX can unpack to hundreds of MB of
  XML and keep python-docx busy for many seconds and gigabytes. The central directory says how
  big each member unpacks (Python's ``zipfile`` never inflates past that size), so the total and
  the ratio are checked before anything is inflated. OOXML parts never carry a DTD: a
  ``<!DOCTYPE`` or ``<!ENTITY`` in one is an entity-expansion or external-entity trick.
* PDF: one compressed stream that inflates to hundreds of MB makes PDFium spend a minute and
  gigabytes (or pypdf give up and return no text, silently). Each Flate stream is inflated in
  bounded chunks, counting, and the file is refused past the limit.

Each check returns ``None`` (go on) or the reason to refuse, in Bahasa Indonesia.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from indexing.extract.base import ParseContext

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_HEAD_BYTES = 64 * 1024
_STREAM = re.compile(rb"stream\r?\n")
_DICT_WINDOW = 2048
_CHUNK = 1024 * 1024


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):,.0f} MB"


def check_ooxml(path: Path, context: ParseContext) -> str | None:
    """Refuse a DOCX/XLSX/PPTX that would unpack too far, or that declares XML entities."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # damaged: the parser reports the real error
    with archive:
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        packed = max(1, sum(m.compress_size for m in members))
        if unpacked > context.max_unzipped_bytes:
            return (f"Berkas Office ditolak: isinya mengembang menjadi {_mb(unpacked)} saat dibuka "
                    f"(batas {_mb(context.max_unzipped_bytes)}); kemungkinan bom ZIP")
        ratio = unpacked / packed
        if unpacked > context.zip_ratio_floor and ratio > context.max_zip_ratio:
            return (f"Berkas Office ditolak: bom ZIP ({_mb(packed)} mengembang menjadi {_mb(unpacked)}, "
                    f"rasio {ratio:,.0f}:1; batas {context.max_zip_ratio}:1)")
        for member in members:
            if not member.filename.lower().endswith(_XML_SUFFIXES):
                continue
            try:
                with archive.open(member) as fh:
                    head = fh.read(_XML_HEAD_BYTES)
            except (zipfile.BadZipFile, OSError, ValueError, zlib.error, NotImplementedError, RuntimeError):
                return None  # damaged or encrypted member: the parser reports it
            if _DTD.search(head):
                return (f"Berkas Office ditolak: bagian {member.filename} memuat deklarasi DOCTYPE/ENTITY XML "
                        "(trik ekspansi entitas); dokumen Office asli tidak pernah memuatnya")
    return None


def check_pdf(path: Path, context: ParseContext) -> str | None:
    """Refuse a PDF with a Flate stream that inflates beyond ``context.max_stream_inflated_bytes``."""
    data = Path(path).read_bytes()
    limit = context.max_stream_inflated_bytes
    for match in _STREAM.finditer(data):
        if data[max(0, match.start() - 3):match.start()] == b"end":
            continue
        header = data[max(0, match.start() - _DICT_WINDOW):match.start()]
        header = header[max(0, header.rfind(b"obj")):]  # this object's dictionary
        if b"FlateDecode" not in header:
            continue
        inflated = _inflated_size(data, match.end(), limit)
        if inflated > limit:
            return (f"PDF ditolak: satu aliran data terkompresi mengembang melebihi {_mb(limit)} "
                    f"(bom dekompresi; berkasnya hanya {_mb(len(data))}); tidak dibaca agar server tidak macet")
    return None


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """Bytes the zlib stream at ``data[start:]`` inflates to, counting at most a little past ``limit``."""
    inflater = zlib.decompressobj()
    total = 0
    pos = start
    try:
        while pos < len(data) and not inflater.eof:
            chunk = data[pos:pos + 64 * 1024]
            pos += len(chunk)
            out = inflater.decompress(chunk, _CHUNK)
            total += len(out)
            # ``unconsumed_tail`` keeps the bytes after the stream's end once it is reached (they are
            # also in ``unused_data``): stop there, or the loop never ends on a stream followed by data.
            while inflater.unconsumed_tail and not inflater.eof and total <= limit:
                out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                total += len(out)
            if total > limit:
                break
    except zlib.error:
        pass  # not (or not only) zlib data: PDFium decides
    return total
