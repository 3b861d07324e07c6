"""``dukung classifier …``: train the evidence classifier."""

from __future__ import annotations

from pathlib import Path

import typer

from config.i18n import _
from flows.cli.render import console

classifier_app = typer.Typer(help=_("Model pengklasifikasi data dukung: latih ulang dari contoh berlabel."),
                             no_args_is_help=True)


@classifier_app.command("train", help=_("Latih model dari dev set, halaman publik (bukan data dukung dan dokumen "
                                      "berjenis), teks katalog LKE dan keputusan reviewer (hasilnya sama bila "
                                      "contohnya sama)."))
def train_command(
    output: Path = typer.Option(None, "--output", "-o",
                                help=_("Berkas model (.npz). Bawaan: pengaturan DUKUNG_CLASSIFIER__MODEL_PATH, "
                                     "atau model bawaan paket.")),
    devset: Path = typer.Option(None, "--devset", help=_("Folder dev set berlabel (labels.jsonl + texts/).")),
    public_pages: Path = typer.Option(None, "--public-pages",
                                      help=_("Folder halaman publik (pages.jsonl: bukan data dukung; "
                                             "evidence.jsonl: dokumen berjenis).")),
    records: bool = typer.Option(True, "--records/--no-records",
                                 help=_("Sertakan keputusan reviewer dari basis data sebagai contoh.")),
    force: bool = typer.Option(False, "--force", help=_("Latih ulang meski contohnya tidak berubah.")),
) -> None:
    """Train the model from the dev set, the LKE catalog text and reviewers' decisions (same examples, same result)."""
    from config.settings import get_settings
    from flows.ingest.classifier_training import (
        SOURCE_DEVSET,
        SOURCE_PUBLIC_PAGES,
        recorded_examples,
        train_classifier,
    )

    settings = get_settings()
    extra = []
    if records:
        from flows.runtime import open_runtime

        with open_runtime(settings) as rt:
            catalog = rt.catalog
            extra = recorded_examples(rt)
    else:
        from config.catalog import load_catalog

        catalog = load_catalog(settings.catalog_path)
    target = output or (Path(settings.classifier.model_path) if settings.classifier.model_path else None)
    report = train_classifier(catalog, output=target, devset=devset or SOURCE_DEVSET, extra=extra, force=force,
                              public_pages=public_pages or SOURCE_PUBLIC_PAGES)
    if report.unchanged:
        console.print(_("Model sudah terbaru: %(path)s (contoh tidak berubah).", path=report.path))
        return
    console.print(_("[green]Model dilatih[/] dari %(examples)s contoh (dev set %(devset)s, halaman publik "
                    "bukan data dukung %(public)s, dokumen publik berjenis %(documents)s, katalog %(catalog)s, "
                    "keputusan reviewer %(recorded)s) dalam %(seconds)s detik: %(path)s",
                    examples=report.examples, devset=report.devset, public=report.public,
                    documents=report.public_documents, catalog=report.catalog, recorded=report.recorded,
                    seconds=report.seconds, path=report.path))
