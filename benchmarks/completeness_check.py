"""Completeness check rate: many units × 113 questions, with the catalog's rules and stored facts.

    .venv/bin/python benchmarks/completeness_check.py [--units 500]

Ingests the demo evidence set (three units, ~240 documents) into a temporary home, copies its
records to ``--units`` units (documents, classifications, facts), then times ``check_units`` for all
of them at once (two queries) and ``check_completeness`` unit by unit. The target is 500 units in
≤ 5 s: the check only reads records (facts were computed at ingest). Writes
benchmarks/results/completeness_check.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"


class _kept:
    def __init__(self, path: str):
        self.path = path

    def __enter__(self) -> str:
        Path(self.path).mkdir(parents=True, exist_ok=True)
        return self.path

    def __exit__(self, *exc) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions of the check")
    parser.add_argument("--keep", metavar="DIR", help="build the data in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args()
    with (tempfile.TemporaryDirectory(prefix="dukung-bench-") if not args.keep else _kept(args.keep)) as tmp:
        os.environ["DUKUNG_HOME"] = str(Path(tmp) / "home")
        os.environ["DUKUNG_INGEST__ORCHESTRATOR"] = "direct"
        from sqlalchemy import insert, select

        from flows.completeness import check_completeness, check_units
        from flows.ingest import ingest
        from flows.runtime import open_runtime
        from flows.sample_data import generate_sample_evidence
        from storage.records import repository as repo
        from storage.records.models import Classification, Document, Unit

        sample = generate_sample_evidence(Path(tmp) / "data")
        with open_runtime() as rt:
            with rt.records.session() as s:
                for u in sample.units:
                    repo.add_unit(s, u.code, u.name, u.contacts)
            for u in sample.units:
                ingest(rt, u.folder, unit_code=u.code, year=2025)
            started = time.perf_counter()
            with rt.records.session() as s:
                period = repo.get_or_create_period(s, 2025)
                sources = [repo.get_unit(s, u.code).id for u in sample.units]
                docs = {uid: list(s.scalars(select(Document).where(Document.unit_id == uid))) for uid in sources}
                classes = {d.id: list(d.classifications) for uid in sources for d in docs[uid]}
                doc_cols = [c.key for c in Document.__table__.columns if c.key not in ("id", "unit_id")]
                cls_cols = [c.key for c in Classification.__table__.columns if c.key not in ("id", "document_id")]
                codes = []
                for i in range(args.units - len(sources)):
                    code = f"BENCH-{i:04d}"
                    unit_id = s.execute(insert(Unit).values(code=code, name=code, contacts=[])
                                        .returning(Unit.id)).scalar_one()
                    codes.append(code)
                    for d in docs[sources[i % len(sources)]]:
                        new_id = s.execute(insert(Document).values(
                            unit_id=unit_id, **{k: getattr(d, k) for k in doc_cols}).returning(Document.id)).scalar_one()
                        rows = [{"document_id": new_id, **{k: getattr(c, k) for k in cls_cols}} for c in classes[d.id]]
                        if rows:
                            s.execute(insert(Classification), rows)
                assert period.year == 2025
            copied = time.perf_counter() - started
            all_codes = [u.code for u in sample.units] + codes
            profiler = None
            if args.profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            started = time.perf_counter()
            reports = check_units(rt, all_codes, 2025)  # what `dukung check --period` needs for every unit
            took = time.perf_counter() - started
            counts = {"lengkap": 0, "sebagian": 0, "belum_ada": 0, "ditandai_reviewer": 0}
            for report in reports:
                for k, v in report.counts.items():
                    counts[k] += v
            del reports
            started = time.perf_counter()
            for code in all_codes:
                check_completeness(rt, code, 2025)
            one_by_one = time.perf_counter() - started
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    result = {
        "units": len(all_codes), "questions_per_unit": 113, "seconds": round(took, 3),
        "ms_per_unit": round(took / len(all_codes) * 1000, 2), "seconds_one_unit_at_a_time": round(one_by_one, 3),
        "statuses": counts,
        "copy_seconds": round(copied, 1), "python": platform.python_version(), "machine": platform.machine(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "completeness_check.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
