"""The document page: metadata, evidence date, text, classification, preview and download, versions,
tags; reviewers tag, close tags and move the document to another question. Plus the JSON counterparts
of the date edit and of closing a tag."""

from __future__ import annotations

import datetime
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel

from config.i18n import _
from config.errors import DukungError, InvalidInputError, NotFoundError
from config.formatting import format_date
from flows.people.accounts import Principal
from flows.completeness.documents import document_details, set_evidence_date, tag_unit
from flows.people.review import reassign_document, resolve_tag, tag_document
from storage.records.repository import TAG_LABELS
from web.access import require_document, require_reviewer, require_unit, runtime
from web.downloads import download_response
from web.flash import redirect_with, take_flash
from web.security import api_principal, page_principal, require_csrf
from web.templating import TAG_LABEL, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
api_router = APIRouter(prefix="/api", tags=["dokumen"], dependencies=[Depends(require_csrf)])
Who = Annotated[Principal, Depends(page_principal)]
ApiWho = Annotated[Principal, Depends(api_principal)]
#: shown inline (iframe/img); anything else is only downloaded (an uploaded HTML or SVG file must never
#: run in this site's origin)
PREVIEWABLE = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")
LABELS = TAG_LABEL


def _page(doc_id: int) -> str:
    return f"/documents/{doc_id}"


@router.get("/documents/{doc_id}")
def document_page(request: Request, who: Who, doc_id: int):
    rt = runtime(request)
    require_document(rt, who, doc_id)
    doc = document_details(rt, doc_id)
    return render(request, "document.html", doc=doc, preview=doc["media_type"] in PREVIEWABLE,
                  tag_labels=LABELS, questions=[(q.code, q.text) for q in rt.catalog.questions()],
                  **take_flash(request))


@router.get("/documents/{doc_id}/download")
def document_download(request: Request, who: Who, doc_id: int):
    """A fresh short-lived signed link (audited), so the page's links never go stale."""
    return download_response(request, who, doc_id)


@router.get("/documents/{doc_id}/preview")
def document_preview(request: Request, who: Who, doc_id: int):
    rt = runtime(request)
    require_document(rt, who, doc_id)
    if document_details(rt, doc_id)["media_type"] not in PREVIEWABLE:
        raise NotFoundError(_("Pratinjau hanya untuk PDF dan gambar: unduh berkasnya"))
    return download_response(request, who, doc_id, inline=True)


def parse_date(value: str | None) -> date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(_("Tanggal tidak valid: %(text)s (format TTTT-BB-HH)", text=repr(text))) from None


@router.post("/documents/{doc_id}/date")
def edit_date(request: Request, who: Who, doc_id: int, doc_date: Annotated[str, Form()] = ""):
    rt = runtime(request)
    require_document(rt, who, doc_id)
    try:
        now = set_evidence_date(rt, doc_id, parse_date(doc_date), actor=who.label)
    except DukungError as exc:
        return redirect_with(request, _page(doc_id), str(exc), error=True)
    if doc_date.strip():
        message = _("Tanggal bukti disetel ke %(day)s; tetap berlaku saat dokumen diproses ulang.", day=format_date(now))
    else:
        message = (_("Tanggal bukti kembali dibaca otomatis dari dokumen: %(day)s.", day=format_date(now)) if now
                   else _("Tanggal bukti kembali dibaca otomatis dari dokumen (tidak ditemukan)."))
    return redirect_with(request, _page(doc_id), message)


@router.post("/documents/{doc_id}/retry")
def retry(request: Request, who: Who, doc_id: int):
    """«Proses ulang»: read a file that could not be read again (anyone who may see the document)."""
    from flows.upload_jobs import start_reprocessing

    rt = runtime(request)
    require_document(rt, who, doc_id)
    doc = document_details(rt, doc_id)
    if not doc["can_retry"]:
        return redirect_with(request, _page(doc_id), _("Dokumen ini sudah terbaca; tidak perlu diproses ulang."),
                             error=True)
    start_reprocessing(rt, doc_id, actor=who.label)
    return redirect_with(request, _page(doc_id), _("Dokumen sedang diproses ulang. Muat ulang halaman ini "
                                                   "sebentar lagi untuk melihat hasilnya."))


