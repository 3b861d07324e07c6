"""Web uploads: one batch per folder, files staged one at a time, processing after the last file.

The browser sends a folder file by file. Each file is staged at once — stored content-addressed and
recorded exactly as the CLI does (``flows.ingest.staging.stage_files``) — and what staging made of it is kept
in the batch (``upload_batches`` / ``upload_batch_files``), so a batch survives a web restart.
``finish_batch`` closes the batch; ``run_batch`` then extracts, classifies and indexes its new
documents (``flows.ingest.pipeline.process_documents``: text, then OCR). ``flows.upload_jobs`` runs that in the background.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from config.errors import InvalidInputError, NotFoundError
from config.i18n import _, N_, gettext
from flows.ingest.batch_window import held_reason, require_window, staged_parts
from flows.ingest.pipeline import process_documents
from flows.ingest.staging import SKIPPED_NAMES, stage_files
from flows.periods.dates import today
from flows.periods.gate import record_override
from indexing.extract.causes import CAUSES, failure_cause
from storage.records import repository as repo
from storage.records.models import Document, UploadBatch, UploadBatchFile

log = logging.getLogger(__name__)

BATCH_LABELS = {"open": N_("menerima berkas"), "processing": N_("sedang diproses"), "done": N_("selesai"),
                "error": N_("gagal")}
OUTCOME_LABELS = {"baru": N_("tersimpan"), "tidak_berubah": N_("tidak berubah (sudah ada)"),
                  "versi_baru": N_("versi baru"), "ditolak": N_("ditolak")}
TO_PROCESS = ("baru", "versi_baru")
FAILED_STATUSES = ("failed", "unsupported", "empty", "encrypted")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _batch(session, batch_id: int) -> UploadBatch:
    batch = session.get(UploadBatch, batch_id)
    if batch is None:
        raise NotFoundError(_("Unggahan #%(batch_id)s tidak ditemukan", batch_id=batch_id))
    return batch


def create_batch(rt, unit_code: str, year: int, *, question: str | None = None, actor: str,
                 expected_files: int | None = None, override_reason: str | None = None) -> int:
    """Open a batch for a unit and period (optionally every file for one LKE question); ``expected_files``
    is how many files the browser is about to send (for "57 dari 78 berkas diterima"). ``override_reason``:
    an admin opens it outside the upload windows (why it would have been refused) — recorded in the audit
    log, and the batch keeps the override for all its files."""
    code = rt.catalog.question(question).code if question else None
    _ensure_period(rt, year)
    with rt.records.session() as session:
        unit = repo.require_active_unit(repo.get_unit(session, unit_code))
        period = repo.get_or_create_period(session, year)
        batch = UploadBatch(unit_id=unit.id, period_id=period.id, question_code=code, created_by=actor[:255],
                            status="open", expected_files=expected_files, last_activity_at=_now())
        session.add(batch)
        session.flush()
        repo.audit(session, actor, "upload_batch", "upload_batch", batch.id,
                   {"unit": unit.code, "period": period.year, "question": code})
        if override_reason is not None:
            record_override(session, actor, period.year, unit=unit.code, channel="web", reason=override_reason,
                            day=today(rt.settings.mail.timezone), batch_id=batch.id)
        return batch.id


def _ensure_period(rt, year: int) -> None:
    """The period's row exists: people opening the first batches of a new year at the same moment all
    try to create it, and all but one lose the race to the unique year (then it is there)."""
    try:
        with rt.records.session() as session:
            repo.get_or_create_period(session, year)
    except IntegrityError:
        log.info("period %s was created by another request at the same moment", year)


def batch_unit(rt, batch_id: int) -> str:
    """The unit code of a batch (for access checks)."""
    with rt.records.session() as session:
        return _batch(session, batch_id).unit.code


def add_file(rt, batch_id: int, local_path: Path, relative_path: str, *, actor: str) -> dict:
    """Stage one uploaded file of an open batch; returns the file's row as a dict (see ``file_dict``)."""
    with rt.records.session() as session:
        batch = _batch(session, batch_id)
        if batch.status != "open":
            raise InvalidInputError(_("Unggahan #%(batch_id)s sudah ditutup: mulai unggahan baru", batch_id=batch_id))
        require_window(rt, session, batch)
        unit, year, question = batch.unit.code, batch.period.year, batch.question_code
        claimed = _claimed_paths(session, batch)
    size = Path(local_path).stat().st_size
    name = relative_path.replace("\\", "/").rsplit("/", 1)[-1]
    if name.lower() in SKIPPED_NAMES or name.startswith("~$"):
        return _rejected(rt, batch_id, relative_path, size, "berkas sistem atau berkas kunci Office, dilewati",
                         actor=actor)
    recorded: dict[str, int] = {}

    def on_recorded(session, rel, doc) -> None:
        recorded["id"] = doc.id

    report = stage_files(rt, iter([(Path(local_path), relative_path)]), unit_code=unit, year=year,
                         question=question, uploaded_by=actor, on_recorded=on_recorded, claimed=claimed)
    doc_id = recorded.get("id")
    if report.errors:
        outcome, reason = "ditolak", report.errors[0][1]
    elif doc_id in report.new:
        outcome, reason = "baru", None
    elif doc_id in report.new_versions:
        outcome, reason = "versi_baru", None
    else:
        outcome, reason = "tidak_berubah", None
    return _record_file(rt, batch_id, relative_path, size, doc_id, outcome, reason, actor=actor)


