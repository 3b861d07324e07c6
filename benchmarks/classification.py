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
from pathlib import Path

from benchmarks.classification_operating import operating_points
from benchmarks.classification_report import markdown
from benchmarks.classification_scoring import (  # noqa: F401 - score re-exported
    by_format,
    calibration_table,
    errors_of,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEVSET = ROOT / "benchmarks" / "devset"
PUBLIC_PAGES = ROOT / "benchmarks" / "public_pages"
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


def fold_examples(rows: list[dict], held: set[int], catalog) -> list:
    """What a fold's model learns from: the dev-set documents outside the fold, the public pages that are
    not evidence (never scored: they are not dev-set documents) and the catalog's texts."""
    from indexing.classify.training_data import catalog_examples, devset_example, public_page_examples

    return ([devset_example(r) for i, r in enumerate(rows) if i not in held] + public_page_examples(PUBLIC_PAGES)
            + catalog_examples(catalog))


def train_fold(rows: list[dict], held: set[int], catalog, path: Path) -> float:
    from indexing.classify.model_file import save_model
    from indexing.classify.training import train
    from indexing.classify.training_data import subject_phrases

    started = time.perf_counter()
    save_model(train(fold_examples(rows, held, catalog), subject_phrases=subject_phrases(catalog)), path)
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


def records_of(catalog, rows: list[dict], formats: dict, model_path: Path, model, work: Path, workers: int,
               timings: dict, text_only: bool = False) -> list[dict]:
    """What the pipeline made of ``rows`` with the model at ``model_path``: each document rendered in its
    formats and uploaded (one data folder per format), or (``text_only``) its text classified directly."""
    from indexing.classify import classify
    from indexing.metadata import extract_metadata

    out = []
    if text_only:
        for r in rows:
            rec = {"id": r["id"], "path": f"dok_{r['id']}.txt", "text": r["text"],
                   "title": extract_metadata(r["text"]).title, "format": "text"}
            result = classify(catalog, rec["path"], rec["text"], title=rec["title"], model=model)
            rec["codes"] = [(q.code, q.confidence, q.reason) for q in result.questions]
            rec["not_evidence"], rec["reason"] = result.not_evidence, result.not_evidence_reason
            out.append(rec)
        return out
    for fmt in FORMATS:  # one data folder per format: each holds the documents once
        t = time.perf_counter()
        files = work / fmt / "files"
        for r in rows:
            if fmt in formats[r["id"]]:
                render(r, fmt, files)
        timings["render_s"] += time.perf_counter() - t
        if not files.exists():
            continue
        t = time.perf_counter()
        uploaded = upload_fold(files, work / fmt / "home", model_path, workers)
        out += [{**rec, "format": fmt} for rec in uploaded]
        timings["upload_s"] += time.perf_counter() - t
    return out


def scored_items(catalog, rec: dict, label: dict) -> tuple[dict, dict]:
    """One record as the scorer reads it: with the model's codes, and with the keyword rules' codes."""
    from indexing.classify import classify

    base = classify(catalog, rec["path"], rec["text"], title=rec["title"], model=None)
    common = {"id": rec["id"], "format": rec["format"], "label": label}
    return ({**common, "codes": [(c, conf) for c, conf, _ in rec["codes"]],
             "reasons": [r for _, _, r in rec["codes"]] or [rec.get("reason", "")]},
            {**common, "codes": [(q.code, q.confidence) for q in base.questions]})


# ----------------------------------------------------------------------------- timing

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
    from indexing.classify.loading import default_model
    from indexing.classify.model_file import load_model
    from indexing.classify.training_data import read_devset

    catalog = load_catalog()
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
            fold_records = records_of(catalog, [rows[i] for i in held], formats, model_path, model,
                                      work / f"fold{f}", workers, timings, text_only)
            for rec in fold_records:
                rec["fold"] = f
                new, base = scored_items(catalog, rec, by_id[rec["id"]])
                new_items.append(new)
                base_items.append(base)
                records.append(rec)
        result = {
            "mode": "text" if text_only else "pipeline",
            "folds": k, "documents": len(rows),
            **measures_of(catalog, formats, new_items, base_items, records, models[0],
                          paired=not text_only and not rotation),
            "demo": demo_scores(catalog, default_model()),
            "operating_points": operating_points(catalog, [{**rec, "label": by_id[rec["id"]]} for rec in records],
                                                 lambda rec: models[rec["fold"]]),
            "wall_s": 0.0,
            **run_facts(records, new_items, timings),
        }
        result["wall_s"] = round(time.perf_counter() - started, 1)
        return result
    finally:
        if keep:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def measures_of(catalog, formats: dict, new_items: list[dict], base_items: list[dict], records: list[dict], model,
                *, paired: bool) -> dict:
    """The figures of a results file: files per format, the measures before and after, calibration, speed."""
    min_conf = catalog.completeness.min_confidence
    timing_sample = [r for r in records if r["format"] in ("text", "pdf")]
    return {"formats": {fmt: sum(1 for v in formats.values() if fmt in v)
                        for fmt in sorted({f for v in formats.values() for f in v})},
            "paired": paired,
            "min_confidence": min_conf,
            "new": by_format(new_items, min_conf),
            "baseline": by_format(base_items, min_conf),
            "calibration": calibration_table(new_items),
            "classify_ms_median": {"new": classify_times(catalog, timing_sample, model),
                                   "baseline": classify_times(catalog, timing_sample, None)}}


def run_facts(records: list[dict], new_items: list[dict], timings: dict) -> dict:
    """What every results file also says: OCR, the timings, the files to review, the machine."""
    import os

    return {"ocr": {"scans": sum(1 for r in records if r["format"] == "scan"),
                    "scans_with_text": sum(1 for r in records if r["format"] == "scan" and r["text"].strip())},
            "timings_s": {key: round(v, 1) for key, v in timings.items()},
            "errors": errors_of(new_items),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_average": list(os.getloadavg())}}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", action="store_true", help="classify the dev set's texts directly (no files)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rotation", action="store_true",
                        help="one format per document in turn (a third of the upload time; formats not paired)")
    parser.add_argument("--keep", type=Path, help="copy the work folder (files, data, fold models) here")
    parser.add_argument("--output", type=Path, default=None, help="results file stem (default: classification)")
    parser.add_argument("--heldout", type=Path, metavar="DIR",
                        help="score a labelled set in the dev set's layout instead, with a model trained on the "
                             "whole dev set (benchmarks/classification_heldout.py)")
    parser.add_argument("--model", type=Path, help="with --heldout: score this model file instead")
    args = parser.parse_args(argv)
    if args.heldout:
        from benchmarks.classification_heldout import HeldoutError, report

        try:
            result, page, stem = report(args)
        except HeldoutError as exc:
            parser.exit(2, f"{exc}\n")
    else:
        if args.model:
            parser.error("--model goes with --heldout (the cross-validation trains its own fold models)")
        result = run(args.text, args.folds, args.workers, args.keep, rotation=args.rotation)
        page = markdown(result)
        stem = args.output or RESULTS / ("classification" if not args.text else "classification-text")
    Path(stem).parent.mkdir(parents=True, exist_ok=True)
    Path(f"{stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    Path(f"{stem}.md").write_text(page, encoding="utf-8")
    print(page)


if __name__ == "__main__":
    main()
