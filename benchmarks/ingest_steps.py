"""Where a parse worker's time goes: each step of ``flows.ingest.processing.run_job`` timed, in one process.

    .venv/bin/python -m benchmarks.ingest_steps [--units 4] [--docs 100]

Stages a born-digital PDF corpus (benchmarks/corpus.py) into a fresh home, then runs every parse
job here (no pool) with PDFium extraction, metadata, content checks, classification and stemming
each timed; also times a whole ingest of the same corpus for the main process's CPU per document.
Writes benchmarks/results/ingest_steps.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("extract_file", "extract_metadata", "document_facts", "classify", "stem_text")


def _timed(module, name: str, totals: dict[str, float]) -> None:
    fn = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=4)
    ap.add_argument("--docs", type=int, default=100)
    args = ap.parse_args()
    os.environ.update({"DUKUNG_HOME": tempfile.mkdtemp(prefix="dukung-bench-steps-"), "DUKUNG_INGEST__OCR": "false",
                       "DUKUNG_INGEST__ORCHESTRATOR": "direct"})
    from benchmarks import corpus
    from flows.ingest import processing
    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from flows.ingest.staging import stage_folder
    from storage.records import repository as repo

    root, _files = corpus.generate(corpus.Spec(args.units, args.docs, "pdf"))
    units = sorted(p for p in root.iterdir() if p.is_dir())
    rt = open_runtime()
    with rt.records.session() as session:
        for u in units:
            repo.add_unit(session, u.name, u.name, [])
    ids = [d for u in units for d in stage_folder(rt, u, unit_code=u.name, year=2025).to_process]
    jobs = processing.jobs_for(rt, ids)
    totals: dict[str, float] = {}
    for name in STEPS:
        _timed(processing, name, totals)
    started = time.perf_counter()
    outcomes = [processing.run_job(job) for job in jobs]
    worker_s = time.perf_counter() - started
    pages = sum(o.page_count or 0 for o in outcomes)
    n = len(outcomes)
    rt.close()

    # The whole ingest again, fresh home, for the main process's CPU per document.
    os.environ["DUKUNG_HOME"] = tempfile.mkdtemp(prefix="dukung-bench-steps-")
    from config.settings import get_settings

    get_settings.cache_clear()
    rt = open_runtime()
    with rt.records.session() as session:
        for u in units:
            repo.add_unit(session, u.name, u.name, [])
    cpu, wall = time.process_time(), time.perf_counter()
    for u in units:
        ingest(rt, u, unit_code=u.name, year=2025)
    main_cpu, ingest_s = time.process_time() - cpu, time.perf_counter() - wall
    rt.close()

    per_doc = {k: round(v / n * 1000, 2) for k, v in totals.items()}
    per_doc["rest (object store, outcome)"] = round((worker_s - sum(totals.values())) / n * 1000, 2)
    result = {"documents": n, "pages": pages, "worker_ms_per_document": round(worker_s / n * 1000, 2),
              "steps_ms_per_document": per_doc,
              "pdfium_share_of_worker": round(totals["extract_file"] / worker_s, 3),
              "main_process_cpu_ms_per_document": round(main_cpu / n * 1000, 2),
              "ingest_pages_per_s": round(pages / ingest_s, 1),
              "bound_ratio_if_both_cores_busy": round(totals["extract_file"] / (worker_s + main_cpu), 3)}
    out = ROOT / "benchmarks" / "results" / "ingest_steps.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
