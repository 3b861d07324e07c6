"""The `dukung` command line (Typer + Rich). Messages in Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from config.errors import DukungError
from config.errors import InvalidInputError
from config.settings import get_settings
from flows import progress as progress_hooks
from flows.outage import outage_message
from flows.upload_summary import upload_problems
from flows.cli_render import (
    console,
    render_reconcile,
    print_json,
    render_catalog_tree,
    render_completeness,
    render_ingest,
    render_mail_result,
    render_outbox,
    render_question,
    render_search,
)

app = typer.Typer(help="Dukung — alur kerja data dukung Zona Integritas (LKE ZI, PermenPANRB 90/2021).",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
unit_app = typer.Typer(help="Kelola unit kerja (OPD, puskesmas, RSUD…).", no_args_is_help=True)
app.add_typer(unit_app, name="unit")
user_app = typer.Typer(help="Akun pengguna web: admin, reviewer, anggota unit.", no_args_is_help=True)
app.add_typer(user_app, name="user")
token_app = typer.Typer(help="Token API untuk skrip dan CLI (bertindak sebagai penggunanya).", no_args_is_help=True)
app.add_typer(token_app, name="token")
outbox_app = typer.Typer(help="Outbox e-mail: pesan antre dan terkirim.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    html = "html"


class CatalogFormat(str, Enum):
    tree = "tree"
    json = "json"


def _this_year() -> int:
    return dt.date.today().year


def _latest_period(rt) -> int:
    """The newest evaluation period that has documents (this year if none): what a check is about."""
    from storage.records import repository as repo

    with rt.records.session() as session:
        return repo.latest_period_year(session) or _this_year()


def _runtime():
    from flows.runtime import open_runtime

    return open_runtime(get_settings())


# --- init, units ---------------------------------------------------------------------------------

@app.command()
def init() -> None:
    """Siapkan folder data, basis data (migrasi) dan indeks pencarian; periksa katalog."""
    with _runtime() as rt:
        n = len(rt.catalog.questions())
        console.print(f"[green]Siap.[/] Data: {rt.settings.home.resolve()}")
        console.print(f"  Basis data : {rt.settings.records_url}")
        console.print(f"  Penyimpanan: {rt.settings.objects_url}")
        console.print(f"  Indeks     : {rt.settings.search.backend} ({rt.settings.search_path})")
        console.print(f"  Katalog    : {rt.settings.catalog_path.name} ({n} pertanyaan)")


@unit_app.command("add")
def unit_add(
    code: Annotated[str, typer.Argument(help="Kode unit, mis. DINKES-JBR")],
    name: Annotated[str, typer.Option("--name", "-n", help="Nama unit")] = "",
    contact: Annotated[Optional[list[str]], typer.Option("--contact", "-c", help="E-mail kontak (boleh berulang)")] = None,
) -> None:
    """Tambah atau perbarui unit kerja."""
    from storage.records import repository as repo

    with _runtime() as rt, rt.records.session() as session:
        unit = repo.add_unit(session, code, name or code, contact or [])
        repo.audit(session, "cli", "unit_add", "unit", unit.code, {"name": unit.name})
        console.print(f"[green]Unit tersimpan:[/] {unit.code} — {unit.name}")


@unit_app.command("list")
def unit_list(fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table) -> None:
    """Daftar unit kerja."""
    from rich.table import Table

    from storage.records import repository as repo

    with _runtime() as rt, rt.records.session() as session:
        units = [{"code": u.code, "name": u.name, "contacts": u.contacts} for u in repo.list_units(session)]
    if fmt is ListFormat.json:
        print_json(units)
        return
    t = Table(title="Unit kerja")
    t.add_column("Kode")
    t.add_column("Nama")
    t.add_column("Kontak")
    for u in units:
        t.add_row(u["code"], u["name"], ", ".join(u["contacts"]))
    console.print(t)


# --- upload ---------------------------------------------------------------------------------------

class _ProgressReporter:
    def __init__(self, bar: Progress, total_files: int):
        self.bar = bar
        self.stage = bar.add_task("Menyimpan berkas", total=total_files)
        self.process = None

    def staged(self, path: str) -> None:
        self.bar.advance(self.stage)

    def stage_done(self, report) -> None:
        self.process = self.bar.add_task("Ekstraksi & klasifikasi", total=len(report.to_process))

    def processed(self, outcome) -> None:
        if self.process is not None:
            self.bar.advance(self.process)

    def ocr_start(self, doc_ids) -> None:
        self.ocr = self.bar.add_task("OCR hasil pindai (dokumen)", total=len(doc_ids))

    def ocr_processed(self, outcome) -> None:
        if getattr(self, "ocr", None) is not None:
            self.bar.advance(self.ocr)


def run_upload(path: str, unit: str, year: int, question: str | None, uploaded_by: str, from_store: bool,
               show_progress: bool = True) -> dict:
    """Run one upload through the configured orchestrator (Prefect flow or direct)."""
    settings = get_settings()
    total = 0
    if not from_store:
        from flows.staging import iter_folder

        folder = Path(path)
        if not folder.is_dir():
            raise DukungError(f"Folder tidak ditemukan: {path}")
        total = sum(1 for _ in iter_folder(folder))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False, disable=not show_progress) as bar:
        progress_hooks.set_reporter(_ProgressReporter(bar, total))
        try:
            if settings.ingest.orchestrator == "prefect":
                from flows.pipelines import ingest_flow

                return ingest_flow(source=str(path), unit=unit, year=year, question=question,
                                   uploaded_by=uploaded_by, from_store=from_store)
            from flows.ingest import ingest

            with _runtime() as rt:
                return ingest(rt, path, unit_code=unit, year=year, question=question, uploaded_by=uploaded_by,
                              from_store=from_store, on_staged=progress_hooks.staged,
                              on_done=progress_hooks.processed, on_stage_done=progress_hooks.stage_done,
                              on_ocr_start=progress_hooks.ocr_start,
                              on_ocr_done=progress_hooks.ocr_processed).as_dict()
        finally:
            progress_hooks.set_reporter(None)


@app.command()
def upload(
    path: Annotated[str, typer.Argument(help="Folder data dukung (atau prefix penyimpanan objek dengan --from-store)")],
    unit: Annotated[str, typer.Option("--unit", "-u", help="Kode unit")],
    period: Annotated[int, typer.Option("--period", "-p", help="Tahun periode evaluasi")] = 0,
    question: Annotated[Optional[str], typer.Option("--question", "-q", help="Kode pertanyaan LKE untuk semua berkas")] = None,
    by: Annotated[str, typer.Option("--by", help="Nama pengunggah (untuk jejak audit)")] = "cli",
    from_store: Annotated[bool, typer.Option("--from-store", help="PATH adalah prefix di penyimpanan objek, mis. inbox/UNIT/2025")] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Unggah folder data dukung: simpan, ekstrak teks, klasifikasikan ke LKE, dan indeks."""
    result = run_upload(path, unit, period or _this_year(), question, by, from_store,
                        show_progress=fmt is ListFormat.table)
    if fmt is ListFormat.json:
        print_json(result)
    else:
        render_ingest(result)
    problems = upload_problems(result)
    if problems:
        for line in problems:
            console.print(f"[red]Galat:[/] {line}", highlight=False)
        raise typer.Exit(1)


