"""OCR pages/s of Dukung's OCR pass on 2 cores against bare ``tesseract`` on the same pages.

The scans of the corpus go through a Dukung ingest (the text pass finds no text layer, the OCR
pass renders each page at ``DUKUNG_INGEST__OCR_DPI`` and runs Tesseract, one process per core).
The baseline renders the same pages at the same resolution beforehand (not timed) and runs
``tesseract PAGE stdout -l ind+eng --dpi DPI tsv`` with one thread each, one process per core.
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


def render_pages(pdfs: list[Path], folder: Path, dpi: int = DPI) -> list[Path]:
    import pypdfium2 as pdfium

    out = []
    for n, f in enumerate(pdfs):
        pdf = pdfium.PdfDocument(f)
        for i in range(len(pdf)):
            target = folder / f"{n:05d}-{i:03d}.pgm"
            pdf[i].render(scale=dpi / 72).to_pil().convert("L").save(target)
            out.append(target)
        pdf.close()
    return out


def bare_tesseract(pages: list[Path], workers: int, dpi: int = DPI) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(p: Path) -> None:
        subprocess.run(["tesseract", str(p), "stdout", "-l", "ind+eng", "--dpi", str(dpi), "tsv"],
                       capture_output=True, env=env, check=True)

    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(one, pages))
    return time.perf_counter() - t


def measure(corpus: Path, files: list[dict], rounds: int, dukung_run) -> dict:
    pdfs = [corpus / f["path"] for f in files if f["kind"] == "scan"]
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="dukung-bench-ocr-") as tmp:
        pages = render_pages(pdfs, Path(tmp))
        bare = [bare_tesseract(pages, workers) for _ in range(rounds)]
    runs = [dukung_run() for _ in range(rounds)]
    bare_s = statistics.median(bare)
    ocr_s = statistics.median(r["ocr_seconds"] for r in runs)
    ocr_pages = runs[0]["ocr_pages"]
    out = {"documents": len(pdfs), "pages": len(pages), "workers": workers, "dpi": DPI, "rounds": rounds,
           "bare_tesseract_s": bare_s, "bare_pages_per_s": len(pages) / bare_s,
           "dukung_ocr_pages": ocr_pages, "dukung_ocr_s": ocr_s, "dukung_pages_per_s": ocr_pages / ocr_s if ocr_s else 0}
    out["ratio_to_bare_tesseract"] = out["dukung_pages_per_s"] / out["bare_pages_per_s"]
    return out
