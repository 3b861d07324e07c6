"""Parser registry keyed on the sniffed media type, and :func:`extract_file`, the one entry point."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

from config.errors import DukungError, without_paths
from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext, Parser, visible_chars
from indexing.extract.docx import DocxParser
from indexing.extract.guards import check_ooxml, check_pdf
from indexing.extract.image import ImageParser
from indexing.extract.legacy import LegacyOfficeParser
from indexing.extract.pdf import PdfParser
from indexing.extract.pptx import PptxParser
from indexing.extract.sniff import DOCX, OCTET, PDF, PPTX, XLSX, sniff_media_type
from indexing.extract.text import TextParser
from indexing.extract.unsupported import EmptyParser, unsupported_reason
from indexing.extract.xlsx import XlsxParser

log = logging.getLogger(__name__)

#: A successful parse with fewer non-whitespace characters than this counts as EMPTY.
MIN_TEXT_CHARS = 20
REASON_NO_TEXT = "Tidak ada teks yang dapat dibaca"

_PARSERS: dict[str, Parser] = {}

# C0/C1 control characters except \t \n \f (\r is normalised to \n first).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")  # i.e. 2+ blank lines → exactly one


def register(parser: Parser) -> Parser:
    """Register ``parser`` for each of its media types (a later registration wins)."""
    for media_type in parser.media_types:
        _PARSERS[media_type] = parser
    return parser


def parser_for(media_type: str) -> Parser | None:
    return _PARSERS.get(media_type)


def registered_media_types() -> tuple[str, ...]:
    return tuple(sorted(_PARSERS))


for _parser in (PdfParser(), DocxParser(), XlsxParser(), PptxParser(), TextParser(), ImageParser(),
                LegacyOfficeParser(), EmptyParser()):
    register(_parser)

#: Checks run before the parser of a media type (:mod:`.guards`): a reason to refuse, or ``None``.
GUARDS = {PDF: check_pdf, DOCX: check_ooxml, XLSX: check_ooxml, PPTX: check_ooxml}


def normalise_text(text: str) -> str:
    """Remove NUL/control characters (keep \\n \\t \\f), trim trailing spaces, collapse blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n ")


def extract_file(
    path: Path,
    filename: str | None = None,
    context: ParseContext = ParseContext(),
) -> ExtractionResult:
    """Sniff, check size, dispatch to the registered parser and normalise the text.

    Never raises for bad input: every outcome, including a crashing parser, is an
    :class:`ExtractionResult`. ``filename`` is the user's original name (the stored
    path may be a content hash) and only refines the sniffed type.
    """
    started = time.perf_counter()
    path = Path(path)
    result = _extract(path, filename, context)
    if len(result.text) > context.max_text_chars:  # parsers that cannot stop early: cut here
        result.text = result.text[: context.max_text_chars]
        note = (f"Hanya {context.max_text_chars:,} karakter pertama yang dibaca; sisanya tidak dibaca"
                .replace(",", "."))
        result.reason = f"{result.reason}; {note}" if result.reason else note
    if result.text:
        result.text = normalise_text(result.text)
    if result.status is ExtractStatus.OK and visible_chars(result.text) < MIN_TEXT_CHARS:
        result.status = ExtractStatus.EMPTY
        note = result.reason  # e.g. the pages or rows that were not read
        result.reason = REASON_NO_TEXT + (", juga dengan OCR" if result.ocr_pages else "") + (f"; {note}" if note else "")
    if result.reason:
        result.reason = without_paths(result.reason)  # reasons are shown to members: no server paths
    result.duration_s = time.perf_counter() - started
    return result


def _extract(path: Path, filename: str | None, context: ParseContext) -> ExtractionResult:
    try:
        size = path.stat().st_size
        media_type = sniff_media_type(path, filename)
    except OSError as exc:
        return ExtractionResult(
            status=ExtractStatus.FAILED,
            media_type=OCTET,
            reason=f"Berkas tidak dapat dibuka: {type(exc).__name__}: {exc.strerror or exc}",
        )
    if size > context.max_bytes:
        return ExtractionResult(
            status=ExtractStatus.UNSUPPORTED,
            media_type=media_type,
            reason=(
                f"Berkas melebihi batas ukuran ({_megabytes(size)} > {_megabytes(context.max_bytes)}); "
                "disimpan tetapi tidak dibaca"
            ),
        )
    parser = parser_for(media_type)
    if parser is None:
        return ExtractionResult(
            status=ExtractStatus.UNSUPPORTED, media_type=media_type, reason=unsupported_reason(media_type)
        )
    label = getattr(parser, "label", parser.name.upper())
    try:
        guard = GUARDS.get(media_type)
        refused = guard(path, context) if guard else None
        if refused:
            return ExtractionResult(status=ExtractStatus.FAILED, media_type=media_type, extractor=parser.name,
                                    reason=refused)
        result = parser.parse(path, context)
    except DukungError as exc:  # a parser's own, already user-facing message
        result = ExtractionResult(status=ExtractStatus.FAILED, media_type=media_type, reason=str(exc))
    except MemoryError:
        result = ExtractionResult(status=ExtractStatus.FAILED, media_type=media_type,
                                  reason=memory_limit_reason(context.memory_mb))
    except RecursionError:
        result = ExtractionResult(status=ExtractStatus.FAILED, media_type=media_type,
                                  reason=f"Gagal membaca {label}: struktur berkas bersarang terlalu dalam")
    except Exception as exc:  # unexpected: wrapped exactly once, here
        log.info("Parser %s failed on %s", parser.name, path, exc_info=True)
        message = " ".join(str(exc).split())[:300]
        result = ExtractionResult(
            status=ExtractStatus.FAILED,
            media_type=media_type,
            reason=f"Gagal membaca {label}: {type(exc).__name__}: {message}".rstrip(": "),
        )
    result.media_type = media_type
    if not result.extractor:
        result.extractor = parser.name
    return result


def memory_limit_reason(memory_mb: int) -> str:
    return (f"Pembacaan dihentikan: melebihi batas memori {memory_mb} MB; berkas disimpan "
            "(dapat diproses ulang setelah admin menaikkan batasnya)")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size} byte"