@app.command()
def sync(
    prefix: Annotated[str, typer.Option("--prefix", help="Prefix inbox di penyimpanan objek")] = "inbox/",
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Proses berkas yang diletakkan langsung di bucket: inbox/<KODE-UNIT>/<TAHUN>/…"""
    settings = get_settings()
    if settings.ingest.orchestrator == "prefect":
        from flows.pipelines import sync_flow

        result = sync_flow(prefix=prefix)
    else:
        from flows.sync import sync_inbox

        with _runtime() as rt:
            result = sync_inbox(rt, prefix).as_dict()
    if fmt is ListFormat.json:
        print_json(result)
        return
    console.print(f"Objek di inbox: {result['seen']}; baru/berubah: {result['new_or_changed']}; "
                  f"tidak berubah: {result['unchanged']}; dokumen diproses: {result['processed']}")
    for r in result["rejected"]:
        console.print(f"  [yellow]• {r['key']}[/]: {r['reason']}")


@app.command()
def retry(
    failed: Annotated[bool, typer.Option("--failed", help="Proses ulang dokumen yang gagal/tidak didukung/kosong")] = True,
    all_: Annotated[bool, typer.Option("--all", help="Proses ulang SEMUA dokumen (mis. setelah aturan isi katalog "
                                                     "berubah): teks, tanggal, pemeriksaan isi, klasifikasi")] = False,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Hanya unit ini")] = None,
) -> None:
    """Proses ulang dokumen yang gagal diekstrak (mis. setelah perbaikan parser), atau semua dengan --all."""
    from flows.ingest import reprocess

    with _runtime() as rt:
        total = reprocess(rt, unit_code=unit, everything=all_ or not failed)
    ocr = f"; OCR: {total.ocr_documents} dokumen, {total.ocr_pages} halaman" if total.ocr_documents else ""
    console.print(f"Diproses ulang: {total.processed}; status: {dict(total.statuses)}{ocr}")
    problems = upload_problems({"errors": [], **total.as_dict()})
    for line in problems:
        console.print(f"[red]Galat:[/] {line}", highlight=False)
    if problems:
        raise typer.Exit(1)


# --- completeness ---------------------------------------------------------------------------------

@app.command()
def check(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Kode unit (kosong = semua unit)")] = None,
    period: Annotated[int, typer.Option("--period", "-p", help="Tahun periode evaluasi (kosong = periode terbaru yang berisi dokumen)")] = 0,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="table, json, xlsx atau html")] = CheckFormat.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Berkas keluaran (xlsx/json/html)")] = None,
    gaps_only: Annotated[bool, typer.Option("--gaps/--all", help="Tabel: hanya pertanyaan yang belum lengkap")] = True,
    send: Annotated[bool, typer.Option("--send", help="Kirim e-mail celah ke kontak unit dan ringkasan ke reviewer")] = False,
    force: Annotated[bool, typer.Option("--force", help="Dengan --send: kirim lagi walau pesan yang sama sudah terkirim hari ini")] = False,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Simpan hasil pemeriksaan untuk laporan perubahan berikutnya")] = True,
) -> None:
    """Periksa kelengkapan data dukung per pertanyaan LKE (dan kirim e-mail celah dengan --send)."""
    from flows.changes import changes_since_previous, save_snapshot, today_slot
    from flows.completeness import check_completeness
    from flows.reports import write_json, write_xlsx
    from flows.reports_html import write_html
    from storage.records import repository as repo

    with _runtime() as rt:
        year = period or _latest_period(rt)
        with rt.records.session() as session:
            codes = [unit] if unit else [u.code for u in repo.list_units(session)]
            if unit:
                repo.get_unit(session, unit)
        slot = today_slot(rt.settings.mail.timezone)
        reports, changes = [], {}
        for code in codes:
            report = check_completeness(rt, code, year)
            changes[code] = changes_since_previous(rt, report, slot)
            reports.append(report)
        if send:
            from flows.notify import send_completeness_mail

            sent = send_completeness_mail(rt, year, codes if unit else None, slot=slot, force=force)
        elif save:
            for report in reports:
                save_snapshot(rt, report, slot)
    if fmt is CheckFormat.xlsx:
        target = output or Path(f"kelengkapan-{unit or 'semua'}-{year}.xlsx")
        write_xlsx(reports, target)
        console.print(f"[green]Laporan XLSX ditulis:[/] {target}")
    elif fmt is CheckFormat.html:
        target = output or Path(f"kelengkapan-{unit or 'semua'}-{year}.html")
        write_html(reports, target, changes)
        console.print(f"[green]Laporan HTML ditulis:[/] {target}")
    elif fmt is CheckFormat.json:
        data = [{**r.as_dict(), "changes": changes[r.unit].as_dict()} for r in reports]
        if send:
            data = {"reports": data, "mail": sent.as_dict()}
        if output:
            write_json(reports, output, extra=data)
            console.print(f"[green]Laporan JSON ditulis:[/] {output}")
        else:
            print_json(data)
    else:
        for r in reports:
            render_completeness(r, gaps_only=gaps_only, changes=changes[r.unit])
    if send:
        if fmt is not CheckFormat.json or output:
            render_mail_result(sent)
        if sent.delivery and sent.delivery.failed:
            console.print(f"[red]Galat:[/] {sent.delivery.failed} pesan belum terkirim (server e-mail tidak dapat "
                          "dihubungi); pesan tetap di outbox dan dikirim otomatis oleh rekonsiliasi setelah server "
                          "pulih.", highlight=False)
            raise typer.Exit(1)


# --- reviewers' word ------------------------------------------------------------------------------

@app.command()
def tag(
    label: Annotated[str, typer.Argument(help="gap (ada kekurangan), ok (terverifikasi) atau tidak_relevan (dokumen)")],
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Kode unit (tag pada pertanyaan)")] = None,
    period: Annotated[int, typer.Option("--period", "-p", help="Tahun periode (kosong = terbaru)")] = 0,
    question: Annotated[Optional[str], typer.Option("--question", "-q", help="Kode pertanyaan, mis. A.I.1.i.a")] = None,
    document: Annotated[Optional[int], typer.Option("--document", "-d", help="Id dokumen (tag pada dokumen)")] = None,
    note: Annotated[str, typer.Option("--note", "-n", help='Catatan, mis. "SK belum ditandatangani"')] = "",
    by: Annotated[str, typer.Option("--by", help="Nama/e-mail reviewer")] = "cli",
) -> None:
    """Beri tanda reviewer pada pertanyaan (gap/ok) atau dokumen (tidak_relevan, gap, ok)."""
    from flows.review import tag_document, tag_question

    with _runtime() as rt:
        if document is not None:
            view = tag_document(rt, document, label, question=question, note=note, actor=by)
        else:
            if not unit or not question:
                raise InvalidInputError("Tag pertanyaan butuh --unit dan --question (atau --document untuk dokumen)")
            view = tag_question(rt, unit, period or _latest_period(rt), question, label, note=note, actor=by)
    target = f"dokumen #{view.document_id}" if view.document_id else f"pertanyaan {view.question}"
    console.print(f"[green]Tag #{view.id} '{view.label}'[/] pada {target} ({view.unit}, {view.year})"
                  + (f": {view.note}" if view.note else ""))


@app.command()
def untag(
    tag_id: Annotated[int, typer.Argument(help="Id tag (lihat `dukung tags`)")],
    by: Annotated[str, typer.Option("--by", help="Nama/e-mail reviewer")] = "cli",
) -> None:
    """Tutup tag reviewer (mis. kekurangan sudah diperbaiki)."""
    from flows.review import resolve_tag

    with _runtime() as rt:
        resolve_tag(rt, tag_id, actor=by)
    console.print(f"[green]Tag #{tag_id} ditutup.[/]")


@app.command()
def tags(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Kode unit")] = None,
    period: Annotated[Optional[int], typer.Option("--period", "-p", help="Tahun periode")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Daftar tag reviewer yang masih terbuka."""
    from dataclasses import asdict

    from rich.table import Table

    from flows.review import open_tags

    with _runtime() as rt:
        rows = [asdict(t) for t in open_tags(rt, unit, period)]
    if fmt is ListFormat.json:
        print_json(rows)
        return
    t = Table(title="Tag reviewer terbuka")
    for col in ("#", "Unit", "Periode", "Label", "Pertanyaan", "Dokumen", "Catatan", "Oleh"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(str(r["id"]), r["unit"], str(r["year"]), r["label"], r["question"] or "-",
                  str(r["document_id"] or "-"), r["note"], r["by"])
    console.print(t)


@app.command()
def assign(
    document: Annotated[int, typer.Argument(help="Id dokumen")],
    question: Annotated[str, typer.Argument(help="Kode pertanyaan tujuan")],
    from_question: Annotated[Optional[str], typer.Option("--from", help="Pindahkan dari pertanyaan ini (dokumen tidak lagi dihitung di sana)")] = None,
    note: Annotated[str, typer.Option("--note", "-n", help="Alasan")] = "",
    by: Annotated[str, typer.Option("--by", help="Nama/e-mail reviewer")] = "cli",
) -> None:
    """Tetapkan dokumen ke pertanyaan lain secara manual (tetap berlaku saat klasifikasi ulang)."""
    from flows.review import reassign_document

    with _runtime() as rt:
        reassign_document(rt, document, question, from_question=from_question, note=note, actor=by)
    console.print(f"[green]Dokumen #{document}[/] ditetapkan ke {question}"
                  + (f" (tidak lagi di {from_question})" if from_question else ""))


# --- accounts --------------------------------------------------------------------------------------

@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="E-mail (dipakai untuk masuk)")],
    role: Annotated[str, typer.Option("--role", "-r", help="admin, reviewer atau unit")] = "unit",
    unit: Annotated[Optional[list[str]], typer.Option("--unit", "-u", help="Unit anggota (peran unit) atau unit yang ditugaskan (reviewer); boleh berulang")] = None,
    all_units: Annotated[bool, typer.Option("--all-units", help="Reviewer untuk semua unit")] = False,
    name: Annotated[str, typer.Option("--name", "-n", help="Nama lengkap")] = "",
    password: Annotated[str, typer.Option("--password", prompt="Kata sandi", hide_input=True,
                                          confirmation_prompt="Ulangi kata sandi", help="Kata sandi (minimal 10 karakter); ditanyakan bila tidak diisi")] = "",
) -> None:
    """Tambah atau perbarui pengguna web (kata sandi disimpan dengan argon2)."""
    from flows.accounts import add_user

    with _runtime() as rt:
        who = add_user(rt, email, role=role, password=password, name=name, units=unit or [], all_units=all_units)
    scope = "semua unit" if who.unit_codes is None else ", ".join(sorted(who.unit_codes)) or "-"
    console.print(f"[green]Pengguna tersimpan:[/] {who.email} ({who.role}; {scope})")


