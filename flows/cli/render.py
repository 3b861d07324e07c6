"""Rendering CLI output: Rich tables for people, stable JSON for machines."""

from __future__ import annotations

import html
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from config.formatting import format_number, format_percent

if TYPE_CHECKING:  # the records models load only in the commands that need them (CLI start-up time)
    from flows.completeness.check import CompletenessReport

console = Console()
STATUS_STYLE = {"lengkap": "green", "sebagian": "yellow", "belum_ada": "red", "ditandai_reviewer": "magenta"}


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def pct(x: float) -> str:
    return format_percent(x)


def render_ingest(result: dict) -> None:
    t = Table(title=f"Hasil unggah — unit {result['unit']}, periode {result['year']}", show_header=False)
    t.add_row("Berkas baru", str(result["new"]))
    t.add_row("Versi baru", str(result["new_versions"]))
    t.add_row("Tidak berubah (dilewati)", str(result["unchanged"]))
    t.add_row("Diproses", str(result["processed"]))
    t.add_row("Halaman", str(result["pages"]))
    t.add_row("Terklasifikasi ke pertanyaan LKE", str(result["classified"]))
    t.add_row("Status ekstraksi", ", ".join(f"{k}: {v}" for k, v in sorted(result["statuses"].items())) or "-")
    ocr = result.get("ocr") or {}
    if ocr.get("documents"):
        seconds = ocr.get("seconds") or 0
        rate = f", {format_number(ocr['pages'] / seconds, 2)} halaman/detik" if seconds else ""
        t.add_row("OCR", f"{ocr['documents']} dokumen, {ocr['pages']} halaman dalam {seconds:.1f} detik{rate}")
    console.print(t)
    for f in result["failures"]:
        console.print(f"  [yellow]• dokumen #{f['document_id']}[/] {f['status']}: {f['reason']}")
    for e in result["errors"]:
        console.print(f"  [red]• {e['path']}[/]: {e['reason']}")
    skipped = result.get("skipped") or []
    if skipped:
        console.print(f"Dilewati (tidak dibaca): [bold]{len(skipped)}[/]")
        for e in skipped:
            console.print(f"  [yellow]• {e['path']}[/]: {e['reason']}")


def render_completeness(report: CompletenessReport, *, gaps_only: bool = False, changes=None) -> None:
    from flows.completeness.check import STATUS_LABEL

    console.rule(f"[bold]{report.unit_name}[/] ({report.unit}) — periode {report.year}")
    counts = ", ".join(f"{STATUS_LABEL[k]}: {v}" for k, v in report.counts.items())
    console.print(counts)
    areas = Table(title="Cakupan bukti per area (perkiraan, bukan nilai)")
    for col in ("Area", "Komponen", "Soal", "Lengkap", "Sebagian", "Belum", "Cakupan", "≥60% WBK", "≥75% WBBM"):
        areas.add_column(col)
    for a in report.areas:
        areas.add_row(a.short, a.component, str(a.questions), str(a.counts["lengkap"]), str(a.counts["sebagian"]),
                      str(a.counts["belum_ada"]), pct(a.coverage), "ya" if a.meets_wbk else "tidak",
                      "ya" if a.meets_wbbm else "tidak")
    console.print(areas)
    console.print("[dim]" + " · ".join(dict.fromkeys(f"{a.short} = {a.name}" for a in report.areas)) + "[/]")
    console.print(f"Perkiraan cakupan bukti pengungkit: [bold]{format_number(report.pengungkit_estimate, 2)}[/] dari 60. "
                  f"[dim]{report.note}[/]")
    if changes is not None:
        render_changes(changes)
    rows = report.gaps if gaps_only else report.questions
    t = Table(title="Pertanyaan tanpa bukti lengkap" if gaps_only else "Status per pertanyaan")
    for col in ("Kode", "Status", "Pertanyaan", "Dokumen", "Yang belum ada"):
        t.add_column(col, overflow="fold")
    for q in rows:
        style = STATUS_STYLE.get(q.status, "")
        status = f"[{style}]{STATUS_LABEL[q.status]}[/]"
        if q.automatic_status != q.status:  # the reviewer's word differs from the rules' result
            status += f"\n[dim](otomatis: {STATUS_LABEL[q.automatic_status]})[/]"
        docs = str(len(q.documents)) + (f"\n[yellow]+{len(q.suggestions)} perlu konfirmasi[/]" if q.suggestions else "")
        t.add_row(q.code, status, q.question[:70], docs, "; ".join(q.missing[:3]))
    console.print(t)
    waiting = sum(len(q.suggestions) for q in report.questions)
    if waiting:
        console.print(f"[yellow]{waiting} saran pemetaan perlu konfirmasi[/] (belum dihitung sebagai bukti): "
                      f"dukung suggestions --unit {report.unit} --period {report.year}")


