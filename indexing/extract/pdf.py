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
    visible_chars,
)
from indexing.extract.sniff import PDF

log = logging.getLogger(__name__)
# pypdf warns on every damaged file it repairs; the result's reason already says what happened.
logging.getLogger("pypdf").setLevel(logging.ERROR)

REASON_NEEDS_OCR = "PDF tanpa lapisan teks (hasil pindai); perlu OCR"
REASON_OCR_EMPTY = "Tidak ada teks yang dapat dibaca, juga dengan OCR"
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
            if visible_chars(text) < context.min_chars_per_page:
                without_text.append(number)
            chunks.append(text)
        read = len(chunks)
        unread = f"Hanya {read} dari {page_count} halaman pertama yang dibaca" if read < page_count else None
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
            result.reason = _joined(REASON_NEEDS_OCR, unread)
        else:
            result.reason = unread
        if without_text and context.ocr is not None and extractor.startswith("pypdfium2"):
            _ocr_thin_pages(path, context, chunks, result, unread)
        return result


def _joined(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


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


def _ocr_thin_pages(path: Path, context: ParseContext, chunks: list[str], result: ExtractionResult,
                    unread: str | None) -> None:
    """OCR the pages without a usable text layer (only those: the others keep their text). ``unread``
    says which pages were beyond the page limit."""
    from indexing.extract.ocr import OcrUnavailable, check_available, ocr_summary, tesseract_label

    options = context.ocr
    wanted = result.pages_without_text
    try:
        check_available(options, context.languages)
    except OcrUnavailable as exc:
        if result.status is ExtractStatus.NEEDS_OCR:
            result.reason = _joined(REASON_NEEDS_OCR, f"OCR tidak tersedia: {exc}", unread)
        return
    ocr = ocr_pdf_pages(path, wanted[: options.max_pages], context)
    for page, text in ocr.pages.items():
        if text.strip():
            chunks[page - 1] = text
    result.text = PAGE_SEPARATOR.join(chunks)
    result.ocr_pages = sorted(ocr.pages)
    result.ocr_confidence = ocr.mean_confidence
    result.extractor = f"{result.extractor} + {tesseract_label(options.command)} ({'+'.join(context.languages)})"
    has_text = any(not chunk.isspace() and chunk for chunk in chunks)
    result.status = ExtractStatus.OK if has_text else ExtractStatus.EMPTY
    notes = [n for n in (unread, ocr_summary(ocr, wanted=wanted, limit=options.max_pages)) if n]
    if not has_text:
        notes.insert(0, REASON_OCR_EMPTY)
    result.reason = "; ".join(notes) or None


#: A scanned page's own image is read as it is when its resolution lies in this range (dpi: about 200 to 400;
#: a scan computes to 199.99) — outside it (a coarse or a huge scan) the page is rendered at ``OcrOptions.dpi``.
NATIVE_DPI_RANGE = (190, 420)
#: The image must cover this share of the page (a full-page scan, not a logo on an empty page).
NATIVE_MIN_COVER = 0.85


def scanned_image(page) -> tuple[object, int] | None:
    """The page's own scan as a grayscale Pillow image and its dpi, when the page is one upright image.

    A scanned page is usually a single image placed over the whole page: reading its pixels
    directly costs a few milliseconds, where rendering at 300 dpi costs ~0.1 s and gives Tesseract
    upsampled pixels to read (more work, no more detail). Anything else — text or vector objects,
    several images, a rotated or mirrored placement, a rotated page, a resolution outside
    :data:`NATIVE_DPI_RANGE` — returns ``None`` and the page is rendered.
    """
    try:
        if page.get_rotation() != 0:
            return None
        objects = list(page.get_objects(max_depth=1))
        if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return None
        image = objects[0]
        a, b, c, d, _e, _f = image.get_matrix().get()
        if b or c or a <= 0 or d <= 0:
            return None
        page_w, page_h = page.get_size()
        if a * d < NATIVE_MIN_COVER * page_w * page_h:
            return None
        px_w, px_h = image.get_px_size()
        dpi_x, dpi_y = px_w / (a / 72), px_h / (d / 72)
        if abs(dpi_x - dpi_y) > 0.02 * dpi_x or not NATIVE_DPI_RANGE[0] <= dpi_x <= NATIVE_DPI_RANGE[1]:
            return None
        return image.get_bitmap(render=False).to_pil().convert("L"), round(dpi_x)
    except Exception:  # noqa: BLE001 - an odd image (masks, exotic colour spaces): render the page instead
        log.debug("page image not read directly", exc_info=True)
        return None


def page_for_ocr(page, options) -> tuple[object, int]:
    """The image Tesseract reads for a page and its dpi: the scan itself, or a render at ``options.dpi``."""
    native = scanned_image(page)
    if native is not None:
        return native
    width, height = page.get_size()  # points
    scale = options.dpi / 72
    pixels = width * scale * height * scale
    if pixels > options.max_image_pixels:  # a giant page: render fewer dots per inch
        scale *= (options.max_image_pixels / pixels) ** 0.5
    return page.render(scale=scale, grayscale=True).to_pil(), round(scale * 72)


def ocr_pdf_pages(path: Path, pages: list[int], context: ParseContext):
    """Read the given 1-based pages with Tesseract (:class:`OcrText`), each as :func:`page_for_ocr` gives it."""
    import subprocess

    from indexing.extract.ocr import OcrText, ocr_image

    options = context.ocr
    ocr = OcrText()
    doc = pdfium.PdfDocument(path, password="")
    try:
        for number in pages:
            page = doc[number - 1]
            try:
                image, dpi = page_for_ocr(page, options)
            finally:
                page.close()
            try:
                ocr.add(number, ocr_image(image, options, context.languages, dpi=dpi))
            except subprocess.TimeoutExpired:
                ocr.skipped[number] = f"melebihi batas waktu OCR {options.page_timeout_s:g} detik per halaman"
    finally:
        doc.close()
    return ocr


def _encrypted() -> ExtractionResult:
    return ExtractionResult(
        status=ExtractStatus.ENCRYPTED,
        media_type=PDF,
        extractor=library_label("pypdfium2"),
        reason=REASON_ENCRYPTED,
    )


def _describe(error: pdfium.PdfiumError) -> str:
    return (str(error) or type(error).__name__).rstrip(". ")
