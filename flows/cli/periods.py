"""`dukung period create|list|activate|edit`: the evaluation periods, their windows and deadlines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Optional

import typer

from config.i18n import _
from config.errors import InvalidInputError
from flows.cli.common import ListFormat, _runtime
from flows.cli.render import console, print_json

period_app = typer.Typer(help=_("Periode evaluasi (tahun): masa isian, verifikasi TPI, revisi dan batas waktunya; "
                              "satu periode aktif."), no_args_is_help=True)

_DATE_HELP = _("Tanggal (YYYY-MM-DD)")


def _day(value: Optional[str], what: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInputError(_("%(what)s: tanggal '%(value)s' tidak dikenali; tulis sebagai TAHUN-BULAN-HARI, "
                                  "mis. 2027-05-31", what=what, value=value)) from None


def _dates(**given: Optional[str]) -> dict[str, date]:
    return {name: _day(value, name.replace("_", " ")) for name, value in given.items() if value is not None}


IsianStart = Annotated[Optional[str], typer.Option("--isian-start", help=_("Mulai masa isian LKE.") + " " + _DATE_HELP)]
IsianEnd = Annotated[Optional[str], typer.Option("--isian-end", help=_("Akhir masa isian LKE.") + " " + _DATE_HELP)]
VerStart = Annotated[Optional[str], typer.Option("--verifikasi-start", help=_("Mulai verifikasi TPI.") + " " + _DATE_HELP)]
VerEnd = Annotated[Optional[str], typer.Option("--verifikasi-end", help=_("Akhir verifikasi TPI.") + " " + _DATE_HELP)]
RevStart = Annotated[Optional[str], typer.Option("--revisi-start", help=_("Mulai masa revisi.") + " " + _DATE_HELP)]
RevEnd = Annotated[Optional[str], typer.Option("--revisi-end", help=_("Akhir masa revisi.") + " " + _DATE_HELP)]
Tpn = Annotated[Optional[str], typer.Option("--tpn", help=_("Batas pengajuan ke TPN (bawaan 31 Mei).") + " " + _DATE_HELP)]
By = Annotated[str, typer.Option("--by", help=_("Nama admin (untuk jejak audit)"))]


def _show(info, title: str) -> None:
    from flows.periods.dates import tanggal

    console.print(_("[green]%(title)s:[/] periode %(year)s (aktif)", title=title, year=info.year) if info.is_active
                  else _("[green]%(title)s:[/] periode %(year)s", title=title, year=info.year))
    for window in info.schedule.windows:
        span = (f"{tanggal(window.start)} – {tanggal(window.end)}" if window.scheduled else _("belum dijadwalkan"))
        console.print(f"  {_(window.label)}: {span}", highlight=False)
    tpn = info.schedule.tpn_deadline
    console.print(_("  Batas pengajuan ke TPN: %(deadline)s", deadline=tanggal(tpn) if tpn else _("belum ditetapkan")),
                  highlight=False)


@period_app.command("create", help=_("Buat periode evaluasi; tanggal yang tidak diisi memakai jadwal bawaan "
                                   "(pengajuan ke TPN 31 Mei)."))
def period_create(
    year: Annotated[int, typer.Argument(help=_("Tahun periode, mis. 2027"))],
    isian_start: IsianStart = None, isian_end: IsianEnd = None, verifikasi_start: VerStart = None,
    verifikasi_end: VerEnd = None, revisi_start: RevStart = None, revisi_end: RevEnd = None, tpn: Tpn = None,
    activate: Annotated[bool, typer.Option("--activate", help=_("Jadikan periode aktif"))] = False,
    by: By = "cli",
) -> None:
    """Create an evaluation period; dates left out follow the default schedule (proposal to the TPN by 31 May)."""
    from flows.periods.registry import create_period

    dates = _dates(isian_start=isian_start, isian_end=isian_end, verifikasi_start=verifikasi_start,
                   verifikasi_end=verifikasi_end, revisi_start=revisi_start, revisi_end=revisi_end, tpn_deadline=tpn)
    with _runtime() as rt:
        info = create_period(rt, year, actor=by, activate=activate, **dates)
    _show(info, _("Periode dibuat"))


@period_app.command("edit", help=_("Ubah tanggal masa isian, verifikasi, revisi atau batas pengajuan ke TPN sebuah "
                                 "periode."))
def period_edit(
    year: Annotated[int, typer.Argument(help=_("Tahun periode"))],
    isian_start: IsianStart = None, isian_end: IsianEnd = None, verifikasi_start: VerStart = None,
    verifikasi_end: VerEnd = None, revisi_start: RevStart = None, revisi_end: RevEnd = None, tpn: Tpn = None,
    by: By = "cli",
) -> None:
    """Change the dates of a period's isian, verifikasi or revisi window or its TPN proposal deadline."""
    from flows.periods.registry import edit_period

    dates = _dates(isian_start=isian_start, isian_end=isian_end, verifikasi_start=verifikasi_start,
                   verifikasi_end=verifikasi_end, revisi_start=revisi_start, revisi_end=revisi_end, tpn_deadline=tpn)
    if not dates:
        raise InvalidInputError(_("Tidak ada tanggal yang diubah (mis. --isian-end 2027-03-31)"))
    with _runtime() as rt:
        info = edit_period(rt, year, actor=by, **dates)
    _show(info, _("Jadwal diubah"))


@period_app.command("activate", help=_("Jadikan periode ini periode aktif (yang dipakai semua perintah, halaman, "
                                     "laporan dan e-mail)."))
def period_activate(year: Annotated[int, typer.Argument(help=_("Tahun periode"))], by: By = "cli") -> None:
    """Make this period the active one (used by every command, page, report and e-mail)."""
    from flows.periods.registry import activate_period

    with _runtime() as rt:
        info = activate_period(rt, year, actor=by)
    _show(info, _("Periode aktif"))


@period_app.command("list", help=_("Daftar periode evaluasi dan jadwalnya."))
def period_list(fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table) -> None:
    """List the evaluation periods and their schedules."""
    from rich.table import Table

    from flows.periods.dates import tanggal
    from flows.periods.registry import list_periods

    with _runtime() as rt:
        periods = list_periods(rt)
    if fmt is ListFormat.json:
        print_json([p.as_dict() for p in periods])
        return
    if not periods:
        console.print(_("Belum ada periode. Buat dengan: dukung period create TAHUN --activate"))
        return
    t = Table(title=_("Periode evaluasi"))
    for column in (_("Tahun"), _("Aktif"), _("Isian LKE"), _("Verifikasi TPI"), _("Revisi"), _("Pengajuan ke TPN"),
                   _("Dokumen")):
        t.add_column(column)
    for p in periods:
        spans = [f"{tanggal(w.start)} – {tanggal(w.end)}" if w.scheduled else "-" for w in p.schedule.windows]
        tpn = p.schedule.tpn_deadline
        t.add_row(str(p.year), _("ya") if p.is_active else "", *spans, tanggal(tpn) if tpn else "-", str(p.documents))
    console.print(t)
