"""Evidence classification on real documents, through the real pipeline, cross-validated.

    .venv/bin/python -m benchmarks.classification            # make eval: render, upload (OCR on), score
    .venv/bin/python -m benchmarks.classification --text     # fast loop: the dev set's texts, no rendering

The labelled dev set (``benchmarks/devset``: 160 evidence documents, 31 that are not evidence) is
rendered as units upload it — born-digital PDF, DOCX and image-only scans (slightly rotated, speckled),
neutral names (``dok_012.pdf``) — and uploaded with the same ingest function as ``dukung upload`` (text
pass, then the OCR pass) into a throw-away data folder per format. Every document is rendered in every
format (``--rotation``: one format per document, in turn, a third of the time), so the formats are
compared on the same documents: with a third of the dev set per format, which documents fell into
which format moved the per-format figures by more than the formats themselves did.

Anything learned is scored by k-fold cross-validation: for each fold a model is trained on the
other folds (plus the catalog's texts) and the fold's files are uploaded with that model
(``DUKUNG_CLASSIFIER__MODEL_PATH``), so no document is scored by a model that saw it. The baseline
is the keyword-rule classifier (``classify(model=None)``, the classifier before issue 14) applied to the
very texts, titles and paths the pipeline stored, in the same run. The demo's folders are scored too
(path reading). Results: ``benchmarks/results/classification.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.classification_report import markdown

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEVSET = ROOT / "benchmarks" / "devset"
RESULTS = ROOT / "benchmarks" / "results"
FORMATS = ("pdf", "docx", "scan")
SEED = 14
PAGE_CHARS = 2200
UNIT = "EVAL"
YEAR = 2025


# ----------------------------------------------------------------------------- rendering

def assign_formats(rows: list[dict], every: bool = True) -> dict[str, tuple[str, ...]]:
    """The formats each document is rendered in: all of them, or (``every=False``) pdf, docx, scan in
    rotation over the documents in id order."""
    ordered = sorted(rows, key=lambda r: r["id"])
    return {row["id"]: FORMATS if every else (FORMATS[i % len(FORMATS)],) for i, row in enumerate(ordered)}


def _pages(text: str) -> list[str]:
    pages, current = [], ""
    for line in text.splitlines():
        if len(current) + len(line) > PAGE_CHARS and current:
            pages.append(current)
            current = ""
        current += line + "\n"
    if current.strip() or not pages:
        pages.append(current)
    return pages


def render(row: dict, fmt: str, folder: Path) -> Path:
    """One dev-set document as a file a unit would upload, under a neutral name."""
    from tests.builders import make_docx, make_pdf, make_scanned_pdf

    folder.mkdir(parents=True, exist_ok=True)
    text = row["text"]
    if fmt == "docx":
        return make_docx(folder / f"dok_{row['id']}.docx", [line for line in text.splitlines()])
    if fmt == "scan":
        return make_scanned_pdf(folder / f"dok_{row['id']}.pdf", _pages(text), dpi=200)
    return make_pdf(folder / f"dok_{row['id']}.pdf", _pages(text))


# ----------------------------------------------------------------------------- folds and models

def make_folds(rows: list[dict], k: int) -> list[list[int]]:
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from indexing.classify.training_data import DEVSET_AREAS

    strata = [DEVSET_AREAS[r["zi_area"]] for r in rows]
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED)
    return [sorted(test.tolist()) for _, test in splitter.split(np.zeros(len(rows)), strata)]


def train_fold(rows: list[dict], held: set[int], catalog, path: Path) -> float:
    from indexing.classify.model_file import save_model
    from indexing.classify.training import train
    from indexing.classify.training_data import catalog_examples, devset_example, subject_phrases

    started = time.perf_counter()
    examples = [devset_example(r) for i, r in enumerate(rows) if i not in held] + catalog_examples(catalog)
    save_model(train(examples, subject_phrases=subject_phrases(catalog)), path)
    return time.perf_counter() - started


# ----------------------------------------------------------------------------- through the pipeline

def upload_fold(files: Path, home: Path, model_path: Path, workers: int) -> list[dict]:
    """Upload ``files`` into a fresh data folder with the fold's model; what the records DB then holds."""
    from config.settings import DukungSettings
    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from storage.objects import text_key
    from storage.records import repository as repo
    from storage.records.models import Document

    settings = DukungSettings(home=home, ingest={"orchestrator": "direct", "workers": workers, "ocr": True},
                              classifier={"model_path": str(model_path)})
    out = []
    with open_runtime(settings) as rt:
        with rt.records.session() as session:
            repo.add_unit(session, UNIT, "Unit evaluasi")
        ingest(rt, files, unit_code=UNIT, year=YEAR, uploaded_by="eval")
        with rt.records.session() as session:
            for doc in session.query(Document).order_by(Document.relative_path):
                text = ""
                if doc.extraction and doc.extraction.text_key:
                    with rt.objects.open(text_key(doc.sha256)) as stream:
                        text = stream.read().decode("utf-8")
                out.append({
                    "id": doc.relative_path.rsplit("_", 1)[-1].split(".")[0],
                    "path": doc.relative_path, "text": text, "title": doc.title,
                    "status": doc.extraction.status if doc.extraction else None,
                    "ocr_state": doc.extraction.ocr_state if doc.extraction else None,
                    "doc_types": list(doc.doc_types or []),
                    "codes": [(c.question_code, c.confidence, c.reason) for c in doc.classifications
                              if c.question_code],
                    "not_evidence": doc.doc_type == "bukan_data_dukung",
                    "reason": next((c.reason for c in doc.classifications if not c.question_code), ""),
                })
    return out


