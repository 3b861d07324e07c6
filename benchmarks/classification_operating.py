"""Operating points of the learned classifier: the issue-14 measures for other choices of its two thresholds.

The classifier reads a document as evidence when P(evidence) reaches ``evidence_min`` and proposes a
question when its calibrated confidence reaches ``propose_confidence``
(:data:`indexing.classify.classifier.EVIDENCE_MIN`, :data:`~indexing.classify.classifier.PROPOSE_CONFIDENCE`).
Raising them rejects more non-evidence and finds fewer right questions. Each point here re-classifies the
texts the pipeline stored, every file by its own fold's model (so still cross-validated), and scores them
as the run does: it shows what the model can do at all, not one threshold's luck — whether any choice of
the thresholds meets the targets together, and which targets give way first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from benchmarks.classification_scoring import score

EVIDENCE_MINS = (0.5, 0.6, 2 / 3, 0.75, 0.8, 0.85)
PROPOSE_CONFIDENCES = (0.3, 0.4, 0.5, 0.6, 0.7)
#: the targets of issue 14 a point is checked against: (measure, at least (True) or at most (False), value)
TARGETS = (("top1_area", True, 0.92), ("question_hit", True, 0.85), ("codes_per_evidence_file", False, 2.0),
           ("only_wrong_share", False, 0.05), ("non_evidence_unmapped_share", True, 0.90))


def targets_met(measures: dict) -> list[str]:
    return [key for key, at_least, value in TARGETS
            if (measures[key] >= value if at_least else measures[key] <= value)]


def operating_points(catalog, records: Sequence[dict], model_of: Callable[[dict], object],
                     evidence_mins: Sequence[float] = EVIDENCE_MINS,
                     propose_confidences: Sequence[float] = PROPOSE_CONFIDENCES) -> list[dict]:
    """The measures (all formats together) at each pair of thresholds; ``model_of(record)`` is the model
    that may classify that record (its fold's). ``records`` carry ``id``, ``path``, ``text``, ``title`` and
    ``label`` (the dev set's row)."""
    from indexing.classify import classify
    from indexing.classify.classifier import EVIDENCE_MIN, PROPOSE_CONFIDENCE

    out = []
    for evidence_min in evidence_mins:
        for propose in propose_confidences:
            items = []
            for rec in records:
                result = classify(catalog, rec["path"], rec["text"], title=rec["title"], model=model_of(rec),
                                  evidence_min=evidence_min, propose_confidence=propose)
                items.append({"label": rec["label"], "codes": [(q.code, q.confidence) for q in result.questions]})
            measures = score(items, catalog.completeness.min_confidence)
            measures.pop("sure_only")
            out.append({"evidence_min": round(evidence_min, 3), "propose_confidence": propose,
                        "shipped": abs(evidence_min - EVIDENCE_MIN) < 1e-9 and abs(propose - PROPOSE_CONFIDENCE) < 1e-9,
                        **measures, "targets_met": targets_met(measures)})
    return out


def operating_lines(points: Sequence[dict]) -> list[str]:
    """The Markdown table of :func:`operating_points`, the shipped point in bold."""
    if not points:
        return []
    intro = ("The same files re-classified by their own fold's model with other thresholds (P(evidence) to read "
             "a document as evidence × confidence to propose a question); all formats together. Targets met of "
             f"{len(TARGETS)}.")
    header = ("| P(evidence) ≥ | propose ≥ | top-1 area | question hit | codes/file | only wrong | "
              "non-evidence unmapped | targets met |")
    lines = ["", "## Operating points", "", intro, "", header, "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for p in points:
        cells = [f"{p['evidence_min']:.2f}", f"{p['propose_confidence']:.2f}", p["top1_area"], p["question_hit"],
                 p["codes_per_evidence_file"], p["only_wrong_share"], p["non_evidence_unmapped_share"],
                 len(p["targets_met"])]
        text = [str(c) for c in cells]
        if p["shipped"]:
            text = [f"**{c}**" for c in text]
        lines.append("| " + " | ".join(text) + " |")
    best = max(len(p["targets_met"]) for p in points)
    lines += ["", f"At most {best} of {len(TARGETS)} targets are met together at any of these points."]
    return lines
