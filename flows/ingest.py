"""The ingest pipeline as plain functions: stage → (extract → classify → save → index) per batch."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from flows.indexer import index_documents
from flows.processing import JobOutcome, jobs_for, run_jobs, save_outcomes
from flows.staging import StageReport, stage_folder, stage_prefix
from storage.records.models import Document


@dataclass
class BatchReport:
    processed: int = 0
    pages: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # (doc id, status, reason)
    classified: int = 0
    indexed: int = 0

    def add(self, other: "BatchReport") -> None:
        self.processed += other.processed
        self.pages += other.pages
        self.statuses.update(other.statuses)
        self.failures.extend(other.failures)
        self.classified += other.classified
        self.indexed += other.indexed


@dataclass
class IngestReport:
    stage: StageReport
    batches: BatchReport
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            **self.stage.as_dict(),
            "processed": self.batches.processed,
            "pages": self.batches.pages,
            "statuses": dict(self.batches.statuses),
            "classified": self.batches.classified,
            "indexed": self.batches.indexed,
            "failures": [{"document_id": d, "status": s, "reason": r} for d, s, r in self.batches.failures],
            "seconds": round(self.seconds, 3),
        }


def chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


def superseded_ids(rt, doc_ids: Sequence[int]) -> list[int]:
    """Older versions of the given documents (to drop from the search index)."""
    with rt.records.session() as session:
        current = session.execute(
            select(Document.unit_id, Document.period_id, Document.relative_path).where(
                Document.id.in_(list(doc_ids)), Document.version > 1)
        ).all()
        old = []
        for unit_id, period_id, path in current:
            old.extend(session.scalars(select(Document.id).where(
                Document.unit_id == unit_id, Document.period_id == period_id,
                Document.relative_path == path, Document.is_current.is_(False))))
        return old


def process_batch(rt, doc_ids: Sequence[int],
                  on_done: Callable[[JobOutcome], None] | None = None) -> BatchReport:
    """Extract, classify, record and index one batch of stored documents."""
    outcomes = run_jobs(jobs_for(rt, doc_ids), rt.settings.worker_count, on_done)
    save_outcomes(rt, outcomes)
    report = BatchReport(processed=len(outcomes))
    for o in outcomes:
        report.statuses[o.status] += 1
        report.pages += o.page_count or 0
        if o.status not in ("ok",):
            report.failures.append((o.doc_id, o.status, o.reason or ""))
        if o.questions:
            report.classified += 1
    old = superseded_ids(rt, doc_ids)
    if old:
        rt.search.delete(old)
    report.indexed = index_documents(rt, doc_ids, {o.doc_id: o.text for o in outcomes})
    return report


#: Extraction statuses ``dukung retry`` re-processes by default.
RETRY_STATUSES = ("failed", "unsupported", "empty", "encrypted")


def reprocess(rt, *, unit_code: str | None = None, everything: bool = False) -> BatchReport:
    """Process stored documents again: those that failed, or with ``everything`` all current ones.

    ``everything`` recomputes text, metadata, content facts and classification of every document
    (after a parser fix or after the catalog's content checks changed); manual assignments are kept.
    """
    from storage.records import repository as repo

    with rt.records.session() as session:
        docs = repo.list_documents(session, unit_codes=[unit_code] if unit_code else None,
                                   extraction_status=None if everything else list(RETRY_STATUSES))
        ids = [d.id for d in docs]
    total = BatchReport()
    for batch in chunks(ids, rt.settings.ingest.batch_size):
        total.add(process_batch(rt, batch))
    return total


def ingest(rt, source: str | Path, *, unit_code: str, year: int, question: str | None = None,
           uploaded_by: str = "", from_store: bool = False,
           on_staged: Callable[[str], None] | None = None,
           on_done: Callable[[JobOutcome], None] | None = None,
           on_stage_done: Callable[[StageReport], None] | None = None) -> IngestReport:
    """Ingest a local folder (or, with ``from_store``, an object-store prefix) without Prefect."""
    started = time.perf_counter()
    stage = (stage_prefix if from_store else stage_folder)(
        rt, source if from_store else Path(source), unit_code=unit_code, year=year, question=question,
        uploaded_by=uploaded_by, progress=on_staged)
    if on_stage_done:
        on_stage_done(stage)
    total = BatchReport()
    for batch in chunks(stage.to_process, rt.settings.ingest.batch_size):
        total.add(process_batch(rt, batch, on_done))
    return IngestReport(stage=stage, batches=total, seconds=time.perf_counter() - started)
