"""Ingest rate of the demo evidence set against bare pypdf and pypdfium2 loops, in the same run.

    .venv/bin/python benchmarks/ingest_demo.py [--rounds 3]

Writes benchmarks/results/ingest_demo.json and .md. Figures are medians over the rounds; every
Dukung figure is also given as a ratio to the bare loops measured on the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"


def bare_pypdf(files: list[Path]) -> tuple[int, int]:
    import pypdf

    pages = chars = 0
    for f in files:
        try:
            reader = pypdf.PdfReader(f)
            for page in reader.pages:
                chars += len(page.extract_text() or "")
                pages += 1
        except Exception:
            pass
    return pages, chars


def bare_pypdfium2(files: list[Path]) -> tuple[int, int]:
    import pypdfium2 as pdfium

    pages = chars = 0
    for f in files:
        try:
            pdf = pdfium.PdfDocument(f)
        except Exception:
            continue
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            chars += len(tp.get_text_range())
            tp.close()
            page.close()
            pages += 1
        pdf.close()
    return pages, chars


def dukung_ingest(folder: Path, home: Path, orchestrator: str) -> dict:
    """A fresh Dukung home; all sub-folders of ``folder`` ingested as units."""
    os.environ["DUKUNG_HOME"] = str(home)
    os.environ["DUKUNG_INGEST__ORCHESTRATOR"] = orchestrator
    from config.settings import get_settings

    get_settings.cache_clear()
    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from storage.records import repository as repo

    rt = open_runtime()
    units = sorted(p for p in folder.iterdir() if p.is_dir())
    with rt.records.session() as s:
        for u in units:
            repo.add_unit(s, u.name, u.name)
    docs = pages = 0
    started = time.perf_counter()
    for u in units:
        if orchestrator == "prefect":
            from flows import pipelines

            pipelines.runtime.cache_clear()
            result = pipelines.ingest_flow(source=str(u), unit=u.name, year=2025)
            docs += result["processed"]
            pages += result["pages"]
        else:
            report = ingest(rt, u, unit_code=u.name, year=2025)
            docs += report.batches.processed
            pages += report.batches.pages
    seconds = time.perf_counter() - started
    rt.close()
    return {"seconds": seconds, "documents": docs, "pages": pages}


def median_run(fn, rounds: int):
    runs = [fn() for _ in range(rounds)]
    best = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-prefect", action="store_true", help="skip the Prefect-flow measurement")
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    from flows.sample_data import generate_sample_evidence

    work = Path(tempfile.mkdtemp(prefix="dukung-bench-"))
    try:
        demo = work / "demo"
        generate_sample_evidence(demo, year=2025)
        pdf_only = work / "pdf-only"
        for f in demo.rglob("*.pdf"):
            target = pdf_only / f.relative_to(demo)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target)
        pdfs = sorted(pdf_only.rglob("*.pdf"))
        all_files = [f for f in demo.rglob("*") if f.is_file()]

        def timed(fn, files):
            def run():
                t = time.perf_counter()
                pages, _ = fn(files)
                return {"seconds": time.perf_counter() - t, "documents": len(files), "pages": pages}
            return run

        counter = iter(range(10_000))
        results = {
            "bare_pypdf": median_run(timed(bare_pypdf, pdfs), args.rounds),
            "bare_pypdfium2": median_run(timed(bare_pypdfium2, pdfs), args.rounds),
            "dukung_direct_pdf_only": median_run(
                lambda: dukung_ingest(pdf_only, work / f"h{next(counter)}", "direct"), args.rounds),
            "dukung_direct_whole_demo": median_run(
                lambda: dukung_ingest(demo, work / f"h{next(counter)}", "direct"), args.rounds),
        }
        if not args.no_prefect:
            from prefect import flow

            @flow
            def warm_up() -> int:
                return 1

            t = time.perf_counter()
            warm_up()  # starts the temporary Prefect server once; its start-up is reported apart
            results["prefect_server_startup_s"] = time.perf_counter() - t
            results["dukung_prefect_pdf_only"] = median_run(
                lambda: dukung_ingest(pdf_only, work / f"h{next(counter)}", "prefect"), args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for r in results.values():
        if isinstance(r, dict):
            r["documents_per_s"] = round(r["documents"] / r["seconds"], 1)
            r["pages_per_s"] = round(r["pages"] / r["seconds"], 1)
            r["seconds"] = round(r["seconds"], 3)
    base_fitz, base_pypdf = results["bare_pypdfium2"]["pages_per_s"], results["bare_pypdf"]["pages_per_s"]
    for key in ("dukung_direct_pdf_only", "dukung_prefect_pdf_only"):
        if key in results:
            results[key]["ratio_to_bare_pypdfium2"] = round(results[key]["pages_per_s"] / base_fitz, 3)
            results[key]["ratio_to_bare_pypdf"] = round(results[key]["pages_per_s"] / base_pypdf, 3)
    if "dukung_prefect_pdf_only" in results:
        d, p = results["dukung_direct_pdf_only"]["seconds"], results["dukung_prefect_pdf_only"]["seconds"]
        results["prefect_share_of_ingest_time"] = round(max(p - d, 0) / p, 3)
    meta = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "versions": {p: version(p) for p in ("pypdf", "pypdfium2", "prefect", "sqlalchemy")},
        "settings": {"rounds": args.rounds, "workers": os.cpu_count(), "batch_size": 32,
                     "corpus": f"demo set: {len(all_files)} files, {len(pdfs)} PDFs"},
        "notes": "bare loops run in one process; Dukung ingest uses one parser process per core and includes "
                 "hashing, storing, metadata, classification, the records database and the FTS5 index.",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest_demo.json").write_text(json.dumps({**meta, "results": results}, indent=2), encoding="utf-8")
    lines = ["| run | documents | pages | seconds | docs/s | pages/s | × bare pypdfium2 | × bare pypdf |",
             "|---|---|---|---|---|---|---|---|"]
    for key, r in results.items():
        if isinstance(r, dict):
            lines.append(f"| {key} | {r['documents']:.0f} | {r['pages']:.0f} | {r['seconds']} | {r['documents_per_s']} | "
                         f"{r['pages_per_s']} | {r.get('ratio_to_bare_pypdfium2', '')} | {r.get('ratio_to_bare_pypdf', '')} |")
    extra = {k: v for k, v in results.items() if not isinstance(v, dict)}
    md = "# Ingest of the demo set\n\n" + "\n".join(lines) + "\n\n" + "\n".join(
        f"- {k}: {round(v, 3)}" for k, v in extra.items()) + f"\n\n{meta['notes']}\n\nMachine: {meta['machine']}; " \
        f"versions: {meta['versions']}; {meta['settings']['corpus']}; median of {args.rounds} rounds.\n"
    (RESULTS / "ingest_demo.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
