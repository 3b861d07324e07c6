"""Plain text, CSV and Markdown: decode (UTF-8, UTF-16 with or without BOM, else cp1252/latin-1), normalise
newlines. The file is read in pieces up to ``ParseContext.max_text_chars``; the reason says when more was
there (a 150 MB log would otherwise need gigabytes once decoded)."""

from __future__ import annotations

import codecs
from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext
from indexing.extract.sniff import CSV, HEAD_BYTES, MARKDOWN, TEXT, TSV, utf16_without_bom

_PIECE = 1024 * 1024


class TextParser:
    name = "text"
    label = "teks"
    media_types = (TEXT, CSV, TSV, MARKDOWN)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        path = Path(path)
        text, encoding, complete = read_text(path, context.max_text_chars)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        reason = None
        if not complete:
            size = path.stat().st_size
            reason = (f"Hanya {_count(context.max_text_chars)} karakter pertama yang dibaca (berkas "
                      f"{size / (1024 * 1024):,.0f} MB); sisanya tidak dibaca")
        return ExtractionResult(
            status=ExtractStatus.OK,
            media_type=TEXT,  # the registry keeps the sniffed (refined) media type
            text=text,
            extractor=f"text ({encoding})",
            reason=reason,
        )


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def read_text(path: Path, max_chars: int) -> tuple[str, str, bool]:
    """The first ``max_chars`` characters of the file, the encoding used, and whether that was all of it."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    for encoding, skip in _candidates(head):
        try:
            return _decode(path, encoding, skip, max_chars)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _candidates(head: bytes) -> list[tuple[str, int]]:
    """Encodings to try, in order, with the bytes of byte-order mark to skip."""
    if head.startswith(codecs.BOM_UTF8):
        return [("utf-8-sig", 0)]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return [("utf-16", 0)]
    bomless = utf16_without_bom(head)
    if bomless:
        return [(bomless, 0)]
    return [("utf-8", 0), ("cp1252", 0), ("latin-1", 0)]


def _decode(path: Path, encoding: str, skip: int, max_chars: int) -> tuple[str, str, bool]:
    # BOM-led and UTF-16 files may hold damaged bytes: replaced, as before; the guessed 8-bit ones are strict
    errors = "replace" if encoding == "utf-8-sig" or encoding.startswith("utf-16") else "strict"
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    pieces: list[str] = []
    size = 0
    with open(path, "rb") as fh:
        fh.seek(skip)
        while True:
            data = fh.read(_PIECE)
            piece = decoder.decode(data, final=not data)
            if size + len(piece) > max_chars:
                pieces.append(piece[: max_chars - size])
                return "".join(pieces), encoding, False
            pieces.append(piece)
            size += len(piece)
            if not data:
                return "".join(pieces), encoding, True

