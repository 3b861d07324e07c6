"""Resumable uploads of a batch's files by the tus protocol 1.0.0 (https://tus.io/protocols/resumable-upload):
core (HEAD, PATCH, OPTIONS) with the creation, termination and expiration extensions.

``POST /api/tus`` with ``Upload-Length`` and ``Upload-Metadata: batch …, path …`` creates an upload of one
file of an open batch (members of the batch's unit, reviewers and admins who see it — as
``POST /api/uploads/{id}/files``); ``HEAD /api/tus/{id}`` says how much arrived; ``PATCH`` appends at
``Upload-Offset`` (409 if that is not where the upload stands, 423 while another request appends);
``DELETE`` gives it up. Only the person who created an upload may see or append to it (anyone else: 404).
Once the period's upload window has closed, creating a file or completing one is refused (403 with the
reason; the bytes stay staged and the batch is held — ``flows.ingest.batch_window``).
Bytes and state live in :mod:`flows.ingest.resumable`; this module speaks the protocol.
"""

from __future__ import annotations

import base64
import binascii
from email.utils import format_datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from config.i18n import _
from config.errors import InvalidInputError
from flows.ingest import resumable
from flows.ingest.uploads import batch_unit
from flows.people.accounts import Principal
from web.access import require_unit, runtime
from web.security import api_principal, require_csrf

VERSION = "1.0.0"
EXTENSIONS = "creation,termination,expiration"
OFFSET_TYPE = "application/offset+octet-stream"
PREFIX = "/api/tus"

router = APIRouter(prefix=PREFIX, tags=["unggah"], dependencies=[Depends(require_csrf)])
Who = Annotated[Principal, Depends(api_principal)]


class TusError(InvalidInputError):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.http_status = status


def _headers(**extra: str) -> dict[str, str]:
    return {"Tus-Resumable": VERSION, "Cache-Control": "no-store", **extra}


def _require_version(request: Request) -> None:
    if request.headers.get("tus-resumable") != VERSION:
        raise TusError(_("Versi protokol tus tidak didukung (perlu %(version)s)", version=VERSION), 412)


def parse_metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64value`` pairs (the value may be absent)."""
    values: dict[str, str] = {}
    for item in filter(None, (i.strip() for i in header.split(","))):
        key, _sep, encoded = item.partition(" ")
        try:
            values[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8") if encoded else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise TusError(_("Upload-Metadata tidak valid (%(key)s)", key=key)) from exc
    return values


def _int_header(request: Request, name: str) -> int:
    raw = request.headers.get(name)
    if raw is None or not raw.isdigit():
        raise TusError(_("Header %(name)s wajib berupa bilangan bulat tidak negatif", name=name))
    return int(raw)


def _expires(view: resumable.PartView) -> str:
    return format_datetime(view.expires_at, usegmt=True)


@router.options("", summary="Kemampuan server tus")
def options(request: Request) -> Response:
    return Response(status_code=204, headers={
        "Tus-Resumable": VERSION, "Tus-Version": VERSION, "Tus-Extension": EXTENSIONS,
        "Tus-Max-Size": str(resumable.max_bytes(runtime(request)))})


@router.post("", summary="Mulai mengunggah satu berkas dari unggahan (tus creation)")
async def create(request: Request, who: Who) -> Response:
    _require_version(request)
    rt = runtime(request)
    length = _int_header(request, "upload-length")
    meta = parse_metadata(request.headers.get("upload-metadata", ""))
    if not meta.get("batch", "").isdigit():
        raise TusError(_("Upload-Metadata harus menyebut unggahan (batch)"))
    batch_id = int(meta["batch"])
    require_unit(who, await run_in_threadpool(batch_unit, rt, batch_id))
    view = await run_in_threadpool(resumable.create_part, rt, batch_id, who.user_id,
                                   meta.get("path") or meta.get("filename") or "", length)
    return Response(status_code=201, headers=_headers(Location=f"{PREFIX}/{view.id}", **{
        "Upload-Expires": _expires(view)}))


@router.head("/{part_id}", summary="Berapa bita dari berkas ini sudah diterima")
async def head(request: Request, who: Who, part_id: str) -> Response:
    _require_version(request)
    rt = runtime(request)
    view = await run_in_threadpool(resumable.get_part, rt, part_id, who.user_id)
    if view.status == resumable.RECEIVING and view.offset == view.length:
        # every byte came but joining the batch failed last time (e.g. the database was away): again now
        await run_in_threadpool(resumable.join_if_complete, rt, part_id, actor=who.email or who.name)
    return Response(status_code=200, headers=_headers(**{
        "Upload-Offset": str(view.offset), "Upload-Length": str(view.length), "Upload-Expires": _expires(view)}))


@router.patch("/{part_id}", summary="Tambahkan bita pada berkas ini mulai Upload-Offset")
async def patch(request: Request, who: Who, part_id: str) -> Response:
    _require_version(request)
    if request.headers.get("content-type", "").split(";")[0].strip() != OFFSET_TYPE:
        raise TusError(_("Content-Type harus %(OFFSET_TYPE)s", OFFSET_TYPE=OFFSET_TYPE), 415)
    offset = _int_header(request, "upload-offset")
    rt = runtime(request)
    actor = who.email or who.name
    written = 0
    hold = resumable.appending(rt, part_id, who.user_id, offset)
    view, out = await run_in_threadpool(hold.__enter__)  # database, lock and fsync off the event loop
    try:
        room = view.length - offset
        async for chunk in request.stream():
            if written + len(chunk) > room:
                raise TusError(_("Data melebihi Upload-Length berkas ini"))
            out.write(chunk)
            written += len(chunk)
    except ClientDisconnect:  # the connection dropped: what arrived is kept, the client resumes
        pass
    except BaseException as exc:
        await run_in_threadpool(hold.__exit__, type(exc), exc, exc.__traceback__)
        raise
    await run_in_threadpool(hold.__exit__, None, None, None)
    await run_in_threadpool(resumable.progressed, rt, part_id)
    if offset + written == view.length:
        await run_in_threadpool(resumable.join_if_complete, rt, part_id, actor=actor)
    return Response(status_code=204, headers=_headers(**{
        "Upload-Offset": str(offset + written), "Upload-Expires": _expires(view)}))


@router.delete("/{part_id}", summary="Batalkan unggahan berkas ini (tus termination)")
async def delete(request: Request, who: Who, part_id: str) -> Response:
    _require_version(request)
    await run_in_threadpool(resumable.terminate_part, runtime(request), part_id, who.user_id)
    return Response(status_code=204, headers=_headers())