@user_app.command("list")
def user_list(fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table) -> None:
    """Daftar pengguna web."""
    from rich.table import Table

    from flows.accounts import list_users

    with _runtime() as rt:
        rows = list_users(rt)
    if fmt is ListFormat.json:
        print_json(rows)
        return
    t = Table(title="Pengguna")
    for col in ("E-mail", "Nama", "Peran", "Unit", "Aktif", "Terakhir masuk"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["email"], r["name"], r["role"], "semua" if r["all_units"] or r["role"] == "admin" else ", ".join(r["units"]),
                  "ya" if r["active"] else "tidak", str(r["last_login_at"] or "-"))
    console.print(t)


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="Pengguna pemilik token")],
    name: Annotated[str, typer.Option("--name", "-n", help="Untuk apa token ini, mis. 'skrip unggah'")] = "",
) -> None:
    """Buat token API (ditampilkan sekali; simpan baik-baik)."""
    from flows.accounts import create_api_token

    with _runtime() as rt:
        token = create_api_token(rt, email, name)
    console.print("Token API (hanya ditampilkan sekali):", style="green")
    print(token)


@token_app.command("revoke")
def token_revoke(email: Annotated[str, typer.Argument(help="Pengguna")]) -> None:
    """Cabut semua token API seorang pengguna."""
    from flows.accounts import revoke_api_tokens

    with _runtime() as rt:
        n = revoke_api_tokens(rt, email)
    console.print(f"{n} token dicabut.")


