"""Prefect flows: thin wrappers over the plain functions of ingest, completeness and reindex.

Flows orchestrate; tasks get ids and values (never clients) and open the runtime themselves.
Only transient errors (I/O, a locked database) are retried — never a parse error.
"""

from __future__ import annotations

import datetime
import threading
from functools import lru_cache
from pathlib import Path

from config.settings import get_settings
from flows.prefect_env import configure_prefect_environment

configure_prefect_environment(get_settings().home)

from prefect import flow, get_run_logger, task  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from config.errors import DukungError  # noqa: E402
from flows.ingest import progress  # noqa: E402
from flows.completeness.check import check_completeness  # noqa: E402
from flows.completeness.changes import today_slot  # noqa: E402
from flows.ingest.indexer import reindex  # noqa: E402
from flows.mail.outbox import deliver_pending  # noqa: E402
from flows.mail.transports import MailDeliveryError  # noqa: E402
from flows.mail.notify import queue_completeness_mail  # noqa: E402
from flows.mail.reports import write_json, write_xlsx  # noqa: E402
from flows.mail.reports_html import write_html  # noqa: E402
from flows.periods.registry import resolve_period  # noqa: E402
from storage.records import repository as repo  # noqa: E402
from flows.ingest.pipeline import BatchReport, chunks_with_next, process_batch, queue_ahead, queue_every  # noqa: E402
from flows.runtime import Runtime, open_runtime  # noqa: E402
from flows.ingest.staging import stage_folder, stage_prefix  # noqa: E402
from flows.ingest.sync import sync_inbox  # noqa: E402
from flows.recovery.reconcile import reconcile  # noqa: E402
from flows.ingest.uploads import complete_batch, pending_documents  # noqa: E402


_RUNTIME_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _open_runtime() -> Runtime:
    return open_runtime(get_settings(), initialise=False)


def runtime() -> Runtime:
    """One runtime per process, opened on first use by a task. Under a lock: flow runs started in many
    threads at once (the web app's uploads) would otherwise each open one (when opening still migrated,
    they ran Alembic concurrently, which it does not survive: ``KeyError: 'config'``)."""
    with _RUNTIME_LOCK:
        return _open_runtime()


runtime.cache_clear = _open_runtime.cache_clear  # type: ignore[attr-defined] - tests reset it


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
                uploaded_by=uploaded_by, progress=progress.staged, on_batch=lambda ids: queue_ahead(rt, ids),
                batch_size=queue_every(rt))
    progress.stage_done(report)
    return {"report": report.as_dict(), "to_process": report.to_process, "unchanged": report.unchanged}


