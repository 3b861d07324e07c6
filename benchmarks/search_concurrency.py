"""Search latency with 30 people searching at once, through the web API as they use it.

    .venv/bin/python -m benchmarks.search_concurrency               # 10 000 docs, FTS5 (+ ES if it starts)
    .venv/bin/python -m benchmarks.search_concurrency --quick       # 2 000 docs, shorter rounds
    .venv/bin/python -m benchmarks.search_concurrency --no-servers  # FTS5 only

For each backend an index of synthetic ZI documents (:func:`benchmarks.search_fts5.make_docs`) is
served by ``dukung web`` (uvicorn, one process, loopback) and searched over HTTP (``GET /api/search``
with the installation token) with the query mix of ``benchmarks/search_fts5.py``: first by one client
(the baseline, same run, same server), then by 30 clients at once. Each round is bounded (a fixed
number of requests per client; every request has a timeout). Writes
``benchmarks/results/search_concurrency.{json,md}``: p50/p95/p99 per round, throughput, errors, and the
30-client p95 as a ratio of the single-client p95.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_search import pct  # noqa: E402
from benchmarks.search_fts5 import QUERY_MIX, make_docs  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
CLIENTS = 30
REQUEST_TIMEOUT_S = 30.0


def query_paths() -> list[str]:
    """The query mix as ``/api/search`` URLs."""
    paths = []
    for queries in QUERY_MIX.values():
        for q in queries:
            params: list[tuple[str, str]] = [("q", q.text), ("page", str(q.page)), ("per_page", str(q.per_page)),
                                             ("sort", q.sort)]
            for name, values in (("unit", q.units), ("period", q.periods), ("area", q.areas),
                                 ("question", q.questions), ("doc_type", q.doc_types), ("tag", q.tags),
                                 ("year", q.years)):
                params += [(name, str(v)) for v in values or []]
            paths.append("/api/search?" + urlencode(params))
    return paths


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebServer:
    """``dukung web`` on loopback in a subprocess, with the settings of one index."""

    def __init__(self, home: Path, settings: dict[str, str]):
        self.port = _free_port()
        self.token = secrets.token_urlsafe(24)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DUKUNG_")}
        env.update(settings, DUKUNG_HOME=str(home), DUKUNG_WEB__API_TOKEN=self.token, PYTHONPATH=str(ROOT),
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "web", "--port", str(self.port)], env=env,
                                     cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("dukung web berhenti: " + self.proc.stderr.read().decode()[-2000:])
            try:
                status, _ms = self.get("/api/search?q=pelayanan")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("dukung web tidak siap dalam 120 detik")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S)

    def get(self, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, float]:
        own = conn is None
        conn = conn or self.connection()
        try:
            t = time.perf_counter()
            conn.request("GET", path, headers={"Authorization": f"Bearer {self.token}"})
            resp = conn.getresponse()
            resp.read()
            return resp.status, (time.perf_counter() - t) * 1000
        finally:
            if own:
                conn.close()

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_round(server: WebServer, clients: int, requests_per_client: int, paths: list[str]) -> dict:
    """``clients`` threads, each with its own keep-alive connection, ``requests_per_client`` searches each."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(n: int) -> None:
        conn = server.connection()
        mine, bad = [], []
        start.wait()
        for i in range(requests_per_client):
            path = paths[(n * 7 + i) % len(paths)]
            try:
                status, ms = server.get(path, conn)
                if status != 200:
                    bad.append(f"HTTP {status}")
                mine.append(ms)
            except OSError as exc:
                bad.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = server.connection()
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    return {"clients": clients, "requests": len(latencies), "errors": len(errors), "error_samples": errors[:5],
            "wall_s": wall, "requests_per_s": len(latencies) / wall if wall else None,
            "p50_ms": pct(latencies, 50), "p95_ms": pct(latencies, 95), "p99_ms": pct(latencies, 99),
            "max_ms": max(latencies) if latencies else None}


def build_index(backend: str, n: int, home: Path, es_url: str | None) -> dict[str, str]:
    """Fill an index with ``n`` documents; return the DUKUNG_* settings that open it."""
    from config.settings import SearchSettings
    from indexing.search import open_search_index

    if backend == "fts5":
        path = home / "search.sqlite"
        settings = {"DUKUNG_SEARCH__BACKEND": "fts5", "DUKUNG_SEARCH__PATH": str(path)}
        ix = open_search_index("fts5", path=path)
    else:
        prefix = f"bench-conc-{uuid.uuid4().hex[:8]}"
        settings = {"DUKUNG_SEARCH__BACKEND": "elasticsearch", "DUKUNG_SEARCH__URL": es_url,
                    "DUKUNG_SEARCH__INDEX_PREFIX": prefix}
        ix = open_search_index("elasticsearch", settings=SearchSettings(backend="elasticsearch", url=es_url,
                                                                         index_prefix=prefix))
    try:
        ix.rebuild(make_docs(n))
        ix.optimize()
    finally:
        ix.close()
    return settings


