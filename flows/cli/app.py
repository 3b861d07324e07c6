"""The `dukung` command line (Typer + Rich). Messages in Bahasa Indonesia.

The root app and its command table: the commands of each capability live in the modules beside this one
(ingest, completeness, review, search, people) and are registered here, in the order `dukung --help` lists them.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from config.i18n import _
from flows.cli import (admin, chrome, classifier, completeness, ingest, orchestration, people, periods, review,
                       search, suggestions)
from flows.cli.common import _require_data, _runtime, _show_data_header, get_settings
from flows.cli.errors import error_line
from flows.cli.render import console, print_json, render_catalog_tree, render_question

chrome.install()  # Typer's and Click's own words in Indonesian, however the app is run (script, tests)

app = typer.Typer(help=_("Dukung — alur kerja data dukung Zona Integritas (LKE ZI, PermenPANRB 90/2021)."),
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)



@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help=_("Tampilkan versi Dukung lalu keluar."), is_eager=True,
                                          callback=admin.print_version)] = False,
    debug: Annotated[bool, typer.Option("--debug", help=_("Tampilkan rincian teknis (traceback) bila terjadi galat "
                                                        "(juga DUKUNG_DEBUG=1); boleh di mana saja pada baris."))] = False,
) -> None:
    """Dukung — Integrity Zone evidence workflow (LKE ZI, PermenPANRB 90/2021)."""


app.add_typer(people.unit_app, name="unit")
app.add_typer(periods.period_app, name="period")
app.add_typer(people.user_app, name="user")
app.add_typer(people.token_app, name="token")
app.add_typer(completeness.outbox_app, name="outbox")
app.add_typer(classifier.classifier_app, name="classifier")
app.add_typer(orchestration.prefect_app, name="prefect")


class CatalogFormat(str, Enum):
    tree = "tree"
    json = "json"


# --- init ----------------------------------------------------------------------------------------

@app.command(help=_("Siapkan folder data, basis data (migrasi) dan indeks pencarian; periksa katalog."))
def init() -> None:
    """Set up the data folder, the database (migrations) and the search index; check the catalog."""
    from flows.runtime import describe_records

    with _runtime(initialise=True, header=False) as rt:
        n = len(rt.catalog.questions())
        console.print(_("[green]Siap.[/] Data: %(path)s", path=rt.settings.home.resolve()))
        console.print(_("  Basis data : %(settings)s", settings=describe_records(rt.settings)))  # never the password
        console.print(_("  Penyimpanan: %(objects_url)s", objects_url=rt.settings.objects_url))
        console.print(_("  Indeks     : %(backend)s (%(search_path)s)", backend=rt.settings.search.backend,
                        search_path=rt.settings.search_path))
        console.print(_("  Katalog    : %(name)s (%(n)s pertanyaan)", name=rt.settings.catalog_path.name, n=n))
        from flows.periods.registry import active_year

        active = active_year(rt)
        console.print(_("  Periode    : %(year)s (aktif)", year=active) if active else
                      _("  Periode    : belum ada periode aktif — buat dengan "
                        "[cyan]dukung period create TAHUN --activate[/] atau di halaman Admin › Periode"))


def _register(table) -> None:
    """The commands of the modules beside this one, each with its --help sentence, in the order --help lists them."""
    for command, help_text in table:
        app.command(help=help_text)(command)


_register([
    (ingest.upload, _("Unggah folder data dukung: simpan, ekstrak teks, klasifikasikan ke LKE, dan indeks.")),
    (ingest.sync, _("Proses berkas yang diletakkan langsung di bucket: inbox/<KODE-UNIT>/<TAHUN>/…")),
    (ingest.retry, _("Proses ulang dokumen yang gagal diekstrak atau belum pernah diproses (mis. setelah gangguan), "
                     "atau semua dengan --all.")),
    (completeness.check, _("Periksa kelengkapan data dukung per pertanyaan LKE (dan kirim e-mail celah dengan "
                           "--send).")),
    (review.tag, _("Beri tanda reviewer pada pertanyaan (gap/ok) atau dokumen (tidak_relevan, gap, ok).")),
    (review.untag, _("Tutup tag reviewer (mis. kekurangan sudah diperbaiki).")),
    (review.tags, _("Daftar tag reviewer yang masih terbuka.")),
    (review.assign, _("Tetapkan dokumen ke pertanyaan lain secara manual (tetap berlaku saat klasifikasi ulang).")),
    (review.review, _("Langkah alur reviu sebuah pertanyaan: ajukan, minta perbaikan, setujui (tidak bisa selama ada "
                      "celah terbuka).")),
    (suggestions.confirm, _("Konfirmasi saran pemetaan: dokumen memang bukti pertanyaan ini (kini dihitung).")),
    (suggestions.reject, _("Tolak saran pemetaan: dokumen bukan bukti pertanyaan ini (tidak disarankan lagi).")),
    (suggestions.suggestions, _("Saran pemetaan yang perlu konfirmasi (belum dihitung sebagai bukti), atau dokumen "
                                "bukan data dukung.")),
    (search.search, _("Cari teks penuh (bahasa Indonesia, dengan stemming) di seluruh data dukung.")),
    (search.documents, _("Daftar dokumen dengan status ekstraksi, kode pertanyaan, jenis dokumen, keyakinan dan "
                         "alasannya.")),
])


# --- catalog, reindex, demo -----------------------------------------------------------------------

@app.command(help=_("Tampilkan katalog indikator LKE ZI (area → indikator → pertanyaan → bukti)."))
def catalog(
    question: Annotated[Optional[str], typer.Option("--question", "-q", help=_("Tampilkan satu pertanyaan (kode atau id BPS)"))] = None,
    fmt: Annotated[CatalogFormat, typer.Option("--format", "-f", help=_("tree atau json"))] = CatalogFormat.tree,
) -> None:
    """Show the LKE ZI indicator catalog (area → indicator → question → evidence)."""
    from config.catalog import load_catalog

    cat = load_catalog(get_settings().catalog_path)
    if question:
        q = cat.question(question)
        if fmt is CatalogFormat.json:
            print_json({**q.model_dump(), "area_code": q.area_code, "area_name": q.area_name,
                        "component": q.component_name, "indicator": q.indicator_name})
        else:
            render_question(cat, q)
        return
    if fmt is CatalogFormat.json:
        print_json(cat.model_dump())
    else:
        render_catalog_tree(cat)


_register([
    (ingest.reindex, _("Bangun ulang indeks pencarian dari basis data dan penyimpanan objek.")),
    (ingest.reconcile, _("Selesaikan pekerjaan yang tertinggal setelah gangguan dan selaraskan catatan, berkas dan "
                         "indeks.")),
])


@app.command(help=_("Buat contoh data dukung tiga unit, unggah, periksa kelengkapan, dan lakukan beberapa pencarian."))
def demo(
    directory: Annotated[Path, typer.Option("--dir", help=_("Folder contoh data dukung"))] = Path("demo-data"),
    year: Annotated[int, typer.Option("--period", "-p", help=_("Tahun periode contoh"))] = 2025,
) -> None:
    """Create sample evidence for three units, upload it, check completeness and run a few searches."""
    from flows.cli.demo import run_demo

    run_demo(directory, year)


@app.command(help=_("Layani deployment Dukung (unggah, kelengkapan, indeks ulang, sinkron inbox tiap 5 menit, "
                  "rekonsiliasi tiap 15 menit) ke server Prefect."))
def serve(
    limit: Annotated[Optional[int], typer.Option("--limit", help=_("Batas jumlah flow run bersamaan"))] = None,
) -> None:
    """Serve Dukung's deployments (upload, completeness, reindex, inbox sync every 5 minutes, reconciliation every 15 minutes) to the Prefect server."""
    _require_data()
    from flows.prefect_server import connect, stop_started_here

    local = connect(get_settings(), started_by="serve")
    try:
        from flows.deployments import serve_all

        console.print(_("Melayani deployment Dukung ke server Prefect (%(url)s — server lokal folder data ini); "
                        "Ctrl+C untuk berhenti.", url=local) if local else
                      _("Melayani deployment Dukung ke server Prefect (%(url)s); Ctrl+C untuk berhenti.",
                        url=os.environ["PREFECT_API_URL"]))
        serve_all(limit=limit)
    finally:
        stop_started_here()  # the local server this command started (a running one it reused stays)


