"""JSON API behind the web app (OpenAPI at /docs): search, documents, completeness, tags, review,
uploads, inbox webhook. Authenticated by session cookie or bearer token; unit isolation on every path."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from flows.periods.registry import resolve_period
from flows.people.accounts import Principal
from flows.completeness.check import check_completeness
from flows.people.review import reassign_document, tag_document, tag_question
from flows.people.review_workflow import transition
from flows.ingest.sync import sync_inbox
from indexing.search import SearchQuery
from storage.records import repository as repo
from web.access import require_admin, require_document, require_reviewer, require_unit, runtime, visible_units
from web.downloads import download_response
from web.security import api_principal, require_csrf

router = APIRouter(prefix="/api", dependencies=[Depends(require_csrf)])
Who = Annotated[Principal, Depends(api_principal)]


def document_dict(doc) -> dict:
    return {
        "id": doc.id, "unit": doc.unit.code, "period": doc.period.year, "path": doc.relative_path,
        "version": doc.version, "current": doc.is_current, "size": doc.size, "media_type": doc.media_type,
        "sha256": doc.sha256, "uploaded_at": doc.uploaded_at, "uploaded_by": doc.uploaded_by,
        "doc_type": doc.doc_type, "doc_types": doc.doc_types, "doc_date": doc.doc_date,
        "doc_date_manual": doc.doc_date_manual,
        "doc_number": doc.doc_number, "title": doc.title, "issuer": doc.issuer,
        "extraction": None if doc.extraction is None else {
            "status": doc.extraction.status, "reason": doc.extraction.reason,
            "pages": doc.extraction.page_count, "text_length": doc.extraction.text_length,
            "extractor": doc.extraction.extractor},
        "questions": [{"code": c.question_code, "confidence": c.confidence, "reason": c.reason, "source": c.source}
                      for c in doc.classifications if c.question_code],
        "tags": [{"id": t.id, "label": t.label, "question": t.question_code, "note": t.note, "by": t.created_by}
                 for t in doc.tags if not t.resolved],
    }


def search_for(rt, principal: Principal, *, q: str = "", unit=None, period=None, area=None, question=None,
               doc_type=None, tag=None, year=None, page: int = 1, per_page: int = 20, sort: str = "relevance"):
    """A search restricted to the units the principal may see (results and facet counts alike)."""
    units = visible_units(rt, principal, unit)
    if units == []:
        units = ["\x00none"]  # asked only for units out of reach: nothing
    return rt.search.search(SearchQuery(
        text=q, units=units, periods=period, areas=area, questions=question, doc_types=doc_type, tags=tag,
        years=year, page=page, per_page=min(max(per_page, 1), 100), sort=sort))


@router.get("/search", summary="Cari teks penuh")
def search(request: Request, who: Who, q: str = "", unit: Annotated[list[str] | None, Query()] = None,
           period: Annotated[list[int] | None, Query()] = None, area: Annotated[list[str] | None, Query()] = None,
           question: Annotated[list[str] | None, Query()] = None,
           doc_type: Annotated[list[str] | None, Query()] = None, tag: Annotated[list[str] | None, Query()] = None,
           year: Annotated[list[int] | None, Query()] = None, page: int = 1, per_page: int = 20,
           sort: str = "relevance") -> dict:
    result = search_for(runtime(request), who, q=q, unit=unit, period=period, area=area, question=question,
                        doc_type=doc_type, tag=tag, year=year, page=page, per_page=per_page, sort=sort)
    return {"total": result.total, "page": result.page, "per_page": result.per_page,
            "hits": [asdict(h) for h in result.hits],
            "facets": {k: [[v, n] for v, n in vals] for k, vals in result.facets.items()}}


@router.get("/documents", summary="Daftar dokumen")
def documents(request: Request, who: Who, unit: str | None = None, period: int | None = None,
              status: str | None = None) -> list[dict]:
    units = visible_units(runtime(request), who, [unit] if unit else None)
    if units == []:
        return []
    with runtime(request).records.session() as session:
        docs = repo.list_documents(session, unit_codes=units, year=period,
                                   extraction_status=[status] if status else None)
        return [document_dict(d) for d in docs]


@router.get("/documents/{doc_id}", summary="Satu dokumen dengan klasifikasi dan alasannya")
def document(request: Request, who: Who, doc_id: int) -> dict:
    rt = runtime(request)
    require_document(rt, who, doc_id)
    with rt.records.session() as session:
        return document_dict(repo.get_document(session, doc_id))


@router.get("/documents/{doc_id}/download", summary="Unduh lewat tautan berumur pendek")
def download(request: Request, who: Who, doc_id: int):
    return download_response(request, who, doc_id)


@router.get("/units/{unit}/completeness", summary="Kelengkapan data dukung per pertanyaan LKE")
def completeness(request: Request, who: Who, unit: str, period: int) -> dict:
    require_unit(who, unit)
    return check_completeness(runtime(request), unit, period).as_dict()


class TagIn(BaseModel):
    label: str
    note: str = ""
    question: str | None = None
    document_id: int | None = None
    unit: str | None = None
    period: int | None = None


@router.post("/tags", summary="Tag reviewer pada pertanyaan atau dokumen")
def add_tag(request: Request, who: Who, body: TagIn) -> dict:
    rt = runtime(request)
    require_reviewer(who)
    if body.document_id is not None:
        require_document(rt, who, body.document_id)
        view = tag_document(rt, body.document_id, body.label, question=body.question, note=body.note,
                            actor=who.label)
    else:
        require_unit(who, body.unit or "")
        view = tag_question(rt, body.unit or "", resolve_period(rt, body.period), body.question or "", body.label,
                            note=body.note, actor=who.label)
    return asdict(view)


class AssignIn(BaseModel):
    question: str
    from_question: str | None = None
    note: str = ""


@router.post("/documents/{doc_id}/assign", summary="Tetapkan dokumen ke pertanyaan lain")
def assign(request: Request, who: Who, doc_id: int, body: AssignIn) -> dict:
    rt = runtime(request)
    require_reviewer(who)
    require_document(rt, who, doc_id)
    reassign_document(rt, doc_id, body.question, from_question=body.from_question, note=body.note,
                      actor=who.label)
    with rt.records.session() as session:
        return document_dict(repo.get_document(session, doc_id))


class ReviewIn(BaseModel):
    action: str
    note: str = ""
    close_gaps: bool = False  # setujui: close the question's open gap tags with the approval (else 409)


@router.post("/units/{unit}/periods/{period}/questions/{question}/review", summary="Langkah alur reviu")
def review(request: Request, who: Who, unit: str, period: int, question: str, body: ReviewIn) -> dict:
    require_unit(who, unit)
    return asdict(transition(runtime(request), who, unit, period, question, body.action, body.note,
                             close_gaps=body.close_gaps))


@router.post("/hooks/inbox", summary="Notifikasi bucket (webhook): proses berkas baru di inbox/ sekarang")
def inbox_hook(request: Request, who: Who) -> dict:
    require_admin(who)
    return sync_inbox(runtime(request)).as_dict()
