"""Text extraction from evidence documents.

One parser per format (:mod:`.pdf`, :mod:`.docx`, :mod:`.xlsx`, :mod:`.pptx`, :mod:`.text`,
:mod:`.image`), registered by the media type that :func:`sniff_media_type` reads from the
file's content. :func:`extract_file` is the entry point; it never raises for bad input.
"""

from indexing.extract.base import (
    PAGE_SEPARATOR,
    ExtractionResult,
    ExtractStatus,
    ParseContext,
    Parser,
)
from indexing.extract.registry import (
    extract_file,
    normalise_text,
    parser_for,
    register,
    registered_media_types,
)
from indexing.extract.sniff import sniff_media_type

__all__ = [
    "PAGE_SEPARATOR",
    "ExtractStatus",
    "ExtractionResult",
    "ParseContext",
    "Parser",
    "extract_file",
    "normalise_text",
    "parser_for",
    "register",
    "registered_media_types",
    "sniff_media_type",
]
