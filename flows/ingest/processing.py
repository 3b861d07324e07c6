"""Processing: extract → metadata → content facts → classify each stored document, in worker processes.

Workers receive plain values (ids, keys, URLs), never clients; each worker opens the object
store and loads the catalog once. Every job runs in a pool with a time and a memory limit
(:mod:`flows.ingest.sandbox`): a document that cannot be parsed, or whose parser is killed, is
recorded with the reason and classified by its path; the rest of the batch goes on.

Two passes use the same job: the text pass (``context.ocr`` unset) and the OCR pass
(:mod:`flows.ingest.ocr`, ``context.ocr`` set) for the documents whose pages have no text layer.
"""

from __future__ import annotations

import io
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from config.catalog import load_catalog
from config.settings import StorageSettings
from indexing.classify import classify, default_model
from flows.ingest.sandbox import Killed, Submitted, collect_limited, submit_limited
from indexing.extract import ExtractStatus, ParseContext, extract_file
from indexing.extract.base import OcrOptions
from indexing.facts import document_facts
from indexing.metadata import extract_metadata
from indexing.search.stemmer import stem_text
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
    #: Wall-clock limit of the whole job (the parse, and for the OCR pass every page).
    timeout_s: float = 60.0
    #: the classifier's model file (empty: the bundled model); loaded once per worker
    model_path: str = ""


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
    #: why the document is no evidence at all ("bukan data dukung"), None: evidence or not known
    not_evidence: str | None = None
    facts: dict | None = None  # what the catalog's content checks found in the text (indexing.facts)
    pages_without_text: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_confidence: float | None = None
    #: None (no OCR needed), pending, done, unavailable or failed — see :func:`ocr_state`.
    ocr_state: str | None = None
    #: the text's stems for the search index, computed here in the worker (both cores stem)
    text_stems: str | None = None


#: Media types whose text can only come from OCR.
IMAGE_TYPES_PREFIX = "image/"


def ocr_state(status: str, pages_without_text: list[int], ocr_pages: list[int], *, ocr_pass: bool,
              is_image: bool) -> str | None:
    """Where a document stands with OCR after a pass.

    Text pass: ``pending`` when some pages have no text layer (or it is an image), else ``None``.
    OCR pass: ``done`` when pages were read, ``unavailable`` when Tesseract could not run (the
    document keeps ``needs_ocr`` and its reason says why), ``failed`` when the file could not be read.
    """
    wants = bool(pages_without_text) or (is_image and status == str(ExtractStatus.NEEDS_OCR))
    if not ocr_pass:
        return "pending" if wants and status not in ("failed", "encrypted", "unsupported") else None
    if ocr_pages:
        return "done"
    if status == str(ExtractStatus.NEEDS_OCR):
        return "unavailable"
    if status in ("failed", "encrypted", "unsupported"):
        return "failed"
    return "done" if wants else None


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
                         page_count=result.page_count, extractor=result.extractor, duration_s=0.0,
                         pages_without_text=list(result.pages_without_text), ocr_pages=list(result.ocr_pages),
                         ocr_confidence=result.ocr_confidence)
    outcome.ocr_state = ocr_state(outcome.status, outcome.pages_without_text, outcome.ocr_pages,
                                  ocr_pass=job.context.ocr is not None,
                                  is_image=result.media_type.startswith(IMAGE_TYPES_PREFIX))
    text = result.text or ""
    if text:
        key = text_key(job.sha256)
        if job.context.ocr is not None or not store.exists(key):  # the OCR pass adds to the text layer's text
            store.put(key, io.BytesIO(text.encode("utf-8")), metadata={"source_sha256": job.sha256})
        outcome.text_key = key
    _read_text(job, outcome, text)
    outcome.duration_s = round(time.perf_counter() - started, 4)
    return outcome


def _read_text(job: DocumentJob, outcome: JobOutcome, text: str) -> None:
    """Metadata, content facts and classification of ``text`` (empty: from the path alone)."""
    catalog = load_catalog(job.catalog_path)
    if text:
        meta = extract_metadata(text)
        outcome.doc_date, outcome.doc_number = meta.date, meta.number
        outcome.title, outcome.issuer = meta.title, meta.issuer
    outcome.facts = document_facts(text, catalog, doc_date=outcome.doc_date, extraction_status=outcome.status)
    outcome.text = text
    outcome.text_stems = stem_text(text) if text else None
    decision = classify(catalog, job.relative_path, text, title=outcome.title,
                        explicit_question=job.explicit_question, model=default_model(job.model_path))
    outcome.doc_types = decision.doc_type_codes
    outcome.doc_type_reason = decision.doc_types[0].reason if decision.doc_types else ""
    outcome.questions = [(q.code, q.confidence, q.reason) for q in decision.questions]
    outcome.not_evidence = (decision.not_evidence_reason or "bukan data dukung") if decision.not_evidence else None


