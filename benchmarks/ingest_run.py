"""One Dukung ingest of a benchmark corpus, in its own process (the parent measures its memory).

    python -m benchmarks.ingest_run CORPUS_DIR --orchestrator direct|prefect

Backends come from the environment (``DUKUNG_*``, set by the parent). Every unit folder of the
corpus is ingested as its own unit, one after the other. The parser pool (and, for ``prefect``,
the temporary Prefect server) is started before the clock starts. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--orchestrator", choices=("direct", "prefect"), default="direct")
    args = ap.parse_args()
    os.environ["DUKUNG_INGEST__ORCHESTRATOR"] = args.orchestrator
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from flows.ingest.sandbox import pool
    from storage.records import repository as repo

    rt = open_runtime()
    units = sorted(p for p in args.corpus.iterdir() if p.is_dir())
    with rt.records.session() as s:
        for u in units:
            repo.add_unit(s, u.name, u.name, [f"zi@{u.name.lower()}.go.id"])
    settings = rt.settings
    for f in [pool("parse", settings.worker_count, settings.ingest.parse_memory_mb).schedule(os.getpid)
              for _ in range(settings.worker_count * 2)]:
        f.result()
    if args.orchestrator == "prefect":
        from flows import pipelines

        t = time.perf_counter()
        pipelines.ocr_flow(doc_ids=[])  # starts the temporary Prefect server
        server_s = time.perf_counter() - t
    docs = pages = ocr_pages = 0
    ocr_s = 0.0
    stage_s = process_s = 0.0
    statuses: dict[str, int] = {}
    stage_ends: list[float] = []
    started = time.perf_counter()
    for u in units:
        if args.orchestrator == "prefect":
            result = pipelines.ingest_flow(source=str(u), unit=u.name, year=2025)
            docs += result["processed"]
            pages += result["pages"]
            for k, v in result["statuses"].items():
                statuses[k] = statuses.get(k, 0) + v
            continue
        stage_started = time.perf_counter()
        result = ingest(rt, u, unit_code=u.name, year=2025,
                        on_stage_done=lambda _s: stage_ends.append(time.perf_counter()))
        report = result.batches
        stage_s += stage_ends[-1] - stage_started
        process_s += time.perf_counter() - stage_ends[-1]
        docs += report.processed
        pages += report.pages
        ocr_pages += report.ocr_pages
        ocr_s += report.ocr_seconds
        for k, v in report.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
    seconds = time.perf_counter() - started
    index_bytes = None
    if settings.search.backend == "fts5":
        p = settings.search_path
        index_bytes = sum(os.path.getsize(str(p) + s) for s in ("", "-wal") if os.path.exists(str(p) + s))
    out = {"seconds": seconds, "documents": docs, "pages": pages, "statuses": statuses,
           "stage_seconds": stage_s, "ocr_pages": ocr_pages, "ocr_seconds": ocr_s, "process_seconds": process_s, "index_bytes": index_bytes}
    if args.orchestrator == "prefect":
        out["prefect_server_start_s"] = server_s
    rt.close()
    print(json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
