"""One-time messages after a form: set before the 303 redirect, shown once on the next page."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

_KEY = "flash"


def flash(request: Request, text: str, *, error: bool = False) -> None:
    request.session[_KEY] = {"error" if error else "message": text}


def take_flash(request: Request) -> dict:
    """``{"message": …}`` or ``{"error": …}`` for ``render``, removed from the session."""
    return request.session.pop(_KEY, None) or {}


def redirect_with(request: Request, url: str, text: str, *, error: bool = False) -> RedirectResponse:
    flash(request, text, error=error)
    return RedirectResponse(url, status_code=303)
