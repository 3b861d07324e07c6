"""JSON API over the same functions the CLI uses: search, documents, completeness, inbox webhook."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, RedirectResponse

from flows.completeness import check_completeness
from flows.sync import sync_inbox
from indexing.search import SearchQuery
from storage.records import repository as repo
from web.auth import require_token

router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])


def _rt(request: Request):
    return request.app.state.runtime


def _document_dict(doc) -> dict:
    return {
        "id": doc.id, "unit": doc.unit.code, "period": doc.period.year, "path": doc.relative_path,
        "version": doc.version, "current": doc.is_current, "size": doc.size, "media_type": doc.media_type,
        "sha256": doc.sha256, "uploaded_at": doc.uploaded_at, "uploaded_by": doc.uploaded_by,
        "doc_type": doc.doc_type, "doc_types": doc.doc_types, "doc_date": doc.doc_date,
        "doc_number": doc.doc_number, "title": doc.title, "issuer": doc.issuer,
        "extraction": None if doc.extraction is None else {
            "status": doc.extraction.status, "reason": doc.extraction.reason,
            "pages": doc.extraction.page_count, "text_length": doc.extraction.text_length,
            "extractor": doc.extraction.extractor},
        "questions": [{"code": c.question_code, "confidence": c.confidence, "reason": c.reason, "source": c.source}
                      for c in doc.classifications if c.question_code],
    }


@router.get("/search", summary="Cari teks penuh")
def search(request: Request, q: str = "", unit: Annotated[list[str] | None, Query()] = None,
           period: Annotated[list[int] | None, Query()] = None, area: Annotated[list[str] | None, Query()] = None,
           question: Annotated[list[str] | None, Query()] = None,
           doc_type: Annotated[list[str] | None, Query()] = None, tag: Annotated[list[str] | None, Query()] = None,
           year: Annotated[list[int] | None, Query()] = None, page: int = 1, per_page: int = 20,
           sort: str = "relevance") -> dict:
    result = _rt(request).search.search(SearchQuery(
        text=q, units=unit, periods=period, areas=area, questions=question, doc_types=doc_type, tags=tag,
        years=year, page=page, per_page=per_page, sort=sort))
    return {"total": result.total, "page": result.page, "per_page": result.per_page,
            "hits": [asdict(h) for h in result.hits],
            "facets": {k: [[v, n] for v, n in vals] for k, vals in result.facets.items()}}


@router.get("/documents", summary="Daftar dokumen")
def documents(request: Request, unit: str | None = None, period: int | None = None,
              status: str | None = None) -> list[dict]:
    with _rt(request).records.session() as session:
        docs = repo.list_documents(session, unit_codes=[unit] if unit else None, year=period,
                                   extraction_status=[status] if status else None)
        return [_document_dict(d) for d in docs]


@router.get("/documents/{doc_id}", summary="Satu dokumen dengan klasifikasi dan alasannya")
def document(request: Request, doc_id: int) -> dict:
    with _rt(request).records.session() as session:
        return _document_dict(repo.get_document(session, doc_id))


@router.get("/documents/{doc_id}/download", summary="Unduh lewat tautan berumur pendek")
def download(request: Request, doc_id: int):
    rt = _rt(request)
    with rt.records.session() as session:
        doc = repo.get_document(session, doc_id)
        repo.audit(session, "api", "download", "document", doc.id, {"path": doc.relative_path})
        key, name, media_type = doc.object_key, doc.file_name, doc.media_type
    local = rt.objects.local_path(key)
    if local is not None:
        return FileResponse(local, media_type=media_type, filename=name)
    return RedirectResponse(rt.objects.presign_get(key, rt.settings.storage.presign_expiry_s), status_code=307)


@router.get("/units/{unit}/completeness", summary="Kelengkapan data dukung per pertanyaan LKE")
def completeness(request: Request, unit: str, period: int) -> dict:
    return check_completeness(_rt(request), unit, period).as_dict()


@router.post("/hooks/inbox", summary="Notifikasi bucket (webhook): proses berkas baru di inbox/ sekarang")
def inbox_hook(request: Request) -> dict:
    return sync_inbox(_rt(request)).as_dict()
