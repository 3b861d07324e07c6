"""The Markdown page of the classification benchmark (benchmarks/results/classification.md)."""

from __future__ import annotations

from benchmarks.classification_operating import operating_lines

MEASURES = (("top1_area", "top-1 area right", "≥ 0.92"), ("question_hit", "question hit", "≥ 0.85"),
            ("codes_per_evidence_file", "codes per evidence file", "≤ 2.0"),
            ("only_wrong_share", "evidence files with only wrong codes", "≤ 0.05"),
            ("non_evidence_unmapped_share", "non-evidence left unmapped", "≥ 0.90"))


def markdown(result: dict) -> str:
    lines = [f"# Evidence classification ({result['mode']}, {result['folds']}-fold cross-validated)", "",
             f"{result['documents']} dev-set documents; files per format {result['formats']}"
             f"{' (every document in every format: the formats are compared on the same documents)' if result.get('paired') else ''}"
             f"; wall {result['wall_s']} s "
             f"(train {result['timings_s']['train_s']} s, render {result['timings_s']['render_s']} s, "
             f"upload with OCR {result['timings_s']['upload_s']} s). Baseline = the keyword rules (before "
             "issue 14) on the same stored texts, in the same run.", ""]
    lines += measure_table(result)
    ms = result["classify_ms_median"]
    lines += ["", f"Median classify() time per document (text extracted, one process, CPU time): baseline "
              f"{ms['baseline']['cpu']} ms, new {ms['new']['cpu']} ms (ratio "
              f"{round(ms['new']['cpu'] / max(ms['baseline']['cpu'], 1e-9), 1)}×); wall {ms['baseline']['wall']} → "
              f"{ms['new']['wall']} ms (load average {[round(x, 1) for x in result['machine']['load_average']]} on "
              f"{result['machine']['cpus']} cores).", ""]
    sure = result["new"]["all"]["sure_only"]
    lines += [f"Only the mappings at or above the catalog's min_confidence {result['min_confidence']} (what completeness "
              f"counts): question hit {sure['question_hit']}, only wrong {sure['only_wrong_share']}, codes/file "
              f"{sure['codes_per_evidence_file']}.", "", "Calibration (all proposals, all formats):", "",
              *calibration_lines(result)]
    demo = result["demo"]
    lines += ["", f"Demo folders ({demo['new']['documents']} documents, path reading): intended question found "
              f"{demo['baseline']['intended_found']} → {demo['new']['intended_found']}; codes beyond the intended "
              f"{demo['baseline']['extra_codes']} → {demo['new']['extra_codes']}.", ""]
    if result["mode"] == "pipeline":
        lines.append(f"OCR: {result['ocr']['scans_with_text']} of {result['ocr']['scans']} scans gave text.")
    lines += operating_lines(result.get("operating_points", []))
    lines += error_lines(result)
    return "\n".join(lines) + "\n"


def measure_table(result: dict) -> list[str]:
    """Before (keyword rules) → after (the model), per format and all together, with the targets."""
    lines = []
    fmts = [f for f in result["new"] if f != "all"] + ["all"]
    lines.append("| measure | target | " + " | ".join(f"{f} before → after" for f in fmts) + " |")
    lines.append("|---|---|" + "---|" * len(fmts))
    for key, name, target in MEASURES:
        cells = [f"{result['baseline'][f][key]} → **{result['new'][f][key]}**" for f in fmts]
        lines.append(f"| {name} | {target} | " + " | ".join(cells) + " |")
    counts = [f"{result['baseline'][f]['only_wrong']} → {result['new'][f]['only_wrong']} of "
              f"{result['new'][f]['evidence_files']}; neg. unmapped {result['baseline'][f]['non_evidence_unmapped']} → "
              f"{result['new'][f]['non_evidence_unmapped']} of {result['new'][f]['non_evidence_files']}" for f in fmts]
    lines.append("| (counts: only wrong; non-evidence unmapped) | | " + " | ".join(counts) + " |")
    return lines


def heldout_markdown(result: dict) -> str:
    """The page of a held-out run (benchmarks/results/classification-heldout.md)."""
    left_out = result["left_out_in_devset"]
    lines = [f"# Evidence classification on a held-out set ({result['mode']})", "",
             f"{result['documents']} documents of `{result['heldout']}`; files per format {result['formats']}"
             f"{' (every document in every format)' if result.get('paired') else ''}; model: {result['model']}. "
             f"Left out because the dev set holds the same text or source: {len(left_out)}"
             f"{' (' + ', '.join(left_out) + ')' if left_out else ''}. Wall {result['wall_s']} s. Baseline = the "
             "keyword rules on the same stored texts, in the same run.", ""]
    lines += measure_table(result)
    dev = result.get("devset")
    lines += ["", "## Held out against the dev set", ""]
    if dev:
        held = result["new"]["all"]
        lines += [f"Dev set: {dev['folds']}-fold cross-validated ({dev['mode']}), from `{dev['file']}`. "
                  "A gap is the classifier fitting the dev set rather than the documents.", "",
                  "| measure | target | dev set | held out | held out, 95 % interval | held out − dev set |",
                  "|---|---|---|---|---|---|"]
        for key, name, target in MEASURES:
            # per document, not per file: the formats of one document are not independent trials
            n = result["non_evidence_documents"] if key.startswith("non_evidence") else result["evidence_documents"]
            low, high = wilson(held[key], n) if key.endswith(("share", "area", "hit")) else (None, None)
            interval = f"{low}–{high}" if low is not None else ""
            lines.append(f"| {name} | {target} | {dev['all'][key]} | **{held[key]}** | {interval} | "
                         f"{round(held[key] - dev['all'][key], 3):+} |")
        lines += ["", "The interval is Wilson's for a share of that many documents: a gap inside it may be chance."]
    else:
        lines.append("No dev-set figures yet (`make eval` writes benchmarks/results/classification.json).")
    ms = result["classify_ms_median"]
    sure = result["new"]["all"]["sure_only"]
    lines += ["", f"Median classify() CPU time per document: baseline {ms['baseline']['cpu']} ms, new "
              f"{ms['new']['cpu']} ms. Only the mappings at or above min_confidence {result['min_confidence']}: "
              f"question hit {sure['question_hit']}, only wrong {sure['only_wrong_share']}.", "",
              *calibration_lines(result)]
    if result["mode"] == "pipeline":
        lines += ["", f"OCR: {result['ocr']['scans_with_text']} of {result['ocr']['scans']} scans gave text."]
    lines += operating_lines(result.get("operating_points", []))
    lines += error_lines(result)
    return "\n".join(lines) + "\n"


def calibration_lines(result: dict) -> list[str]:
    return ["| confidence | proposals | share right |", "|---|---:|---:|",
            *(f"| {b['band']} | {b['proposals']} | {b['right']} |" for b in result["calibration"])]


def error_lines(result: dict) -> list[str]:
    return ["", f"Files with only wrong codes, evidence and not evidence ({len(result['errors'])}):", "",
            *(f"- {e['id']} ({e['format']}, {e['doc_type']}): {', '.join(c for c, _ in e['codes'])}"
              for e in result["errors"])]


def wilson(share: float, n: int, z: float = 1.96) -> tuple[float | None, float | None]:
    """95 % Wilson score interval of a share measured on ``n`` files (``(None, None)`` for none)."""
    if n <= 0:
        return None, None
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * ((share * (1 - share) / n + z * z / (4 * n * n)) ** 0.5)
    return round(max(0.0, centre - half), 2), round(min(1.0, centre + half), 2)
