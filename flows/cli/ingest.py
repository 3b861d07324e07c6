"""`dukung upload`, `sync`, `retry`, `reindex`, `reconcile`: evidence into the store, the records and the index.

The commands are registered on the root app in :mod:`flows.cli.app`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from config.i18n import _
from config.errors import DukungError
from flows.cli.common import ListFormat, _known_unit, _period, _require_data, _runtime
from flows.cli.render import console, print_json, render_ingest, render_reconcile
from flows.cli.upload_summary import upload_problems
from flows.ingest import progress as progress_hooks


class _ProgressReporter:
    def __init__(self, bar: Progress, total_files: int):
        self.bar = bar
        self.stage = bar.add_task(_("Menyimpan berkas"), total=total_files)
        self.process = None

    def staged(self, path: str) -> None:
        self.bar.advance(self.stage)

    def stage_done(self, report) -> None:
        self.process = self.bar.add_task(_("Ekstraksi & klasifikasi"), total=len(report.to_process))

    def processed(self, outcome) -> None:
        if self.process is not None:
            self.bar.advance(self.process)

    def ocr_start(self, doc_ids) -> None:
        self.ocr = self.bar.add_task(_("OCR hasil pindai (dokumen)"), total=len(doc_ids))

    def ocr_processed(self, outcome) -> None:
        if getattr(self, "ocr", None) is not None:
            self.bar.advance(self.ocr)


def run_upload(path: str, unit: str, year: int, question: str | None, uploaded_by: str, from_store: bool,
               show_progress: bool = True) -> dict:
    """Run one upload through the configured orchestrator (Prefect flow or direct)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    settings = _require_data()
    unit = _known_unit(unit)
    total = 0
    if not from_store:
        from flows.ingest.staging import iter_folder

        folder = Path(path)
        if not folder.is_dir():
            raise DukungError(_("Folder tidak ditemukan: %(path)s", path=path))
        total = sum(1 for _file in iter_folder(folder))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False, disable=not show_progress) as bar:
        progress_hooks.set_reporter(_ProgressReporter(bar, total))
        try:
            if settings.ingest.orchestrator == "prefect":
                from flows.prefect_server import connect

                url = connect(settings)  # the data folder's one Prefect server (started once, then reused)
                if url:  # its warm runner runs the flow: no Prefect import, no flow engine in this process
                    from flows.cli.warm_upload import upload_through_runner

                    result = upload_through_runner(settings, url, path, unit, year, question, uploaded_by,
                                                   from_store)
                    if result is not None:
                        return result
                from flows.pipelines import ingest_flow

                return ingest_flow(source=str(path), unit=unit, year=year, question=question,
                                   uploaded_by=uploaded_by, from_store=from_store)
            from flows.ingest.pipeline import ingest

            with _runtime() as rt:
                return ingest(rt, path, unit_code=unit, year=year, question=question, uploaded_by=uploaded_by,
                              from_store=from_store, on_staged=progress_hooks.staged,
                              on_done=progress_hooks.processed, on_stage_done=progress_hooks.stage_done,
                              on_ocr_start=progress_hooks.ocr_start,
                              on_ocr_done=progress_hooks.ocr_processed).as_dict()
        finally:
            progress_hooks.set_reporter(None)


