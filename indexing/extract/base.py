"""Shared types of the extractors: status, context, result and the parser protocol.

Expected outcomes (an empty file, a scanned PDF, an encrypted PDF, an unsupported
format) are *result values* carrying an :class:`ExtractStatus`; only unexpected
failures raise, and :func:`indexing.extract.registry.extract_file` wraps those once
into a ``FAILED`` result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Protocol, runtime_checkable

#: Separator placed between pages (PDF) or slides (PPTX) in extracted text.
PAGE_SEPARATOR = "\n\f\n"


class ExtractStatus(StrEnum):
    OK = "ok"
    EMPTY = "empty"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"
    NEEDS_OCR = "needs_ocr"
    ENCRYPTED = "encrypted"


@dataclass(frozen=True)
class OcrOptions:
    """How the OCR stage runs Tesseract (see :mod:`indexing.extract.ocr`)."""

    command: str = "tesseract"
    dpi: int = 300
    #: Seconds one page may take; a page over it is skipped and named in the reason.
    page_timeout_s: float = 120.0
    #: Pages OCR'd per document at most (the first ones); the reason names the rest.
    max_pages: int = 100
    #: Images larger than this many pixels are refused (decompression bombs).
    max_image_pixels: int = 120_000_000


@dataclass(frozen=True)
class ParseContext:
    """Everything a parser may depend on; parsers never read global settings."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    #: Spreadsheets: rows read per sheet at most (the first ones); the reason names the sheets cut.
    max_rows: int = 100_000
    #: Characters of text kept per document at most (the first ones); the reason says when more was there.
    max_text_chars: int = 10_000_000
    #: A PDF page with fewer non-whitespace characters than this has no usable text layer.
    min_chars_per_page: int = 50
    #: OCR languages (Tesseract codes, joined with ``+`` for Tesseract).
    languages: tuple[str, ...] = ("ind", "eng")
    #: Wall-clock seconds and address-space megabytes one parse may use in its worker process
    #: (enforced by :mod:`flows.ingest.sandbox`, which kills the worker; parsers only read them).
    timeout_s: float = 60.0
    memory_mb: int = 1024
    #: Office (ZIP) files: refuse before parsing when the members would unpack to more than this,
    #: or when they unpack to more than ``zip_ratio_floor`` bytes at more than ``max_zip_ratio`` : 1.
    max_unzipped_bytes: int = 512 * 1024 * 1024
    max_zip_ratio: int = 100
    zip_ratio_floor: int = 16 * 1024 * 1024
    #: PDF: refuse a file with one compressed stream that inflates to more than this.
    max_stream_inflated_bytes: int = 256 * 1024 * 1024
    #: OCR of pages without a text layer, and of images; ``None`` = leave them ``needs_ocr``.
    ocr: OcrOptions | None = None


@dataclass
class ExtractionResult:
    status: ExtractStatus
    media_type: str
    text: str = ""
    page_count: int | None = None
    #: Name and library version, e.g. ``"pypdfium2 5.15.2"``.
    extractor: str = ""
    #: Why the status is not plain OK (Bahasa Indonesia, shown to the user).
    reason: str | None = None
    duration_s: float = 0.0
    #: 1-based numbers of PDF pages whose text layer is missing or too thin.
    pages_without_text: list[int] = field(default_factory=list)
    #: 1-based numbers of the pages (image frames) whose text was read with OCR, and the mean word
    #: confidence of Tesseract over them (0–100).
    ocr_pages: list[int] = field(default_factory=list)
    ocr_confidence: float | None = None

    @property
    def ok(self) -> bool:
        return self.status is ExtractStatus.OK


@runtime_checkable
class Parser(Protocol):
    """One document format. ``parse`` returns a result; it raises only on unexpected errors."""

    name: str
    media_types: tuple[str, ...]

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult: ...


def visible_chars(text: str) -> int:
    """How many characters of ``text`` are not whitespace (``str.split`` does the scan in C)."""
    return sum(map(len, text.split()))


@lru_cache(maxsize=None)
def library_label(distribution: str) -> str:
    """``"<distribution> <version>"`` of an installed library, for ``ExtractionResult.extractor``."""
    try:
        return f"{distribution} {metadata.version(distribution)}"
    except metadata.PackageNotFoundError:  # pragma: no cover - library always installed
        return distribution
