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

from config.i18n import _, configure
from flows.cli import (admin, chrome, classifier, completeness, ingest, orchestration, people, periods, review,
                       search, suggestions)
from flows.cli.common import _require_data, _runtime, _show_data_header, get_settings
from flows.cli.errors import error_line
from flows.cli.render import console, print_json, render_catalog_tree, render_question

configure(os.environ.get("DUKUNG_LOCALE"), os.environ.get("DUKUNG_TIMEZONE"))
chrome.install()  # Typer's and Click's own words in Indonesian, however the app is run (script, tests)

app = typer.Typer(help="Dukung — alur kerja data dukung Zona Integritas (LKE ZI, PermenPANRB 90/2021).",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)



@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Tampilkan versi Dukung lalu keluar.", is_eager=True,
                                          callback=admin.print_version)] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Tampilkan rincian teknis (traceback) bila terjadi galat "
                                                        "(juga DUKUNG_DEBUG=1); boleh di mana saja pada baris.")] = False,
) -> None:
    """Dukung — alur kerja data dukung Zona Integritas (LKE ZI, PermenPANRB 90/2021)."""


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

@app.command()
def init() -> None:
    """Siapkan folder data, basis data (migrasi) dan indeks pencarian; periksa katalog."""
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


app.command()(ingest.upload)
app.command()(ingest.sync)
app.command()(ingest.retry)
app.command()(completeness.check)
app.command()(review.tag)
app.command()(review.untag)
app.command()(review.tags)
app.command()(review.assign)
app.command()(review.review)
app.command()(suggestions.confirm)
app.command()(suggestions.reject)
app.command()(suggestions.suggestions)
app.command()(search.search)
app.command()(search.documents)


# --- catalog, reindex, demo -----------------------------------------------------------------------

@app.command()
def catalog(
    question: Annotated[Optional[str], typer.Option("--question", "-q", help="Tampilkan satu pertanyaan (kode atau id BPS)")] = None,
    fmt: Annotated[CatalogFormat, typer.Option("--format", "-f", help="tree atau json")] = CatalogFormat.tree,
) -> None:
    """Tampilkan katalog indikator LKE ZI (area → indikator → pertanyaan → bukti)."""
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


app.command()(ingest.reindex)
app.command()(ingest.reconcile)


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="Folder contoh data dukung")] = Path("demo-data"),
    year: Annotated[int, typer.Option("--period", "-p", help="Tahun periode contoh")] = 2025,
) -> None:
    """Buat contoh data dukung tiga unit, unggah, periksa kelengkapan, dan lakukan beberapa pencarian."""
    from flows.cli.demo import run_demo

    run_demo(directory, year)


@app.command()
def serve(
    limit: Annotated[Optional[int], typer.Option("--limit", help="Batas jumlah flow run bersamaan")] = None,
) -> None:
    """Layani deployment Dukung (unggah, kelengkapan, indeks ulang, sinkron inbox tiap 5 menit, rekonsiliasi tiap 15 menit) ke server Prefect."""
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


@app.command()
def web(
    host: Annotated[Optional[str], typer.Option("--host", help="Alamat (bawaan: DUKUNG_WEB__HOST)")] = None,
    port: Annotated[Optional[int], typer.Option("--port", help="Port (bawaan: DUKUNG_WEB__PORT)")] = None,
) -> None:
    """Jalankan aplikasi web Dukung (halaman unggah, reviu, pencarian; JSON API di /docs; webhook bucket)."""
    import uvicorn

    from web.app import create_app

    settings = _require_data()
    # proxy_headers off: uvicorn would believe X-Forwarded-For from loopback; the app believes it only
    # from DUKUNG_WEB__TRUSTED_PROXIES (web.security.client_address)
    uvicorn.run(create_app(settings), host=host or settings.web.host, port=port or settings.web.port,
                proxy_headers=False)


@app.command()
def doctor() -> None:
    """Periksa folder data, katalog, penyimpanan, basis data dan keselarasan indeks."""
    from flows.cli.doctor import run_checks

    settings = get_settings()
    _show_data_header(settings)
    checks = run_checks(settings)
    for c in checks:
        mark = "[yellow]![/]" if c.ok and c.warning else "[green]✓[/]" if c.ok else "[red]✗[/]"
        console.print(f"{mark} {c.name}: {c.detail}")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


app.command()(admin.backup)
app.command()(admin.restore)


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
