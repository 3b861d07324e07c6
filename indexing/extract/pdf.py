"""PDF text layer: pypdfium2 page by page, pypdf as fallback when PDFium cannot open the file."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indexing.extract.base import (
    PAGE_SEPARATOR,
    ExtractionResult,
    ExtractStatus,
    ParseContext,
    library_label,
)
from indexing.extract.sniff import PDF

log = logging.getLogger(__name__)
# pypdf warns on every damaged file it repairs; the result's reason already says what happened.
logging.getLogger("pypdf").setLevel(logging.ERROR)

REASON_NEEDS_OCR = "PDF tanpa lapisan teks (hasil pindai); perlu OCR"
REASON_ENCRYPTED = "PDF terkunci kata sandi; unggah versi tanpa kata sandi"


class _Encrypted(Exception):
    """The PDF needs a password other than the empty one."""


class PdfParser:
    name = "pdf"
    media_types = (PDF,)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        try:
            return self._with(path, context, _pdfium_pages, library_label("pypdfium2"))
        except _Encrypted:
            return _encrypted()
        except pdfium.PdfiumError as pdfium_error:
            log.info("PDFium cannot open %s (%s); trying pypdf", path, pdfium_error)
            try:
                return self._with(path, context, _pypdf_pages, library_label("pypdf"))
            except _Encrypted:
                return _encrypted()
            except Exception as pypdf_error:  # both libraries gave up: the file is damaged
                return ExtractionResult(
                    status=ExtractStatus.FAILED,
                    media_type=PDF,
                    extractor=f"{library_label('pypdfium2')}, {library_label('pypdf')}",
                    reason=(
                        f"Berkas PDF rusak: {_describe(pdfium_error)}; "
                        f"pypdf: {type(pypdf_error).__name__}: {pypdf_error}"
                    ),
                )

    @staticmethod
    def _with(
        path: Path,
        context: ParseContext,
        pages: Callable[[Path, int], tuple[int, Iterator[str]]],
        extractor: str,
    ) -> ExtractionResult:
        page_count, texts = pages(path, context.max_pages)
        chunks: list[str] = []
        without_text: list[int] = []
        for number, text in enumerate(texts, start=1):
            if sum(not c.isspace() for c in text) < context.min_chars_per_page:
                without_text.append(number)
            chunks.append(text)
        read = len(chunks)
        result = ExtractionResult(
            status=ExtractStatus.OK,
            media_type=PDF,
            text=PAGE_SEPARATOR.join(chunks),
            page_count=page_count,
            extractor=extractor,
            pages_without_text=without_text,
        )
        if read and len(without_text) == read:
            result.status = ExtractStatus.NEEDS_OCR
            result.reason = REASON_NEEDS_OCR
        elif read < page_count:
            result.reason = f"Hanya {read} dari {page_count} halaman pertama yang dibaca"
        return result


def _pdfium_pages(path: Path, max_pages: int) -> tuple[int, Iterator[str]]:
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code != pdfium_c.FPDF_ERR_PASSWORD:
            raise
        try:  # PDFium already tries the empty password; be explicit for odd producers
            doc = pdfium.PdfDocument(path, password="")
        except pdfium.PdfiumError:
            raise _Encrypted() from exc
    page_count = len(doc)

    def texts() -> Iterator[str]:
        try:
            for index in range(min(page_count, max_pages)):
                page = doc[index]
                textpage = page.get_textpage()
                try:
                    yield textpage.get_text_bounded()
                finally:
                    textpage.close()
                    page.close()
        finally:
            doc.close()

    return page_count, texts()


def _pypdf_pages(path: Path, max_pages: int) -> tuple[int, Iterator[str]]:
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                raise _Encrypted()
        except _Encrypted:
            raise
        except Exception as exc:  # unsupported crypto (e.g. AES without `cryptography`)
            raise _Encrypted() from exc
    page_count = len(reader.pages)

    def texts() -> Iterator[str]:
        for index in range(min(page_count, max_pages)):
            yield reader.pages[index].extract_text() or ""

    return page_count, texts()


def _encrypted() -> ExtractionResult:
    return ExtractionResult(
        status=ExtractStatus.ENCRYPTED,
        media_type=PDF,
        extractor=library_label("pypdfium2"),
        reason=REASON_ENCRYPTED,
    )


def _describe(error: pdfium.PdfiumError) -> str:
    return (str(error) or type(error).__name__).rstrip(". ")