def drop_es(settings: dict[str, str]) -> None:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(settings["DUKUNG_SEARCH__URL"])
    try:
        names = list(es.options(ignore_status=404).indices.get(
            index=f"{settings['DUKUNG_SEARCH__INDEX_PREFIX']}-*", expand_wildcards="all"))
        if names:
            es.indices.delete(index=",".join(names))
    finally:
        es.close()


def measure(backend: str, n: int, requests_per_client: int, es_url: str | None = None) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"dukung-bench-conc-{backend}-"))
    settings: dict[str, str] = {}
    try:
        t = time.perf_counter()
        settings = build_index(backend, n, home, es_url)
        build_s = time.perf_counter() - t
        server = WebServer(home, settings)
        try:
            paths = query_paths()
            run_round(server, 4, 10, paths)  # warm: caches, connections, the server's thread pool
            single = run_round(server, 1, requests_per_client * 3, paths)
            many = run_round(server, CLIENTS, requests_per_client, paths)
        finally:
            server.close()
    finally:
        if backend == "elasticsearch" and settings:
            drop_es(settings)
        shutil.rmtree(home, ignore_errors=True)
    return {"backend": backend, "documents": n, "build_s": build_s, "single_client": single,
            f"clients_{CLIENTS}": many, "p95_ratio_to_single_client": many["p95_ms"] / max(single["p95_ms"], 1e-6),
            "throughput_ratio_to_single_client": (many["requests_per_s"] or 0) / max(single["requests_per_s"] or 0, 1e-6)}


def render_markdown(results: dict) -> str:
    lines = [f"# Search with {CLIENTS} concurrent clients", "",
             f"{results['started']} · {results['machine']['cpus']} CPUs · load at start "
             f"{results['machine']['load_average_at_start'][0]:.1f} · through `dukung web` (uvicorn, one process) over "
             "loopback HTTP, `GET /api/search`, query mix of `benchmarks/search_fts5.py` (words, phrases, filters, "
             "facets, pages). Baseline: one client on the same server in the same run.", "",
             "| Backend | Docs | Clients | Requests | Errors | p50 ms | p95 ms | p99 ms | req/s | p95 × single |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results["runs"]:
        for key in ("single_client", f"clients_{CLIENTS}"):
            x = r[key]
            ratio = f"{r['p95_ratio_to_single_client']:.1f}" if key != "single_client" else "1.0"
            lines.append(f"| {r['backend']} | {r['documents']} | {x['clients']} | {x['requests']} | {x['errors']} | "
                         f"{x['p50_ms']:.1f} | {x['p95_ms']:.1f} | {x['p99_ms']:.1f} | {x['requests_per_s']:.1f} | {ratio} |")
    for name, err in results["errors"].items():
        lines.append(f"\n**{name}** not measured: {err}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 000 documents, 10 requests per client")
    ap.add_argument("--docs", type=int, default=0, help="documents in the index (default 10 000; quick 2 000)")
    ap.add_argument("--requests", type=int, default=0, help="requests per client (default 20; quick 10)")
    ap.add_argument("--no-servers", action="store_true", help="FTS5 only (no Elasticsearch)")
    ap.add_argument("--out", default="search_concurrency", help="result file stem in benchmarks/results/")
    args = ap.parse_args(argv)
    n = args.docs or (2_000 if args.quick else 10_000)
    per_client = args.requests or (10 if args.quick else 20)
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "load_average_at_start": os.getloadavg()},
                     "settings": {"documents": n, "clients": CLIENTS, "requests_per_client": per_client,
                                  "single_client_requests": per_client * 3, "timeout_s": REQUEST_TIMEOUT_S},
                     "started": datetime.now().isoformat(timespec="seconds"), "runs": [], "errors": {}}
    results["runs"].append(measure("fts5", n, per_client))
    if not args.no_servers:
        from contextlib import ExitStack

        with ExitStack() as stack:
            try:
                es_url = os.environ.get("DUKUNG_TEST_ELASTICSEARCH_URL")
                if not es_url:
                    from benchmarks.servers import Servers

                    es_url = stack.enter_context(Servers(names=("elasticsearch",))).es_url
                results["runs"].append(measure("elasticsearch", n, per_client, es_url))
            except Exception as exc:  # noqa: BLE001 - the FTS5 figures still count
                results["errors"]["elasticsearch"] = f"{type(exc).__name__}: {exc}"[:500]
    results["finished"] = datetime.now().isoformat(timespec="seconds")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    md = render_markdown(results)
    (RESULTS / f"{args.out}.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