def killed_outcome(job: DocumentJob, reason: str, *, ocr_pass: bool = False) -> JobOutcome:
    """The outcome of a job whose worker was killed (or raised): failed, classified by its path alone."""
    outcome = JobOutcome(doc_id=job.doc_id, status=str(ExtractStatus.FAILED), reason=reason, page_count=None,
                         extractor="", duration_s=job.timeout_s, ocr_state="failed" if ocr_pass else None)
    try:
        _read_text(job, outcome, "")
    except Exception:  # noqa: BLE001 - the record of the failure matters more than its classification
        log.exception("classifying document %s by its path failed", job.doc_id)
    return outcome


def parse_context(settings, *, ocr: bool = False) -> ParseContext:
    """The parsers' limits and OCR options from the settings (``ocr``: the OCR pass)."""
    ingest = settings.ingest
    options = None
    if ocr:
        options = OcrOptions(command=ingest.ocr_command, dpi=ingest.ocr_dpi, page_timeout_s=ingest.ocr_page_timeout_s,
                             max_pages=ingest.ocr_max_pages)
    return ParseContext(max_bytes=ingest.max_file_mb * 1024 * 1024, timeout_s=ingest.parse_timeout_s,
                        memory_mb=ingest.parse_memory_mb,
                        languages=tuple(lang for lang in ingest.ocr_languages.split("+") if lang), ocr=options)


def jobs_for(rt, doc_ids: Sequence[int], *, ocr: bool = False) -> list[DocumentJob]:
    settings = rt.settings
    context = parse_context(settings, ocr=ocr)
    with rt.records.session() as session:
        rows = repo.job_fields(session, doc_ids)
    position = {d: i for i, d in enumerate(doc_ids)}
    rows.sort(key=lambda row: position.get(row.id, len(position)))  # the caller's order (OCR: longest first)
    jobs = []
    for row in rows:
        timeout = context.timeout_s
        if ocr:
            pages = row.ocr_pages or [1]
            timeout += min(len(pages), context.ocr.max_pages) * context.ocr.page_timeout_s
        jobs.append(DocumentJob(doc_id=row.id, object_key=row.object_key, sha256=row.sha256,
                                relative_path=row.relative_path, explicit_question=row.explicit_question,
                                objects_url=settings.objects_url, storage=settings.storage,
                                catalog_path=str(settings.catalog_path), context=context, timeout_s=timeout,
                                model_path=settings.classifier.model_path))
    return jobs


def _job_timeout(job: DocumentJob) -> float:
    return job.timeout_s


def submit_jobs(jobs: Sequence[DocumentJob], workers: int, *, pool_name: str = "parse") -> Submitted:
    """Queue jobs on ``workers`` limited processes and return at once; :func:`collect_jobs` waits for them."""
    memory_mb = jobs[0].context.memory_mb if jobs else 0
    return submit_limited(run_job, jobs, pool_name=pool_name, workers=workers, memory_mb=memory_mb,
                          timeout_of=_job_timeout)


def collect_jobs(submitted: Submitted, on_done: Callable[[JobOutcome], None] | None = None,
                 deferred: list[int] | None = None) -> list[JobOutcome]:
    """The outcomes of submitted jobs in their order; a killed worker's job becomes a ``failed`` outcome.

    A job that met an outage (the object store down) has no outcome: its id goes to ``deferred`` and
    the document stays without a result, to be processed again (it is not the document's fault).
    """
    outcomes = []
    for job, result in collect_limited(submitted):
        if isinstance(result, Killed) and result.transient:
            log.warning("document %s deferred: %s", job.doc_id, result.reason)
            if deferred is not None:
                deferred.append(job.doc_id)
            continue
        if isinstance(result, Killed):
            log.warning("document %s: %s", job.doc_id, result.reason)
            result = killed_outcome(job, result.reason, ocr_pass=job.context.ocr is not None)
        outcomes.append(result)
        if on_done:
            on_done(result)
    return outcomes


def save_outcomes(rt, outcomes: Sequence[JobOutcome]) -> None:
    """Write extraction results, metadata and automatic classifications in one transaction."""
    by_id = {o.doc_id: o for o in outcomes}
    with rt.records.session() as session:
        for doc in repo.load_documents(session, by_id):
            o = by_id[doc.id]
            repo.save_extraction(session, doc, repo.ExtractionRecord(
                status=o.status, reason=o.reason, page_count=o.page_count, text_length=len(o.text),
                text_key=o.text_key, extractor=o.extractor, duration_s=o.duration_s, ocr_state=o.ocr_state,
                ocr_pages=(o.ocr_pages if o.ocr_state == "done" else o.pages_without_text) or None,
                ocr_confidence=o.ocr_confidence))
            repo.save_metadata(session, doc, doc_date=o.doc_date, doc_number=o.doc_number, title=o.title,
                               issuer=o.issuer)
            repo.save_facts(session, doc, o.facts)
            questions = [repo.QuestionRecord(code, conf, reason) for code, conf, reason in o.questions]
            if not questions and o.doc_types:
                questions = [repo.QuestionRecord(None, 0.0, o.doc_type_reason or "jenis dokumen dikenali")]
            repo.replace_auto_classifications(session, doc, o.doc_types, questions)
            repo.save_evidence_status(session, doc, o.not_evidence)
