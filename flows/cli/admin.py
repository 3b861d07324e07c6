"""`dukung backup`, `dukung restore` and `dukung --version` (the work is in flows.admin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import _runtime, _show_data_header
from flows.cli.render import console


def print_version(value: bool) -> None:
    """The `--version` option's callback: print the installed version and stop."""
    if value:
        from flows.admin import dukung_version

        console.print(f"dukung {dukung_version()}", highlight=False)
        raise typer.Exit()


def backup(
    path: Annotated[Path, typer.Argument(help="Berkas cadangan yang dibuat, mis. cadangan-2025-06-30.tar")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Timpa berkas cadangan yang sudah ada")] = False,
) -> None:
    """Cadangkan basis data, semua berkas (penyimpanan objek) dan katalog ke satu berkas .tar."""
    from flows.admin import create_backup

    with _runtime() as rt:
        done = create_backup(rt, path, overwrite=overwrite)
    console.print(f"[green]Cadangan dibuat:[/] {done['path']} ({done['size'] / 1e6:.1f} MB): "
                  f"{done['documents']} dokumen, {done['objects']} berkas ({done['object_bytes'] / 1e6:.1f} MB), "
                  f"basis data {done['records']} revisi {done['schema_revision']}, katalog {done['catalog']}.")


def restore(
    path: Annotated[Path, typer.Argument(help="Berkas cadangan dari `dukung backup`")],
) -> None:
    """Pulihkan cadangan ke folder data baru atau basis data kosong; indeks pencarian dibangun ulang."""
    from config.settings import get_settings
    from flows.admin import restore_backup

    settings = get_settings()
    _show_data_header(settings)
    done = restore_backup(settings, path)
    console.print(f"[green]Cadangan dipulihkan:[/] {done['documents']} dokumen, {done['objects']} berkas, "
                  f"{done['indexed']} dokumen diindeks ulang (cadangan Dukung {done['dukung_version']}, "
                  f"revisi skema {done['schema_revision']}).")
    if not done["catalog_same"]:
        console.print(f"[yellow]Perhatian:[/] katalog yang dipakai sekarang berbeda dari katalog saat "
                      f"pencadangan ({done['catalog']}); salinannya ada di arsip: {done['catalog_file']}.")
