"""Processing: extract → metadata → content facts → classify each stored document, in worker processes.

Workers receive plain values (ids, keys, URLs), never clients; each worker opens the object
store and loads the catalog once. A document that cannot be parsed is recorded with the
reason; the rest of the batch goes on.
"""

from __future__ import annotations

import atexit
import io
import logging
import multiprocessing
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from config.catalog import load_catalog
from config.settings import StorageSettings
from indexing.classify import classify
from indexing.extract import ExtractStatus, ParseContext, extract_file
from indexing.facts import document_facts
from indexing.metadata import extract_metadata
from storage.objects import open_object_store, text_key
from storage.records import repository as repo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentJob:
    doc_id: int
    object_key: str
    sha256: str
    relative_path: str
    explicit_question: str | None
    objects_url: str
    storage: StorageSettings
    catalog_path: str
    context: ParseContext


@dataclass
class JobOutcome:
    doc_id: int
    status: str
    reason: str | None
    page_count: int | None
    extractor: str
    duration_s: float
    text: str = ""
    text_key: str | None = None
    doc_date: date | None = None
    doc_number: str | None = None
    title: str | None = None
    issuer: str | None = None
    doc_types: list[str] = field(default_factory=list)
    doc_type_reason: str = ""
    questions: list[tuple[str, float, str]] = field(default_factory=list)
    facts: dict | None = None  # what the catalog's content checks found in the text (indexing.facts)


_STORES: dict[str, object] = {}


def _store(url: str, storage: StorageSettings):
    """One object-store client per worker process and configuration."""
    key = url + "|" + storage.model_dump_json()
    if key not in _STORES:
        _STORES[key] = open_object_store(url, storage)
    return _STORES[key]


def run_job(job: DocumentJob) -> JobOutcome:
    """Process one document (runs in a worker process). Never raises for a bad document."""
    started = time.perf_counter()
    store = _store(job.objects_url, job.storage)
    catalog = load_catalog(job.catalog_path)
    file_name = job.relative_path.rsplit("/", 1)[-1]
    local = store.local_path(job.object_key)
    tmp_dir = None
    try:
        if local is None:
            tmp_dir = tempfile.mkdtemp(prefix="dukung-")
            local = Path(tmp_dir) / "object"
            with store.open(job.object_key) as src, open(local, "wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
        result = extract_file(local, file_name, job.context)
    finally:
        if tmp_dir:
            shutil.rmtree(tmp_dir, ignore_errors=True)
    outcome = JobOutcome(doc_id=job.doc_id, status=str(result.status), reason=result.reason,
                         page_count=result.page_count, extractor=result.extractor, duration_s=0.0)
    text = result.text or ""
    if text:
        key = text_key(job.sha256)
        if not store.exists(key):
            store.put(key, io.BytesIO(text.encode("utf-8")), metadata={"source_sha256": job.sha256})
        outcome.text_key = key
        meta = extract_metadata(text)
        outcome.doc_date, outcome.doc_number = meta.date, meta.number
        outcome.title, outcome.issuer = meta.title, meta.issuer
    outcome.facts = document_facts(text, catalog, doc_date=outcome.doc_date, extraction_status=outcome.status)
    outcome.text = text
    decision = classify(catalog, job.relative_path, text, title=outcome.title,
                        explicit_question=job.explicit_question)
    outcome.doc_types = decision.doc_type_codes
    outcome.doc_type_reason = decision.doc_types[0].reason if decision.doc_types else ""
    outcome.questions = [(q.code, q.confidence, q.reason) for q in decision.questions]
    outcome.duration_s = round(time.perf_counter() - started, 4)
    return outcome


_POOL: dict[int, Executor] = {}


def _pool(workers: int) -> Executor:
    """A process pool shared by all batches of this process (forkserver: safe beside Prefect's threads)."""
    if workers not in _POOL:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["indexing.extract", "indexing.classify", "indexing.facts", "config.catalog",
                                "flows.processing"])
        _POOL[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    return _POOL[workers]


@atexit.register
def shutdown_pools() -> None:
    for pool in _POOL.values():
        pool.shutdown(wait=True, cancel_futures=True)
    _POOL.clear()


def jobs_for(rt, doc_ids: Sequence[int]) -> list[DocumentJob]:
    settings = rt.settings
    context = ParseContext(max_bytes=settings.ingest.max_file_mb * 1024 * 1024)
    with rt.records.session() as session:
        docs = repo.load_documents(session, doc_ids)
        return [
            DocumentJob(doc_id=d.id, object_key=d.object_key, sha256=d.sha256, relative_path=d.relative_path,
                        explicit_question=d.explicit_question, objects_url=settings.objects_url,
                        storage=settings.storage,
                        catalog_path=str(settings.catalog_path), context=context)
            for d in docs
        ]


def _failed_outcome(job: DocumentJob, exc: BaseException) -> JobOutcome:
    return JobOutcome(doc_id=job.doc_id, status=str(ExtractStatus.FAILED),
                      reason=f"Pemrosesan gagal: {type(exc).__name__}: {exc}", page_count=None,
                      extractor="", duration_s=0.0)


def run_jobs(jobs: Sequence[DocumentJob], workers: int,
             on_done: Callable[[JobOutcome], None] | None = None) -> list[JobOutcome]:
    """Run jobs on ``workers`` processes (inline when 1); a crashed worker marks only its document."""
    outcomes = []
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            try:
                outcome = run_job(job)
            except Exception as exc:  # a bug in our code must not lose the batch
                log.exception("processing document %s failed", job.doc_id)
                outcome = _failed_outcome(job, exc)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
        return outcomes
    pool = _pool(workers)
    futures = [(job, pool.submit(run_job, job)) for job in jobs]
    for job, future in futures:
        try:
            outcome = future.result()
        except Exception as exc:
            log.exception("processing document %s failed", job.doc_id)
            outcome = _failed_outcome(job, exc)
            if "BrokenProcessPool" in type(exc).__name__:
                _POOL.pop(workers, None)
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    return outcomes


def save_outcomes(rt, outcomes: Sequence[JobOutcome]) -> None:
    """Write extraction results, metadata and automatic classifications in one transaction."""
    by_id = {o.doc_id: o for o in outcomes}
    with rt.records.session() as session:
        for doc in repo.load_documents(session, by_id):
            o = by_id[doc.id]
            repo.save_extraction(session, doc, repo.ExtractionRecord(
                status=o.status, reason=o.reason, page_count=o.page_count, text_length=len(o.text),
                text_key=o.text_key, extractor=o.extractor, duration_s=o.duration_s))
            repo.save_metadata(session, doc, doc_date=o.doc_date, doc_number=o.doc_number, title=o.title,
                               issuer=o.issuer)
            repo.save_facts(session, doc, o.facts)
            questions = [repo.QuestionRecord(code, conf, reason) for code, conf, reason in o.questions]
            if not questions and o.doc_types:
                questions = [repo.QuestionRecord(None, 0.0, o.doc_type_reason or "jenis dokumen dikenali")]
            repo.replace_auto_classifications(session, doc, o.doc_types, questions)
