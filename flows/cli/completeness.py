"""`dukung check` (completeness per LKE question, reports, gap e-mails) and `dukung outbox …`.

`check` is registered on the root app in :mod:`flows.cli.app`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from config.i18n import _
from flows.cli.common import ListFormat, _period, _runtime
from flows.cli.render import console, print_json, render_completeness, render_mail_result, render_outbox

outbox_app = typer.Typer(help=_("Outbox e-mail: pesan antre dan terkirim."), no_args_is_help=True)


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    html = "html"


def check(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help=_("Kode unit (kosong = semua unit)"))] = None,
    period: Annotated[int, typer.Option("--period", "-p", help=_("Tahun periode evaluasi (kosong = periode aktif)"))] = 0,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help=_("table, json, xlsx atau html"))] = CheckFormat.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help=_("Berkas keluaran (xlsx/json/html)"))] = None,
    gaps_only: Annotated[bool, typer.Option("--gaps/--all", help=_("Tabel: hanya pertanyaan yang belum lengkap"))] = True,
    send: Annotated[bool, typer.Option("--send", help=_("Kirim e-mail celah ke kontak unit dan ringkasan ke reviewer"))] = False,
    force: Annotated[bool, typer.Option("--force", help=_("Dengan --send: kirim lagi walau pesan yang sama sudah terkirim hari ini"))] = False,
    save: Annotated[bool, typer.Option("--save/--no-save", help=_("Simpan hasil pemeriksaan untuk laporan perubahan berikutnya"))] = True,
) -> None:
    """Check evidence completeness per LKE question (and e-mail the gaps with --send)."""
    from flows.completeness.changes import changes_since_previous, save_snapshot, today_slot
    from flows.completeness.check import check_completeness
    from flows.mail.reports import write_json, write_xlsx
    from flows.mail.reports_html import write_html
    from storage.records import repository as repo

    with _runtime() as rt:
        year = _period(rt, period)
        with rt.records.session() as session:
            if unit:  # any case on the line; the unit's own code from here on
                unit = repo.get_unit(session, unit).code
            codes = [unit] if unit else [u.code for u in repo.list_units(session)]
        slot = today_slot(rt.settings.mail.timezone)
        reports, changes = [], {}
        for code in codes:
            report = check_completeness(rt, code, year)
            changes[code] = changes_since_previous(rt, report, slot)
            reports.append(report)
        if send:
            from flows.mail.notify import send_completeness_mail

            sent = send_completeness_mail(rt, year, codes if unit else None, slot=slot, force=force)
        elif save:
            for report in reports:
                save_snapshot(rt, report, slot)
    if fmt is CheckFormat.xlsx:
        target = output or Path(f"kelengkapan-{unit or 'semua'}-{year}.xlsx")
        write_xlsx(reports, target)
        console.print(_("[green]Laporan XLSX ditulis:[/] %(target)s", target=target))
    elif fmt is CheckFormat.html:
        target = output or Path(f"kelengkapan-{unit or 'semua'}-{year}.html")
        write_html(reports, target, changes)
        console.print(_("[green]Laporan HTML ditulis:[/] %(target)s", target=target))
    elif fmt is CheckFormat.json:
        data = [{**r.as_dict(), "changes": changes[r.unit].as_dict()} for r in reports]
        if send:
            data = {"reports": data, "mail": sent.as_dict()}
        if output:
            write_json(reports, output, extra=data)
            console.print(_("[green]Laporan JSON ditulis:[/] %(output)s", output=output))
        else:
            print_json(data)
    else:
        for r in reports:
            render_completeness(r, gaps_only=gaps_only, changes=changes[r.unit])
    if send:
        if fmt is not CheckFormat.json or output:
            render_mail_result(sent)
        if sent.delivery and sent.delivery.failed:
            console.print(_("[red]Galat:[/] %(failed)s pesan belum terkirim (server e-mail tidak dapat "
                            "dihubungi); pesan tetap di outbox dan dikirim otomatis oleh rekonsiliasi setelah server "
                            "pulih.", failed=sent.delivery.failed), highlight=False)
        if sent.errors or (sent.delivery and sent.delivery.failed):
            raise typer.Exit(1)


@outbox_app.command("list", help=_("Daftar pesan e-mail di outbox (antre dan terkirim)."))
def outbox_list(
    status: Annotated[Optional[str], typer.Option("--status", help=_("queued atau sent"))] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """List the e-mail messages in the outbox (queued and sent)."""
    from flows.mail.outbox import list_messages

    with _runtime() as rt:
        rows = list_messages(rt, status=status)
    if fmt is ListFormat.json:
        print_json(rows)
    else:
        render_outbox(rows)


@outbox_app.command("send", help=_("Kirim ulang semua pesan yang masih antre (mis. setelah server SMTP kembali)."))
def outbox_send() -> None:
    """Resend every message still queued (e.g. after the SMTP server is back)."""
    from flows.mail.outbox import deliver_pending

    with _runtime() as rt:
        report = deliver_pending(rt)
    console.print(_("Terkirim: %(sent)s, masih antre: %(failed)s", sent=report.sent, failed=report.failed))
    for e in report.errors:
        console.print(f"  [red]•[/] {e}")
    if report.failed:
        raise typer.Exit(1)