@router.post("/documents/{doc_id}/tags")
def add_tag(request: Request, who: Who, doc_id: int, label: Annotated[str, Form()],
            question: Annotated[str, Form()] = "", note: Annotated[str, Form()] = ""):
    rt = runtime(request)
    require_reviewer(who)
    require_document(rt, who, doc_id)
    try:
        if label not in TAG_LABELS:
            raise InvalidInputError(_("Label tag tidak dikenal: %(label)s", label=repr(label)))
        view = tag_document(rt, doc_id, label, question=question.strip() or None, note=note.strip(),
                            actor=who.label)
    except DukungError as exc:
        return redirect_with(request, _page(doc_id), str(exc), error=True)
    done = (_("Tag «%(label)s» untuk %(question)s ditambahkan.", label=_(LABELS[label]), question=view.question)
            if view.question else _("Tag «%(label)s» ditambahkan.", label=_(LABELS[label])))
    return redirect_with(request, _page(doc_id), done)


@router.post("/documents/{doc_id}/tags/{tag_id}/close")
def close_tag(request: Request, who: Who, doc_id: int, tag_id: int):
    rt = runtime(request)
    require_reviewer(who)
    require_document(rt, who, doc_id)
    unit, tag_doc = tag_unit(rt, tag_id)
    require_unit(who, unit)
    if tag_doc != doc_id:
        raise NotFoundError(_("Tag #%(tag_id)s bukan milik dokumen ini", tag_id=tag_id))
    resolve_tag(rt, tag_id, actor=who.label)
    return redirect_with(request, _page(doc_id), _("Tag #%(tag_id)s ditutup.", tag_id=tag_id))


@router.post("/documents/{doc_id}/assign")
def assign(request: Request, who: Who, doc_id: int, to_question: Annotated[str, Form()],
           from_question: Annotated[str, Form()] = "", note: Annotated[str, Form()] = ""):
    rt = runtime(request)
    require_reviewer(who)
    require_document(rt, who, doc_id)
    try:
        reassign_document(rt, doc_id, to_question.strip(), from_question=from_question.strip() or None,
                          note=note.strip(), actor=who.label)
    except DukungError as exc:
        return redirect_with(request, _page(doc_id), str(exc), error=True)
    source, target = from_question.strip(), to_question.strip()
    done = (_("Dokumen dipindahkan dari %(source)s ke %(target)s.", source=source, target=target) if source
            else _("Dokumen dipindahkan ke %(target)s.", target=target))
    return redirect_with(request, _page(doc_id), done)


class DateIn(BaseModel):
    date: datetime.date | None = None  # null: read the date from the document again


@api_router.post("/documents/{doc_id}/date", summary="Setel tanggal bukti (null = kembali otomatis)")
def api_edit_date(request: Request, who: ApiWho, doc_id: int, body: DateIn) -> dict:
    rt = runtime(request)
    require_document(rt, who, doc_id)
    now = set_evidence_date(rt, doc_id, body.date, actor=who.label)
    return {"id": doc_id, "doc_date": now, "doc_date_manual": body.date is not None}


@api_router.post("/tags/{tag_id}/resolve", summary="Tutup tag reviewer")
def api_resolve_tag(request: Request, who: ApiWho, tag_id: int) -> dict:
    rt = runtime(request)
    require_reviewer(who)
    unit, doc_id = tag_unit(rt, tag_id)
    require_unit(who, unit)
    resolve_tag(rt, tag_id, actor=who.label)
    return {"id": tag_id, "resolved": True, "document_id": doc_id}

