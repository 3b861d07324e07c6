"""Does an installation learn from its reviewers? The dev set, cross-validated, with people's decisions.

    .venv/bin/python -m benchmarks.classification_learning       # make eval-learning

For each of the 5 folds of ``make eval`` a model is trained without the fold (the dev set's other folds and
the catalog's texts). The fold's documents are split in two halves. One half is uploaded as DOCX (neutral
names) into a throw-away data folder with that model, and a simulated reviewer settles every mapping with
the functions the web app and the CLI call (:mod:`flows.completeness.suggestions`, :mod:`flows.people.review`),
knowing the dev set's labels:

* an evidence document: each proposed question it is evidence for is confirmed, each other one rejected;
  one that got no right question is assigned by hand to its first expected question;
* a non-evidence document that got questions: tagged ``tidak_relevan`` (it supports no question); one the
  model already called "bukan data dukung" is left alone.

``recorded_examples`` then reads those decisions from the records, as ``dukung classifier train`` does, and a
second model is trained with them. The *other* half of the fold is classified (texts, no files) by the
model before and after; then the halves swap, so every document is scored once by each. No document is
scored by a model that saw it or a decision on it. Results: ``benchmarks/results/classification-learning.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks import classification as bench
from benchmarks.classification_report import MEASURES
from benchmarks.classification_scoring import score

REVIEWER = "reviewer@eval"


def halves(held: list[int], rows: list[dict]) -> tuple[list[int], list[int]]:
    """The fold's documents in two halves, alternating within each area (so both halves hold every area)."""
    from indexing.classify.training_data import DEVSET_AREAS

    by_area: dict[str, list[int]] = {}
    for i in sorted(held, key=lambda i: rows[i]["id"]):
        by_area.setdefault(DEVSET_AREAS[rows[i]["zi_area"]], []).append(i)
    first, second = [], []
    flip = 0
    for area in sorted(by_area):
        for i in by_area[area]:
            (first if flip % 2 == 0 else second).append(i)
            flip += 1
    return sorted(first), sorted(second)


def review(rt, labels: dict[str, dict]) -> Counter:
    """The simulated reviewer: every automatic mapping of the uploaded documents settled (see the module)."""
    from flows.completeness.suggestions import confirm_suggestion, reject_suggestion
    from flows.people.review import reassign_document, tag_document
    from storage.records.models import Document

    with rt.records.session() as session:
        docs = [(d.id, d.relative_path, [c.question_code for c in d.classifications if c.question_code])
                for d in session.query(Document).order_by(Document.id)]
    done: Counter = Counter()
    for doc_id, path, codes in docs:
        label = labels[path.rsplit("_", 1)[-1].split(".")[0]]
        expected = list(label["expected_questions"])
        if not expected:  # not evidence
            if codes:
                tag_document(rt, doc_id, "tidak_relevan", note="bukan data dukung", actor=REVIEWER)
                done["tagged_not_relevant"] += 1
            continue
        for code in dict.fromkeys(codes):
            if code in expected:
                confirm_suggestion(rt, doc_id, code, actor=REVIEWER)
                done["confirmed"] += 1
            else:
                reject_suggestion(rt, doc_id, code, actor=REVIEWER)
                done["rejected"] += 1
        if not set(codes) & set(expected):
            reassign_document(rt, doc_id, expected[0], actor=REVIEWER)
            done["assigned_by_hand"] += 1
    return done


def decided_examples(rows: list[dict], model_path: Path, work: Path) -> tuple[list, Counter]:
    """Upload ``rows`` as DOCX with the model at ``model_path``, let the reviewer decide, read the examples."""
    from config.settings import DukungSettings
    from flows.ingest.classifier_training import recorded_examples
    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from storage.records import repository as repo

    files = work / "files"
    for r in rows:
        bench.render(r, "docx", files)
    settings = DukungSettings(home=work / "home", ingest={"orchestrator": "direct", "workers": 2, "ocr": False},
                              classifier={"model_path": str(model_path)})
    with open_runtime(settings) as rt:
        with rt.records.session() as session:
            repo.add_unit(session, bench.UNIT, "Unit evaluasi")
        ingest(rt, files, unit_code=bench.UNIT, year=bench.YEAR, uploaded_by="eval")
        done = review(rt, {r["id"]: r for r in rows})
        return recorded_examples(rt), done


