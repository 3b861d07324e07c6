"""The Markdown page of the classification benchmark (benchmarks/results/classification.md)."""

from __future__ import annotations

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
              "| confidence | proposals | share right |", "|---|---:|---:|"]
    lines += [f"| {b['band']} | {b['proposals']} | {b['right']} |" for b in result["calibration"]]
    demo = result["demo"]
    lines += ["", f"Demo folders ({demo['new']['documents']} documents, path reading): intended question found "
              f"{demo['baseline']['intended_found']} → {demo['new']['intended_found']}; codes beyond the intended "
              f"{demo['baseline']['extra_codes']} → {demo['new']['extra_codes']}.", ""]
    if result["mode"] == "pipeline":
        lines.append(f"OCR: {result['ocr']['scans_with_text']} of {result['ocr']['scans']} scans gave text.")
    lines += ["", f"Files with only wrong codes, evidence and not evidence ({len(result['errors'])}):", ""]
    lines += [f"- {e['id']} ({e['format']}, {e['doc_type']}): {', '.join(c for c, _ in e['codes'])}"
              for e in result["errors"]]
    return "\n".join(lines) + "\n"
