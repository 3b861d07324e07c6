"""Ingest end to end against bare extraction loops over the same files, measured in the same run.

Baselines read the born-digital PDFs of a corpus with pypdfium2, pypdf and ``pdftotext``
(poppler) — in one process, and in one process per core (what Dukung's parser pool has).
Dukung's ingest (stage → store → extract → classify → record → index) runs in a child process
(:mod:`benchmarks.ingest_run`) whose process tree is sampled for peak memory.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.rss import PeakRss

ROOT = Path(__file__).resolve().parents[1]


def _pypdfium2(path: str) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
        n += 1
    pdf.close()
    return n


def _pypdf(path: str) -> int:
    import pypdf

    n = 0
    for page in pypdf.PdfReader(path).pages:
        page.extract_text()
        n += 1
    return n


def _pdftotext(path: str) -> int:
    out = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", path, "-"], capture_output=True, check=False).stdout
    return out.count(b"\f")


EXTRACTORS = {"pypdfium2": _pypdfium2, "pypdf": _pypdf, "pdftotext": _pdftotext}


def bare_loop(name: str, files: list[str], procs: int) -> dict:
    fn = EXTRACTORS[name]
    if procs == 1:
        started = time.perf_counter()
        pages = sum(fn(f) for f in files)
    else:
        with ProcessPoolExecutor(procs) as ex:
            list(ex.map(fn, files[:procs]))  # start the workers (and their imports) before the clock
            started = time.perf_counter()
            pages = sum(ex.map(fn, files, chunksize=4))
    return {"seconds": time.perf_counter() - started, "documents": len(files), "pages": pages}


def median_of(runs: list[dict]) -> dict:
    out = dict(runs[-1])
    for k, v in runs[0].items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = statistics.median(r[k] for r in runs)
    out["rounds"] = len(runs)
    return out


def baselines(files: list[str], rounds: int, procs: tuple[int, ...] = (1, 2)) -> dict:
    have_pdftotext = shutil.which("pdftotext") is not None
    out = {}
    for name in EXTRACTORS:
        if name == "pdftotext" and not have_pdftotext:
            out[name] = {"skipped": "pdftotext not installed (apt-get install poppler-utils)"}
            continue
        for p in procs:
            bare_loop(name, files[:20], p)  # warm the page cache and imports
            out[f"{name}_x{p}"] = rates(median_of([bare_loop(name, files, p) for _ in range(rounds)]))
    return out


def rates(r: dict) -> dict:
    if r.get("seconds"):
        r["documents_per_s"] = r["documents"] / r["seconds"]
        r["pages_per_s"] = r["pages"] / r["seconds"]
    return r


def dukung_ingest(corpus: Path, env: dict[str, str], *, orchestrator: str = "direct",
                  fresh: "callable | None" = None) -> dict:
    """One ingest of ``corpus`` in a child process with a fresh home; peak RSS of its process tree."""
    home = Path(tempfile.mkdtemp(prefix="dukung-bench-home-"))
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("DUKUNG_") or k.startswith("DUKUNG_TEST_")}
    child_env.update({"DUKUNG_HOME": str(home), "PYTHONPATH": str(ROOT), **env, **(fresh() if fresh else {})})
    try:
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.ingest_run", str(corpus),
                                 "--orchestrator", orchestrator], cwd=ROOT, env=child_env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with PeakRss(proc.pid) as peak:
            stdout, stderr = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"ingest child failed ({proc.returncode}): {stderr[-3000:]}")
        result = json.loads(stdout.strip().splitlines()[-1])
        result["peak_rss_main_mb"] = peak.main_mb
        result["peak_rss_tree_mb"] = peak.tree_mb
        return rates(result)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def dukung_median(corpus: Path, env: dict[str, str], rounds: int, **kwargs) -> dict:
    return rates(median_of([dukung_ingest(corpus, env, **kwargs) for _ in range(rounds)]))