def upload(
    path: Annotated[str, typer.Argument(help=_("Folder data dukung (atau prefix penyimpanan objek dengan --from-store)"))],
    unit: Annotated[str, typer.Option("--unit", "-u", help=_("Kode unit"))],
    period: Annotated[int, typer.Option("--period", "-p", help=_("Tahun periode evaluasi (kosong = periode aktif)"))] = 0,
    question: Annotated[Optional[str], typer.Option("--question", "-q", help=_("Kode pertanyaan LKE untuk semua berkas"))] = None,
    by: Annotated[str, typer.Option("--by", help=_("Nama pengunggah (untuk jejak audit)"))] = "cli",
    from_store: Annotated[bool, typer.Option("--from-store", help=_("PATH adalah prefix di penyimpanan objek, mis. inbox/UNIT/2025"))] = False,
    override: Annotated[bool, typer.Option("--override", help=_("Admin: terima unggahan di luar masa isian/revisi "
                                                              "(dicatat di jejak audit)"))] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """Upload an evidence folder: store it, extract text, classify into the LKE and index."""
    from flows.periods.gate import UploadWindowClosedError, admit_upload

    with _runtime() as rt:  # the active period unless told; refused outside its isian/revisi windows
        year = _period(rt, period)
        try:
            admit_upload(rt, year, unit=unit, actor=by, channel="cli", override=override)
        except UploadWindowClosedError as exc:
            raise UploadWindowClosedError(_("%(exc)s (Admin: --override menerimanya dan mencatatnya di log audit.)",
                                            exc=exc)) from None
    result = run_upload(path, unit, year, question, by, from_store,
                        show_progress=fmt is ListFormat.table)
    if fmt is ListFormat.json:
        print_json(result)
    else:
        render_ingest(result)
    _fail_on(upload_problems(result))


def _fail_on(problems: list[str]) -> None:
    """Each problem as a ``Galat:`` line, then exit 1: an upload with problems is not a success."""
    for line in problems:
        console.print(_("[red]Galat:[/] %(line)s", line=line), highlight=False)
    if problems:
        raise typer.Exit(1)


def sync(
    prefix: Annotated[str, typer.Option("--prefix", help=_("Prefix inbox di penyimpanan objek"))] = "inbox/",
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """Process files put straight into the bucket: inbox/<UNIT-CODE>/<YEAR>/…"""
    settings = _require_data()
    if settings.ingest.orchestrator == "prefect":
        from flows.prefect_server import connect

        connect(settings)
        from flows.pipelines import sync_flow

        result = sync_flow(prefix=prefix)
    else:
        from flows.ingest.sync import sync_inbox

        with _runtime() as rt:
            result = sync_inbox(rt, prefix).as_dict()
    if fmt is ListFormat.json:
        print_json(result)
        return
    console.print(_("Objek di inbox: %(seen)s; baru/berubah: %(new_or_changed)s; "
                    "tidak berubah: %(unchanged)s; berkas sistem dilewati: %(skipped)s; "
                    "dokumen diproses: %(processed)s", seen=result['seen'], new_or_changed=result['new_or_changed'],
                    unchanged=result['unchanged'], skipped=result['skipped'], processed=result['processed']))
    for r in result["rejected"]:
        console.print(f"  [yellow]• {r['key']}[/]: {r['reason']}")


def retry(
    failed: Annotated[bool, typer.Option("--failed", help=_("Proses ulang dokumen yang gagal/tidak didukung/kosong"))] = True,
    all_: Annotated[bool, typer.Option("--all", help=_("Proses ulang SEMUA dokumen (mis. setelah aturan isi katalog "
                                                     "berubah): teks, tanggal, pemeriksaan isi, klasifikasi"))] = False,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help=_("Hanya unit ini"))] = None,
) -> None:
    """Reprocess documents whose extraction failed or that were never processed (e.g. after an outage), or all with --all."""
    from flows.ingest.pipeline import reprocess

    with _runtime() as rt:
        total = reprocess(rt, unit_code=unit, everything=all_ or not failed)
    done = _("Diproses ulang: %(processed)s; status: %(statuses)s", processed=total.processed,
             statuses=dict(total.statuses))
    if total.ocr_documents:
        done += "; " + _("OCR: %(documents)s dokumen, %(pages)s halaman", documents=total.ocr_documents,
                         pages=total.ocr_pages)
    console.print(done)
    _fail_on(upload_problems({"errors": [], **total.as_dict()}))


def reindex(
    if_needed: Annotated[bool, typer.Option("--if-needed", help=_("Hanya jika skema indeks berubah"))] = False,
) -> None:
    """Rebuild the search index from the database and the object store."""
    from flows.ingest.indexer import reindex as rebuild

    with _runtime() as rt:
        if if_needed and not rt.search.needs_rebuild():
            console.print(_("Indeks sudah mutakhir."))
            return
        n = rebuild(rt)
    console.print(_("[green]Indeks dibangun ulang:[/] %(n)s dokumen.", n=n))


def reconcile(
    older_than: Annotated[Optional[float], typer.Option("--older-than", help=_("Menit: hanya pekerjaan yang tertunda lebih lama dari ini (bawaan: DUKUNG_INGEST__STUCK_AFTER_MINUTES; unggahan web yang masih dapat dilanjutkan: DUKUNG_INGEST__UPLOAD_STALE_HOURS)"))] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """Finish work left behind by an outage and bring records, files and index back in line."""
    from datetime import timedelta

    from flows.recovery.reconcile import reconcile as run_reconcile

    with _runtime() as rt:
        report = run_reconcile(rt, None if older_than is None else timedelta(minutes=older_than))
    if fmt is ListFormat.json:
        print_json(report.as_dict())
    else:
        render_reconcile(report)
    if not report.clean:
        raise typer.Exit(1)
