"""Plain text, CSV and Markdown: decode (UTF-8, UTF-16 with BOM, else cp1252/latin-1), normalise newlines."""

from __future__ import annotations

import codecs
from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext
from indexing.extract.sniff import CSV, MARKDOWN, TEXT, TSV


class TextParser:
    name = "text"
    label = "teks"
    media_types = (TEXT, CSV, TSV, MARKDOWN)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        data = Path(path).read_bytes()
        text, encoding = decode_text(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return ExtractionResult(
            status=ExtractStatus.OK,
            media_type=TEXT,  # the registry keeps the sniffed (refined) media type
            text=text,
            extractor=f"text ({encoding})",
        )


def decode_text(data: bytes) -> tuple[str, str]:
    """Decoded text and the encoding used."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"