@app.command(help=_("Jalankan aplikasi web Dukung (halaman unggah, reviu, pencarian; JSON API di /docs; webhook "
                  "bucket)."))
def web(
    host: Annotated[Optional[str], typer.Option("--host", help=_("Alamat (bawaan: DUKUNG_WEB__HOST)"))] = None,
    port: Annotated[Optional[int], typer.Option("--port", help=_("Port (bawaan: DUKUNG_WEB__PORT)"))] = None,
) -> None:
    """Run the Dukung web app (upload, review and search pages; JSON API at /docs; bucket webhook)."""
    import uvicorn

    from web.app import create_app

    settings = _require_data()
    # proxy_headers off: uvicorn would believe X-Forwarded-For from loopback; the app believes it only
    # from DUKUNG_WEB__TRUSTED_PROXIES (web.security.client_address)
    uvicorn.run(create_app(settings), host=host or settings.web.host, port=port or settings.web.port,
                proxy_headers=False)


@app.command(help=_("Periksa folder data, katalog, penyimpanan, basis data dan keselarasan indeks."))
def doctor() -> None:
    """Check the data folder, catalog, storage, database and index consistency."""
    from flows.cli.doctor import run_checks

    settings = get_settings()
    _show_data_header(settings)
    checks = run_checks(settings)
    for c in checks:
        mark = "[yellow]![/]" if c.ok and c.warning else "[green]✓[/]" if c.ok else "[red]✗[/]"
        console.print(f"{mark} {c.name}: {c.detail}")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


_register([
    (admin.backup, _("Cadangkan basis data, semua berkas (penyimpanan objek) dan katalog ke satu berkas .tar.")),
    (admin.restore, _("Pulihkan cadangan ke folder data baru atau basis data kosong; indeks pencarian dibangun "
                      "ulang.")),
])


def _wants_debug(argv: list[str]) -> bool:
    """``--debug`` anywhere on the line (taken out, so every command accepts it), or ``DUKUNG_DEBUG``."""
    flag = "--debug" in argv[1:]
    argv[1:] = [a for a in argv[1:] if a != "--debug"]
    return flag or os.environ.get("DUKUNG_DEBUG", "").strip().lower() in {"1", "true", "yes", "ya", "on"}


def main() -> None:
    """Entry point: every error is one ``Galat:`` line saying what to do, exit code 1 (``--debug``: the traceback)."""
    debug = _wants_debug(sys.argv)
    try:
        app()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if debug:
            console.print_exception(show_locals=False)
        label = _("Galat:")
        console.print(f"[red]{label}[/] {error_line(exc, debug=debug)}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
