"""The FastAPI application: pages for people, a JSON API for scripts, one runtime per process."""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.middleware.sessions import SessionMiddleware

from config.errors import DukungError
from config.i18n import N_, _, configure, negotiate, normalise_locale, use_locale
from config.settings import DukungSettings, load_settings
from flows.ingest.outage import which_service
from flows.runtime import open_runtime
from web import api, downloads, tus
from web.pages import PAGE_ROUTERS
from web.security import SESSION_COOKIE, LoginRequired, login_redirect, secret_key
from web.templating import render


OUTAGE_LABELS = {"database": N_("Basis data Dukung"), "search": N_("Pencarian dokumen"),
                 "objects": N_("Penyimpanan berkas")}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/health")) and "text/html" in request.headers.get("accept", "")


class LocaleMiddleware:
    """Each request speaks the reader's language: their own choice (the ``dukung_lang`` cookie set by the
    footer's link), else what the browser asks for (``Accept-Language``), else ``DUKUNG_LOCALE``.
    Pure ASGI, so the locale is set in the context the page's code (and its thread) runs in."""

    def __init__(self, app, default: str = "id"):
        self.app, self.default = app, default

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        chosen = _cookie(headers.get(b"cookie", b"").decode("latin-1"), "dukung_lang")
        header = headers.get(b"accept-language", b"").decode("latin-1")
        with use_locale(normalise_locale(chosen) or negotiate(header, self.default)):
            await self.app(scope, receive, send)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _sep, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def create_app(settings: DukungSettings | None = None) -> FastAPI:
    settings = settings or load_settings()
    configure(settings.locale, settings.timezone)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.runtime = open_runtime(settings, initialise=False)
        yield
        app.state.runtime.close()
        if "flows.prefect_server" in sys.modules:  # the local Prefect server an upload started here
            sys.modules["flows.prefect_server"].stop_started_here()

    app = FastAPI(title="Dukung API", version="0.1.0", lifespan=lifespan,
                  description="Data dukung Zona Integritas: pencarian, dokumen, kelengkapan per pertanyaan LKE, "
                              "tag dan alur reviu. Masuk dengan sesi (halaman web) atau token API "
                              "(`Authorization: Bearer dkg_…`, dibuat dengan `dukung token create`).")
    app.state.settings = settings
    app.state.secret_key = secret_key(settings)
    app.add_middleware(SessionMiddleware, secret_key=app.state.secret_key, session_cookie=SESSION_COOKIE,
                       max_age=settings.web.session_hours * 3600, same_site="lax",
                       https_only=settings.web.cookie_secure)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        return login_redirect(request)

    @app.exception_handler(DukungError)
    async def dukung_error(request: Request, exc: DukungError):
        if _wants_html(request):
            return render(request, "error.html", status_code=exc.http_status, error=str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=exc.http_status)

    @app.middleware("http")
    async def outage_is_503(request: Request, call_next):
        """A server that went away (database, search, object store) is "try again later", not a bug."""
        try:
            return await call_next(request)
        except Exception as exc:
            service = which_service(exc)
            if service is None:
                raise
            message = _("%(service)s sedang tidak dapat dihubungi. Data yang sudah tersimpan aman; "
                        "silakan coba lagi beberapa menit lagi.", service=_(OUTAGE_LABELS[service]))
            headers = {"Retry-After": "30"}
            if _wants_html(request):
                request.state.principal = None  # who is signed in cannot be read while the database is down
                return render(request, "error.html", status_code=503, error=message, headers=headers)
            return JSONResponse({"detail": message, "service": service}, status_code=503, headers=headers)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.get("/health", summary="Kesehatan layanan", tags=["layanan"])
    def health() -> dict:
        rt = app.state.runtime
        with rt.records.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "documents_indexed": rt.search.count()}

    app.add_middleware(LocaleMiddleware, default=settings.locale)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(api.router)
    app.include_router(tus.router)
    app.include_router(downloads.router)
    for router in PAGE_ROUTERS:
        app.include_router(router)
    return app
