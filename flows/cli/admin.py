"""`dukung backup`, `dukung restore` and `dukung --version` (the work is in flows.admin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from config.i18n import _
from flows.cli.common import _runtime, _show_data_header
from flows.cli.render import console


def print_version(value: bool) -> None:
    """The `--version` option's callback: print the installed version and stop."""
    if value:
        from flows.admin import dukung_version

        console.print(f"dukung {dukung_version()}", highlight=False)
        raise typer.Exit()


def backup(
    path: Annotated[Path, typer.Argument(help=_("Berkas cadangan yang dibuat, mis. cadangan-2025-06-30.tar"))],
    overwrite: Annotated[bool, typer.Option("--overwrite", help=_("Timpa berkas cadangan yang sudah ada"))] = False,
) -> None:
    """Back up the database, every file (object store) and the catalog into one .tar file."""
    from flows.admin import create_backup

    with _runtime() as rt:
        done = create_backup(rt, path, overwrite=overwrite)
    console.print(_("[green]Cadangan dibuat:[/] %(path)s (%(size_mb)s MB): "
                    "%(documents)s dokumen, %(objects)s berkas (%(objects_mb)s MB), "
                    "basis data %(records)s revisi %(schema_revision)s, katalog %(catalog)s.", path=done['path'],
                    size_mb=format(done['size'] / 1e6, '.1f'), documents=done['documents'], objects=done['objects'],
                    objects_mb=format(done['object_bytes'] / 1e6, '.1f'), records=done['records'],
                    schema_revision=done['schema_revision'], catalog=done['catalog']))


def restore(
    path: Annotated[Path, typer.Argument(help=_("Berkas cadangan dari `dukung backup`"))],
) -> None:
    """Restore a backup into a new data folder or an empty database; the search index is rebuilt."""
    from config.settings import get_settings
    from flows.admin import restore_backup

    settings = get_settings()
    _show_data_header(settings)
    done = restore_backup(settings, path)
    console.print(_("[green]Cadangan dipulihkan:[/] %(documents)s dokumen, %(objects)s berkas, "
                    "%(indexed)s dokumen diindeks ulang (cadangan Dukung %(dukung_version)s, "
                    "revisi skema %(schema_revision)s).", documents=done['documents'], objects=done['objects'],
                    indexed=done['indexed'], dukung_version=done['dukung_version'],
                    schema_revision=done['schema_revision']))
    if not done["catalog_same"]:
        console.print(_("[yellow]Perhatian:[/] katalog yang dipakai sekarang berbeda dari katalog saat "
                        "pencadangan (%(catalog)s); salinannya ada di arsip: %(catalog_file)s.",
                        catalog=done['catalog'], catalog_file=done['catalog_file']))
