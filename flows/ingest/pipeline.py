"""The ingest pipeline as plain functions: stage → (extract → classify → save → index) per batch → OCR.

Text documents come first: every batch of the text pass is recorded and indexed before any
page is OCR'd; the documents that wait for OCR then go through the OCR pass (its own pool).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from flows.ingest.indexer import index_documents
from flows.ingest.outage import which_service
from flows.ingest.processing import JobOutcome, collect_jobs, jobs_for, save_outcomes, submit_jobs
from flows.ingest.sandbox import Submitted
from flows.ingest.staging import StageReport, stage_folder, stage_prefix
from storage.records.models import Document

log = logging.getLogger(__name__)


@dataclass
class BatchReport:
    processed: int = 0
    pages: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # (doc id, status, reason)
    classified: int = 0
    indexed: int = 0
    #: documents the text pass left for the OCR pass
    ocr_pending: list[int] = field(default_factory=list)
    #: the OCR pass: documents and pages read, seconds spent
    ocr_documents: int = 0
    ocr_pages: int = 0
    ocr_seconds: float = 0.0
    doc_statuses: dict[int, str] = field(default_factory=dict)
    classified_ids: set[int] = field(default_factory=set)
    #: documents left without a result because a server was down (processed again by ``reconcile``)
    deferred: list[int] = field(default_factory=list)
    #: documents recorded but not indexed because the search index was down (``reconcile`` indexes them)
    unindexed: list[int] = field(default_factory=list)

    def add(self, other: "BatchReport") -> None:
        self.processed += other.processed
        self.pages += other.pages
        self.statuses.update(other.statuses)
        self.failures.extend(other.failures)
        self.classified += other.classified
        self.indexed += other.indexed
        self.ocr_pending.extend(other.ocr_pending)
        self.ocr_documents += other.ocr_documents
        self.ocr_pages += other.ocr_pages
        self.ocr_seconds += other.ocr_seconds
        self.doc_statuses.update(other.doc_statuses)
        self.classified_ids |= other.classified_ids
        self.deferred.extend(other.deferred)
        self.unindexed.extend(other.unindexed)

    def add_ocr(self, other: "BatchReport") -> None:
        """Fold in an OCR pass over documents this report counted already: their status is replaced."""
        for doc_id, status in other.doc_statuses.items():
            if doc_id in self.doc_statuses:
                self.statuses[self.doc_statuses[doc_id]] -= 1
            else:
                self.processed += 1
            self.statuses[status] += 1
            self.doc_statuses[doc_id] = status
        self.statuses = +self.statuses  # drop zero counts
        redone = set(other.doc_statuses)
        self.failures = [f for f in self.failures if f[0] not in redone] + other.failures
        self.ocr_pending = [d for d in self.ocr_pending if d not in redone] + other.ocr_pending
        self.classified += len(other.classified_ids - self.classified_ids)
        self.classified_ids |= other.classified_ids
        self.indexed += other.indexed
        self.ocr_documents += other.ocr_documents
        self.ocr_pages += other.ocr_pages
        self.ocr_seconds += other.ocr_seconds
        self.deferred.extend(d for d in other.deferred if d not in self.deferred)
        self.unindexed.extend(d for d in other.unindexed if d not in self.unindexed)

    def as_dict(self) -> dict:
        return {
            "processed": self.processed, "pages": self.pages, "statuses": dict(self.statuses),
            "classified": self.classified, "indexed": self.indexed,
            "failures": [{"document_id": d, "status": s, "reason": r} for d, s, r in self.failures],
            "ocr": {"documents": self.ocr_documents, "pages": self.ocr_pages,
                    "seconds": round(self.ocr_seconds, 3), "pending": list(self.ocr_pending)},
            "doc_statuses": {str(k): v for k, v in self.doc_statuses.items()},
            "classified_ids": sorted(self.classified_ids),
            "deferred": list(self.deferred), "unindexed": list(self.unindexed),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "BatchReport":
        ocr = data.get("ocr", {})
        return cls(processed=data["processed"], pages=data["pages"], statuses=Counter(data["statuses"]),
                   failures=[(f["document_id"], f["status"], f["reason"]) for f in data["failures"]],
                   classified=data["classified"], indexed=data["indexed"],
                   ocr_pending=list(ocr.get("pending", [])), ocr_documents=ocr.get("documents", 0),
                   ocr_pages=ocr.get("pages", 0), ocr_seconds=ocr.get("seconds", 0.0),
                   doc_statuses={int(k): v for k, v in data.get("doc_statuses", {}).items()},
                   classified_ids=set(data.get("classified_ids", [])),
                   deferred=list(data.get("deferred", [])), unindexed=list(data.get("unindexed", [])))


@dataclass
class IngestReport:
    stage: StageReport
    batches: BatchReport
    seconds: float = 0.0

    def as_dict(self) -> dict:
        batches = self.batches.as_dict()
        batches.pop("doc_statuses")
        batches.pop("classified_ids")
        return {**self.stage.as_dict(), **batches, "seconds": round(self.seconds, 3)}


def chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


def chunks_with_next(ids: Sequence[int], size: int) -> list[tuple[list[int], list[int] | None]]:
    """``chunks`` paired with the chunk after each (``None`` for the last): what to queue ahead."""
    parts = chunks(ids, size)
    return list(zip(parts, parts[1:] + [None]))


#: Parse jobs queued ahead of their batch, per (runtime, pass, document id) (see :func:`queue_ahead`).
_QUEUED: dict[tuple[int, bool, int], tuple[object, object]] = {}
_QUEUED_LOCK = threading.Lock()
#: The pool settings of the last queue_ahead per (runtime, pass), to rebuild a Submitted from queued jobs.
_QUEUED_SHAPE: dict[tuple[int, bool], Submitted] = {}
#: Jobs queued ahead but never collected (a flow stopped) are forgotten past this many.
_QUEUED_MAX = 2000


def _submit(rt, doc_ids: Sequence[int], *, ocr: bool) -> Submitted:
    workers = rt.settings.ocr_worker_count if ocr else rt.settings.worker_count
    return submit_jobs(jobs_for(rt, doc_ids, ocr=ocr), workers, pool_name="ocr" if ocr else "parse")


def queue_every(rt) -> int:
    """How many staged files are committed and handed to the parse workers at a time while staging."""
    return max(2, min(rt.settings.ingest.batch_size, 4 * rt.settings.worker_count))


def queue_limit(rt) -> int:
    """At most this many documents are parsed ahead of their batch: their texts wait in memory until the
    batch is recorded, so an upload of 10,000 files holds two batches' texts, never all of them."""
    return 2 * rt.settings.ingest.batch_size


