"""Who is asking: signed session cookies for people, bearer tokens for scripts; CSRF for forms.

* Session: Starlette's ``SessionMiddleware`` (itsdangerous-signed cookie, HttpOnly, SameSite=Lax,
  Secure unless ``DUKUNG_WEB__COOKIE_SECURE=false``) holding a session id and a CSRF token; the session
  itself lives in the records database (:mod:`flows.people.sessions`), so signing out really ends it.
* ``Authorization: Bearer dkg_…``: a user's API token (``dukung token create``), acting as that user.
  The installation token ``DUKUNG_WEB__API_TOKEN`` acts as an administrator (bucket webhook, scripts).
* CSRF: every state-changing request authenticated by the cookie must carry the session's token, in
  the ``csrf_token`` form field or the ``X-CSRF-Token`` header (htmx and the upload script send it).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import RedirectResponse

from config.i18n import _
from config.errors import DukungError
from flows.people.accounts import Principal, principal_for_token
from flows.people.sessions import principal_for_session

SESSION_COOKIE = "dukung_session"
INSTALLATION = Principal(0, "api-token", "Token instalasi", "admin", None)


class NotSignedIn(DukungError):
    http_status = 401


class CsrfError(DukungError):
    http_status = 403


def secret_key(settings) -> str:
    """The session-signing key: from settings, else a random one kept under DUKUNG_HOME."""
    configured = settings.web.secret_key.get_secret_value()
    if configured:
        return configured
    path = Path(settings.home).resolve() / "web-secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def principal_or_none(request: Request) -> Principal | None:
    """The principal of this request, if any (cached on the request)."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    rt = request.app.state.runtime
    principal = None
    token = _bearer(request)
    if token is not None:
        installation = request.app.state.settings.web.api_token.get_secret_value()
        if installation and secrets.compare_digest(token.encode(), installation.encode()):
            principal = INSTALLATION
        else:
            principal = principal_for_token(rt, token)
        request.state.via_token = True
    else:
        session_id = request.session.get("sid")
        if session_id is not None:
            principal = principal_for_session(rt, session_id)
            if principal is None:  # signed out elsewhere, password changed, expired or disabled
                request.session.clear()
        request.state.via_token = False
    request.state.principal = principal
    return principal


def api_principal(request: Request) -> Principal:
    """Dependency of the JSON API: a principal, or 401."""
    principal = principal_or_none(request)
    if principal is None:
        raise NotSignedIn(_("Perlu masuk (sesi) atau token API: Authorization: Bearer <token>"))
    return principal


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to the sign-in page."""


def page_principal(request: Request) -> Principal:
    """Dependency of the HTML pages: a signed-in principal, or a redirect to /login."""
    principal = principal_or_none(request)
    if principal is None:
        raise LoginRequired()
    return principal


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={target}", status_code=303)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def require_csrf(request: Request) -> None:
    """Dependency of state-changing endpoints: the session's CSRF token must come back (token clients
    are exempt: a bearer token cannot be sent by another site)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    principal = principal_or_none(request)
    if getattr(request.state, "via_token", False):
        return
    if principal is None and request.url.path.startswith("/api/"):
        return  # not signed in: the API answers 401 (sign-in forms still need the token)
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        sent = form.get("csrf_token")
    if not expected or not sent or not secrets.compare_digest(str(sent).encode(), expected.encode()):
        raise CsrfError(_("Token formulir (CSRF) tidak valid atau kedaluwarsa: muat ulang halaman dan coba lagi"))


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request: Request, trusted: Sequence[str] | None = None) -> str:
    """The client's address: the connecting one, or — only when that is one of ``trusted`` (the configured
    proxies, ``DUKUNG_WEB__TRUSTED_PROXIES``) — the nearest untrusted one of ``X-Forwarded-For``, read from
    the right (the left of the header is whatever the client itself sent)."""
    peer = request.client.host if request.client else ""
    if trusted is None:
        trusted = request.app.state.settings.web.trusted_proxies
    networks = _networks(tuple(trusted))
    current = _address(peer)
    if current is None or not any(current in net for net in networks):
        return peer
    chain = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
    for hop in reversed(chain):
        hop_address = _address(hop)
        if hop_address is None:
            break  # garbage in the header: keep the last address we can vouch for
        current = hop_address
        if not any(current in net for net in networks):
            break
    return str(current)
