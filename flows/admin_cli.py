"""Admin commands of the `dukung` CLI: `backup` and `restore` (the work is in flows.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register_admin_commands(app: typer.Typer) -> None:
    """Add `backup` and `restore` to ``app``."""
    from flows.cli_render import console

    @app.command()
    def backup(
        path: Annotated[Path, typer.Argument(help="Berkas cadangan yang dibuat, mis. cadangan-2025-06-30.tar")],
        overwrite: Annotated[bool, typer.Option("--overwrite", help="Timpa berkas cadangan yang sudah ada")] = False,
    ) -> None:
        """Cadangkan basis data, semua berkas (penyimpanan objek) dan katalog ke satu berkas .tar."""
        from flows.backup import create_backup
        from flows.cli import _runtime

        with _runtime() as rt:
            done = create_backup(rt, path, overwrite=overwrite)
        console.print(f"[green]Cadangan dibuat:[/] {done['path']} ({done['size'] / 1e6:.1f} MB): "
                      f"{done['documents']} dokumen, {done['objects']} berkas ({done['object_bytes'] / 1e6:.1f} MB), "
                      f"basis data {done['records']} revisi {done['schema_revision']}, katalog {done['catalog']}.")

    @app.command()
    def restore(
        path: Annotated[Path, typer.Argument(help="Berkas cadangan dari `dukung backup`")],
    ) -> None:
        """Pulihkan cadangan ke folder data baru atau basis data kosong; indeks pencarian dibangun ulang."""
        from config.settings import get_settings
        from flows.backup import restore_backup
        from flows.cli import _show_data_header

        settings = get_settings()
        _show_data_header(settings)
        done = restore_backup(settings, path)
        console.print(f"[green]Cadangan dipulihkan:[/] {done['documents']} dokumen, {done['objects']} berkas, "
                      f"{done['indexed']} dokumen diindeks ulang (cadangan Dukung {done['dukung_version']}, "
                      f"revisi skema {done['schema_revision']}).")
        if not done["catalog_same"]:
            console.print(f"[yellow]Perhatian:[/] katalog yang dipakai sekarang berbeda dari katalog saat "
                          f"pencadangan ({done['catalog']}); salinannya ada di arsip: {done['catalog_file']}.")
