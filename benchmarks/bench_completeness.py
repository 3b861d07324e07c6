"""Completeness for many units × 113 questions, and the weekly e-mail run, on copies of the demo records.

The demo evidence set (three units, ~240 documents, classified and with facts) is ingested once;
its document and classification rows are copied to as many units as asked (bulk inserts). Then:

* ``check_units`` for the first 100 / all units (what ``dukung check --period`` does), against the
  baseline of reading the same rows bare (one SELECT of documents ⨝ classifications);
* the weekly e-mail run: ``queue_completeness_mail`` (check, snapshot, compose, queue) +
  ``deliver_pending`` with the outbox-folder transport — no SMTP latency.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def _copy_units(rt, sample, total: int) -> list[str]:
    from sqlalchemy import insert, select

    from storage.records import repository as repo
    from storage.records.models import Classification, Document, Unit

    codes = [u.code for u in sample.units]
    with rt.records.session() as s:
        sources = [repo.get_unit(s, c).id for c in codes]
        docs = {uid: list(s.scalars(select(Document).where(Document.unit_id == uid))) for uid in sources}
        classes = {d.id: list(d.classifications) for uid in sources for d in docs[uid]}
        doc_cols = [c.key for c in Document.__table__.columns if c.key not in ("id", "unit_id")]
        cls_cols = [c.key for c in Classification.__table__.columns if c.key not in ("id", "document_id")]
        for i in range(total - len(sources)):
            code = f"BENCH-{i:04d}"
            unit_id = s.execute(insert(Unit).values(code=code, name=code, contacts=[f"zi@bench-{i:04d}.go.id"])
                                .returning(Unit.id)).scalar_one()
            codes.append(code)
            src = docs[sources[i % len(sources)]]
            new_ids = s.execute(insert(Document).returning(Document.id, sort_by_parameter_order=True),
                                [{"unit_id": unit_id, **{k: getattr(d, k) for k in doc_cols}} for d in src]).scalars().all()
            rows = [{"document_id": new_id, **{k: getattr(c, k) for k in cls_cols}}
                    for d, new_id in zip(src, new_ids) for c in classes[d.id]]
            if rows:
                s.execute(insert(Classification), rows)
    return codes


def _bare_read(rt, codes: list[str]) -> float:
    from sqlalchemy import text

    t = time.perf_counter()
    with rt.records.engine.connect() as conn:
        for start in range(0, len(codes), 500):
            chunk = codes[start:start + 500]
            conn.execute(text(
                "SELECT d.*, c.* FROM documents d JOIN units u ON u.id = d.unit_id "
                "LEFT JOIN classifications c ON c.document_id = d.id "
                f"WHERE u.code IN ({','.join(':c%d' % i for i in range(len(chunk)))})"),
                {f"c{i}": c for i, c in enumerate(chunk)}).fetchall()
    return time.perf_counter() - t


def measure(unit_counts: list[int], rounds: int, *, mail_units: int | None, env: dict[str, str] | None = None) -> dict:
    from config.settings import get_settings

    with tempfile.TemporaryDirectory(prefix="dukung-bench-compl-") as tmp:
        saved = dict(os.environ)
        os.environ.update({"DUKUNG_HOME": str(Path(tmp) / "home"), "DUKUNG_INGEST__ORCHESTRATOR": "direct",
                           "DUKUNG_INGEST__OCR": "false", "DUKUNG_MAIL__TRANSPORT": "outbox",
                           "DUKUNG_MAIL__REVIEWERS": '["tpi@inspektorat.go.id"]', **(env or {})})
        get_settings.cache_clear()
        try:
            return _measure(Path(tmp), unit_counts, rounds, mail_units)
        finally:
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()


def _measure(tmp: Path, unit_counts: list[int], rounds: int, mail_units: int | None) -> dict:
    import statistics

    from flows.completeness.check import check_units
    from flows.ingest.pipeline import ingest
    from flows.mail.outbox import deliver_pending
    from flows.mail.notify import queue_completeness_mail
    from flows.runtime import open_runtime
    from flows.sample_data import generate_sample_evidence
    from storage.records import repository as repo

    sample = generate_sample_evidence(tmp / "data")
    out: dict = {"checks": {}}
    with open_runtime() as rt:
        with rt.records.session() as s:
            for u in sample.units:
                repo.add_unit(s, u.code, u.name, u.contacts)
        for u in sample.units:
            ingest(rt, u.folder, unit_code=u.code, year=2025)
        t = time.perf_counter()
        codes = _copy_units(rt, sample, max(unit_counts + [mail_units or 0]))
        out["copy_s"] = time.perf_counter() - t
        for n in unit_counts:
            runs, bare = [], []
            for _ in range(rounds):
                bare.append(_bare_read(rt, codes[:n]))
                t = time.perf_counter()
                reports = check_units(rt, codes[:n], 2025)
                runs.append(time.perf_counter() - t)
                assert len(reports) == n
                del reports
            sec, base = statistics.median(runs), statistics.median(bare)
            out["checks"][str(n)] = {"units": n, "questions": 113, "seconds": sec, "units_per_s": n / sec,
                                     "bare_read_s": base, "ratio_to_bare_read": sec / base, "rounds": rounds}
        if mail_units:
            mail_codes = codes[:mail_units]
            t = time.perf_counter()
            queued = queue_completeness_mail(rt, 2025, mail_codes, digest=True)
            queue_s = time.perf_counter() - t
            t = time.perf_counter()
            delivery = deliver_pending(rt)
            deliver_s = time.perf_counter() - t
            t = time.perf_counter()
            check_units(rt, mail_codes, 2025)
            check_s = time.perf_counter() - t
            out["mail"] = {"units": mail_units, "messages": len(queued.queued), "queue_s": queue_s,
                           "deliver_s": deliver_s, "seconds": queue_s + deliver_s,
                           "delivered": delivery.as_dict().get("sent"),
                           "check_only_s": check_s, "ratio_to_check_only": (queue_s + deliver_s) / check_s,
                           "transport": "outbox folder (no SMTP latency)", "rounds": 1}
    return out
