"""The page of one LKE question of a unit: evidence, what is missing, the review workflow and the
reviewers' tags, with the forms that move them on (each POST checks CSRF and unit access, then
redirects back with a message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from config.errors import DukungError
from config.i18n import N_, _
from flows.people.accounts import Principal
from flows.periods.registry import resolve_period
from flows.completeness.question_view import question_page, resolve_question_tag, tag_question_gap
from flows.people.review_workflow import STATE_LABEL, transition
from web.access import require_reviewer, require_unit, runtime
from web.flash import redirect_with, take_flash
from web.security import page_principal, require_csrf
from web.templating import render

router = APIRouter(include_in_schema=False)
Who = Annotated[Principal, Depends(page_principal)]
Csrf = [Depends(require_csrf)]
ACTION_DONE = {"ajukan": N_("Pertanyaan diajukan untuk direviu"), "minta_perbaikan": N_("Perbaikan diminta dari unit"),
               "setujui": N_("Pertanyaan disetujui")}


def _url(unit: str, code: str, year: int) -> str:
    return f"/units/{quote(unit)}/questions/{quote(code)}?period={year}"


def _attempt(request: Request, unit: str, code: str, year: int, step: Callable[[], Any],
             done: Callable[[Any], str]) -> RedirectResponse:
    """Run ``step``; a refused step (wrong state, missing note) comes back as a message on the page.
    Forbidden and not found stay errors (403/404)."""
    try:
        result = step()
    except DukungError as exc:
        if exc.http_status in (403, 404):
            raise
        return redirect_with(request, _url(unit, code, year), str(exc), error=True)
    return redirect_with(request, _url(unit, code, year), done(result))


@router.get("/units/{unit}/questions/{code}")
def question(request: Request, who: Who, unit: str, code: str, period: int = 0):
    require_unit(who, unit)
    rt = runtime(request)
    year = resolve_period(rt, period)
    page = question_page(rt, who, unit, year, code)
    return render(request, "question.html", p=page, year=year, **take_flash(request))


@router.post("/units/{unit}/questions/{code}/review", dependencies=Csrf)
def review(request: Request, who: Who, unit: str, code: str, period: Annotated[int, Form()],
           action: Annotated[str, Form()], note: Annotated[str, Form()] = "",
           close_gaps: Annotated[bool, Form()] = False):
    require_unit(who, unit)
    rt = runtime(request)
    period = resolve_period(rt, period)
    return _attempt(request, unit, code, period,
                    lambda: transition(rt, who, unit, period, code, action, note, close_gaps=close_gaps),
                    lambda view: _("%(done)s — status: %(state)s, revisi %(revision)s", done=_(ACTION_DONE[action]),
                                        state=_(STATE_LABEL[view.state]), revision=view.revision))


@router.post("/units/{unit}/questions/{code}/tags", dependencies=Csrf)
def add_tag(request: Request, who: Who, unit: str, code: str, period: Annotated[int, Form()],
            label: Annotated[str, Form()], note: Annotated[str, Form()] = ""):
    require_unit(who, unit)
    require_reviewer(who)
    rt = runtime(request)
    period = resolve_period(rt, period)
    done = _("Pertanyaan ditandai sebagai celah") if label == "gap" else _("Pertanyaan ditandai sudah diverifikasi (ok)")
    return _attempt(request, unit, code, period,
                    lambda: tag_question_gap(rt, unit, period, code, label, note, actor=who.label), lambda _view: done)


@router.post("/units/{unit}/questions/{code}/tags/{tag_id}/resolve", dependencies=Csrf)
def resolve(request: Request, who: Who, unit: str, code: str, tag_id: int, period: Annotated[int, Form()]):
    require_unit(who, unit)
    require_reviewer(who)
    rt = runtime(request)
    period = resolve_period(rt, period)
    return _attempt(request, unit, code, period,
                    lambda: resolve_question_tag(rt, unit, period, code, tag_id, actor=who.label),
                    lambda _view: _("Tag #%(tag_id)s ditutup", tag_id=tag_id))