# ----------------------------------------------------------------------------- scoring

def _area(code: str) -> str:
    from indexing.classify.model import area_of

    return area_of(code)


def score(items: list[dict], min_confidence: float) -> dict:
    """The measures of issue 14 over ``items`` ({label, codes: [(code, confidence)]})."""
    from indexing.classify.training_data import DEVSET_AREAS

    evidence = [it for it in items if it["label"]["doc_type"] != "not_evidence"]
    negatives = [it for it in items if it["label"]["doc_type"] == "not_evidence"]

    def measures(codes_of) -> dict:
        area = hit = wrong = codes = 0
        for it in evidence:
            codes_ = codes_of(it)
            expected = set(it["label"]["expected_questions"])
            codes += len(codes_)
            if codes_ and _area(codes_[0]) == DEVSET_AREAS[it["label"]["zi_area"]]:
                area += 1
            if any(c in expected for c in codes_):
                hit += 1
            elif codes_:
                wrong += 1
        unmapped = sum(1 for it in negatives if not codes_of(it))
        n = max(len(evidence), 1)
        return {"top1_area": round(area / n, 3), "question_hit": round(hit / n, 3),
                "codes_per_evidence_file": round(codes / n, 2), "only_wrong": wrong,
                "only_wrong_share": round(wrong / n, 3), "non_evidence_unmapped": unmapped,
                "non_evidence_unmapped_share": round(unmapped / max(len(negatives), 1), 3),
                "evidence_files": len(evidence), "non_evidence_files": len(negatives)}

    def ranked(it, floor=0.0):
        return [c for c, conf in sorted(it["codes"], key=lambda x: -x[1]) if conf >= floor]

    out = measures(ranked)
    out["sure_only"] = measures(lambda it: ranked(it, min_confidence))
    return out


def calibration_table(items: list[dict]) -> list[dict]:
    """Share of right proposals per confidence band (is 0.8 right 8 times in 10?)."""
    bands = defaultdict(lambda: [0, 0])
    for it in items:
        expected = set(it["label"]["expected_questions"])
        for code, conf in it["codes"]:
            band = min(int(conf * 10), 9) / 10
            bands[band][0] += 1
            bands[band][1] += code in expected
    return [{"band": f"{b:.1f}–{b + 0.1:.1f}", "proposals": n, "right": round(r / n, 2)}
            for b, (n, r) in sorted(bands.items())]


