"""`dukung demo`: a sample evidence set for three units, ingested, checked and searched."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from config.i18n import _
from flows.cli.common import get_settings
from flows.cli.render import console, render_completeness, render_ingest, render_search
from flows.sample_data import generate_sample_evidence

DEMO_QUERIES = [
    ("pengaduan", None),                      # stemmed: finds "pengaduan", "mengadukan", "aduan"
    ('"tim kerja"', None),                    # phrase
    ("survei kepuasan", "PKM-SUMBERSARI"),    # restricted to one unit
]


def run_demo(directory: Path, year: int = 2025) -> None:
    from flows.cli.common import _runtime
    from flows.cli.ingest import run_upload
    from flows.completeness.check import check_completeness
    from indexing.search import SearchQuery
    from storage.records import repository as repo

    console.rule(_("[bold]Dukung — demo"))
    console.print(_("Membuat contoh data dukung di [cyan]%(directory)s[/] …", directory=directory))
    sample = generate_sample_evidence(directory, year=year)
    with _runtime(initialise=True) as rt, rt.records.session() as session:
        for unit in sample.units:
            repo.add_unit(session, unit.code, unit.name, unit.contacts)
    with _runtime(header=False) as rt:
        _demo_period(rt, year)
    for unit in sample.units:
        console.rule(_("Unggah %(code)s", code=unit.code))
        result = run_upload(str(unit.folder), unit.code, year, None, "demo", False)
        render_ingest(result)
    with _runtime() as rt:
        for unit in sample.units:
            report = check_completeness(rt, unit.code, year)
            render_completeness(report, gaps_only=True)
            missing = [q.code for q in report.questions
                       if q.status == "belum_ada" and q.code.startswith("A.") and not q.suggestions]
            console.print(_("[bold]%(code)s[/]: %(n_missing)s pertanyaan pengungkit tanpa bukti sama sekali:",
                            code=unit.code, n_missing=len(missing)))
            console.print("  " + ", ".join(missing), highlight=False)
        console.rule(_("E-mail celah (outbox)"))
        _demo_mail(rt, year)
        console.rule(_("Pencarian"))
        for text, unit_code in DEMO_QUERIES:
            result = rt.search.search(SearchQuery(text=text, units=[unit_code] if unit_code else None, per_page=3))
            console.print(f"\n[bold]dukung search {text!r}" + (f" --unit {unit_code}" if unit_code else "") + "[/]")
            render_search(result, text)
    home = get_settings().home.resolve()
    console.rule(_("Selesai"))
    console.print(_("E-mail celah tiap unit ada di [cyan]%(outbox_path)s[/] (berkas .eml); "
                    "kirim lewat SMTP dengan [cyan]dukung check --send[/] setelah mengisi DUKUNG_MAIL__* "
                    "(docs/configuration.md).", outbox_path=get_settings().outbox_path))
    console.print(_("Data tersimpan di %(home)s. Coba: [cyan]dukung documents --unit RSUD-SOEBANDI[/], "
                    "[cyan]dukung check --unit DINKES-JBR --period %(year)s --format xlsx[/], "
                    "[cyan]dukung search \"pengaduan masyarakat\"[/].", home=home, year=year))


def demo_schedule(day: date) -> dict[str, date]:
    """The demo period's windows around ``day``: isian open now and closing in 12 days (so the gap e-mails
    show their countdown), then verifikasi, revisi and the proposal to the TPN."""
    return {"isian_start": day - timedelta(days=30), "isian_end": day + timedelta(days=12),
            "verifikasi_start": day + timedelta(days=13), "verifikasi_end": day + timedelta(days=30),
            "revisi_start": day + timedelta(days=31), "revisi_end": day + timedelta(days=45),
            "tpn_deadline": day + timedelta(days=52)}


def _demo_period(rt, year: int) -> None:
    """The demo's period, created (or its windows set again on a re-run) and made the active one."""
    from config.errors import NotFoundError
    from flows.periods.dates import tanggal, today
    from flows.periods.registry import activate_period, create_period, edit_period

    dates = demo_schedule(today(rt.settings.mail.timezone))
    try:
        edit_period(rt, year, actor="demo", **dates)
        info = activate_period(rt, year, actor="demo")
    except NotFoundError:
        info = create_period(rt, year, actor="demo", activate=True, **dates)
    console.print(_("Periode %(year)s aktif; masa isian LKE terbuka sampai %(isian_end)s.", year=info.year,
                    isian_end=tanggal(dates['isian_end'])))


def _demo_mail(rt, year: int) -> None:
    """Queue the gap e-mails and write them to the outbox folder — never to a real mail server, since
    the sample units' addresses are made up."""
    from flows.mail.outbox import deliver_pending
    from flows.mail.transports import OutboxFolderTransport
    from flows.mail.notify import queue_completeness_mail

    result = queue_completeness_mail(rt, year)
    delivery = deliver_pending(rt, OutboxFolderTransport(rt.settings.outbox_path))
    for m in result.queued:
        console.print(f"  {m['recipients']}: {m['subject']}", highlight=False)
    console.print(_("%(sent)s pesan ditulis ke %(outbox_path)s", sent=delivery.sent,
                    outbox_path=rt.settings.outbox_path))