@task(name="process-batch", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def process_batch_task(doc_ids: list[int], next_ids: list[int] | None = None) -> dict:
    return process_batch(runtime(), doc_ids, progress.processed, next_ids=next_ids).as_dict()


@task(name="ocr-batch", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def ocr_batch_task(doc_ids: list[int], next_ids: list[int] | None = None) -> dict:
    report = process_batch(runtime(), doc_ids, progress.ocr_processed, ocr=True, next_ids=next_ids)
    get_run_logger().info("OCR: %d dokumen, %d halaman dalam %.1f detik", report.ocr_documents, report.ocr_pages,
                          report.ocr_seconds)
    return report.as_dict()


@flow(name="ocr", description="Baca halaman hasil pindai dan gambar dengan OCR (Tesseract, ind+eng).")
def ocr_flow(doc_ids: list[int] | None = None) -> dict:
    """OCR the given documents, or every current document still waiting for OCR; a subflow of the ingest
    flows, so scans never hold text documents back and the OCR progress is its own flow run."""
    from flows.ingest.ocr import batch_size, longest_first, pending_ids

    rt = runtime()
    ids = longest_first(rt, list(doc_ids) if doc_ids is not None else pending_ids(rt))
    progress.ocr_start(ids)
    total = BatchReport()
    for batch, following in chunks_with_next(ids, batch_size(rt.settings, rt.settings.ocr_worker_count)):
        total.add(BatchReport.from_dict(ocr_batch_task(batch, following)))
    return total.as_dict()


@flow(name="ingest", description="Unggah folder data dukung: simpan → ekstrak → klasifikasi → indeks → OCR.")
def ingest_flow(source: str, unit: str, year: int, question: str | None = None, uploaded_by: str = "",
                from_store: bool = False, staged: dict | None = None) -> dict:
    """Stage the folder (or prefix), then process what is new. ``staged`` is what the caller staged
    already (``{"report": …, "to_process": [...]}``: the CLI through the warm runner,
    ``flows.runner``): the run then only processes."""
    if staged is None:
        staged = stage_task(source, unit, year, question, uploaded_by, from_store)
    total = BatchReport()
    for batch, following in chunks_with_next(staged["to_process"], runtime().settings.ingest.batch_size):
        total.add(BatchReport.from_dict(process_batch_task(batch, following)))
    if total.ocr_pending:
        total.add_ocr(BatchReport.from_dict(ocr_flow(total.ocr_pending)))
    result = total.as_dict()
    for internal in ("doc_statuses", "classified_ids"):
        result.pop(internal)
    return {**staged["report"], **result}


@task(name="pending-upload-documents", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def pending_upload_task(batch_id: int) -> list[int]:
    return pending_documents(runtime(), batch_id)


@task(name="complete-upload", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def complete_upload_task(batch_id: int, error: str | None = None) -> None:
    complete_batch(runtime(), batch_id, error)


@flow(name="ingest-upload", description="Proses unggahan dari halaman web: ekstrak → klasifikasi → indeks.")
def upload_batch_flow(batch_id: int) -> dict:
    """The web upload's documents (already staged file by file) processed in batches."""
    ids = pending_upload_task(batch_id)
    processed = 0
    pending_ocr: list[int] = []
    for batch, following in chunks_with_next(ids, runtime().settings.ingest.batch_size):
        result = process_batch_task(batch, following)
        processed += result["processed"]
        pending_ocr += result["ocr"]["pending"]
    if pending_ocr:
        ocr_flow(pending_ocr)
    complete_upload_task(batch_id)
    return {"batch": batch_id, "processed": processed}


@task(name="check-unit", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def check_unit_task(unit: str, year: int) -> dict:
    return check_completeness(runtime(), unit, year).as_dict()


@task(name="write-report", retries=2, retry_delay_seconds=2, retry_condition_fn=transient_only)
def write_report_task(units: list[str], year: int, fmt: str, output: str) -> str:
    rt = runtime()
    reports = [check_completeness(rt, u, year) for u in units]
    writer = {"xlsx": write_xlsx, "json": write_json, "html": write_html}[fmt]
    return str(writer(reports, Path(output)))


def _year_and_units(year: int | None, units: list[str] | None) -> tuple[int, list[str]]:
    year = resolve_period(runtime(), year)  # the active period unless told
    with runtime().records.session() as session:
        units = units or [u.code for u in repo.list_units(session)]
    return year, units


@flow(name="check-completeness", description="Periksa kelengkapan data dukung per pertanyaan LKE.")
def completeness_flow(year: int | None = None, units: list[str] | None = None, fmt: str | None = None,
                      output: str | None = None) -> list[dict]:
    """Check the units (all if none given); with ``fmt`` (xlsx/json/html) and ``output`` also write the report."""
    year, units = _year_and_units(year, units)
    results = [check_unit_task(u, year) for u in units]
    if fmt and output:
        write_report_task(units, year, fmt, output)
    return results


@task(name="queue-completeness-mail", retries=2, retry_delay_seconds=5, retry_condition_fn=transient_only)
def queue_mail_task(year: int, units: list[str] | None, slot: str, force: bool) -> dict:
    return queue_completeness_mail(runtime(), year, units, slot=slot, force=force).as_dict()


@task(name="deliver-mail", retries=2, retry_delay_seconds=[30, 120])
def deliver_mail_task() -> dict:
    """Send everything queued; if some messages stay queued, fail so Prefect retries (and shows it)."""
    report = deliver_pending(runtime())
    if report.failed:
        raise MailDeliveryError(f"{report.failed} pesan belum terkirim (tetap di outbox, dikirim pada run "
                                f"berikutnya): " + "; ".join(report.errors[:3]))
    return report.as_dict()


@flow(name="completeness-mail",
      description="Periksa kelengkapan semua unit dan kirim e-mail celah ke unit serta ringkasan ke reviewer.")
def completeness_mail_flow(year: int | None = None, units: list[str] | None = None, force: bool = False) -> dict:
    """The scheduled gap e-mails. A re-run of the same scheduled day sends nothing twice."""
    from prefect.runtime import flow_run

    settings = runtime().settings
    slot = today_slot(settings.mail.timezone, at=flow_run.scheduled_start_time)
    year = resolve_period(runtime(), year)  # the active period; e-mails for another are refused
    queued = queue_mail_task(year, units, slot, force)
    delivery = deliver_mail_task()
    if queued["errors"]:  # the others went out; the run fails so that the schedule shows it
        raise DukungError("Pesan berikut tidak dapat disusun (pesan lain sudah dikirim): " + "; ".join(
            f"{e['unit'] or 'ringkasan reviewer'}: {e['why']}" for e in queued["errors"][:5]))
    return {**queued, "delivery": delivery}


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


@task(name="reconcile", retries=1, retry_delay_seconds=30, retry_condition_fn=transient_only)
def reconcile_task(older_than_minutes: float | None) -> dict:
    age = None if older_than_minutes is None else datetime.timedelta(minutes=older_than_minutes)
    return reconcile(runtime(), age).as_dict()


@flow(name="reconcile", description="Selesaikan pekerjaan yang tertinggal setelah gangguan; selaraskan catatan, "
                                    "berkas dan indeks pencarian.")
def reconcile_flow(older_than_minutes: float | None = None) -> dict:
    """The scheduled repair (``flows.recovery.reconcile``): idempotent; what an outage left is finished here."""
    result = reconcile_task(older_than_minutes)
    if any(result["remaining"].values()):
        get_run_logger().warning("Rekonsiliasi: masih tersisa %s", result["remaining"])
    return result
