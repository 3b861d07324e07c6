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

from config.i18n import _
from config.formatting import format_number, format_percent

if TYPE_CHECKING:  # the records models load only in the commands that need them (CLI start-up time)
    from flows.completeness.check import CompletenessReport

console = Console()
STATUS_STYLE = {"lengkap": "green", "sebagian": "yellow", "belum_ada": "red", "ditandai_reviewer": "magenta"}


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def pct(x: float) -> str:
    return format_percent(x)


def yes_no(value: bool) -> str:
    return _("ya") if value else _("tidak")


def render_ingest(result: dict) -> None:
    t = Table(title=_("Hasil unggah — unit %(unit)s, periode %(year)s", unit=result["unit"], year=result["year"]),
              show_header=False)
    t.add_row(_("Berkas baru"), str(result["new"]))
    t.add_row(_("Versi baru"), str(result["new_versions"]))
    t.add_row(_("Tidak berubah (dilewati)"), str(result["unchanged"]))
    t.add_row(_("Diproses"), str(result["processed"]))
    t.add_row(_("Halaman"), str(result["pages"]))
    t.add_row(_("Terklasifikasi ke pertanyaan LKE"), str(result["classified"]))
    t.add_row(_("Status ekstraksi"), ", ".join(f"{k}: {v}" for k, v in sorted(result["statuses"].items())) or "-")
    ocr = result.get("ocr") or {}
    if ocr.get("documents"):
        seconds = ocr.get("seconds") or 0
        done = _("%(documents)s dokumen, %(pages)s halaman dalam %(seconds)s detik", documents=ocr["documents"],
                 pages=ocr["pages"], seconds=format_number(seconds, 1))
        if seconds:
            done += ", " + _("%(rate)s halaman/detik", rate=format_number(ocr["pages"] / seconds, 2))
        t.add_row(_("OCR"), done)
    console.print(t)
    for f in result["failures"]:
        console.print(_("  [yellow]• dokumen #%(document_id)s[/] %(status)s: %(reason)s", document_id=f["document_id"],
                        status=f["status"], reason=f["reason"]))
    for e in result["errors"]:
        console.print(f"  [red]• {e['path']}[/]: {e['reason']}")
    skipped = result.get("skipped") or []
    if skipped:
        console.print(_("Dilewati (tidak dibaca): [bold]%(n_skipped)s[/]", n_skipped=len(skipped)))
        for e in skipped:
            console.print(f"  [yellow]• {e['path']}[/]: {e['reason']}")


