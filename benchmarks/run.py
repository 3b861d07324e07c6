"""The benchmark suite: ingest, OCR, search, completeness, e-mail run, memory, index size, Prefect's share.

    .venv/bin/python -m benchmarks.run --quick          # CI smoke run, < 5 minutes, embedded backends
    .venv/bin/python -m benchmarks.run                  # full run (1k/10k/100k; servers if they start)
    .venv/bin/python -m benchmarks.run --only search,completeness --no-servers

Writes ``benchmarks/results/bench[-quick].json`` and ``.md``: machine, versions, settings, every
figure (medians of ``--rounds`` runs) with its ratio to a baseline measured in the same run, and
the targets of issue #7 with met / not met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
import traceback
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import bench_completeness, bench_ingest, bench_ocr, bench_search, corpus  # noqa: E402
from benchmarks.report import render_markdown  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SECTIONS = ("ingest", "prefect", "servers", "ocr", "memory", "search", "concurrency", "completeness")

SIZES = {
    True: {"pdf": (2, 25), "real": (2, 30), "scan": (1, 2), "prefect": (1, 25), "memory": [(3, 100), (10, 100)],
           "search": [10_000], "search_es": [10_000], "units": [100], "mail_units": 100, "rounds": 3,
           "dukung_rounds": 2, "ocr_rounds": 1, "search_repeat": 5, "concurrency_docs": 2_000,
           "concurrency_requests": 10},
    False: {"pdf": (10, 100), "real": (10, 100), "scan": (2, 10), "prefect": (10, 100), "memory": [(10, 100), (100, 100)],
            "search": [10_000, 100_000], "search_es": [10_000, 100_000], "units": [100, 500], "mail_units": 500,
            "rounds": 3, "dukung_rounds": 3, "ocr_rounds": 2, "search_repeat": 10, "concurrency_docs": 10_000,
            "concurrency_requests": 20},
}


def machine() -> dict:
    def tool(cmd):
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            return (done.stdout + done.stderr).strip().splitlines()[0]
        except Exception:  # noqa: BLE001
            return None

    return {
        "python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(), "sqlite": sqlite3.sqlite_version,
        "versions": {p: version(p) for p in ("pypdf", "pypdfium2", "prefect", "sqlalchemy", "elasticsearch", "pebble")},
        "tesseract": tool(["tesseract", "--version"]), "pdftotext": tool(["pdftotext", "-v"]),
    }


def _pdf_files(root: Path, files: list[dict]) -> list[str]:
    return [str(root / f["path"]) for f in files if f["kind"] == "pdf"]


EMBEDDED = {"DUKUNG_INGEST__OCR": "false"}


def run_ingest(cfg: dict, out: dict) -> None:
    root, files = corpus.generate(corpus.Spec(*cfg["pdf"], "pdf"))
    out["baselines"] = bench_ingest.baselines(_pdf_files(root, files), cfg["rounds"])
    out["dukung_pdf"] = bench_ingest.dukung_median(root, EMBEDDED, cfg["dukung_rounds"])
    real_root, real_files = corpus.generate(corpus.Spec(*cfg["real"], "real"))
    kinds: dict[str, int] = {}
    for f in real_files:
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    out["dukung_real_mix"] = bench_ingest.dukung_median(real_root, EMBEDDED, cfg["dukung_rounds"])
    out["dukung_real_mix"]["kinds"] = kinds
    out["corpus"] = {"pdf": corpus.Spec(*cfg["pdf"], "pdf").name, "real": corpus.Spec(*cfg["real"], "real").name}


def run_prefect(cfg: dict, out: dict) -> None:
    root, _files = corpus.generate(corpus.Spec(*cfg["prefect"], "pdf"))
    direct = bench_ingest.dukung_ingest(root, EMBEDDED)
    prefect = bench_ingest.dukung_ingest(root, EMBEDDED, orchestrator="prefect")
    out.update({"direct": direct, "prefect": prefect,
                "prefect_share_of_ingest": max(prefect["seconds"] - direct["seconds"], 0) / prefect["seconds"]})


def run_servers(cfg: dict, out: dict, servers) -> None:
    root, _files = corpus.generate(corpus.Spec(*cfg["pdf"], "pdf"))
    out["dukung_pdf_servers"] = bench_ingest.dukung_median(root, EMBEDDED, cfg["dukung_rounds"],
                                                           fresh=servers.dukung_env)


def run_ocr(cfg: dict, out: dict) -> None:
    root, files = corpus.generate(corpus.Spec(*cfg["scan"], "scan"))
    out.update(bench_ocr.measure(root, files, cfg["ocr_rounds"],
                                 lambda: bench_ingest.dukung_ingest(root, {"DUKUNG_INGEST__OCR": "true"})))


def run_memory(cfg: dict, out: dict) -> None:
    for units, docs in cfg["memory"]:
        root, _files = corpus.generate(corpus.Spec(units, docs, "text"))
        r = bench_ingest.dukung_ingest(root, EMBEDDED)
        r["index_mb_per_1000_docs"] = r["index_bytes"] / 1e6 / r["documents"] * 1000 if r.get("index_bytes") else None
        out[str(units * docs)] = r


def run_search(cfg: dict, out: dict, servers) -> None:
    for n in cfg["search"]:
        out[f"fts5_{n}"] = bench_search.measure("fts5", n, cfg["search_repeat"])
    if servers is not None:
        for n in cfg["search_es"]:
            out[f"elasticsearch_{n}"] = bench_search.measure("elasticsearch", n, cfg["search_repeat"],
                                                             es_url=servers.es_url)


def run_concurrency(cfg: dict, out: dict, servers) -> None:
    from benchmarks import search_concurrency

    out["fts5"] = search_concurrency.measure("fts5", cfg["concurrency_docs"], cfg["concurrency_requests"])
    if servers is not None:
        out["elasticsearch"] = search_concurrency.measure("elasticsearch", cfg["concurrency_docs"],
                                                          cfg["concurrency_requests"], es_url=servers.es_url)


def run_completeness(cfg: dict, out: dict) -> None:
    out.update(bench_completeness.measure(cfg["units"], cfg["rounds"], mail_units=cfg["mail_units"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, embedded backends: the CI smoke run")
    ap.add_argument("--only", default="", help=f"comma-separated sections of {','.join(SECTIONS)}")
    ap.add_argument("--no-servers", action="store_true", help="skip PostgreSQL/MinIO/Elasticsearch")
    ap.add_argument("--servers", action="store_true", help="start the servers in --quick mode too")
    ap.add_argument("--out", default="", help="result file stem (default bench or bench-quick)")
    args = ap.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    cfg = SIZES[args.quick]
    sections = [s for s in (args.only.split(",") if args.only else SECTIONS) if s]
    want_servers = ("servers" in sections or "search" in sections or "concurrency" in sections) and not args.no_servers \
        and (args.servers or not args.quick)
    if not want_servers:
        sections = [s for s in sections if s != "servers"]
    results: dict = {"machine": machine(), "settings": {"quick": args.quick, **cfg, "sections": sections},
                     "started": datetime.now().isoformat(timespec="seconds"), "sections": {}, "errors": {}}
    servers = None
    from contextlib import ExitStack

    with ExitStack() as stack:
        if want_servers:
            try:
                from benchmarks.servers import Servers

                t = time.perf_counter()
                servers = stack.enter_context(Servers())
                results["settings"]["servers_start_s"] = time.perf_counter() - t
            except Exception as exc:  # noqa: BLE001 - the embedded figures still count
                results["errors"]["servers"] = f"{type(exc).__name__}: {exc}"[:500]
                sections = [s for s in sections if s != "servers"]
        for name in sections:
            t = time.perf_counter()
            print(f"[bench] {name} …", flush=True)
            out: dict = {}
            try:
                fn = globals()[f"run_{name}"]
                fn(cfg, out, servers) if name in ("servers", "search", "concurrency") else fn(cfg, out)
            except Exception as exc:  # noqa: BLE001 - one failing section must not lose the others
                traceback.print_exc()
                results["errors"][name] = f"{type(exc).__name__}: {exc}"[:1000]
            out["section_s"] = time.perf_counter() - t
            results["sections"][name] = out
            print(f"[bench] {name}: {out['section_s']:.1f} s", flush=True)
    results["finished"] = datetime.now().isoformat(timespec="seconds")
    stem = args.out or ("bench-quick" if args.quick else "bench")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    md = render_markdown(results)
    (RESULTS / f"{stem}.md").write_text(md, encoding="utf-8")
    print(md)
    return 1 if results["errors"] and not set(results["errors"]) <= {"servers"} else 0


if __name__ == "__main__":
    sys.exit(main())