def queue_ahead(rt, doc_ids: Sequence[int], *, ocr: bool = False) -> None:
    """Queue the parse jobs of documents now — the next batch, or files just staged — so the workers
    parse them while this process stages, records and indexes; :func:`process_batch` collects them."""
    with _QUEUED_LOCK:
        waiting = sum(1 for key in _QUEUED if key[0] == id(rt) and key[1] == ocr)
        room = max(0, queue_limit(rt) - waiting)
        doc_ids = [d for d in doc_ids if (id(rt), ocr, d) not in _QUEUED][:room]
    if not doc_ids:
        return
    submitted = _submit(rt, doc_ids, ocr=ocr)
    with _QUEUED_LOCK:
        if len(_QUEUED) + len(submitted.tasks) > _QUEUED_MAX:
            _QUEUED.clear()
        for job, future in submitted.tasks:
            _QUEUED[(id(rt), ocr, job.doc_id)] = (job, future)
        _QUEUED_SHAPE[(id(rt), ocr)] = submitted


def _queued_or_submit(rt, doc_ids: Sequence[int], *, ocr: bool) -> Submitted:
    """The batch's jobs: those queued ahead, and the others submitted now (in the batch's order)."""
    with _QUEUED_LOCK:
        found = {d: _QUEUED.pop((id(rt), ocr, d)) for d in doc_ids if (id(rt), ocr, d) in _QUEUED}
    missing = [d for d in doc_ids if d not in found]
    fresh = _submit(rt, missing, ocr=ocr) if missing or not found else None
    if not found:
        return fresh
    shape = fresh or _QUEUED_SHAPE[(id(rt), ocr)]
    by_id = dict(found)
    if fresh:
        by_id.update({job.doc_id: (job, future) for job, future in fresh.tasks})
    tasks = [by_id[d] for d in doc_ids if d in by_id]
    return Submitted(shape.pool_name, shape.workers, shape.memory_mb, shape.timeout_of, tasks)


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
                  on_done: Callable[[JobOutcome], None] | None = None, *, ocr: bool = False,
                  next_ids: Sequence[int] | None = None) -> BatchReport:
    """Extract, classify, record and index one batch of stored documents.

    The text pass (default) leaves documents without a usable text layer ``pending`` for the OCR
    pass (``ocr=True``, :func:`ocr_documents`), or ``unavailable`` when OCR cannot run here.
    ``next_ids`` (the batch that follows) is queued on the workers before this batch's results are
    awaited, so parsing goes on while this process records and indexes.
    """
    from flows.ingest.ocr import settle_unavailable, unavailable_reason

    started = time.perf_counter()
    settings = rt.settings
    submitted = _queued_or_submit(rt, doc_ids, ocr=ocr)
    if next_ids:
        queue_ahead(rt, next_ids, ocr=ocr)
    deferred: list[int] = []
    outcomes = collect_jobs(submitted, on_done, deferred)
    if not ocr and any(o.ocr_state == "pending" for o in outcomes):
        why = unavailable_reason(settings)
        if why:
            settle_unavailable(outcomes, why)
    save_outcomes(rt, outcomes)
    report = BatchReport(processed=len(outcomes), deferred=deferred)
    for o in outcomes:
        report.statuses[o.status] += 1
        report.doc_statuses[o.doc_id] = o.status
        report.pages += o.page_count or 0
        if o.status not in ("ok",):
            report.failures.append((o.doc_id, o.status, o.reason or ""))
        if o.questions:
            report.classified += 1
            report.classified_ids.add(o.doc_id)
        if o.ocr_state == "pending":
            report.ocr_pending.append(o.doc_id)
        if ocr and o.ocr_state == "done":
            report.ocr_documents += 1
            report.ocr_pages += len(o.ocr_pages)
    if ocr:
        report.ocr_seconds = time.perf_counter() - started
    done = [o.doc_id for o in outcomes]
    try:
        old = superseded_ids(rt, done)
        if old:
            rt.search.delete(old)
        report.indexed = index_documents(rt, done, {o.doc_id: o.text for o in outcomes},
                                         {o.doc_id: o.text_stems for o in outcomes})
    except Exception as exc:
        if which_service(exc) != "search":
            raise
        log.warning("search index unavailable, %d documents recorded but not indexed: %s", len(done), exc)
        report.unindexed = done
    return report