def by_format(items: list[dict], min_confidence: float) -> dict:
    out = {fmt: score([it for it in items if it["format"] == fmt], min_confidence)
           for fmt in sorted({it["format"] for it in items})}
    out["all"] = score(items, min_confidence)
    return out


def classify_times(catalog, records: list[dict], model) -> dict:
    """Median milliseconds of one classify() call on the stored text (one process, model already loaded):
    CPU time of this process (what one core spends, not inflated by a busy machine) and wall time."""
    from indexing.classify import classify

    cpu, wall = [], []
    for rec in records:
        started, started_cpu = time.perf_counter(), time.process_time()
        classify(catalog, rec["path"], rec["text"], title=rec["title"], model=model)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    if not cpu:
        return {"cpu": 0.0, "wall": 0.0}
    return {"cpu": round(statistics.median(cpu) * 1000, 2), "wall": round(statistics.median(wall) * 1000, 2)}


def demo_scores(catalog, model) -> dict:
    """The demo's folders: does each document land on its intended question, and on nothing else?"""
    from config.settings import DukungSettings
    from flows.ingest.processing import parse_context
    from flows.sample_data import generate_sample_evidence
    from indexing.classify import classify
    from indexing.extract import extract_file
    from indexing.metadata import extract_metadata

    context = parse_context(DukungSettings(), ocr=False)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        sample = generate_sample_evidence(Path(tmp))
        docs = []
        for unit in sample.units:
            for d in unit.documents:
                result = extract_file(unit.folder / d.relative_path, d.relative_path.rsplit("/", 1)[-1], context)
                text = result.text or ""
                docs.append((d, text, extract_metadata(text).title if text else None))
        for name, m in (("baseline", None), ("new", model)):
            intended = extra = found = 0
            for d, text, title in docs:
                codes = {q.code for q in classify(catalog, d.relative_path, text, title=title, model=m).questions}
                want = set(d.question_codes)
                intended += len(want)
                found += len(want & codes)
                extra += len(codes - want)
            out[name] = {"documents": len(docs), "intended_found": round(found / max(intended, 1), 3),
                         "extra_codes": extra}
    return out


# ----------------------------------------------------------------------------- main

