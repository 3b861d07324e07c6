"""Prefect flows: thin wrappers over the plain functions of ingest, completeness and reindex.

Flows orchestrate; tasks get ids and values (never clients) and open the runtime themselves.
Only transient errors (I/O, a locked database) are retried — never a parse error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from config.settings import get_settings
from flows.prefect_env import configure_prefect_environment

configure_prefect_environment(get_settings().home)

from prefect import flow, task  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from config.errors import DukungError  # noqa: E402
from flows import progress  # noqa: E402
from flows.completeness import check_completeness  # noqa: E402
from flows.indexer import reindex  # noqa: E402
from flows.ingest import BatchReport, chunks, process_batch  # noqa: E402
from flows.runtime import Runtime, open_runtime  # noqa: E402
from flows.staging import stage_folder, stage_prefix  # noqa: E402
from flows.sync import sync_inbox  # noqa: E402


@lru_cache(maxsize=1)
def runtime() -> Runtime:
    """One runtime per process, opened on first use by a task."""
    return open_runtime(get_settings())


def transient_only(task_, task_run, state) -> bool:
    """Retry I/O hiccups and a locked database; a domain error (bad input, parse error) is final."""
    try:
        state.result()
    except DukungError:
        return False
    except (OSError, OperationalError, TimeoutError):
        return True
    except Exception:
        return False
    return False


@task(name="stage-upload", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def stage_task(source: str, unit: str, year: int, question: str | None, uploaded_by: str,
               from_store: bool) -> dict:
    rt = runtime()
    fn = stage_prefix if from_store else stage_folder
    report = fn(rt, source if from_store else Path(source), unit_code=unit, year=year, question=question,
                uploaded_by=uploaded_by, progress=progress.staged)
    progress.stage_done(report)
    return {"report": report.as_dict(), "to_process": report.to_process, "unchanged": report.unchanged}


@task(name="process-batch", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def process_batch_task(doc_ids: list[int]) -> dict:
    report = process_batch(runtime(), doc_ids, progress.processed)
    return {"processed": report.processed, "pages": report.pages, "statuses": dict(report.statuses),
            "classified": report.classified, "indexed": report.indexed,
            "failures": [{"document_id": d, "status": s, "reason": r} for d, s, r in report.failures]}


@flow(name="ingest", description="Unggah folder data dukung: simpan → ekstrak → klasifikasi → indeks.")
def ingest_flow(source: str, unit: str, year: int, question: str | None = None, uploaded_by: str = "",
                from_store: bool = False) -> dict:
    staged = stage_task(source, unit, year, question, uploaded_by, from_store)
    total = BatchReport()
    failures = []
    for batch in chunks(staged["to_process"], runtime().settings.ingest.batch_size):
        result = process_batch_task(batch)
        total.processed += result["processed"]
        total.pages += result["pages"]
        total.statuses.update(result["statuses"])
        total.classified += result["classified"]
        total.indexed += result["indexed"]
        failures.extend(result["failures"])
    return {**staged["report"], "processed": total.processed, "pages": total.pages,
            "statuses": dict(total.statuses), "classified": total.classified, "indexed": total.indexed,
            "failures": failures}


@task(name="check-unit", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def check_unit_task(unit: str, year: int) -> dict:
    return check_completeness(runtime(), unit, year).as_dict()


@flow(name="check-completeness", description="Periksa kelengkapan data dukung per pertanyaan LKE.")
def completeness_flow(year: int, units: list[str]) -> list[dict]:
    return [check_unit_task(u, year) for u in units]


@task(name="rebuild-index", retries=1, retry_condition_fn=transient_only)
def reindex_task() -> int:
    return reindex(runtime())


@flow(name="reindex", description="Bangun ulang indeks pencarian dari basis data dan penyimpanan objek.")
def reindex_flow() -> int:
    return reindex_task()


@task(name="sync-inbox", retries=2, retry_delay_seconds=5, retry_condition_fn=transient_only)
def sync_inbox_task(prefix: str) -> dict:
    return sync_inbox(runtime(), prefix).as_dict()


@flow(name="sync-inbox", description="Ambil berkas baru/berubah dari inbox/<unit>/<tahun>/ di bucket dan proses.")
def sync_flow(prefix: str = "inbox/") -> dict:
    return sync_inbox_task(prefix)
