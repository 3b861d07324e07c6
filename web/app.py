"""The FastAPI application: one runtime per process, domain errors mapped to HTTP in one handler."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from config.errors import DukungError
from config.settings import DukungSettings, load_settings
from flows.runtime import open_runtime
from web.api import router


def create_app(settings: DukungSettings | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.runtime = open_runtime(settings)
        yield
        app.state.runtime.close()

    app = FastAPI(title="Dukung API", version="0.1.0", lifespan=lifespan,
                  description="Data dukung Zona Integritas: pencarian, dokumen, kelengkapan per pertanyaan LKE.")
    app.state.settings = settings

    @app.exception_handler(DukungError)
    async def dukung_error(request: Request, exc: DukungError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=exc.http_status)

    @app.get("/health", summary="Kesehatan layanan")
    def health() -> dict:
        rt = app.state.runtime
        with rt.records.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "documents_indexed": rt.search.count()}

    app.include_router(router)
    return app