def run(text_only: bool, k: int, workers: int, keep: Path | None, rotation: bool = False) -> dict:
    from config.catalog import load_catalog
    from indexing.classify import classify
    from indexing.classify.loading import default_model
    from indexing.classify.model_file import load_model
    from indexing.classify.training_data import read_devset
    from indexing.metadata import extract_metadata

    catalog = load_catalog()
    min_conf = catalog.completeness.min_confidence
    rows = read_devset(DEVSET)
    by_id = {r["id"]: r for r in rows}
    formats = assign_formats(rows, every=not rotation) if not text_only else {r["id"]: ("text",) for r in rows}
    folds = make_folds(rows, k)
    work = Path(tempfile.mkdtemp(prefix="dukung-eval-"))
    started = time.perf_counter()
    timings = {"train_s": 0.0, "render_s": 0.0, "upload_s": 0.0}
    new_items, base_items, records, models = [], [], [], []
    try:
        for f, held in enumerate(folds):
            model_path = work / f"fold{f}.npz"
            timings["train_s"] += train_fold(rows, set(held), catalog, model_path)
            model = load_model(model_path)
            models.append(model)
            if text_only:
                fold_records = []
                for i in held:
                    r = rows[i]
                    rec = {"id": r["id"], "path": f"dok_{r['id']}.txt", "text": r["text"],
                           "title": extract_metadata(r["text"]).title, "format": "text"}
                    result = classify(catalog, rec["path"], rec["text"], title=rec["title"], model=model)
                    rec["codes"] = [(q.code, q.confidence, q.reason) for q in result.questions]
                    rec["not_evidence"], rec["reason"] = result.not_evidence, result.not_evidence_reason
                    fold_records.append(rec)
            else:
                fold_records = []
                for fmt in FORMATS:  # one data folder per format: each holds the fold's documents once
                    t = time.perf_counter()
                    files = work / f"fold{f}" / fmt / "files"
                    for i in held:
                        if fmt in formats[rows[i]["id"]]:
                            render(rows[i], fmt, files)
                    timings["render_s"] += time.perf_counter() - t
                    if not files.exists():
                        continue
                    t = time.perf_counter()
                    uploaded = upload_fold(files, work / f"fold{f}" / fmt / "home", model_path, workers)
                    fold_records += [{**rec, "format": fmt} for rec in uploaded]
                    timings["upload_s"] += time.perf_counter() - t
            for rec in fold_records:
                rec["fold"] = f
                label = by_id[rec["id"]]
                base = classify(catalog, rec["path"], rec["text"], title=rec["title"], model=None)
                common = {"id": rec["id"], "format": rec["format"], "label": label}
                new_items.append({**common, "codes": [(c, conf) for c, conf, _ in rec["codes"]],
                                  "reasons": [r for _, _, r in rec["codes"]] or [rec.get("reason", "")]})
                base_items.append({**common, "codes": [(q.code, q.confidence) for q in base.questions]})
                records.append(rec)
        timing_sample = [r for r in records if r["format"] in ("text", "pdf")]
        result = {
            "mode": "text" if text_only else "pipeline",
            "folds": k, "documents": len(rows),
            "formats": {fmt: sum(1 for v in formats.values() if fmt in v)
                        for fmt in sorted({f for v in formats.values() for f in v})},
            "paired": not text_only and not rotation,
            "min_confidence": min_conf,
            "new": by_format(new_items, min_conf),
            "baseline": by_format(base_items, min_conf),
            "calibration": calibration_table(new_items),
            "classify_ms_median": {
                "new": classify_times(catalog, timing_sample, models[0]),
                "baseline": classify_times(catalog, timing_sample, None),
            },
            "ocr": {"scans": sum(1 for r in records if r["format"] == "scan"),
                    "scans_with_text": sum(1 for r in records if r["format"] == "scan" and r["text"].strip())},
            "demo": demo_scores(catalog, default_model()),
            "timings_s": {key: round(v, 1) for key, v in timings.items()},
            "wall_s": 0.0,
            "errors": _errors(new_items),
            "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                        "load_average": list(__import__("os").getloadavg())},
        }
        result["wall_s"] = round(time.perf_counter() - started, 1)
        return result
    finally:
        if keep:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def _errors(items: list[dict]) -> list[dict]:
    """Every evidence file with only wrong codes, and every non-evidence file that got codes (for review)."""
    out = []
    for it in items:
        expected = set(it["label"]["expected_questions"])
        codes = [c for c, _ in it["codes"]]
        if codes and not expected & set(codes):
            out.append({"id": it["id"], "format": it["format"], "doc_type": it["label"]["doc_type"],
                        "codes": it["codes"], "reason": it["reasons"][0] if it["reasons"] else ""})
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", action="store_true", help="classify the dev set's texts directly (no files)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rotation", action="store_true",
                        help="one format per document in turn (a third of the upload time; formats not paired)")
    parser.add_argument("--keep", type=Path, help="copy the work folder (files, data, fold models) here")
    parser.add_argument("--output", type=Path, default=None, help="results file stem (default: classification)")
    args = parser.parse_args(argv)
    result = run(args.text, args.folds, args.workers, args.keep, rotation=args.rotation)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = args.output or RESULTS / ("classification" if not args.text else "classification-text")
    Path(f"{stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    Path(f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
