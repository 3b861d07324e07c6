"""`dukung confirm`, `dukung reject`, `dukung suggestions`: settling the mappings that need a person's word."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Optional

import typer

from config.i18n import _
from flows.cli.common import ListFormat, _period, _runtime
from flows.cli.render import console, print_json




def confirm(
    document: Annotated[int, typer.Argument(help=_("Id dokumen"))],
    question: Annotated[str, typer.Argument(help=_("Kode pertanyaan yang disarankan"))],
    note: Annotated[str, typer.Option("--note", "-n", help=_("Catatan (boleh kosong)"))] = "",
    by: Annotated[str, typer.Option("--by", help=_("Nama/e-mail yang mengonfirmasi"))] = "cli",
) -> None:
    """Confirm a mapping suggestion: the document is evidence for this question (it now counts)."""
    from flows.completeness.suggestions import confirm_suggestion

    with _runtime() as rt:
        view = confirm_suggestion(rt, document, question, actor=by, note=note)
    console.print(_("[green]Dokumen #%(document_id)s[/] dikonfirmasi untuk %(question)s (%(unit)s): "
                    "kini dihitung sebagai bukti.", document_id=view.document_id, question=view.question,
                    unit=view.unit))


def reject(
    document: Annotated[int, typer.Argument(help=_("Id dokumen"))],
    question: Annotated[str, typer.Argument(help=_("Kode pertanyaan yang disarankan"))],
    note: Annotated[str, typer.Option("--note", "-n", help=_("Alasan menolak"))] = "",
    by: Annotated[str, typer.Option("--by", help=_("Nama/e-mail yang menolak"))] = "cli",
) -> None:
    """Reject a mapping suggestion: the document is not evidence for this question (no longer suggested)."""
    from flows.completeness.suggestions import reject_suggestion

    with _runtime() as rt:
        view = reject_suggestion(rt, document, question, actor=by, note=note)
    console.print(_("[green]Saran ditolak:[/] dokumen #%(document_id)s tidak lagi dipetakan ke %(question)s "
                    "(%(unit)s).", document_id=view.document_id, question=view.question, unit=view.unit))


def suggestions(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help=_("Kode unit"))] = None,
    period: Annotated[Optional[int], typer.Option("--period", "-p", help=_("Tahun periode"))] = None,
    not_evidence: Annotated[bool, typer.Option("--not-evidence", help=_("Tampilkan dokumen 'bukan data dukung'"))] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """Mapping suggestions awaiting confirmation (not yet counted as evidence), or documents that are not evidence."""
    from rich.table import Table

    from flows.completeness.suggestions import list_suggestions, not_evidence_documents

    with _runtime() as rt:
        year = _period(rt, period)
        units = [unit] if unit else None
        rows = [asdict(r) for r in (not_evidence_documents(rt, units, year) if not_evidence
                                    else list_suggestions(rt, units, year))]
    if fmt is ListFormat.json:
        print_json(rows)
        return
    if not_evidence:
        t = Table(title=_("Bukan data dukung — %(year)s (%(n_rows)s)", year=year, n_rows=len(rows)))
        for col in ("#", _("Unit"), _("Path"), _("Alasan")):
            t.add_column(col, overflow="fold")
        for r in rows:
            t.add_row(str(r["id"]), r["unit"], r["path"], r["reason"])
    else:
        t = Table(title=_("Perlu konfirmasi — %(year)s (%(n_rows)s)", year=year, n_rows=len(rows)))
        for col in (_("Dokumen"), _("Unit"), _("Pertanyaan"), _("Path"), _("Alasan saran")):
            t.add_column(col, overflow="fold")
        for r in rows:
            t.add_row(str(r["document_id"]), r["unit"], r["question"], r["path"], r["reason"])
    console.print(t)
    if rows and not not_evidence:
        console.print(_("Konfirmasi: dukung confirm DOKUMEN PERTANYAAN · tolak: dukung reject DOKUMEN PERTANYAAN --note …"))

