"""Administrators' page for evaluation periods: create a period with its windows and deadlines, edit them,
make one period the active one. Admin only, CSRF on every form, audited by :mod:`flows.periods.registry`."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request

from config.i18n import N_, _
from config.errors import DukungError, InvalidInputError
from flows.periods.dates import today
from flows.periods.registry import activate_period, create_period, edit_period, get_period, list_periods
from flows.periods.schedule import DATE_FIELDS, default_dates
from web.access import runtime
from web.flash import redirect_with, take_flash
from web.pages.admin_users import Admin
from web.security import require_csrf
from web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

#: The form's date fields: (name, label), in the order of the year.
DATE_INPUTS = [("isian_start", N_("Masa isian LKE — mulai")), ("isian_end", N_("Masa isian LKE — selesai")),
               ("verifikasi_start", N_("Verifikasi TPI — mulai")), ("verifikasi_end", N_("Verifikasi TPI — selesai")),
               ("revisi_start", N_("Masa revisi — mulai")), ("revisi_end", N_("Masa revisi — selesai")),
               ("tpn_deadline", N_("Batas pengajuan ke TPN"))]


def _dates(form) -> dict[str, date | None]:
    """The date fields of a posted form; an empty field clears the date."""
    out = {}
    for name in DATE_FIELDS:
        text = (form.get(name) or "").strip()
        try:
            out[name] = date.fromisoformat(text) if text else None
        except ValueError:
            label = dict(DATE_INPUTS)[name]
            raise InvalidInputError(_("%(label)s: tanggal '%(text)s' tidak dikenali", label=_(label),
                                      text=text)) from None
    return out


def _values(year: int, dates: dict) -> dict:
    return {"year": year, **{k: (v.isoformat() if v else "") for k, v in dates.items()}}


def _list(request: Request, *, status_code: int = 200, error: str = "", values: dict | None = None):
    rt = runtime(request)
    shown = {"error": error} if error else take_flash(request)
    if values is None:
        periods = list_periods(rt)
        next_year = max([p.year for p in periods], default=today(rt.settings.mail.timezone).year - 1) + 1
        values = _values(next_year, default_dates(next_year))
    return render(request, "admin_periods.html", status_code=status_code, periods=list_periods(rt), v=values,
                  date_inputs=DATE_INPUTS, today=today(rt.settings.mail.timezone), **shown)


@router.get("/admin/periods")
def periods_page(request: Request, who: Admin):
    return _list(request)


@router.post("/admin/periods")
async def create(request: Request, who: Admin):
    form = await request.form()
    year_text = (form.get("year") or "").strip()
    try:
        if not year_text.isdigit():
            raise InvalidInputError(_("Tahun periode tidak valid: '%(year_text)s'", year_text=year_text))
        dates = _dates(form)
        info = create_period(runtime(request), int(year_text), actor=who.email,
                             activate=form.get("activate") == "true", **dates)
    except DukungError as exc:
        values = {"year": year_text, **{k: form.get(k) or "" for k in DATE_FIELDS}}
        return _list(request, status_code=exc.http_status, error=str(exc), values=values)
    done = (_("Periode %(year)s dibuat dan kini aktif.", year=info.year) if info.is_active
            else _("Periode %(year)s dibuat.", year=info.year))
    return redirect_with(request, "/admin/periods", done)


@router.get("/admin/periods/{year}")
def period_page(request: Request, who: Admin, year: int):
    info = get_period(runtime(request), year)
    dates = {f"{w.name}_{edge}": getattr(w, edge) for w in info.schedule.windows for edge in ("start", "end")}
    values = _values(year, {**dates, "tpn_deadline": info.schedule.tpn_deadline})
    return render(request, "admin_period_form.html", period=info, v=values, date_inputs=DATE_INPUTS,
                  **take_flash(request))


@router.post("/admin/periods/{year}")
async def update(request: Request, who: Admin, year: int):
    form = await request.form()
    try:
        edit_period(runtime(request), year, actor=who.email, **_dates(form))
    except DukungError as exc:
        info = get_period(runtime(request), year)
        values = {"year": year, **{k: form.get(k) or "" for k in DATE_FIELDS}}
        return render(request, "admin_period_form.html", status_code=exc.http_status, period=info, v=values,
                      date_inputs=DATE_INPUTS, error=str(exc))
    return redirect_with(request, f"/admin/periods/{year}", _("Jadwal disimpan."))


@router.post("/admin/periods/{year}/activate")
def activate(request: Request, who: Admin, year: int):
    info = activate_period(runtime(request), year, actor=who.email)
    return redirect_with(request, "/admin/periods", _("Periode %(year)s kini periode aktif: semua halaman, "
                                                      "laporan dan e-mail memakai periode ini.", year=info.year))
