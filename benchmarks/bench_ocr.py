"""OCR pages/s of Dukung's OCR pass on 2 cores against bare ``tesseract`` on the same pages.

The scans of the corpus go through a Dukung ingest (the text pass finds no text layer, the OCR
pass gives Tesseract each page as :func:`indexing.extract.pdf.page_for_ocr` makes it — the scan's
own image when it is a 200–400 dpi full-page image, else a render at ``DUKUNG_INGEST__OCR_DPI`` —
one process per core). The baseline prepares exactly the same page images beforehand (not timed)
and runs ``tesseract PAGE stdout -l ind+eng --dpi DPI tsv`` with one thread each, one process per core.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DPI = 300


def ocr_inputs(pdfs: list[Path], folder: Path, dpi: int = DPI, *, render_only: bool = False) -> list[tuple[Path, int]]:
    """Every page as the OCR pass hands it to Tesseract (PGM file, dpi); ``render_only``: always a render."""
    import pypdfium2 as pdfium

    from indexing.extract.base import OcrOptions
    from indexing.extract.pdf import page_for_ocr

    options = OcrOptions(dpi=dpi)
    out = []
    for n, f in enumerate(pdfs):
        pdf = pdfium.PdfDocument(f)
        for i in range(len(pdf)):
            page = pdf[i]
            if render_only:
                image, page_dpi = page.render(scale=dpi / 72, grayscale=True).to_pil(), dpi
            else:
                image, page_dpi = page_for_ocr(page, options)
            target = folder / f"{n:05d}-{i:03d}{'-r' if render_only else ''}.pgm"
            image.convert("L").save(target, format="PPM")
            out.append((target, page_dpi))
            page.close()
        pdf.close()
    return out


def bare_tesseract(pages: list[tuple[Path, int]], workers: int, output: str = "tsv") -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(item: tuple[Path, int]) -> None:
        path, dpi = item
        subprocess.run(["tesseract", str(path), "stdout", "-l", "ind+eng", "--dpi", str(dpi), output],
                       capture_output=True, env=env, check=True)

    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(one, pages))
    return time.perf_counter() - t


def measure(corpus: Path, files: list[dict], rounds: int, dukung_run) -> dict:
    pdfs = [corpus / f["path"] for f in files if f["kind"] == "scan"]
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="dukung-bench-ocr-") as tmp:
        pages = ocr_inputs(pdfs, Path(tmp))
        bare = [bare_tesseract(pages, workers) for _ in range(rounds)]
    runs = [dukung_run() for _ in range(rounds)]
    bare_s = statistics.median(bare)
    ocr_s = statistics.median(r["ocr_seconds"] for r in runs)
    ocr_pages = runs[0]["ocr_pages"]
    out = {"documents": len(pdfs), "pages": len(pages), "workers": workers, "dpi": sorted({d for _p, d in pages}),
           "rounds": rounds,
           "bare_tesseract_s": bare_s, "bare_pages_per_s": len(pages) / bare_s,
           "dukung_ocr_pages": ocr_pages, "dukung_ocr_s": ocr_s, "dukung_pages_per_s": ocr_pages / ocr_s if ocr_s else 0}
    out["ratio_to_bare_tesseract"] = out["dukung_pages_per_s"] / out["bare_pages_per_s"]
    return out
