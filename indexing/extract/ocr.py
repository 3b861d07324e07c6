"""Tesseract OCR of page images: one ``tesseract`` process per page, one thread each.

The page goes in on stdin as a PGM image (no temporary files), the words come back as
Tesseract's TSV (text plus a confidence per word) on stdout. ``OMP_THREAD_LIMIT=1``: on a
small machine one process per core, each with one thread, reads about twice as many pages a
second as Tesseract's default OpenMP threads (``benchmarks/ocr.py``).

Expected trouble — Tesseract or a language missing, a page over its time limit — is reported
as :class:`OcrUnavailable` or a skipped page with a reason in Bahasa Indonesia, never as an
unexplained exception.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

from indexing.extract.base import OcrOptions

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-ind"


class OcrUnavailable(Exception):
    """Tesseract cannot run here (not installed, a language missing); the message says why, in Indonesian."""


@dataclass
class PageText:
    text: str
    confidences: list[float] = field(default_factory=list)


@dataclass
class OcrText:
    """OCR of several pages: the text per page number and the mean word confidence."""

    pages: dict[int, str] = field(default_factory=dict)
    confidences: list[float] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)  # page → why it was not read

    @property
    def mean_confidence(self) -> float | None:
        return round(sum(self.confidences) / len(self.confidences), 1) if self.confidences else None

    def add(self, page: int, result: PageText) -> None:
        self.pages[page] = result.text
        self.confidences.extend(result.confidences)


@lru_cache(maxsize=8)
def _installed_languages(command: str) -> frozenset[str]:
    path = shutil.which(command)
    if path is None:
        raise OcrUnavailable(f"program OCR '{command}' tidak ditemukan ({INSTALL_HINT})")
    try:
        done = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"program OCR '{command}' tidak dapat dijalankan: {exc}") from exc
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def check_available(options: OcrOptions, languages: tuple[str, ...]) -> None:
    """Raise :class:`OcrUnavailable` unless Tesseract and every language can be used."""
    installed = _installed_languages(options.command)
    missing = [lang for lang in languages if lang not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise OcrUnavailable(f"bahasa OCR {', '.join(missing)} belum terpasang (apt-get install {packages})")


def ocr_image(image, options: OcrOptions, languages: tuple[str, ...], dpi: int | None = None) -> PageText:
    """Read one page image (a Pillow image, rendered or scanned at ``dpi`` if known) with Tesseract.

    Raises :class:`subprocess.TimeoutExpired` when the page takes longer than ``options.page_timeout_s``
    and :class:`OcrUnavailable` when Tesseract cannot run.
    """
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PPM")  # PGM: no compression to spend time on
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [options.command, "stdin", "stdout", "-l", "+".join(languages)]
    if dpi:  # without it Tesseract estimates the resolution from the text height
        command += ["--dpi", str(dpi)]
    command.append("tsv")
    try:
        done = subprocess.run(command, input=buffer.getvalue(), capture_output=True, env=env,
                              timeout=options.page_timeout_s)
    except FileNotFoundError as exc:
        raise OcrUnavailable(f"program OCR '{options.command}' tidak ditemukan ({INSTALL_HINT})") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(f"Tesseract gagal (kode {done.returncode}): {message[-1] if message else ''}".strip())
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> PageText:
    """Text (words of a line joined by spaces, paragraphs by blank lines) and word confidences of Tesseract TSV."""
    lines: list[str] = []
    confidences: list[float] = []
    current_line = None
    current_par = None
    words: list[str] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":  # level 5 = word
            continue
        word = cols[11].strip()
        if not word:
            continue
        par = (cols[1], cols[2], cols[3])
        line = (*par, cols[4])
        if line != current_line:
            if words:
                lines.append(" ".join(words))
            if current_par is not None and par != current_par:
                lines.append("")
            words, current_line, current_par = [], line, par
        words.append(word)
        try:
            confidence = float(cols[10])
        except ValueError:
            continue
        if confidence >= 0:
            confidences.append(confidence)
    if words:
        lines.append(" ".join(words))
    return PageText("\n".join(lines), confidences)


def describe_pages(pages: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``"1–3, 7"``."""
    parts: list[str] = []
    start = prev = None
    for n in sorted(pages):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}–{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        parts.append(f"{start}–{prev}" if prev != start else str(start))
    return ", ".join(parts)


@lru_cache(maxsize=8)
def tesseract_label(command: str) -> str:
    """``"tesseract 5.3.0"`` (for ``ExtractionResult.extractor``)."""
    try:
        done = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=30)
        first = (done.stdout or done.stderr).splitlines()[0].strip()
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "tesseract"
    return first if first.startswith("tesseract") else f"tesseract {first}"


def ocr_summary(ocr: OcrText, *, wanted: list[int], limit: int, low_confidence: float = 60.0) -> str | None:
    """What a reviewer should know about an OCR run, in Indonesian (``None`` when all went well)."""
    notes: list[str] = []
    beyond = [p for p in wanted if p not in ocr.pages and p not in ocr.skipped]
    if ocr.skipped:
        for why in sorted(set(ocr.skipped.values())):
            pages = [p for p, w in ocr.skipped.items() if w == why]
            notes.append(f"halaman {describe_pages(pages)} tidak terbaca: {why}")
    if beyond:
        notes.append(f"hanya {limit} halaman pertama tanpa teks yang di-OCR (halaman {describe_pages(beyond)} belum)")
    confidence = ocr.mean_confidence
    if confidence is not None and confidence < low_confidence:
        notes.append(f"hasil OCR kurang jelas (keyakinan rata-rata {confidence:.0f}%)")
    if not notes:
        return None
    text = "; ".join(notes)
    return text[:1].upper() + text[1:]
