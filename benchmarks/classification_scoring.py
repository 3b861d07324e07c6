"""The measures of issue 14 over classified, labelled files (used by :mod:`benchmarks.classification`)."""

from __future__ import annotations

from collections import defaultdict


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


def errors_of(items: list[dict]) -> list[dict]:
    """Every evidence file with only wrong codes, and every non-evidence file that got codes (for review)."""
    out = []
    for it in items:
        expected = set(it["label"]["expected_questions"])
        codes = [c for c, _ in it["codes"]]
        if codes and not expected & set(codes):
            out.append({"id": it["id"], "format": it["format"], "doc_type": it["label"]["doc_type"],
                        "codes": it["codes"], "reason": it["reasons"][0] if it["reasons"] else ""})
    return out
