"""Suggestions ("perlu konfirmasi") and documents that are no evidence ("bukan data dukung"): the list
page, and the one-click confirm / reject of a suggested mapping from the question and document pages.

Reviewers and members of the document's unit may decide (each POST checks CSRF and unit access, is
audited, then redirects back with a message).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel

from config.i18n import _
from config.errors import DukungError, NotFoundError
from flows.people.accounts import Principal
from flows.periods.registry import known_periods, resolve_period
from flows.completeness.suggestions import (
    confirm_suggestion,
    list_suggestions,
    not_evidence_documents,
    reject_suggestion,
)
from web.access import require_document, runtime, visible_units
from web.flash import redirect_with, take_flash
from web.security import api_principal, page_principal, require_csrf
from web.templating import render

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["dokumen"], dependencies=[Depends(require_csrf)])
Who = Annotated[Principal, Depends(page_principal)]
ApiWho = Annotated[Principal, Depends(api_principal)]
Csrf = [Depends(require_csrf)]


def _back(doc_id: int, unit: str, question: str, back: str, period: int) -> str:
    """Where the form came from: the question's page (``back=question``) or the document's page."""
    if back == "question":
        return f"/units/{quote(unit)}/questions/{quote(question)}" + (f"?period={period}" if period else "")
    if back == "list":
        return "/suggestions" + (f"?period={period}" if period else "")
    return f"/documents/{doc_id}"


def _decide(request: Request, who: Principal, doc_id: int, question: str, confirm: bool, note: str, back: str,
            period: int):
    rt = runtime(request)
    unit = require_document(rt, who, doc_id)  # 403 for a document of another unit
    url = _back(doc_id, unit, question, back, period)
    decide = confirm_suggestion if confirm else reject_suggestion
    try:
        view = decide(rt, doc_id, question, actor=who.label, note=note)
    except DukungError as exc:
        if exc.http_status == 403:
            raise
        return redirect_with(request, url, str(exc), error=True)
    if confirm:
        text = _("Dokumen #%(doc_id)s dikonfirmasi untuk %(question)s: kini dihitung sebagai bukti.", doc_id=doc_id,
                 question=view.question)
    else:
        text = _("Saran dokumen #%(doc_id)s untuk %(question)s ditolak: tidak lagi dipetakan ke pertanyaan ini.",
                 doc_id=doc_id, question=view.question)
    return redirect_with(request, url, text)


@router.post("/documents/{doc_id}/mappings/{question}/confirm", dependencies=Csrf)
def confirm(request: Request, who: Who, doc_id: int, question: str, note: Annotated[str, Form()] = "",
            back: Annotated[str, Form()] = "", period: Annotated[int, Form()] = 0):
    return _decide(request, who, doc_id, question, True, note, back, period)


@router.post("/documents/{doc_id}/mappings/{question}/reject", dependencies=Csrf)
def reject(request: Request, who: Who, doc_id: int, question: str, note: Annotated[str, Form()] = "",
           back: Annotated[str, Form()] = "", period: Annotated[int, Form()] = 0):
    return _decide(request, who, doc_id, question, False, note, back, period)


@router.get("/suggestions")
def suggestions_page(request: Request, who: Who, unit: str = "", period: int = 0):
    rt = runtime(request)
    year = resolve_period(rt, period)
    units = visible_units(rt, who, [unit] if unit else None)
    return render(request, "suggestions.html", year=year, unit=unit, periods=known_periods(rt, year),
                  suggestions=list_suggestions(rt, units, year), not_evidence=not_evidence_documents(rt, units, year),
                  **take_flash(request))


class DecisionIn(BaseModel):
    note: str = ""


@api_router.post("/documents/{doc_id}/mappings/{question}/{action}",
                 summary="Konfirmasi (confirm) atau tolak (reject) saran pemetaan dokumen ke pertanyaan")
def api_decide(request: Request, who: ApiWho, doc_id: int, question: str, action: str,
               body: DecisionIn | None = None) -> dict:
    if action not in ("confirm", "reject"):
        raise NotFoundError(_("Tindakan tidak dikenal: %(action)s (confirm atau reject)", action=repr(action)))
    rt = runtime(request)
    require_document(rt, who, doc_id)
    decide = confirm_suggestion if action == "confirm" else reject_suggestion
    return asdict(decide(rt, doc_id, question, actor=who.label, note=body.note if body else ""))