@outbox_app.command("list")
def outbox_list(
    status: Annotated[Optional[str], typer.Option("--status", help="queued atau sent")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Daftar pesan e-mail di outbox (antre dan terkirim)."""
    from flows.mail.outbox import list_messages

    with _runtime() as rt:
        rows = list_messages(rt, status=status)
    if fmt is ListFormat.json:
        print_json(rows)
    else:
        render_outbox(rows)


@outbox_app.command("send")
def outbox_send() -> None:
    """Kirim ulang semua pesan yang masih antre (mis. setelah server SMTP kembali)."""
    from flows.mail.outbox import deliver_pending

    with _runtime() as rt:
        report = deliver_pending(rt)
    console.print(f"Terkirim: {report.sent}, masih antre: {report.failed}")
    for e in report.errors:
        console.print(f"  [red]•[/] {e}")
    if report.failed:
        raise typer.Exit(1)


# --- search and documents -------------------------------------------------------------------------

@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Kata kunci; "frasa dalam tanda kutip", OR, -kata')] = "",
    unit: Annotated[Optional[list[str]], typer.Option("--unit", "-u", help="Unit (boleh berulang)")] = None,
    period: Annotated[Optional[list[int]], typer.Option("--period", "-p", help="Periode")] = None,
    area: Annotated[Optional[list[str]], typer.Option("--area", help="Kode area, mis. A.I.1")] = None,
    question: Annotated[Optional[list[str]], typer.Option("--question", "-q", help="Kode pertanyaan")] = None,
    doc_type: Annotated[Optional[list[str]], typer.Option("--type", "-t", help="Jenis dokumen")] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Tag reviewer")] = None,
    year: Annotated[Optional[list[int]], typer.Option("--year", "-y", help="Tahun dokumen")] = None,
    page: Annotated[int, typer.Option("--page", min=1)] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, max=200)] = 10,
    sort: Annotated[str, typer.Option("--sort", help="relevance atau date")] = "relevance",
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Cari teks penuh (bahasa Indonesia, dengan stemming) di seluruh data dukung."""
    from dataclasses import asdict

    from indexing.search import SearchQuery, open_search_index

    settings = get_settings()
    index = open_search_index(settings.search.backend, path=settings.search_path, settings=settings.search)
    try:
        result = index.search(SearchQuery(text=query, units=unit, periods=period, areas=area, questions=question,
                                          doc_types=doc_type, tags=tag, years=year, page=page, per_page=per_page,
                                          sort=sort))
    finally:
        index.close()
    if fmt is ListFormat.json:
        print_json({"total": result.total, "page": result.page, "per_page": result.per_page,
                    "hits": [asdict(h) for h in result.hits],
                    "facets": {k: [[v, n] for v, n in vals] for k, vals in result.facets.items()}})
    else:
        render_search(result, query)


@app.command()
def documents(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Kode unit")] = None,
    period: Annotated[Optional[int], typer.Option("--period", "-p", help="Tahun periode")] = None,
    status: Annotated[Optional[str], typer.Option("--status", "-s", help="Status ekstraksi: ok, empty, failed, unsupported, needs_ocr, encrypted")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Tampilkan juga versi lama")] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Daftar dokumen dengan status ekstraksi, kode pertanyaan, jenis dokumen, keyakinan dan alasannya."""
    from rich.table import Table

    from storage.records import repository as repo

    with _runtime() as rt, rt.records.session() as session:
        docs = repo.list_documents(session, unit_codes=[unit] if unit else None, year=period,
                                   current_only=not all_versions, extraction_status=[status] if status else None)
        rows = [{
            "id": d.id, "unit": d.unit.code, "period": d.period.year, "path": d.relative_path,
            "version": d.version, "current": d.is_current, "size": d.size, "media_type": d.media_type,
            "sha256": d.sha256, "uploaded_at": d.uploaded_at, "uploaded_by": d.uploaded_by,
            "extraction": {
                "status": d.extraction.status if d.extraction else "pending",
                "reason": d.extraction.reason if d.extraction else None,
                "pages": d.extraction.page_count if d.extraction else None,
                "text_length": d.extraction.text_length if d.extraction else 0,
                "extractor": d.extraction.extractor if d.extraction else None,
                "ocr": ({"state": d.extraction.ocr_state, "pages": d.extraction.ocr_pages,
                         "confidence": d.extraction.ocr_confidence}
                        if d.extraction and d.extraction.ocr_state else None),
            },
            "doc_type": d.doc_type, "doc_types": d.doc_types, "doc_date": d.doc_date, "doc_number": d.doc_number,
            "title": d.title,
            "questions": [{"code": c.question_code, "confidence": c.confidence, "reason": c.reason, "source": c.source}
                          for c in d.classifications if c.question_code],
        } for d in docs]
    if fmt is ListFormat.json:
        print_json(rows)
        return
    t = Table(title=f"Dokumen ({len(rows)})")
    for col in ("#", "Unit", "Path", "Status", "Jenis", "Pertanyaan (keyakinan)", "Alasan"):
        t.add_column(col, overflow="fold")
    for r in rows:
        qs = ", ".join(f"{q['code']} ({q['confidence']:.2f})" for q in r["questions"][:4]) or "-"
        reason = r["questions"][0]["reason"] if r["questions"] else (r["extraction"]["reason"] or "")
        st = r["extraction"]["status"]
        ocr = r["extraction"]["ocr"]
        if ocr and ocr["state"] == "done":
            st += f" (OCR hlm {len(ocr['pages'] or [])}, {ocr['confidence'] or 0:.0f}%)"
        elif ocr:
            st += f" (OCR {ocr['state']})"
        t.add_row(str(r["id"]), r["unit"], r["path"], st if st.startswith("ok") else f"[yellow]{st}[/]",
                  r["doc_type"] or "-", qs, reason[:120])
    console.print(t)


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


@app.command()
def reindex(
    if_needed: Annotated[bool, typer.Option("--if-needed", help="Hanya jika skema indeks berubah")] = False,
) -> None:
    """Bangun ulang indeks pencarian dari basis data dan penyimpanan objek."""
    from flows.indexer import reindex as rebuild

    with _runtime() as rt:
        if if_needed and not rt.search.needs_rebuild():
            console.print("Indeks sudah mutakhir.")
            return
        n = rebuild(rt)
    console.print(f"[green]Indeks dibangun ulang:[/] {n} dokumen.")


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="Folder contoh data dukung")] = Path("demo-data"),
    year: Annotated[int, typer.Option("--period", "-p", help="Tahun periode contoh")] = 2025,
) -> None:
    """Buat contoh data dukung tiga unit, unggah, periksa kelengkapan, dan lakukan beberapa pencarian."""
    from flows.demo import run_demo

    run_demo(directory, year)


@app.command()
def serve(
    limit: Annotated[Optional[int], typer.Option("--limit", help="Batas jumlah flow run bersamaan")] = None,
) -> None:
    """Layani deployment Dukung (unggah, kelengkapan, indeks ulang, sinkron inbox tiap 5 menit, rekonsiliasi tiap 15 menit) ke server Prefect."""
    from flows.deployments import serve_all

    console.print("Melayani deployment Dukung ke server Prefect "
                  f"({__import__('os').environ.get('PREFECT_API_URL') or 'server lokal sementara'}); Ctrl+C untuk berhenti.")
    serve_all(limit=limit)


@app.command()
def web(
    host: Annotated[Optional[str], typer.Option("--host", help="Alamat (bawaan: DUKUNG_WEB__HOST)")] = None,
    port: Annotated[Optional[int], typer.Option("--port", help="Port (bawaan: DUKUNG_WEB__PORT)")] = None,
) -> None:
    """Jalankan aplikasi web Dukung (halaman unggah, reviu, pencarian; JSON API di /docs; webhook bucket)."""
    import uvicorn

    from web.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.web.host, port=port or settings.web.port)


