"""Images: no text layer; the OCR stage reads them."""

from __future__ import annotations

from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext
from indexing.extract.sniff import GIF, HEIC, JPEG, PNG, TIFF, WEBP

REASON_IMAGE = "Gambar; teks akan dibaca dengan OCR"


class ImageParser:
    name = "image"
    label = "gambar"
    media_types = (PNG, JPEG, TIFF, GIF, WEBP, HEIC)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        return ExtractionResult(
            status=ExtractStatus.NEEDS_OCR,
            media_type=PNG,  # the registry keeps the sniffed media type
            page_count=1,
            extractor=self.name,
            reason=REASON_IMAGE,
        )
