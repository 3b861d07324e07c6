"""OCR rate: Dukung's OCR pass against the bare ``tesseract`` program on the same page images, in one run.

    .venv/bin/python benchmarks/ocr.py [--pages 16] [--rounds 2]

Builds scanned documents from Indonesian SK and report text (rendered, slightly rotated, with
speckles, saved as image-only PDFs: tests/builders.py), then measures, on this machine's cores:

* ``dukung``: the OCR pass of the pipeline (``flows.ingest.pipeline.ocr_documents``: each page as
  ``indexing.extract.pdf.page_for_ocr`` gives it — a 200–400 dpi full-page scan's own image, else a
  300-dpi PDFium render — Tesseract ``ind+eng``, one worker process per core, ``OMP_THREAD_LIMIT=1``),
  including recording and indexing the text;
* ``bare_omp1_parallel``: ``tesseract`` on exactly those page images, one process per core,
  ``OMP_THREAD_LIMIT=1`` (what Dukung does, without Dukung);
* ``bare_omp1_parallel_render300``: the same on 300-dpi renders of the pages (what Dukung read before
  it used the scans' own images);
* ``bare_default_parallel``: the same with Tesseract's default OpenMP threads;
* ``bare_default_serial``: one ``tesseract`` after another with its default threads (the naive loop);
* ``ocrmypdf``: ``ocrmypdf --skip-text --jobs N --output-type pdf`` on the PDFs, when the ``ocrmypdf``
  program is on PATH (it needs Ghostscript); otherwise noted as not measured.

Writes benchmarks/results/ocr.json and .md (pages/s, ratios, word recall against the source text).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
RESULTS = ROOT / "benchmarks" / "results"
WORD = re.compile(r"\w{3,}", re.UNICODE)


def source_pages(count: int) -> list[str]:
    from conftest import LAPORAN_PENGADUAN, NOTULEN, SK_TIM

    texts = [SK_TIM, LAPORAN_PENGADUAN, "\n".join(NOTULEN)]
    return [texts[i % len(texts)] for i in range(count)]


def build(folder: Path, pages: list[str]) -> list[Path]:
    """Two-page scanned PDFs (the last may have one page)."""
    from builders import make_scanned_pdf

    files = []
    for n in range(0, len(pages), 2):
        files.append(make_scanned_pdf(folder / f"pindai-{n // 2:02d}.pdf", pages[n:n + 2], dpi=200))
    return files


def page_images(files: list[Path], folder: Path, *, render_only: bool = False) -> list[tuple[Path, int]]:
    """The pages as Dukung hands them to Tesseract (PGM files with their dpi); see benchmarks/bench_ocr.py."""
    from benchmarks.bench_ocr import ocr_inputs

    return ocr_inputs(files, folder, render_only=render_only)


def bare(images: list[tuple[Path, int]], *, workers: int, omp: str | None, languages: str) -> tuple[float, list[str]]:
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if omp:
        env["OMP_THREAD_LIMIT"] = omp

    def one(item: tuple[Path, int]) -> str:
        image, dpi = item
        done = subprocess.run(["tesseract", str(image), "stdout", "-l", languages, "--dpi", str(dpi)],
                              capture_output=True, text=True, env=env, check=True)
        return done.stdout

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        texts = list(pool.map(one, images))
    return time.perf_counter() - started, texts


def dukung(files: list[Path], workers: int) -> tuple[float, float, list[str]]:
    """The OCR pass of the pipeline on a fresh home: (seconds of the OCR pass, mean confidence, texts)."""
    with tempfile.TemporaryDirectory() as home:
        os.environ.update({"DUKUNG_HOME": home, "DUKUNG_INGEST__ORCHESTRATOR": "direct",
                           "DUKUNG_INGEST__WORKERS": str(workers), "DUKUNG_INGEST__OCR_WORKERS": str(workers)})
        from config.settings import get_settings
        from flows.ingest.pipeline import ingest
        from flows.runtime import open_runtime
        from storage.records import repository as repo

        get_settings.cache_clear()
        folder = Path(home) / "unggahan"
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
        rt = open_runtime()
        try:
            with rt.records.session() as session:
                repo.add_unit(session, "BENCH", "Unit uji", [])
            report = ingest(rt, folder, unit_code="BENCH", year=2025)
            with rt.records.session() as session:
                docs = repo.list_documents(session, unit_codes=["BENCH"])
                confidences = [d.extraction.ocr_confidence for d in docs if d.extraction.ocr_confidence]
                texts = []
                for d in sorted(docs, key=lambda d: d.relative_path):
                    with rt.objects.open(d.extraction.text_key) as fh:
                        texts.append(fh.read().decode("utf-8"))
        finally:
            rt.close()
        assert report.batches.ocr_pages == sum(len(t.split("\f")) for t in texts), report.batches.as_dict()
        return report.batches.ocr_seconds, statistics.mean(confidences), texts


def ocrmypdf_run(files: list[Path], workers: int, folder: Path) -> float | None:
    if shutil.which("ocrmypdf") is None:
        return None
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    for f in files:
        subprocess.run(["ocrmypdf", "--skip-text", "--jobs", str(workers), "-l", "ind+eng", "--output-type", "pdf",
                        "--optimize", "0", "--quiet", str(f), str(folder / f"ocr-{f.name}")], check=True, env=env)
    return time.perf_counter() - started


def recall(source: list[str], texts: list[str]) -> float:
    want = [w.lower() for t in source for w in WORD.findall(t)]
    got = {w.lower() for t in texts for w in WORD.findall(t)}
    return round(sum(w in got for w in want) / len(want), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    pages = source_pages(args.pages)
    runs: dict[str, list[float]] = {}
    notes: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = build(folder, pages)
        images = page_images(files, folder)
        renders = page_images(files, folder, render_only=True)
        notes["page_dpi_given_to_tesseract"] = sorted({d for _p, d in images})
        for _ in range(args.rounds):
            seconds, confidence, texts = dukung(files, cores)
            runs.setdefault("dukung", []).append(seconds)
            notes["dukung_mean_confidence"] = round(confidence, 1)
            notes["dukung_word_recall"] = recall(pages, texts)
            for name, workers, omp in (("bare_omp1_parallel", cores, "1"), ("bare_default_parallel", cores, None),
                                       ("bare_default_serial", 1, None), ("bare_omp1_serial", 1, "1")):
                seconds, texts = bare(images, workers=workers, omp=omp, languages="ind+eng")
                runs.setdefault(name, []).append(seconds)
                notes[f"{name}_word_recall"] = recall(pages, texts)
            seconds, texts = bare(renders, workers=cores, omp="1", languages="ind+eng")
            runs.setdefault("bare_omp1_parallel_render300", []).append(seconds)
            notes["bare_omp1_parallel_render300_word_recall"] = recall(pages, texts)
            seconds = ocrmypdf_run(files, cores, folder)
            if seconds is not None:
                runs.setdefault("ocrmypdf", []).append(seconds)
                notes["ocrmypdf_version"] = subprocess.run(["ocrmypdf", "--version"], capture_output=True,
                                                           text=True).stdout.strip()
                notes["ocrmypdf_word_recall"] = recall(pages, [subprocess.run(
                    ["pdftotext", str(folder / f"ocr-{f.name}"), "-"], capture_output=True, text=True).stdout
                    for f in files]) if shutil.which("pdftotext") else "not measured (no pdftotext)"
    if "ocrmypdf" not in runs:
        notes["ocrmypdf"] = ("not measured: the `ocrmypdf` program is not installed here (it needs Ghostscript "
                             "and pikepdf; Dukung does not use it)")
    notes["load_average_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    n = len(images)
    table = {}
    for name, values in runs.items():
        median = statistics.median(values)
        table[name] = {"pages": n, "seconds": round(median, 2), "pages_per_s": round(n / median, 3)}
    base = table["bare_omp1_parallel"]["pages_per_s"]
    for name, row in table.items():
        row["x_bare_omp1_parallel"] = round(row["pages_per_s"] / base, 3)
        row["x_bare_default_serial"] = round(row["pages_per_s"] / table["bare_default_serial"]["pages_per_s"], 3)
    notes["omp1_parallel_vs_default_parallel"] = round(
        table["bare_omp1_parallel"]["pages_per_s"] / table["bare_default_parallel"]["pages_per_s"], 2)
    result = {
        "runs": table, "notes": notes, "rounds": args.rounds,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": cores},
        "versions": {"tesseract": subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
                     .stdout.splitlines()[0], "pypdfium2": version("pypdfium2"), "pebble": version("pebble")},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ocr.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = ["# OCR rate", "", f"{n} scanned A4 pages (Indonesian SK, report, minutes; 200-dpi scans, read "
             f"as their own images), {cores} cores, median of {args.rounds} rounds.", "",
             "| run | pages | seconds | pages/s | × bare OMP=1 parallel | × bare default serial |",
             "|---|---|---|---|---|---|"]
    for name, row in table.items():
        lines.append(f"| {name} | {row['pages']} | {row['seconds']} | {row['pages_per_s']} | "
                     f"{row['x_bare_omp1_parallel']} | {row['x_bare_default_serial']} |")
    lines += [""] + [f"- {k}: {v}" for k, v in notes.items()]
    lines += ["", f"Machine: {result['machine']}; versions: {result['versions']}."]
    (RESULTS / "ocr.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