_MARKED_RE = re.compile(r"<mark>(.*?)</mark>", re.S)


def marked_to_rich(marked_html: str) -> str:
    """A search result's HTML-escaped text with <mark>s as Rich markup: marks in bold yellow, the rest literal."""
    out, pos = [], 0
    for m in _MARKED_RE.finditer(marked_html):
        out.append(escape(html.unescape(marked_html[pos:m.start()])))
        out.append("[bold yellow]" + escape(html.unescape(m.group(1))) + "[/]")
        pos = m.end()
    out.append(escape(html.unescape(marked_html[pos:])))
    return "".join(out)


def render_search(result, query: str) -> None:
    console.print(f"[bold]{result.total}[/] dokumen cocok untuk [cyan]{escape(query or '(semua)')}[/] "
                  f"(halaman {result.page})")
    for hit in result.hits:
        snippet = marked_to_rich(hit.snippet)
        path = marked_to_rich(hit.path_highlighted) if hit.path_highlighted else escape(hit.path)
        codes = ", ".join(hit.question_codes) or "-"
        ocr = " [magenta]\\[teks OCR][/]" if hit.ocr else ""
        console.print(f"[bold]#{hit.doc_id}[/] {path}{ocr} [dim]({hit.unit}, {hit.period}, {hit.doc_type or '-'}; {codes})[/]",
                      highlight=False)
        console.print(f"   {snippet}", highlight=False)
    if result.facets:
        for name, values in result.facets.items():
            if values:
                console.print(f"[dim]{name}:[/] " + ", ".join(f"{v} ({n})" for v, n in values[:8]))


def render_catalog_tree(catalog) -> None:
    root = Tree(f"[bold]{catalog.title}[/] — {catalog.regulation}")
    for aspect in catalog.aspects:
        a_node = root.add(f"{aspect.code}. {aspect.name} (bobot {aspect.weight:g})")
        for comp in aspect.components:
            c_node = a_node.add(f"{comp.code} {comp.name} (bobot {comp.weight:g})")
            for q in getattr(comp, "questions", None) or []:
                c_node.add(f"[cyan]{q.code}[/] {q.text} [dim](bobot {q.weight:g})[/]")
            for area in getattr(comp, "areas", None) or []:
                ar = c_node.add(f"{area.code} {area.name} (bobot {area.weight:g})")
                for ind in area.indicators:
                    i_node = ar.add(f"{ind.code} {ind.name} (bobot {ind.weight:g})")
                    for q in ind.questions or []:
                        i_node.add(f"[cyan]{q.code}[/] {q.text[:90]} [dim]({q.answer_type}, {q.weight:g})[/]")
                    for sub in getattr(ind, "sub_indicators", None) or []:
                        s_node = i_node.add(f"{sub.code} {sub.name} (bobot {sub.weight:g})")
                        for q in sub.questions:
                            s_node.add(f"[cyan]{q.code}[/] {q.text[:90]} [dim]({q.answer_type}, {q.weight:g})[/]")
    console.print(root)


def render_question(catalog, q) -> None:
    console.rule(f"[bold cyan]{q.code}[/] {('(' + q.bps_id + ')') if q.bps_id else ''}")
    console.print(f"[bold]{q.text}[/]")
    console.print(f"Area: {q.area_name or '-'} · Komponen: {q.component_name} · Indikator: {q.indicator_name or '-'}")
    console.print(f"Jenis jawaban: {q.answer_type} · Bobot: {q.weight:g}")
    if q.explanation:
        console.print(f"[dim]{q.explanation}[/]")
    if q.options:
        t = Table(title="Pilihan jawaban")
        t.add_column("Kode")
        t.add_column("Keterangan")
        t.add_column("Nilai")
        for o in q.options:
            t.add_row(o.code, o.text, f"{o.score:g}")
        console.print(t)
    t = Table(title=f"Bukti yang diharapkan (aturan: {'semua wajib' if q.evidence.rule == 'all' else 'salah satu'})")
    for col in ("Bukti", "Jenis dokumen", "Minimal", "Wajib", "Tanggal", "Pemeriksaan isi"):
        t.add_column(col, overflow="fold")
    for item in q.evidence.items:
        dates = "; ".join(dict.fromkeys(_recency_text(catalog.recency_for(ty, item)) for ty in item.types))
        checks = "; ".join(dict.fromkeys(catalog.content_checks[c].label for ty in item.types
                                         for c in catalog.checks_for(ty, item))) or "-"
        t.add_row(item.description, ", ".join(item.types), str(item.min), "ya" if item.required else "tidak",
                  dates, checks)
    console.print(t)
    if q.keywords:
        console.print("Kata kunci: " + ", ".join(q.keywords))