def ocr_documents(rt, doc_ids: Sequence[int],
                  on_done: Callable[[JobOutcome], None] | None = None) -> BatchReport:
    """The OCR pass over documents the text pass left ``pending``, in small batches (each recorded as it ends)."""
    from flows.ingest.ocr import batch_size, longest_first

    total = BatchReport()
    for batch, following in chunks_with_next(longest_first(rt, doc_ids), batch_size(rt.settings, rt.settings.ocr_worker_count)):
        total.add(process_batch(rt, batch, on_done, ocr=True, next_ids=following))
    return total


#: Extraction statuses ``dukung retry`` re-processes by default (and documents whose OCR is still open).
RETRY_STATUSES = ("failed", "unsupported", "empty", "encrypted", "needs_ocr")


def reprocess(rt, *, unit_code: str | None = None, everything: bool = False) -> BatchReport:
    """Process stored documents again: those that failed or were never processed (an outage between
    staging and processing), or with ``everything`` all current ones.

    ``everything`` recomputes text, metadata, content facts and classification of every document
    (after a parser fix or after the catalog's content checks changed); manual assignments are kept.
    Documents whose OCR is pending, was unavailable or failed are read again too (e.g. once Tesseract
    is installed).
    """
    from flows.ingest.ocr import RETRY_OCR_STATES, pending_ids
    from storage.records import repository as repo

    with rt.records.session() as session:
        docs = repo.list_documents(session, unit_codes=[unit_code] if unit_code else None,
                                   extraction_status=None if everything else list(RETRY_STATUSES))
        ids = [d.id for d in docs]
    if not everything:
        from storage.records.unfinished import unprocessed_ids

        with rt.records.session() as session:
            never = unprocessed_ids(session, unit_codes=[unit_code] if unit_code else None)
        seen = set(ids)
        ids += [d for d in never + pending_ids(rt, unit_code=unit_code, states=RETRY_OCR_STATES) if d not in seen]
        ids = list(dict.fromkeys(ids))
    total = BatchReport()
    for batch, following in chunks_with_next(ids, rt.settings.ingest.batch_size):
        total.add(process_batch(rt, batch, next_ids=following))
    total.add_ocr(ocr_documents(rt, total.ocr_pending))
    return total


def ingest(rt, source: str | Path, *, unit_code: str, year: int, question: str | None = None,
           uploaded_by: str = "", from_store: bool = False,
           on_staged: Callable[[str], None] | None = None,
           on_done: Callable[[JobOutcome], None] | None = None,
           on_stage_done: Callable[[StageReport], None] | None = None,
           on_ocr_start: Callable[[list[int]], None] | None = None,
           on_ocr_done: Callable[[JobOutcome], None] | None = None) -> IngestReport:
    """Ingest a local folder (or, with ``from_store``, an object-store prefix) without Prefect.

    Text documents first; then the OCR pass over the scans (``on_ocr_start`` gets their ids).
    """
    started = time.perf_counter()
    stage = (stage_prefix if from_store else stage_folder)(
        rt, source if from_store else Path(source), unit_code=unit_code, year=year, question=question,
        uploaded_by=uploaded_by, progress=on_staged, on_batch=lambda ids: queue_ahead(rt, ids),
        batch_size=queue_every(rt))
    if on_stage_done:
        on_stage_done(stage)
    total = process_documents(rt, stage.to_process, on_done, on_ocr_start=on_ocr_start, on_ocr_done=on_ocr_done)
    return IngestReport(stage=stage, batches=total, seconds=time.perf_counter() - started)


def process_documents(rt, doc_ids: Sequence[int], on_done: Callable[[JobOutcome], None] | None = None, *,
                      on_ocr_start: Callable[[list[int]], None] | None = None,
                      on_ocr_done: Callable[[JobOutcome], None] | None = None) -> BatchReport:
    """Process staged documents: every text batch first, then the OCR pass over those that wait for it."""
    total = BatchReport()
    for batch, following in chunks_with_next(doc_ids, rt.settings.ingest.batch_size):
        total.add(process_batch(rt, batch, on_done, next_ids=following))
    if total.ocr_pending:
        if on_ocr_start:
            on_ocr_start(list(total.ocr_pending))
        total.add_ocr(ocr_documents(rt, total.ocr_pending, on_ocr_done))
    return total
