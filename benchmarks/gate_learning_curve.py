"""How the evidence gate ("bukan data dukung") improves with the number of non-evidence documents it learns from.

Text mode, the same 5 folds as ``make eval``: in each fold the model is trained on the fold's evidence
documents and catalog texts as usual, but on only a share of the fold's non-evidence documents (a seeded
random sample); the gate's P(evidence) of every held-out document is scored by ROC AUC (1.0: every
non-evidence document below every evidence document). A curve still rising at the full share says that
more labelled non-evidence, not other features or settings, is what the gate needs. The curve is drawn
without and with the public pages (``benchmarks/public_pages``: pages that are not evidence and documents of
a type, always in training, never scored).

    python -m benchmarks.gate_learning_curve [--shares 0.5,1.0] [--seeds 2]
    → benchmarks/results/gate-learning-curve.{json,md}
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

import typer

from benchmarks.classification import DEVSET, PUBLIC_PAGES, RESULTS, fold_examples, make_folds

app = typer.Typer(add_completion=False)


def gate_auc(rows: list[dict], folds: list[list[int]], catalog, share: float, seed: int, public: bool = True) -> float:
    from sklearn.metrics import roc_auc_score

    from indexing.classify.training import train
    from indexing.classify.training_data import subject_phrases
    from indexing.metadata import extract_metadata

    rng = random.Random(seed)
    truth, scores = [], []
    for held in folds:
        held_set = set(held)
        negatives = [r["id"] for i, r in enumerate(rows) if i not in held_set and r["doc_type"] == "not_evidence"]
        kept = set(rng.sample(negatives, round(len(negatives) * share)))
        left_out = held_set | {i for i, r in enumerate(rows) if r["doc_type"] == "not_evidence" and r["id"] not in kept}
        examples = [e for e in fold_examples(rows, left_out, catalog) if public or not e.public]
        model = train(examples, subject_phrases=subject_phrases(catalog))
        for i in held:
            text = rows[i]["text"]
            prediction = model.predict(text, extract_metadata(text).title)
            truth.append(0 if rows[i]["doc_type"] == "not_evidence" else 1)
            scores.append(model.gate_prob(prediction))
    return float(roc_auc_score(truth, scores))


@app.command()
def main(shares: str = "0.5,1.0", seeds: int = 2, k: int = 5) -> None:
    from config.catalog import load_catalog
    from indexing.classify.training_data import public_page_examples, read_devset

    catalog = load_catalog()
    rows = read_devset(DEVSET)
    folds = make_folds(rows, k)
    negatives = sum(r["doc_type"] == "not_evidence" for r in rows)
    started = time.perf_counter()
    public_examples = public_page_examples(PUBLIC_PAGES)
    pages = len(public_examples)
    points = []
    for public in (False, True) if pages else (False,):
        for share in (float(s) for s in shares.split(",")):
            runs = [round(gate_auc(rows, folds, catalog, share, seed, public), 3)
                    for seed in range(seeds if share < 1 else 1)]
            points.append({"public_pages": pages if public else 0, "share": share,
                           "negatives_per_fold": round(negatives * (k - 1) / k * share),
                           "auc": runs, "auc_mean": round(statistics.mean(runs), 3)})
            print(points[-1], flush=True)
    result = {"documents": len(rows), "non_evidence": negatives, "public_pages": pages,
              "public_not_evidence": sum(e.not_evidence for e in public_examples), "folds": k, "points": points,
              "wall_s": round(time.perf_counter() - started, 1)}
    write_results(result)


def write_results(result: dict) -> None:
    """``gate-learning-curve.{json,md}`` of a run of :func:`main`."""
    rows, negatives, k, pages = result["documents"], result["non_evidence"], result["folds"], result["public_pages"]
    points = result["points"]
    not_evidence = result.get("public_not_evidence", pages)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "gate-learning-curve.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = ["# Evidence gate: learning curve over the non-evidence documents it learns from", "",
             f"{rows} dev-set documents ({negatives} not evidence), {k}-fold, text mode; the gate's "
             "out-of-fold ROC AUC (dev-set documents only) with only a share of each fold's training non-evidence "
             "documents (evidence and catalog texts unchanged), without and with the public pages "
             f"(`benchmarks/public_pages`: {not_evidence} not evidence, {pages - not_evidence} documents of a type). "
             f"Wall {result['wall_s']} s.", "",
             "| public pages | share of dev non-evidence | per fold | gate AUC (per seed) | mean |",
             "|---:|---:|---:|---|---:|"]
    lines += [f"| {p['public_pages']} | {p['share']:.2f} | {p['negatives_per_fold']} | {', '.join(map(str, p['auc']))} "
              f"| {p['auc_mean']} |" for p in points]
    (RESULTS / "gate-learning-curve.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    app()
