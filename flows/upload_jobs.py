"""Process a finished web upload in the background, so a large folder never times out a request.

With ``DUKUNG_INGEST__ORCHESTRATOR=prefect`` (the default) a background thread runs the
``ingest-upload`` Prefect flow (``flows.pipelines.upload_batch_flow``): its run is recorded on the
Prefect server of ``PREFECT_API_URL`` when one is set, else on the data folder's one local Prefect
server (``flows.prefect_server``: started by the first batch, shared with the CLI, stopped with the app),
where the server's warm runner (``flows.runner``) runs it as a deployment flow run.
With ``direct`` the thread calls ``flows.ingest.uploads.run_batch``. Either way the batch's state is in the
records database; a batch interrupted by a restart is picked up again when ``finish`` is called again
(the upload page offers it) — only documents without a result are processed.
"""

from __future__ import annotations

import contextvars
import logging
import threading

from flows.ingest.uploads import complete_batch, run_batch

log = logging.getLogger(__name__)

_RUNNING: dict[int, threading.Thread] = {}
_LOCK = threading.Lock()
#: Batches processed at the same time by one web process; the others wait their turn. They share one
#: pool of parser processes, so more at once only adds memory (each holds its texts) and contention on
#: the records database and the Prefect server — 30 members finishing together must all end processed.
CONCURRENT_BATCHES = 2
_TURNS = threading.BoundedSemaphore(CONCURRENT_BATCHES)


def is_running(batch_id: int) -> bool:
    thread = _RUNNING.get(batch_id)
    return thread is not None and thread.is_alive()


def _work(rt, batch_id: int, doc_ids: list[int]) -> None:
    try:
        with _TURNS:
            _process(rt, batch_id, doc_ids)
    except Exception as exc:  # the flow failed as a whole: say so on the batch
        log.exception("upload batch %s failed", batch_id)
        complete_batch(rt, batch_id, f"{type(exc).__name__}: {exc}")
    finally:
        with _LOCK:
            _RUNNING.pop(batch_id, None)


def _process(rt, batch_id: int, doc_ids: list[int]) -> None:
    if rt.settings.ingest.orchestrator == "prefect":
        from flows.prefect_server import flow_api, prefect_dir
        from flows.runner_client import run_on_runner

        with flow_api(rt.settings, started_by="web") as url:
            # the data folder's warm runner runs the flow when it has the web app's settings
            if url and run_on_runner(rt.settings, prefect_dir(rt.settings.home), url, "ingest-upload",
                                     {"batch_id": batch_id}):
                return
            from flows.pipelines import upload_batch_flow

            upload_batch_flow(batch_id=batch_id)
    else:
        run_batch(rt, batch_id, doc_ids)


def start_processing(rt, batch_id: int, doc_ids: list[int]) -> bool:
    """Start processing the batch in a background thread; False if it is already running here or if
    there is nothing to process (the batch is then marked done at once)."""
    if not doc_ids:
        if not is_running(batch_id):
            complete_batch(rt, batch_id)
        return False
    with _LOCK:
        if is_running(batch_id):
            return False
        # the caller's context goes along (Prefect keeps its settings, e.g. a test server's URL, in it)
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(_work, rt, batch_id, doc_ids),
                                  name=f"dukung-upload-{batch_id}", daemon=True)
        _RUNNING[batch_id] = thread
        thread.start()
    return True


def wait(batch_id: int, timeout: float | None = None) -> None:
    """Wait for a batch started here (tests, shutdown)."""
    thread = _RUNNING.get(batch_id)
    if thread is not None:
        thread.join(timeout)


# -- «Proses ulang» on the document page ------------------------------------------------------------

_REPROCESSING: dict[int, threading.Thread] = {}


def _reprocess(rt, doc_id: int) -> None:
    from flows.ingest.pipeline import process_documents

    try:
        with _TURNS:
            process_documents(rt, [doc_id])
    except Exception:  # the document keeps its old result; the page offers the button again
        log.exception("re-processing document %s failed", doc_id)
    finally:
        with _LOCK:
            _REPROCESSING.pop(doc_id, None)


def start_reprocessing(rt, doc_id: int, *, actor: str) -> bool:
    """Read one stored document again in the background (recorded in the audit log); False if it is
    already being read here."""
    from storage.records import repository as repo

    with _LOCK:
        running = _REPROCESSING.get(doc_id)
        if running is not None and running.is_alive():
            return False
        with rt.records.session() as session:
            repo.audit(session, actor, "document_reprocess", "document", doc_id, {})
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(_reprocess, rt, doc_id),
                                  name=f"dukung-reprocess-{doc_id}", daemon=True)
        _REPROCESSING[doc_id] = thread
        thread.start()
    return True


def wait_reprocessing(doc_id: int, timeout: float | None = None) -> None:
    """Wait for a document's re-processing started here (tests)."""
    thread = _REPROCESSING.get(doc_id)
    if thread is not None:
        thread.join(timeout)