@app.command()
def reconcile(
    older_than: Annotated[Optional[float], typer.Option("--older-than", help="Menit: hanya pekerjaan yang tertunda lebih lama dari ini (bawaan: DUKUNG_INGEST__STUCK_AFTER_MINUTES)")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Selesaikan pekerjaan yang tertinggal setelah gangguan dan selaraskan catatan, berkas dan indeks."""
    from datetime import timedelta

    from flows.reconcile import reconcile as run_reconcile

    with _runtime() as rt:
        report = run_reconcile(rt, None if older_than is None else timedelta(minutes=older_than))
    if fmt is ListFormat.json:
        print_json(report.as_dict())
    else:
        render_reconcile(report)
    if not report.clean:
        raise typer.Exit(1)


@app.command()
def doctor() -> None:
    """Periksa folder data, katalog, penyimpanan, basis data dan keselarasan indeks."""
    from flows.doctor import run_checks

    checks = run_checks(get_settings())
    for c in checks:
        mark = "[green]✓[/]" if c.ok else "[red]✗[/]"
        console.print(f"{mark} {c.name}: {c.detail}")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def main() -> None:
    """Entry point: domain errors become one clear line and exit code 1."""
    try:
        app()
    except DukungError as exc:
        console.print(f"[red]Galat:[/] {exc}")
        sys.exit(1)
    except Exception as exc:
        message = outage_message(exc)
        if message is None:
            raise
        console.print(f"[red]Galat:[/] {message}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
