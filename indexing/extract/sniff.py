"""Media-type sniffing by content.

The decision is made from the first bytes of the file (and, for ZIP containers, the
member names), never from the extension alone: uploads are often misnamed. The
original filename is used only to *refine* an ambiguous container (OLE2 → .doc/.xls/.ppt,
plain text → CSV/Markdown, an unreadable ZIP → the Office type its name promises).
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path, PurePath

HEAD_BYTES = 8192
PDF_WINDOW = 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ZIP = "application/zip"
OLE = "application/x-ole-storage"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
RTF = "application/rtf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
WEBP = "image/webp"
HEIC = "image/heic"
AVIF = "image/avif"
TEXT = "text/plain"
CSV = "text/csv"
TSV = "text/tab-separated-values"
MARKDOWN = "text/markdown"
EMPTY = "application/x-empty"
OCTET = "application/octet-stream"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_BY_EXT = {
    ".doc": DOC, ".dot": DOC,
    ".xls": XLS, ".xlt": XLS,
    ".ppt": PPT, ".pps": PPT, ".pot": PPT,
}
_OOXML_BY_EXT = {
    ".docx": DOCX, ".docm": DOCX, ".dotx": DOCX,
    ".xlsx": XLSX, ".xlsm": XLSX, ".xltx": XLSX,
    ".pptx": PPTX, ".pptm": PPTX, ".ppsx": PPTX,
}
_OOXML_BY_PREFIX = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_TEXT_BY_EXT = {".csv": CSV, ".tsv": TSV, ".tab": TSV, ".md": MARKDOWN, ".markdown": MARKDOWN}
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_AVIF_BRANDS = {b"avif", b"avis"}
# Control bytes that never occur in real text (everything below 0x20 except \t \n \f \r, ESC).
_BINARY_CONTROL = frozenset(set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B})


def sniff_media_type(path: Path, filename: str | None = None) -> str:
    """Media type of the file at ``path``, decided by content.

    ``filename`` is the name the user uploaded (the stored path may be a content hash);
    its extension only refines ambiguous containers. Raises ``OSError`` if the file
    cannot be read.
    """
    path = Path(path)
    ext = PurePath(filename or path.name).suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        return EMPTY
    if head.startswith(b"%PDF-"):
        return PDF
    # Containers with a magic number at offset 0 first: a ZIP of uncompressed PDFs
    # has "%PDF-" in its first kilobyte too.
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(path, head, ext)
    if head.startswith(_OLE_MAGIC):
        return media_type_of_ole(ole_streams(path)) or _OLE_BY_EXT.get(ext, OLE)
    image = _sniff_image(head)
    if image:
        return image
    if b"%PDF-" in head[:PDF_WINDOW]:  # PDF readers accept junk before the header
        return PDF
    if head.startswith(b"{\\rtf"):
        return RTF
    if _looks_like_text(head):
        return _TEXT_BY_EXT.get(ext, TEXT)
    return OCTET


def ole_streams(path: Path) -> set[str]:
    """Lower-case names of the streams of an OLE2 compound file (empty if it cannot be read)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return {entry[-1].lower() for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 - damaged container: decided by the name's extension
        return set()


def media_type_of_ole(streams: set[str]) -> str | None:
    """DOC/XLS/PPT from the streams an OLE2 file holds (``None``: not one of those, or encrypted OOXML)."""
    if "encryptedpackage" in streams:
        return None
    if "worddocument" in streams:
        return DOC
    if "workbook" in streams or "book" in streams:
        return XLS
    if "powerpoint document" in streams:
        return PPT
    return None


def _sniff_zip(path: Path, head: bytes, ext: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if "mimetype" in names:  # OpenDocument / EPUB declare themselves
                declared = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared.startswith("application/"):
                    return declared
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        # Truncated or damaged archive: look at the local-header names we can see,
        # then trust the extension so the Office parser reports the real damage.
        for name in _local_header_names(head):
            for prefix, media_type in _OOXML_BY_PREFIX:
                if name.startswith(prefix):
                    return media_type
        return _OOXML_BY_EXT.get(ext, ZIP)
    if "[Content_Types].xml" in names or any(n.startswith(("word/", "xl/", "ppt/")) for n in names):
        for prefix, media_type in _OOXML_BY_PREFIX:
            if any(n.startswith(prefix) for n in names):
                return media_type
    return ZIP


def _local_header_names(head: bytes) -> list[str]:
    """Member names of the ZIP local file headers visible in ``head``."""
    names = []
    pos = head.find(b"PK\x03\x04")
    while 0 <= pos and pos + 30 <= len(head):
        name_len = int.from_bytes(head[pos + 26:pos + 28], "little")
        names.append(head[pos + 30:pos + 30 + name_len].decode("cp437", "replace"))
        pos = head.find(b"PK\x03\x04", pos + 30)
    return names


def _sniff_image(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[0:4], "big")
        major = head[8:12]
        compatible = {head[i:i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
        brands = {major} | compatible
        if brands & _HEIC_BRANDS:
            return HEIC
        if brands & _AVIF_BRANDS:
            return AVIF
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``head`` is UTF-16 text written without a byte-order mark
    (Windows tools do that): mostly Latin text puts a zero in every other byte, on one side only."""
    pairs = len(head) // 2
    if pairs < 8:
        return None
    zeros_odd, zeros_even = head[1:2 * pairs:2].count(0), head[0:2 * pairs:2].count(0)
    if zeros_odd >= 0.3 * pairs and zeros_even <= 0.02 * pairs:
        encoding = "utf-16-le"
    elif zeros_even >= 0.3 * pairs and zeros_odd <= 0.02 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    text = head[: 2 * pairs].decode(encoding, "replace")
    controls = sum(1 for c in text if ord(c) < 0x20 and c not in "\t\n\r\f\x1b")
    return encoding if controls <= max(1, len(text) * 0.01) else None


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if utf16_without_bom(head):
        return True
    if b"\x00" in head:
        return False
    try:
        # Incremental decoder: a multi-byte character cut at the end of ``head`` is fine.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return not _has_binary_controls(head)
    # Legacy 8-bit text (cp1252 / latin-1): mostly printable ASCII, few control bytes.
    printable = sum(1 for b in head if 0x20 <= b < 0x7F or b in (0x09, 0x0A, 0x0D))
    return printable / len(head) >= 0.85 and not _has_binary_controls(head)


def _has_binary_controls(head: bytes, tolerance: float = 0.01) -> bool:
    bad = sum(1 for b in head if b in _BINARY_CONTROL)
    return bad > max(1, len(head) * tolerance)
