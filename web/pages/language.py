"""The reader's own choice of language: a link in the footer sets it (a cookie for a year), and it wins
over the browser's ``Accept-Language`` (:class:`web.app.LocaleMiddleware`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from config.i18n import LOCALES

router = APIRouter(include_in_schema=False)
COOKIE = "dukung_lang"


def _safe_next(target: str) -> str:
    """Only a path of this site (never another site: an open redirect)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.get("/language/{code}")
def choose_language(request: Request, code: str, next: str = "/"):
    response = RedirectResponse(_safe_next(next), status_code=303)
    if code in LOCALES:
        response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True,
                            secure=request.app.state.settings.web.cookie_secure)
    return response
