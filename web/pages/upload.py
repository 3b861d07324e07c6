"""Uploading a folder from the browser: the page, and the JSON endpoints its script calls file by file.

``POST /api/uploads`` opens a batch; the page sends each file by the resumable tus protocol
(``web/tus.py``: retried, resumed after a dropped connection or a closed tab), scripts may send one in a
single request with ``POST /api/uploads/{id}/files`` (streamed to a temporary file in chunks, never held
in memory); ``POST /api/uploads/{id}/finish`` starts processing in the background,
``POST /api/uploads/{id}/cancel`` closes a batch before all its files came (what arrived is processed),
and ``GET /api/uploads/{id}`` reports each file's result.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel

from config.i18n import _
from flows import upload_jobs
from flows.people.accounts import Principal
from flows.ingest.resumable import CANCELLED, TooLarge, accept_outside_window, close_unfinished, max_bytes
from flows.people.review_workflow import ForbiddenError
from flows.ingest.uploads import add_file, batch_status, batch_unit, create_batch, finish_batch, recent_batches
from flows.periods.dates import today
from flows.periods.gate import overridable_refusal, refusal_in
from flows.periods.registry import NO_ACTIVE_PERIOD, active_year
from storage.records import repository as repo
from web.access import require_unit, runtime
from web.security import api_principal, page_principal, require_csrf
from web.templating import render

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/uploads", tags=["unggah"], dependencies=[Depends(require_csrf)])
CHUNK = 1024 * 1024


def upload_units(rt, who: Principal) -> list[dict]:
    """Units the person may upload to: a member's own units; reviewers and admins every unit they see."""
    with rt.records.session() as session:
        return [{"code": u.code, "name": u.name} for u in repo.list_units(session) if who.can_see(u.code)]


@router.get("/upload")
def upload_page(request: Request, who: Annotated[Principal, Depends(page_principal)]):
    rt = runtime(request)
    year = active_year(rt) or 0  # the active period (none yet: the page says so)
    with rt.records.session() as session:
        closed = refusal_in(session, year, today(rt.settings.mail.timezone)) if year else None
    return render(request, "upload.html", units=upload_units(rt, who), year=year, window_closed=closed,
                  no_period=None if year else _(NO_ACTIVE_PERIOD),
                  questions=[(q.code, q.text) for q in rt.catalog.questions()],
                  batches=recent_batches(rt, who.visible(None)), max_bytes=max_bytes(rt),
                  max_mb=rt.settings.web.upload_max_mb)


ApiWho = Annotated[Principal, Depends(api_principal)]


class BatchIn(BaseModel):
    unit: str
    period: int
    question: str | None = None
    files: int | None = None  # how many files the page is about to send
    override: bool = False  # an admin's: accepted outside the upload windows, recorded in the audit log


def _batch_access(request: Request, who: Principal, batch_id: int) -> None:
    require_unit(who, batch_unit(runtime(request), batch_id))


@api_router.post("", summary="Mulai unggahan (satu folder): unit, periode, pertanyaan opsional")
def start_upload(request: Request, who: ApiWho, body: BatchIn) -> dict:
    rt = runtime(request)
    require_unit(who, body.unit)
    if body.override and not who.is_admin:
        raise ForbiddenError(_("Hanya admin yang dapat menerima unggahan di luar masa isian atau revisi."))
    reason = overridable_refusal(rt, body.period, override=body.override)  # an override is recorded with the batch
    batch_id = create_batch(rt, body.unit, body.period, question=(body.question or "").strip() or None,
                            actor=who.label, override_reason=reason,
                            expected_files=body.files if body.files and body.files > 0 else None)
    return batch_status(rt, batch_id)


@api_router.post("/{batch_id}/files", summary="Unggah satu berkas ke unggahan (multipart: path + file)")
def upload_file(request: Request, who: ApiWho, batch_id: int, file: Annotated[UploadFile, File()],
                path: Annotated[str, Form()] = "") -> dict:
    rt = runtime(request)
    _batch_access(request, who, batch_id)
    with tempfile.TemporaryDirectory(prefix="dukung-upload-") as tmp:
        local = Path(tmp) / "berkas"
        limit = max_bytes(rt)
        with open(local, "wb") as out:
            while chunk := file.file.read(CHUNK):
                if out.tell() + len(chunk) > limit:
                    raise TooLarge(_("Berkas terlalu besar: maksimum %(mb)s MB per berkas",
                                     mb=rt.settings.web.upload_max_mb))
                out.write(chunk)
        return add_file(rt, batch_id, local, path or file.filename or "", actor=who.label)


@api_router.post("/{batch_id}/finish", summary="Selesai mengunggah: proses (ekstrak → klasifikasi → indeks) di latar")
def finish_upload(request: Request, who: ApiWho, batch_id: int) -> dict:
    rt = runtime(request)
    _batch_access(request, who, batch_id)
    pending = finish_batch(rt, batch_id, actor=who.label)
    upload_jobs.start_processing(rt, batch_id, pending)
    return batch_status(rt, batch_id)


@api_router.post("/{batch_id}/cancel", summary="Batalkan unggahan: berkas yang belum lengkap dibuang, "
                 "yang sudah diterima tetap disimpan dan diproses")
def cancel_upload(request: Request, who: ApiWho, batch_id: int) -> dict:
    rt = runtime(request)
    _batch_access(request, who, batch_id)
    pending = close_unfinished(rt, batch_id, CANCELLED, actor=who.label)
    upload_jobs.start_processing(rt, batch_id, pending)
    return batch_status(rt, batch_id)


@api_router.post("/{batch_id}/accept", summary="Admin: terima unggahan yang tertahan di luar masa isian atau "
                 "revisi (dicatat di log audit); berkas yang sudah terkirim lengkap langsung diterima")
def accept_upload(request: Request, who: ApiWho, batch_id: int) -> dict:
    rt = runtime(request)
    _batch_access(request, who, batch_id)
    if not who.is_admin:
        raise ForbiddenError("Hanya admin yang dapat menerima unggahan di luar masa isian atau revisi.")
    accept_outside_window(rt, batch_id, actor=who.label)
    return batch_status(rt, batch_id)


@api_router.get("/{batch_id}", summary="Hasil per berkas dari satu unggahan")
def upload_status(request: Request, who: ApiWho, batch_id: int) -> dict:
    _batch_access(request, who, batch_id)
    return batch_status(runtime(request), batch_id)


@api_router.get("", summary="Unggahan terbaru dari unit yang dapat Anda lihat")
def uploads(request: Request, who: ApiWho) -> list[dict]:
    return recent_batches(runtime(request), who.visible(None), limit=50)
