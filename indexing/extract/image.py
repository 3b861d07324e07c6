"""Images (JPEG, PNG, TIFF, GIF, WebP, HEIC): no text layer; read with OCR when the context asks for it.

Each frame of a multi-page TIFF is a page. Phone photos are turned upright from their EXIF
orientation first. An image with more pixels than the OCR options allow is refused before it
is decoded (a small PNG can claim 50 000 × 50 000 pixels).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext, library_label
from indexing.extract.sniff import GIF, HEIC, JPEG, PNG, TIFF, WEBP

REASON_IMAGE = "Gambar tanpa lapisan teks; perlu OCR"
REASON_OCR_EMPTY = "Tidak ada teks yang dapat dibaca, juga dengan OCR"


class ImageParser:
    name = "image"
    label = "gambar"
    media_types = (PNG, JPEG, TIFF, GIF, WEBP, HEIC)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        pending = ExtractionResult(
            status=ExtractStatus.NEEDS_OCR,
            media_type=PNG,  # the registry keeps the sniffed media type
            page_count=1,
            extractor=self.name,
            reason=REASON_IMAGE,
        )
        if context.ocr is None:
            return pending
        from indexing.extract.ocr import OcrUnavailable, check_available

        try:
            check_available(context.ocr, context.languages)
        except OcrUnavailable as exc:
            pending.reason = f"{REASON_IMAGE}; OCR tidak tersedia: {exc}"
            return pending
        return _ocr_image_file(path, context)


def _open(path: Path, max_pixels: int):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # we check the size ourselves, before decoding, with our own message
    try:
        image = Image.open(path)
    except Exception:
        if not _register_heif():
            raise
        image = Image.open(path)
    width, height = image.size
    if width * height > max_pixels:
        raise _TooLarge(f"Gambar terlalu besar ({width}×{height} piksel; batas {max_pixels / 1e6:g} juta piksel)")
    return image


def _register_heif() -> bool:
    try:
        import pillow_heif
    except ImportError:  # pragma: no cover - a dependency; kept optional for slim installs
        return False
    pillow_heif.register_heif_opener()
    return True


class _TooLarge(Exception):
    pass


def _ocr_image_file(path: Path, context: ParseContext) -> ExtractionResult:
    from PIL import ImageOps, ImageSequence

    from indexing.extract.ocr import OcrText, ocr_image, ocr_summary, tesseract_label

    options = context.ocr
    extractor = f"{library_label('pillow')} + {tesseract_label(options.command)} ({'+'.join(context.languages)})"
    try:
        image = _open(path, options.max_image_pixels)
    except _TooLarge as exc:
        return ExtractionResult(status=ExtractStatus.FAILED, media_type=PNG, page_count=1, extractor=extractor,
                                reason=str(exc))
    except Exception as exc:  # Pillow cannot identify or open it
        return _damaged(exc, extractor)
    ocr = OcrText()
    frames = 0
    try:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            frames = number
            if number > options.max_pages:
                continue
            upright = ImageOps.exif_transpose(frame)  # loads the pixels: damage shows here
            dpi = _declared_dpi(frame)
            try:
                ocr.add(number, ocr_image(upright, options, context.languages, dpi=dpi))
            except subprocess.TimeoutExpired:
                ocr.skipped[number] = f"melebihi batas waktu OCR {options.page_timeout_s:g} detik per halaman"
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt pixel data
        if not ocr.pages:
            return _damaged(exc, extractor)
        ocr.skipped[frames] = f"gambar rusak ({exc})"
    finally:
        image.close()
    text = "\n\f\n".join(ocr.pages[n] for n in sorted(ocr.pages))
    has_text = bool(text) and not text.isspace()
    notes = [n for n in (None if has_text else REASON_OCR_EMPTY,
                         ocr_summary(ocr, wanted=list(range(1, frames + 1)), limit=options.max_pages)) if n]
    return ExtractionResult(
        status=ExtractStatus.OK if has_text else ExtractStatus.EMPTY,
        media_type=PNG,
        text=text,
        page_count=frames,
        extractor=extractor,
        reason="; ".join(notes) or None,
        ocr_pages=sorted(ocr.pages),
        ocr_confidence=ocr.mean_confidence,
    )


def _declared_dpi(frame) -> int | None:
    """The image's own resolution when it is a plausible scan's; else Tesseract estimates it (phone photos
    claim 72 dpi)."""
    dpi = frame.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError):
        return None
    return value if 150 <= value <= 1200 else None


def _damaged(exc: Exception, extractor: str) -> ExtractionResult:
    message = " ".join(str(exc).split())[:200]
    return ExtractionResult(status=ExtractStatus.FAILED, media_type=PNG, page_count=1, extractor=extractor,
                            reason=f"Gambar rusak atau terpotong: {type(exc).__name__}: {message}")