def _claimed_paths(session, batch: UploadBatch) -> dict[str, str]:
    """The paths the batch's files took so far, each with the name it was sent under (``distinct_path``)."""
    rows = session.execute(select(Document.relative_path, UploadBatchFile.relative_path)
                           .join(UploadBatchFile, UploadBatchFile.document_id == Document.id)
                           .where(UploadBatchFile.batch_id == batch.id).order_by(UploadBatchFile.id))
    claimed: dict[str, str] = {}
    for path, sent_as in rows:
        claimed.setdefault(path, sent_as)
    return claimed


def _rejected(rt, batch_id: int, relative_path: str, size: int, reason: str, *, actor: str) -> dict:
    return _record_file(rt, batch_id, relative_path, size, None, "ditolak", reason, actor=actor)


def _record_file(rt, batch_id: int, relative_path: str, size: int, doc_id: int | None, outcome: str,
                 reason: str | None, *, actor: str) -> dict:
    with rt.records.session() as session:
        row = UploadBatchFile(batch_id=batch_id, relative_path=relative_path[:1024], document_id=doc_id,
                              outcome=outcome, reason=reason, size=size)
        session.add(row)
        session.get(UploadBatch, batch_id).last_activity_at = _now()
        session.flush()
        repo.audit(session, actor, "upload_file", "upload_batch", batch_id,
                   {"path": relative_path, "document": doc_id, "outcome": outcome, "size": size, "reason": reason})
        return file_dict(rt, row, _documents(session, [doc_id] if doc_id else []))


def finish_batch(rt, batch_id: int, *, actor: str) -> list[int]:
    """Close the batch for new files; returns the documents still to process (idempotent: a second
    call after a restart returns those not processed yet). While the period's upload window is closed a
    batch with bytes still staged is not finished (they would be lost): the unit is told it is held."""
    with rt.records.session() as session:
        batch = _batch(session, batch_id)
        if batch.status == "open" and staged_parts(session, batch_id):
            require_window(rt, session, batch)
        if batch.status == "open":
            batch.status, batch.started_at = "processing", _now()
            repo.audit(session, actor, "upload_finish", "upload_batch", batch_id, {"files": len(batch.files)})
        elif batch.status == "done":
            return []
        else:
            batch.status, batch.error = "processing", None
    return pending_documents(rt, batch_id)


def pending_documents(rt, batch_id: int) -> list[int]:
    """The batch's new documents (and new versions) that have no extraction result yet."""
    with rt.records.session() as session:
        ids = [f.document_id for f in _batch(session, batch_id).files
               if f.outcome in TO_PROCESS and f.document_id is not None]
        done = {d.id for d in _documents(session, ids) if d.extraction is not None}
    return [i for i in dict.fromkeys(ids) if i not in done]


def complete_batch(rt, batch_id: int, error: str | None = None) -> None:
    with rt.records.session() as session:
        batch = _batch(session, batch_id)
        batch.status, batch.finished_at, batch.error = ("error" if error else "done"), _now(), error
        repo.audit(session, batch.created_by, "upload_processed", "upload_batch", batch_id,
                   {"status": batch.status, "error": error})


def run_batch(rt, batch_id: int, doc_ids: Sequence[int] | None = None) -> None:
    """Extract, classify and index the batch's pending documents, then mark the batch done (or failed)."""
    ids = pending_documents(rt, batch_id) if doc_ids is None else list(doc_ids)
    try:
        process_documents(rt, ids)  # text batches first, then the OCR pass over scans
    except Exception as exc:  # an infrastructure error: keep the batch, say why; documents can be retried
        log.exception("processing upload batch %s failed", batch_id)
        complete_batch(rt, batch_id, f"{type(exc).__name__}: {exc}")
        return
    complete_batch(rt, batch_id)


def received_paths(batch: UploadBatch) -> set[str]:
    return {f.relative_path for f in batch.files}