def render_completeness(report: CompletenessReport, *, gaps_only: bool = False, changes=None) -> None:
    from flows.completeness.check import STATUS_LABEL

    console.rule(_("[bold]%(unit_name)s[/] (%(unit)s) — periode %(year)s", unit_name=report.unit_name, unit=report.unit,
                   year=report.year))
    counts = ", ".join(f"{_(STATUS_LABEL[k])}: {v}" for k, v in report.counts.items())
    console.print(counts)
    areas = Table(title=_("Cakupan bukti per area (perkiraan, bukan nilai)"))
    for col in (_("Area"), _("Komponen"), _("Soal"), _("Lengkap"), _("Sebagian"), _("Belum"), _("Cakupan"),
                _("≥60% WBK"), _("≥75% WBBM")):
        areas.add_column(col)
    for a in report.areas:
        areas.add_row(a.short, a.component, str(a.questions), str(a.counts["lengkap"]), str(a.counts["sebagian"]),
                      str(a.counts["belum_ada"]), pct(a.coverage), yes_no(a.meets_wbk), yes_no(a.meets_wbbm))
    console.print(areas)
    console.print("[dim]" + " · ".join(dict.fromkeys(f"{a.short} = {a.name}" for a in report.areas)) + "[/]")
    console.print(_("Perkiraan cakupan bukti pengungkit: [bold]%(estimate)s[/] dari 60. [dim]%(note)s[/]",
                    estimate=format_number(report.pengungkit_estimate, 2), note=report.note))
    if changes is not None:
        render_changes(changes)
    rows = report.gaps if gaps_only else report.questions
    t = Table(title=_("Pertanyaan tanpa bukti lengkap") if gaps_only else _("Status per pertanyaan"))
    for col in (_("Kode"), _("Status"), _("Pertanyaan"), _("Dokumen"), _("Yang belum ada")):
        t.add_column(col, overflow="fold")
    for q in rows:
        style = STATUS_STYLE.get(q.status, "")
        status = f"[{style}]{_(STATUS_LABEL[q.status])}[/]"
        if q.automatic_status != q.status:  # the reviewer's word differs from the rules' result
            status += "\n" + _("[dim](otomatis: %(status)s)[/]", status=_(STATUS_LABEL[q.automatic_status]))
        docs = str(len(q.documents)) + ("\n" + _("[yellow]+%(n)s perlu konfirmasi[/]", n=len(q.suggestions))
                                        if q.suggestions else "")
        t.add_row(q.code, status, q.question[:70], docs, "; ".join(q.missing[:3]))
    console.print(t)
    waiting = sum(len(q.suggestions) for q in report.questions)
    if waiting:
        console.print(_("[yellow]%(waiting)s saran pemetaan perlu konfirmasi[/] (belum dihitung sebagai bukti): "
                        "dukung suggestions --unit %(unit)s --period %(year)s", waiting=waiting, unit=report.unit,
                        year=report.year))


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
    console.print(_("[bold]%(total)s[/] dokumen cocok untuk [cyan]%(query)s[/] (halaman %(page)s)", total=result.total,
                    query=escape(query or _("(semua)")), page=result.page))
    for hit in result.hits:
        snippet = marked_to_rich(hit.snippet)
        path = marked_to_rich(hit.path_highlighted) if hit.path_highlighted else escape(hit.path)
        codes = ", ".join(hit.question_codes) or "-"
        ocr = " [magenta]\\[" + _("teks OCR") + "][/]" if hit.ocr else ""
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
    console.print(_("Area: %(area)s · Komponen: %(component)s · Indikator: %(indicator)s", area=q.area_name or "-",
                    component=q.component_name, indicator=q.indicator_name or "-"))
    console.print(_("Jenis jawaban: %(answer_type)s · Bobot: %(weight)s", answer_type=q.answer_type,
                    weight=format(q.weight, "g")))
    if q.explanation:
        console.print(f"[dim]{q.explanation}[/]")
    if q.options:
        t = Table(title=_("Pilihan jawaban"))
        t.add_column(_("Kode"))
        t.add_column(_("Keterangan"))
        t.add_column(_("Nilai"))
        for o in q.options:
            t.add_row(o.code, o.text, f"{o.score:g}")
        console.print(t)
    t = Table(title=_("Bukti yang diharapkan (aturan: semua wajib)") if q.evidence.rule == "all"
              else _("Bukti yang diharapkan (aturan: salah satu)"))
    for col in (_("Bukti"), _("Jenis dokumen"), _("Minimal"), _("Wajib"), _("Tanggal"), _("Pemeriksaan isi")):
        t.add_column(col, overflow="fold")
    for item in q.evidence.items:
        dates = "; ".join(dict.fromkeys(_recency_text(catalog.recency_for(ty, item)) for ty in item.types))
        checks = "; ".join(dict.fromkeys(catalog.content_checks[c].label for ty in item.types
                                         for c in catalog.checks_for(ty, item))) or "-"
        t.add_row(item.description, ", ".join(item.types), str(item.min), yes_no(item.required),
                  dates, checks)
    console.print(t)
    if q.keywords:
        console.print(_("Kata kunci: %(keywords)s", keywords=", ".join(q.keywords)))


