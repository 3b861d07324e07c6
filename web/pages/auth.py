"""Sign-in and sign-out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from config.errors import DukungError
from flows.people.accounts import authenticate
from flows.people.sessions import end_session, start_session
from web.access import runtime
from web.security import client_address, require_csrf
from web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    return render(request, "login.html", next=_safe_next(next))


@router.post("/login", dependencies=[Depends(require_csrf)])
def login(request: Request, email: str = Form(...), password: str = Form(...), next: str = Form("/")):
    client = client_address(request)
    try:
        principal = authenticate(runtime(request), email, password, client=client)
    except DukungError as exc:
        return render(request, "login.html", status_code=exc.http_status, error=str(exc), email=email,
                      next=_safe_next(next))
    request.session.clear()  # a fresh session (and CSRF token) after sign-in
    request.session["sid"] = start_session(runtime(request), principal.user_id, client=client,
                                           hours=request.app.state.settings.web.session_hours)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request):
    end_session(runtime(request), request.session.get("sid"))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