def received_summary(batch: UploadBatch) -> str:
    """'57 dari 78 berkas diterima' (or '57 berkas diterima' when the browser did not say how many)."""
    received = len(received_paths(batch))
    if batch.expected_files:
        return _("%(received)s dari %(expected)s berkas diterima", received=received, expected=batch.expected_files)
    return _("%(received)s berkas diterima", received=received)


def _progress(batch: UploadBatch) -> dict:
    return {"expected_files": batch.expected_files, "received_files": len(received_paths(batch)),
            "received_label": received_summary(batch), "closed_reason": batch.closed_reason}


def _documents(session, ids: Sequence[int]) -> list[Document]:
    return repo.load_documents(session, [i for i in ids if i is not None])


def _result(rt, row: UploadBatchFile, doc: Document | None) -> tuple[str, str]:
    """(state, sentence) of one file: ``rejected``, ``pending``, ``ok`` or ``failed``."""
    if row.outcome == "ditolak" or doc is None:
        return "rejected", _("ditolak: %(reason)s", reason=row.reason or _("tidak dapat disimpan"))
    stored = gettext(OUTCOME_LABELS[row.outcome]) + (f" (v{doc.version})" if row.outcome == "versi_baru" else "")
    ext = doc.extraction
    if ext is None:
        return "pending", _("%(stored)s; menunggu diproses", stored=stored)
    if ext.status in FAILED_STATUSES:
        cause = failure_cause(ext.status, ext.reason) or CAUSES["rusak"]
        return "failed", _("%(stored)s; tidak dapat dibaca — %(cause)s. %(action)s", stored=stored,
                           cause=cause.shown().label, action=cause.shown().action)
    codes = [c.question_code for c in doc.classifications if c.question_code]
    dtype = rt.catalog.document_types.get(doc.doc_type or "")
    kind = dtype.label if dtype else (doc.doc_type or _("jenis tidak dikenali"))
    where = ", ".join(codes) if codes else _("belum terpetakan ke pertanyaan LKE")
    note = f" ({ext.reason})" if ext.status != "ok" and ext.reason else ""
    return "ok", _("%(stored)s; diklasifikasikan sebagai %(kind)s → %(where)s", stored=stored, kind=kind,
                   where=where) + note


def file_dict(rt, row: UploadBatchFile, docs: Sequence[Document]) -> dict:
    doc = next((d for d in docs if d.id == row.document_id), None)
    state, result = _result(rt, row, doc)
    return {"path": row.relative_path, "outcome": row.outcome, "outcome_label": gettext(OUTCOME_LABELS[row.outcome]),
            "reason": row.reason, "document_id": row.document_id, "size": row.size, "state": state,
            "result": result, "version": doc.version if doc else None,
            "extraction": doc.extraction.status if doc and doc.extraction else None,
            "detail": doc.extraction.reason if doc and doc.extraction else None,  # technical, for admins
            "doc_type": doc.doc_type if doc else None,
            "questions": [c.question_code for c in doc.classifications if c.question_code] if doc else []}


def batch_status(rt, batch_id: int) -> dict:
    """The batch with each file's result, for the upload page to poll."""
    with rt.records.session() as session:
        batch = _batch(session, batch_id)
        docs = _documents(session, [f.document_id for f in batch.files])
        files = [file_dict(rt, f, docs) for f in batch.files]
        counts: dict[str, int] = {}
        for f in files:
            counts[f["state"]] = counts.get(f["state"], 0) + 1
        return {"id": batch.id, "unit": batch.unit.code, "period": batch.period.year,
                "question": batch.question_code, "status": batch.status,
                "status_label": gettext(BATCH_LABELS[batch.status]),
                "error": batch.error, "created_by": batch.created_by, "created_at": batch.created_at,
                "finished_at": batch.finished_at, "counts": counts, "files": files,
                "held_reason": held_reason(rt, session, batch), **_progress(batch)}


def recent_batches(rt, unit_codes: Sequence[str] | None, limit: int = 10) -> list[dict]:
    """The newest batches of the given units (None = all), for the upload page."""
    from storage.records.models import Unit

    with rt.records.session() as session:
        stmt = select(UploadBatch).join(Unit, Unit.id == UploadBatch.unit_id).order_by(UploadBatch.id.desc())
        if unit_codes is not None:
            stmt = stmt.where(repo.unit_code_in(unit_codes))
        return [{"id": b.id, "unit": b.unit.code, "period": b.period.year, "status": b.status,
                 "status_label": gettext(BATCH_LABELS[b.status]), "created_by": b.created_by,
                 "created_at": b.created_at,
                 "files": len(b.files), "held_reason": held_reason(rt, session, b), **_progress(b)}
                for b in session.scalars(stmt.limit(limit))]