def render_changes(changes) -> None:
    if changes.first_check:
        console.print(_("[dim]Perubahan: ini pemeriksaan pertama periode ini.[/]"))
        return
    def listed(codes: list[str]) -> str:
        return f" ({', '.join(codes[:10])})" if codes else ""

    console.print(_("Perubahan sejak pemeriksaan %(slot)s: [bold]%(new)s[/] dokumen baru, [green]%(complete)s[/] baru "
                    "lengkap%(complete_codes)s, [red]%(gaps)s[/] celah baru%(gap_codes)s", slot=changes.previous_slot,
                    new=len(changes.new_documents), complete=len(changes.newly_complete),
                    complete_codes=listed(changes.newly_complete), gaps=len(changes.new_gaps),
                    gap_codes=listed(changes.new_gaps)))


def render_mail_result(result) -> None:
    console.rule(_("E-mail"))
    for m in result.queued:
        console.print(_("[green]antre[/] %(recipients)s: %(subject)s", recipients=m["recipients"],
                        subject=m["subject"]))
    for m in result.duplicates:
        console.print(_("[dim]sudah terkirim untuk pemeriksaan %(slot)s, dilewati:[/] %(subject)s", slot=result.slot,
                        subject=m["subject"]))
    for s in result.skipped:
        console.print(_("[yellow]dilewati[/] %(who)s: %(why)s", who=s["unit"] or _("reviewer"), why=s["why"]))
    for e in result.errors:
        console.print(_("[red]gagal[/] %(who)s: %(why)s (pesan lain tetap dikirim)",
                        who=e["unit"] or _("ringkasan reviewer"), why=e["why"]))
    d = result.delivery
    if d is not None:
        console.print(_("Terkirim: [bold]%(sent)s[/], gagal (tetap antre, dikirim pada run berikutnya): "
                        "[bold]%(failed)s[/]", sent=d.sent, failed=d.failed))
        for e in d.errors:
            console.print(f"  [red]•[/] {e}")


def render_outbox(rows: list[dict]) -> None:
    t = Table(title=_("Outbox e-mail"))
    for col in ("#", _("Status"), _("Jenis"), _("Unit"), _("Penerima"), _("Subjek"), _("Coba"), _("Galat terakhir")):
        t.add_column(col, overflow="fold")
    for r in rows:
        style = "green" if r["status"] == "sent" else "yellow"
        t.add_row(str(r["id"]), f"[{style}]{r['status']}[/]", r["kind"], r["unit"] or "-",
                  ", ".join(r["recipients"]), r["subject"], str(r["attempts"]), (r["last_error"] or "")[:80])
    console.print(t)


def _recency_text(rec) -> str:
    if rec.within == "period":
        return (_("tahun periode (+%(n)s bulan sebelumnya)", n=rec.grace_months) if rec.grace_months
                else _("tahun periode"))
    if rec.within == "months":
        return _("%(n)s bulan terakhir", n=rec.months)
    return _("bebas")


def render_reconcile(report) -> None:
    from flows.recovery.reconcile import LABELS

    t = Table(title=_("Rekonsiliasi"))
    for col in (_("Pemeriksaan"), _("Ditemukan"), _("Tersisa")):
        t.add_column(col)
    for name, label in LABELS.items():
        left = report.remaining.get(name, 0)
        t.add_row(_(label), str(report.found.get(name, 0)), f"[red]{left}[/]" if left else "0")
    console.print(t)
    console.print(_("Diproses: %(processed)s; ditandai gagal: %(marked_failed)s; diindeks: %(indexed)s; "
                    "berkas tak tercatat dihapus: %(removed_objects)s; unggahan ditutup: %(batches_closed)s; "
                    "berkas terkirim sebagian dibuang: %(removed_uploads)s; e-mail terkirim: %(mail_sent)s",
                    processed=report.processed, marked_failed=report.marked_failed, indexed=report.indexed,
                    removed_objects=report.removed_objects, batches_closed=report.batches_closed,
                    removed_uploads=report.removed_uploads, mail_sent=report.mail_sent))
    for e in report.errors:
        console.print(f"  [red]•[/] {e}")
    if not report.clean:
        console.print(_("[red]Masih ada yang belum selaras[/] (layanan belum pulih?); rekonsiliasi berikutnya mencoba "
                        "lagi."))