def classified(catalog, rows: list[dict], model) -> list[dict]:
    from indexing.classify import classify
    from indexing.metadata import extract_metadata

    out = []
    for r in rows:
        result = classify(catalog, f"dok_{r['id']}.txt", r["text"], title=extract_metadata(r["text"]).title,
                          model=model)
        out.append({"id": r["id"], "format": "text", "label": r,
                    "codes": [(q.code, q.confidence) for q in result.questions]})
    return out


def run(k: int = 5) -> dict:
    from config.catalog import load_catalog
    from indexing.classify.model_file import load_model, save_model
    from indexing.classify.training import train
    from indexing.classify.training_data import read_devset, subject_phrases

    catalog = load_catalog()
    rows = read_devset(bench.DEVSET)
    folds = bench.make_folds(rows, k)
    started = time.perf_counter()
    before, after, decisions, taught = [], [], Counter(), Counter()
    with tempfile.TemporaryDirectory(prefix="dukung-learning-") as tmp:
        work = Path(tmp)
        for f, held in enumerate(folds):
            base_path = work / f"fold{f}.npz"
            bench.train_fold(rows, set(held), catalog, base_path)
            base = load_model(base_path)
            training = bench.fold_examples(rows, set(held), catalog)
            first, second = halves(held, rows)
            for h, (decided, scored) in enumerate(((first, second), (second, first))):
                examples, done = decided_examples([rows[i] for i in decided], base_path, work / f"fold{f}-{h}")
                decisions.update(done)
                taught.update("not evidence" if e.not_evidence else "evidence" for e in examples)
                learned_path = save_model(train(training + examples, subject_phrases=subject_phrases(catalog)),
                                          work / f"fold{f}-{h}.npz")
                learned = load_model(learned_path)
                before += classified(catalog, [rows[i] for i in scored], base)
                after += classified(catalog, [rows[i] for i in scored], learned)
    min_conf = catalog.completeness.min_confidence
    return {"folds": k, "documents": len(rows), "decisions": dict(decisions), "examples_taught": dict(taught),
            "before": score(before, min_conf), "after": score(after, min_conf),
            "wall_s": round(time.perf_counter() - started, 1)}


def markdown(result: dict) -> str:
    lines = ["# Learning from reviewers' decisions (dev set, 5-fold, half of each fold decided)", "",
             f"{result['documents']} dev-set documents; each scored once by its fold's model (before) and once by "
             "that model retrained with a simulated reviewer's decisions on the other half of the fold (after); "
             f"wall {result['wall_s']} s. Decisions made: {result['decisions']}; examples they taught: "
             f"{result['examples_taught']}.", "",
             "| measure | target | before | after |", "|---|---|---|---|"]
    for key, name, target in MEASURES:
        lines.append(f"| {name} | {target} | {result['before'][key]} | **{result['after'][key]}** |")
    b, a = result["before"], result["after"]
    lines.append(f"| (counts: only wrong; non-evidence unmapped) | | {b['only_wrong']} of {b['evidence_files']}; "
                 f"{b['non_evidence_unmapped']} of {b['non_evidence_files']} | {a['only_wrong']} of "
                 f"{a['evidence_files']}; {a['non_evidence_unmapped']} of {a['non_evidence_files']} |")
    lines += ["", f"Only what completeness counts (confidence ≥ the catalog's threshold): question hit "
              f"{b['sure_only']['question_hit']} → {a['sure_only']['question_hit']}, only wrong "
              f"{b['sure_only']['only_wrong_share']} → {a['sure_only']['only_wrong_share']}.", ""]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=bench.RESULTS / "classification-learning")
    args = parser.parse_args(argv)
    result = run(args.folds)
    page = markdown(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{args.output}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    Path(f"{args.output}.md").write_text(page, encoding="utf-8")
    print(page)


if __name__ == "__main__":
    main()
