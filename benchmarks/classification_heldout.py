"""Evidence classification on a labelled set the model never saw: the dev set's figures, out of the repo.

    make eval HELDOUT=/path/to/set           # render, upload (OCR on), score; model trained on the whole dev set
    .venv/bin/python -m benchmarks.classification --heldout /path/to/set --text    # texts only, no files

The set has the dev set's layout (``labels.jsonl`` with ``id``, ``doc_type``, ``zi_area``,
``expected_questions``; ``texts/<id>.txt``). Its documents go through the same steps as in
``make eval`` (rendered as PDF, DOCX and scans under neutral names, uploaded with the ingest function
of ``dukung upload``, OCR on) and are scored with the same measures, by a model trained on every
dev-set document and the catalog's texts (what ``make train`` ships), or by ``--model`` (say, an
installation's model trained with its reviewers' decisions). A document whose text is also in the
dev set is left out and listed. The dev set's cross-validated figures of the last ``make eval``
(``benchmarks/results/classification.json``) stand next to the held-out ones: a gap between the two
is the classifier fitting the dev set rather than the documents. Results:
``benchmarks/results/classification-heldout.{json,md}``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks import classification as bench
from benchmarks.classification_operating import operating_points


class HeldoutError(ValueError):
    """The held-out set cannot be read: what is wrong, row by row."""


def read_heldout(folder: Path, catalog) -> list[dict]:
    """The set's rows with their texts; every problem of every row at once in a :class:`HeldoutError`."""
    from indexing.classify.training_data import DEVSET_AREAS

    folder = Path(folder)
    labels = folder / "labels.jsonl"
    if not labels.is_file():
        raise HeldoutError(f"{labels}: not found (a held-out set has labels.jsonl and texts/<id>.txt)")
    rows, problems, seen = [], [], set()
    for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"labels.jsonl line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc.msg})")
            continue
        missing = [key for key in ("id", "doc_type", "zi_area") if not row.get(key)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        row["id"] = str(row["id"])
        where += f" (id {row['id']})"
        if row["id"] in seen:
            problems.append(f"{where}: the id is used twice")
        seen.add(row["id"])
        negative = row["doc_type"] == "not_evidence"
        if row["zi_area"] not in DEVSET_AREAS:
            problems.append(f"{where}: zi_area {row['zi_area']!r} is not one of {', '.join(sorted(DEVSET_AREAS))}")
        elif negative != (row["zi_area"] == "none"):
            problems.append(f"{where}: doc_type not_evidence goes with zi_area none, and only with it")
        codes = row.get("expected_questions") or []
        unknown = [c for c in codes if not catalog.has_question(c)]
        if unknown:
            problems.append(f"{where}: questions not in the catalog: {', '.join(unknown)}")
        if not negative and not codes:
            problems.append(f"{where}: an evidence document needs expected_questions")
        if negative and codes:
            problems.append(f"{where}: a not_evidence document has no expected_questions")
        text_file = folder / "texts" / f"{row['id']}.txt"
        if not text_file.is_file():
            problems.append(f"{where}: {text_file} not found")
            continue
        row["text"] = text_file.read_text(encoding="utf-8", errors="replace")
        if not row["text"].strip():
            problems.append(f"{where}: {text_file} is empty")
        rows.append(row)
    if problems:
        raise HeldoutError("The held-out set has problems:\n" + "\n".join(f"- {p}" for p in problems))
    if not rows:
        raise HeldoutError(f"{labels}: no documents")
    return rows


def _text_key(text: str) -> str:
    return " ".join(text.lower().split())


def in_devset(rows: list[dict], devset: list[dict]) -> list[str]:
    """Ids of the held-out documents whose text (ignoring case and spacing) or source is in the dev set."""
    texts = {_text_key(r["text"]) for r in devset}
    sources = {r.get("source_url") for r in devset} - {None, ""}
    return [r["id"] for r in rows if _text_key(r["text"]) in texts or r.get("source_url") in sources]


def _safe_id(value: str) -> str:
    """The id as it can stand in a neutral file name (``dok_<id>.pdf``) and be read back from it."""
    return "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in value)


def _devset_figures() -> dict | None:
    """The dev set's cross-validated figures of the last ``make eval``, if it was run."""
    path = bench.RESULTS / "classification.json"
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
        return {"file": str(path.relative_to(bench.ROOT)), "mode": result["mode"], "folds": result["folds"],
                "all": result["new"]["all"]}
    except (OSError, ValueError, KeyError):
        return None


def run(folder: Path, *, text_only: bool = False, rotation: bool = False, workers: int = 2,
        model_path: Path | None = None, keep: Path | None = None) -> dict:
    from config.catalog import load_catalog
    from indexing.classify.model_file import load_model
    from indexing.classify.training_data import read_devset

    catalog = load_catalog()
    labelled = read_heldout(folder, catalog)
    devset = read_devset(bench.DEVSET)
    overlap = set(in_devset(labelled, devset))
    rows = [{**r, "id": _safe_id(r["id"])} for r in labelled if r["id"] not in overlap]
    if len({r["id"] for r in rows}) < len(rows):
        raise HeldoutError("Two ids differ only in characters a file name cannot hold: use letters, digits and '-'")
    if not rows:
        raise HeldoutError("Every document of the held-out set is also in the dev set: nothing to measure")
    by_id = {r["id"]: r for r in rows}
    formats = ({r["id"]: ("text",) for r in rows} if text_only
               else bench.assign_formats(rows, every=not rotation))
    work = Path(tempfile.mkdtemp(prefix="dukung-heldout-"))
    started = time.perf_counter()
    timings = {"train_s": 0.0, "render_s": 0.0, "upload_s": 0.0}
    try:
        trained = model_path is None
        if trained:
            model_path = work / "devset.npz"
            timings["train_s"] = bench.train_fold(devset, set(), catalog, model_path)
        model = load_model(model_path)
        records = bench.records_of(catalog, rows, formats, model_path, model, work / "heldout", workers, timings,
                                   text_only)
        new_items, base_items = [], []
        for rec in records:
            new, base = bench.scored_items(catalog, rec, by_id[rec["id"]])
            new_items.append(new)
            base_items.append(base)
        result = {
            "mode": "text" if text_only else "pipeline",
            "heldout": str(Path(folder).resolve()),
            "documents": len(rows), "left_out_in_devset": sorted(overlap),
            "evidence_documents": sum(1 for r in rows if r["doc_type"] != "not_evidence"),
            "non_evidence_documents": sum(1 for r in rows if r["doc_type"] == "not_evidence"),
            "model": "trained on the whole dev set in this run" if trained else str(model_path),
            **bench.measures_of(catalog, formats, new_items, base_items, records, model,
                                paired=not text_only and not rotation),
            "devset": _devset_figures(),
            "operating_points": operating_points(catalog, [{**rec, "label": by_id[rec["id"]]} for rec in records],
                                                 lambda rec: model),
            **bench.run_facts(records, new_items, timings),
        }
        result["wall_s"] = round(time.perf_counter() - started, 1)
        return result
    finally:
        if keep:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def report(args) -> tuple[dict, str, Path]:
    """``--heldout``: the result, its page and the results file stem (of :mod:`benchmarks.classification`'s
    command line)."""
    from benchmarks.classification_report import heldout_markdown

    result = run(args.heldout, text_only=args.text, rotation=args.rotation, workers=args.workers,
                 model_path=args.model, keep=args.keep)
    stem = args.output or bench.RESULTS / ("classification-heldout" if not args.text else "classification-heldout-text")
    return result, heldout_markdown(result), stem
