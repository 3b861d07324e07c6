"""`dukung prefect …`: the data folder's local Prefect server (see ``flows.prefect_server``)."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone

import typer

from config.i18n import _
from config.formatting import format_time
from flows.cli.common import get_settings
from flows.cli.render import console

prefect_app = typer.Typer(help=_("Server Prefect lokal folder data ini (dipakai bersama CLI dan aplikasi web)."),
                          no_args_is_help=True)


@prefect_app.command("status", help=_("Tampilkan server Prefect yang dipakai: alamat, proses, sejak kapan."))
def status() -> None:
    """Show the Prefect server in use: address, process, since when."""
    from flows.prefect_server import prefect_dir, running_server

    if os.environ.get("PREFECT_API_URL"):
        console.print(_("Server Prefect dari PREFECT_API_URL: %(url)s",
                        url=os.environ['PREFECT_API_URL']))
        return
    info = running_server(get_settings().home)
    if info is None:
        console.print(_("Server Prefect lokal tidak berjalan (dimulai otomatis saat dibutuhkan)."))
        raise typer.Exit(1)
    since = format_time(datetime.fromtimestamp(info.started_at, timezone.utc))
    console.print(_("[green]Berjalan[/]: %(url)s (proses %(pid)s, dimulai oleh %(started_by)s pada %(since)s); "
                    "data: %(home)s", url=info.url, pid=info.pid, started_by=info.started_by, since=since,
                    home=prefect_dir(get_settings().home)))


@prefect_app.command("start", help=_("Mulai server Prefect lokal sekarang (biasanya otomatis oleh perintah pertama "
                                   "yang membutuhkannya)."))
def start() -> None:
    """Start the local Prefect server now (usually started by the first command that needs it)."""
    from flows.prefect_server import ensure_server

    settings = get_settings()
    info, started = ensure_server(settings.home, started_by="cli", idle_minutes=settings.ingest.prefect_idle_minutes)
    console.print(("[green]Dimulai[/]" if started else "Sudah berjalan") + f": {info.url} (proses {info.pid})")


@prefect_app.command("stop", help=_("Hentikan server Prefect lokal folder data ini (dan semua prosesnya)."))
def stop() -> None:
    """Stop this data folder's local Prefect server (and all its processes)."""
    from flows.prefect_server import stop_server

    info = stop_server(get_settings().home)
    console.print(_("Server Prefect lokal dihentikan (%(url)s).", url=info.url) if info
                  else _("Server Prefect lokal tidak berjalan."))