def render_changes(changes) -> None:
    if changes.first_check:
        console.print("[dim]Perubahan: ini pemeriksaan pertama periode ini.[/]")
        return
    console.print(f"Perubahan sejak pemeriksaan {changes.previous_slot}: "
                  f"[bold]{len(changes.new_documents)}[/] dokumen baru, "
                  f"[green]{len(changes.newly_complete)}[/] baru lengkap"
                  + (f" ({', '.join(changes.newly_complete[:10])})" if changes.newly_complete else "")
                  + f", [red]{len(changes.new_gaps)}[/] celah baru"
                  + (f" ({', '.join(changes.new_gaps[:10])})" if changes.new_gaps else ""))


def render_mail_result(result) -> None:
    console.rule("E-mail")
    for m in result.queued:
        console.print(f"[green]antre[/] {m['recipients']}: {m['subject']}")
    for m in result.duplicates:
        console.print(f"[dim]sudah terkirim untuk pemeriksaan {result.slot}, dilewati:[/] {m['subject']}")
    for s in result.skipped:
        console.print(f"[yellow]dilewati[/] {s['unit'] or 'reviewer'}: {s['why']}")
    for e in result.errors:
        console.print(f"[red]gagal[/] {e['unit'] or 'ringkasan reviewer'}: {e['why']} (pesan lain tetap dikirim)")
    d = result.delivery
    if d is not None:
        console.print(f"Terkirim: [bold]{d.sent}[/], gagal (tetap antre, dikirim pada run berikutnya): "
                      f"[bold]{d.failed}[/]")
        for e in d.errors:
            console.print(f"  [red]•[/] {e}")


def render_outbox(rows: list[dict]) -> None:
    t = Table(title="Outbox e-mail")
    for col in ("#", "Status", "Jenis", "Unit", "Penerima", "Subjek", "Coba", "Galat terakhir"):
        t.add_column(col, overflow="fold")
    for r in rows:
        style = "green" if r["status"] == "sent" else "yellow"
        t.add_row(str(r["id"]), f"[{style}]{r['status']}[/]", r["kind"], r["unit"] or "-",
                  ", ".join(r["recipients"]), r["subject"], str(r["attempts"]), (r["last_error"] or "")[:80])
    console.print(t)


def _recency_text(rec) -> str:
    if rec.within == "period":
        return "tahun periode" + (f" (+{rec.grace_months} bulan sebelumnya)" if rec.grace_months else "")
    if rec.within == "months":
        return f"{rec.months} bulan terakhir"
    return "bebas"


def render_reconcile(report) -> None:
    from flows.recovery.reconcile import LABELS

    t = Table(title="Rekonsiliasi")
    for col in ("Pemeriksaan", "Ditemukan", "Tersisa"):
        t.add_column(col)
    for name, label in LABELS.items():
        left = report.remaining.get(name, 0)
        t.add_row(label, str(report.found.get(name, 0)), f"[red]{left}[/]" if left else "0")
    console.print(t)
    console.print(f"Diproses: {report.processed}; ditandai gagal: {report.marked_failed}; diindeks: {report.indexed}; "
                  f"berkas tak tercatat dihapus: {report.removed_objects}; unggahan ditutup: {report.batches_closed}; "
                  f"berkas terkirim sebagian dibuang: {report.removed_uploads}; e-mail terkirim: {report.mail_sent}")
    for e in report.errors:
        console.print(f"  [red]•[/] {e}")
    if not report.clean:
        console.print("[red]Masih ada yang belum selaras[/] (layanan belum pulih?); rekonsiliasi berikutnya mencoba lagi.")
