"""Unit isolation, enforced on the server in one place: every path that returns or changes evidence
asks here whether the principal may reach that unit or document."""

from __future__ import annotations

from fastapi import Request

from config.i18n import _
from config.errors import NotFoundError
from flows.people.accounts import Principal
from flows.people.review_workflow import ForbiddenError
from storage.records.models import Document


def runtime(request: Request):
    return request.app.state.runtime


def require_unit(principal: Principal, unit: str) -> None:
    if not principal.can_see(unit):
        # the same answer as for a unit that does not exist: do not reveal other units
        raise ForbiddenError(_("Anda tidak punya akses ke unit ini"))


def require_reviewer(principal: Principal) -> None:
    if not principal.is_reviewer:
        raise ForbiddenError(_("Hanya reviewer atau admin"))


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise ForbiddenError(_("Hanya admin"))


def require_document(rt, principal: Principal, doc_id: int) -> str:
    """The document's unit code, if the principal may reach it; otherwise 404 — for another unit's document
    exactly as for one that does not exist, so that ids do not tell which documents other units hold."""
    with rt.records.session() as session:
        doc = session.get(Document, doc_id)
        unit = doc.unit.code if doc is not None else None
    if unit is None or not principal.can_see(unit):
        raise NotFoundError(_("Dokumen #%(doc_id)s tidak ditemukan", doc_id=doc_id))
    return unit


def visible_units(rt, principal: Principal, requested: list[str] | None = None) -> list[str] | None:
    """Units a listing may cover; None = every unit (admins, all-unit reviewers, nothing requested)."""
    return principal.visible(requested)
