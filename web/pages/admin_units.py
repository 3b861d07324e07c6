"""Administrators' pages for work units: list, create, edit, remove (archive) and restore, and the bulk
import of units from a CSV or XLSX file with a report per row. Admin only, CSRF on every form, audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from config.i18n import _
from config.errors import DukungError, InvalidInputError
from flows.people.unit_sheet import MAX_BYTES, read_unit_sheet
from flows.people.units_admin import (create_unit, get_unit_admin, import_units, list_units_admin, set_archived,
                                      update_unit)
from web.access import runtime
from web.flash import redirect_with, take_flash
from web.pages.admin_users import Admin
from web.security import require_csrf
from web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])


def _list(request: Request, *, status_code: int = 200, error: str = "", values: dict | None = None, report=None):
    shown = take_flash(request)
    if error:
        shown = {"error": error}
    return render(request, "admin_units.html", status_code=status_code, units=list_units_admin(runtime(request)),
                  v=values or {}, report=report, **shown)


@router.get("/admin/units")
def units_page(request: Request, who: Admin):
    return _list(request)


@router.post("/admin/units")
def create(request: Request, who: Admin, code: str = Form(""), name: str = Form(""), contacts: str = Form("")):
    try:
        code = create_unit(runtime(request), code, name, contacts, actor=who.email)
    except DukungError as exc:
        return _list(request, status_code=exc.http_status, error=str(exc),
                     values={"code": code, "name": name, "contacts": contacts})
    return redirect_with(request, "/admin/units", _("Unit %(code)s dibuat.", code=code))


@router.post("/admin/units/import")
async def import_file(request: Request, who: Admin, file: UploadFile | None = File(None)):
    try:
        if file is None or not file.filename:
            raise InvalidInputError(_("Pilih berkas CSV atau XLSX dengan kolom kode, nama, kontak"))
        data = await file.read(MAX_BYTES + 1)
        rows = read_unit_sheet(file.filename, data)
        report = import_units(runtime(request), rows, actor=who.email, source=file.filename)
    except DukungError as exc:
        return _list(request, status_code=exc.http_status, error=_("Impor dibatalkan: %(reason)s", reason=exc))
    finally:
        if file is not None:
            await file.close()
    return _list(request, report=report)


@router.get("/admin/units/{code}")
def unit_page(request: Request, who: Admin, code: str):
    return render(request, "admin_unit_form.html", unit=get_unit_admin(runtime(request), code), **take_flash(request))


@router.post("/admin/units/{code}")
def update(request: Request, who: Admin, code: str, name: str = Form(""), contacts: str = Form("")):
    rt = runtime(request)
    try:
        code = update_unit(rt, code, name, contacts, actor=who.email)
    except DukungError as exc:
        unit = {**get_unit_admin(rt, code), "name": name, "contacts_text": contacts}
        return render(request, "admin_unit_form.html", status_code=exc.http_status, unit=unit, error=str(exc))
    return redirect_with(request, f"/admin/units/{code}", _("Perubahan disimpan."))


@router.post("/admin/units/{code}/remove")
def remove(request: Request, who: Admin, code: str, confirm: bool = Form(False)):
    if not confirm:
        return redirect_with(request, f"/admin/units/{code}", _("Centang konfirmasi untuk menghapus unit."), error=True)
    code = set_archived(runtime(request), code, True, actor=who.email)
    return redirect_with(request, "/admin/units", _("Unit %(code)s dihapus dari daftar. Dokumen dan riwayatnya tetap "
                                                    "tersimpan; unit dapat dipulihkan.", code=code))


@router.post("/admin/units/{code}/restore")
def restore(request: Request, who: Admin, code: str):
    code = set_archived(runtime(request), code, False, actor=who.email)
    return redirect_with(request, f"/admin/units/{code}", _("Unit %(code)s dipulihkan.", code=code))
