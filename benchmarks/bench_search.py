"""Search latency for a fixed query mix (single words, phrases, filtered, faceted, paged), FTS5 and Elasticsearch.

The corpus is :func:`benchmarks.search_fts5.make_docs` (synthetic Indonesian ZI documents, topic
clusters, deterministic). Each Dukung query is timed end to end (parse, match, facets, snippets);
the baseline is the bare engine on the same index and terms, timed in the same run: for FTS5 the
top 20 by ``rank`` straight from ``docs_fts``, for Elasticsearch a plain ``match`` of 20 hits
without aggregations or highlighting.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.search_fts5 import QUERY_MIX, make_docs


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))]


def _summary(values: list[float]) -> dict:
    return {"p50_ms": pct(values, 50), "p95_ms": pct(values, 95), "p99_ms": pct(values, 99), "samples": len(values)}


def _bare_fts5(ix):
    from indexing.search._fts5 import parse_query, to_match_expression

    def run(q):
        match = to_match_expression(parse_query(q.text))
        if match is None:
            return ix._conn.execute("SELECT doc_id FROM docs ORDER BY doc_id DESC LIMIT 20").fetchall()
        return ix._conn.execute("SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT 20",
                                (match,)).fetchall()
    return run


def _bare_es(ix):
    def run(q):
        body = {"match": {"text": q.text}} if q.text else {"match_all": {}}
        return ix.client.search(index=ix.alias, query=body, size=20, track_total_hits=False)
    return run


def open_index(backend: str, workdir: Path, es_url: str | None):
    from config.settings import SearchSettings
    from indexing.search import open_search_index

    if backend == "fts5":
        return open_search_index("fts5", path=workdir / "search.sqlite")
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    return open_search_index("elasticsearch", settings=SearchSettings(backend="elasticsearch", url=es_url,
                                                                     index_prefix=prefix))


def measure(backend: str, n: int, repeat: int, *, es_url: str | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="dukung-bench-search-") as tmp:
        ix = open_index(backend, Path(tmp), es_url)
        try:
            t = time.perf_counter()
            ix.rebuild(make_docs(n))
            ix.optimize()
            build_s = time.perf_counter() - t
            size = None
            if backend == "fts5":
                db = Path(tmp) / "search.sqlite"
                size = sum(os.path.getsize(str(db) + s) for s in ("", "-wal") if os.path.exists(str(db) + s))
            bare = _bare_fts5(ix) if backend == "fts5" else _bare_es(ix)
            queries = [(cat, q) for cat, qs in QUERY_MIX.items() for q in qs]
            for _cat, q in queries:  # warm
                ix.search(q)
                bare(q)
            lat: dict[str, list[float]] = {}
            base: list[float] = []
            for _ in range(repeat):
                for cat, q in queries:
                    t = time.perf_counter()
                    ix.search(q)
                    lat.setdefault(cat, []).append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    bare(q)
                    base.append((time.perf_counter() - t) * 1000)
        finally:
            if backend == "elasticsearch":
                try:
                    ix.client.indices.delete(index=f"{ix.prefix}-*")
                except Exception:  # noqa: BLE001
                    pass
            ix.close()
    every = [v for vs in lat.values() for v in vs]
    out = {"backend": backend, "documents": n, "repeat": repeat, "build_s": build_s,
           "build_docs_per_s": n / build_s, "index_mb": size / 1e6 if size else None,
           "index_mb_per_1000_docs": size / 1e6 / n * 1000 if size else None,
           "categories": {cat: _summary(vs) for cat, vs in lat.items()}, "all": _summary(every),
           "bare_engine": _summary(base)}
    out["p95_ratio_to_bare"] = out["all"]["p95_ms"] / max(out["bare_engine"]["p95_ms"], 1e-6)
    return out
