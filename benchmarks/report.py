"""The Markdown table of a benchmark run: the targets of issue #7 first, then every figure."""

from __future__ import annotations


def _f(v, nd: int = 1) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def _get(d: dict, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def targets(r: dict) -> list[tuple[str, str, str, str]]:
    """(target, measured, ratio, verdict) rows."""
    s = r["sections"]
    rows = []
    pdf = _get(s, "ingest", "dukung_pdf")
    base2 = _get(s, "ingest", "baselines", "pypdfium2_x2")
    base1 = _get(s, "ingest", "baselines", "pypdfium2_x1")
    if pdf and base2:
        ratio2, ratio1 = pdf["pages_per_s"] / base2["pages_per_s"], pdf["pages_per_s"] / base1["pages_per_s"]
        rows.append(("Ingest born-digital PDFs ≥ 0.8× bare pypdfium2 pages/s (both cores)",
                     f"{pdf['pages_per_s']:.0f} pages/s ({pdf['documents_per_s']:.1f} docs/s)",
                     f"{ratio2:.2f}× pypdfium2 on 2 processes ({base2['pages_per_s']:.0f} p/s); "
                     f"{ratio1:.2f}× on 1 ({base1['pages_per_s']:.0f} p/s)",
                     "met" if ratio2 >= 0.8 else "not met"))
    for backend in ("fts5", "elasticsearch"):
        keys = sorted((k for k in s.get("search", {}) if k.startswith(backend + "_")), key=lambda k: int(k.split("_")[1]))
        if not keys:
            rows.append((f"Search p95 ≤ 50 ms at 100k, {backend}", "not measured", "", "–"))
            continue
        m = s["search"][keys[-1]]
        n = m["documents"]
        verdict = ("met" if m["all"]["p95_ms"] <= 50 else "not met") + ("" if n >= 100_000 else f" (at {n:,} only)")
        rows.append((f"Search p95 ≤ 50 ms at 100k, {backend}",
                     f"p50 {m['all']['p50_ms']:.1f} / p95 {m['all']['p95_ms']:.1f} / p99 {m['all']['p99_ms']:.1f} ms at {n:,}",
                     f"{m['p95_ratio_to_bare']:.1f}× the bare engine's p95 ({m['bare_engine']['p95_ms']:.1f} ms)", verdict))
    checks = _get(s, "completeness", "checks") or {}
    if checks:
        n = max(checks, key=int)
        c = checks[n]
        rows.append(("Completeness for 500 units ≤ 5 s", f"{c['seconds']:.2f} s for {c['units']} units × 113",
                     f"{c['ratio_to_bare_read']:.1f}× a bare read of the same rows ({c['bare_read_s']:.2f} s)",
                     ("met" if c["seconds"] <= 5 * c["units"] / 500 else "not met")
                     + ("" if c["units"] >= 500 else f" (scaled: {c['units']} units)")))
    mail = _get(s, "completeness", "mail")
    if mail:
        rows.append(("Weekly e-mail run for 500 units ≤ 60 s (no SMTP latency)",
                     f"{mail['seconds']:.1f} s for {mail['units']} units ({mail['messages']} messages)",
                     f"{mail['ratio_to_check_only']:.1f}× the check alone ({mail['check_only_s']:.2f} s)",
                     ("met" if mail["seconds"] <= 60 * mail["units"] / 500 else "not met")
                     + ("" if mail["units"] >= 500 else f" (scaled: {mail['units']} units)")))
    mem = s.get("memory", {})
    sizes = sorted((k for k in mem if k.isdigit()), key=int)
    if len(sizes) >= 2:
        small, big = mem[sizes[0]], mem[sizes[-1]]
        flat = big["peak_rss_tree_mb"] <= small["peak_rss_tree_mb"] * 1.1
        rows.append(("Ingest peak RSS ≤ 400 MB at 10k, and no more than at 1k",
                     f"{big['peak_rss_tree_mb']:.0f} MB at {sizes[-1]} docs (main {big['peak_rss_main_mb']:.0f}); "
                     f"{small['peak_rss_tree_mb']:.0f} MB at {sizes[0]}",
                     f"{big['peak_rss_tree_mb'] / small['peak_rss_tree_mb']:.2f}× the smaller run",
                     ("met" if big["peak_rss_tree_mb"] <= 400 and flat else "not met")
                     + ("" if int(sizes[-1]) >= 10_000 else f" (at {sizes[-1]} docs only)")))
    ocr = s.get("ocr", {})
    if "ratio_to_bare_tesseract" in ocr:
        rows.append(("OCR ≥ 0.9× bare tesseract on the same pages",
                     f"{ocr['dukung_pages_per_s']:.2f} pages/s ({ocr['pages']} pages)",
                     f"{ocr['ratio_to_bare_tesseract']:.2f}× bare tesseract ({ocr['bare_pages_per_s']:.2f} p/s)",
                     "met" if ocr["ratio_to_bare_tesseract"] >= 0.9 else "not met"))
    return rows


def render_markdown(r: dict) -> str:
    s = r["sections"]
    m = r["machine"]
    out = [f"# Benchmarks ({'quick' if r['settings']['quick'] else 'full'} run, {r['started']})", "",
           f"Machine: {m['platform']}, {m['cpus']} CPUs, load at start {', '.join(f'{x:.1f}' for x in m['load_average_at_start'])}; "
           f"Python {m['python']}, SQLite {m['sqlite']}; {', '.join(f'{k} {v}' for k, v in m['versions'].items())}; "
           f"{m['tesseract']}; {m['pdftotext']}.", "",
           "## Targets", "", "| target | measured | ratio to baseline (same run) | verdict |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(r)]
    ing = s.get("ingest", {})
    if ing.get("baselines"):
        out += ["", "## Ingest (pages/s, median)", "", "| run | docs | pages | s | docs/s | pages/s | × pypdfium2 ×2 | peak RSS tree MB |",
                "|---|---|---|---|---|---|---|---|"]
        b2 = ing["baselines"]["pypdfium2_x2"]["pages_per_s"]
        rows = dict(ing["baselines"])
        for key in ("dukung_pdf", "dukung_real_mix"):
            if key in ing:
                rows[key] = ing[key]
        srv = _get(s, "servers", "dukung_pdf_servers")
        if srv:
            rows["dukung_pdf_servers (PG+MinIO+ES)"] = srv
        for key, v in rows.items():
            if "seconds" not in v:
                out.append(f"| {key} | {v.get('skipped', '')} | | | | | | |")
                continue
            out.append(f"| {key} | {v['documents']:.0f} | {v['pages']:.0f} | {v['seconds']:.2f} | {v['documents_per_s']:.1f} | "
                       f"{v['pages_per_s']:.0f} | {v['pages_per_s'] / b2:.2f} | {_f(v.get('peak_rss_tree_mb'), 0)} |")
        if "dukung_real_mix" in ing:
            out.append(f"\nReal mix: {ing['dukung_real_mix'].get('kinds')} (OCR off here; the OCR pass is measured apart).")
    pf = s.get("prefect", {})
    if "prefect_share_of_ingest" in pf:
        out += ["", f"## Prefect's share of the ingest time", "",
                f"Direct {pf['direct']['seconds']:.2f} s, Prefect flows {pf['prefect']['seconds']:.2f} s on the same PDFs "
                f"(temporary server start {pf['prefect'].get('prefect_server_start_s', 0):.1f} s, excluded): "
                f"**{pf['prefect_share_of_ingest'] * 100:.0f} %** of the flow run is Prefect's flow/task overhead."]
    ocr = s.get("ocr", {})
    if "bare_tesseract_s" in ocr:
        out += ["", "## OCR", "", f"{ocr['documents']} scans, {ocr['pages']} pages (Tesseract reads them at {ocr['dpi']} dpi), {ocr['workers']} processes: "
                f"bare tesseract {ocr['bare_pages_per_s']:.2f} pages/s, Dukung OCR pass {ocr['dukung_pages_per_s']:.2f} pages/s "
                f"(**{ocr['ratio_to_bare_tesseract']:.2f}×**)."]
    mem = s.get("memory", {})
    sizes = sorted((k for k in mem if k.isdigit()), key=int)
    if sizes:
        out += ["", "## Memory and index size (text documents)", "",
                "| docs | s | docs/s | peak RSS main MB | peak RSS tree MB | FTS5 index MB / 1000 docs |", "|---|---|---|---|---|---|"]
        for k in sizes:
            v = mem[k]
            out.append(f"| {k} | {v['seconds']:.1f} | {v['documents_per_s']:.1f} | {v['peak_rss_main_mb']:.0f} | "
                       f"{v['peak_rss_tree_mb']:.0f} | {_f(v.get('index_mb_per_1000_docs'), 2)} |")
    srch = s.get("search", {})
    keys = [k for k in srch if "_" in k and isinstance(srch[k], dict)]
    if keys:
        out += ["", "## Search latency (ms; every query returns facets)", "",
                "| backend | docs | category | p50 | p95 | p99 |", "|---|---|---|---|---|---|"]
        for k in keys:
            v = srch[k]
            for cat, c in [*v["categories"].items(), ("ALL", v["all"]), ("bare engine", v["bare_engine"])]:
                out.append(f"| {v['backend']} | {v['documents']:,} | {cat} | {c['p50_ms']:.1f} | {c['p95_ms']:.1f} | {c['p99_ms']:.1f} |")
            out.append(f"| {v['backend']} | {v['documents']:,} | build | {v['build_docs_per_s']:.0f} docs/s | "
                       f"index {_f(v.get('index_mb_per_1000_docs'), 2)} MB/1000 docs | |")
    conc = [v for v in s.get("concurrency", {}).values() if isinstance(v, dict) and "single_client" in v]
    if conc:
        out += ["", "## Search with 30 concurrent clients (`dukung web`, loopback HTTP; ms)", "",
                "| backend | docs | clients | p50 | p95 | p99 | req/s | errors | p95 × 1 client |",
                "|---|---|---|---|---|---|---|---|---|"]
        for v in conc:
            for key in ("single_client", "clients_30"):
                c = v[key]
                ratio = "1.0" if key == "single_client" else f"{v['p95_ratio_to_single_client']:.1f}"
                out.append(f"| {v['backend']} | {v['documents']:,} | {c['clients']} | {c['p50_ms']:.1f} | "
                           f"{c['p95_ms']:.1f} | {c['p99_ms']:.1f} | {c['requests_per_s']:.1f} | {c['errors']} | {ratio} |")
    comp = s.get("completeness", {})
    if comp.get("checks"):
        out += ["", "## Completeness", "", "| units | s | units/s | bare read s | × bare |", "|---|---|---|---|---|"]
        for v in comp["checks"].values():
            out.append(f"| {v['units']} | {v['seconds']:.2f} | {v['units_per_s']:.0f} | {v['bare_read_s']:.2f} | {v['ratio_to_bare_read']:.1f} |")
        if comp.get("mail"):
            ml = comp["mail"]
            out.append(f"\nE-mail run, {ml['units']} units: queue {ml['queue_s']:.1f} s + deliver {ml['deliver_s']:.1f} s "
                       f"({ml['messages']} messages, {ml['transport']}).")
    if r.get("errors"):
        out += ["", "## Errors", ""] + [f"- {k}: {v}" for k, v in r["errors"].items()]
    out += ["", "Figures are medians of the rounds in `settings`; ratios compare with baselines timed in the same run. "
            "See benchmarks/README.md."]
    return "\n".join(out) + "\n"
