"""`dukung tag`, `untag`, `tags`, `assign`, `review`: the reviewers' word on questions and documents.

The commands are registered on the root app in :mod:`flows.cli.app`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from config.i18n import _
from config.errors import InvalidInputError
from flows.cli.common import ListFormat, _period, _runtime
from flows.cli.render import console, print_json


def tag(
    label: Annotated[str, typer.Argument(help=_("gap (ada kekurangan), ok (terverifikasi) atau tidak_relevan (dokumen)"))],
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help=_("Kode unit (tag pada pertanyaan)"))] = None,
    period: Annotated[int, typer.Option("--period", "-p", help=_("Tahun periode (kosong = periode aktif)"))] = 0,
    question: Annotated[Optional[str], typer.Option("--question", "-q", help=_("Kode pertanyaan, mis. A.I.1.i.a"))] = None,
    document: Annotated[Optional[int], typer.Option("--document", "-d", help=_("Id dokumen (tag pada dokumen)"))] = None,
    note: Annotated[str, typer.Option("--note", "-n", help=_('Catatan, mis. "SK belum ditandatangani"'))] = "",
    by: Annotated[str, typer.Option("--by", help=_("Nama/e-mail reviewer"))] = "cli",
) -> None:
    """Put a reviewer tag on a question (gap/ok) or a document (tidak_relevan, gap, ok)."""
    from flows.people.review import tag_document, tag_question

    with _runtime() as rt:
        if document is not None:
            view = tag_document(rt, document, label, question=question, note=note, actor=by)
        else:
            if not unit or not question:
                raise InvalidInputError(_("Tag pertanyaan butuh --unit dan --question (atau --document untuk dokumen)"))
            view = tag_question(rt, unit, _period(rt, period), question, label, note=note, actor=by)
    target = (_("dokumen #%(id)s", id=view.document_id) if view.document_id
              else _("pertanyaan %(code)s", code=view.question))
    console.print(_("[green]Tag #%(id)s '%(label)s'[/] pada %(target)s (%(unit)s, %(year)s)", id=view.id,
                    label=view.label, target=target, unit=view.unit, year=view.year)
                  + (f": {view.note}" if view.note else ""))


def untag(
    tag_id: Annotated[int, typer.Argument(help=_("Id tag (lihat `dukung tags`)"))],
    by: Annotated[str, typer.Option("--by", help=_("Nama/e-mail reviewer"))] = "cli",
) -> None:
    """Close a reviewer tag (e.g. the shortfall has been fixed)."""
    from flows.people.review import resolve_tag

    with _runtime() as rt:
        resolve_tag(rt, tag_id, actor=by)
    console.print(_("[green]Tag #%(tag_id)s ditutup.[/]", tag_id=tag_id))


def tags(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help=_("Kode unit"))] = None,
    period: Annotated[Optional[int], typer.Option("--period", "-p", help=_("Tahun periode (kosong = periode aktif)"))] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """List the reviewer tags still open."""
    from dataclasses import asdict

    from rich.table import Table

    from flows.people.review import open_tags

    with _runtime() as rt:
        rows = [asdict(t) for t in open_tags(rt, unit, _period(rt, period))]
    if fmt is ListFormat.json:
        print_json(rows)
        return
    t = Table(title=_("Tag reviewer terbuka"))
    for col in ("#", _("Unit"), _("Periode"), _("Label"), _("Pertanyaan"), _("Dokumen"), _("Catatan"), _("Oleh")):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(str(r["id"]), r["unit"], str(r["year"]), r["label"], r["question"] or "-",
                  str(r["document_id"] or "-"), r["note"], r["by"])
    console.print(t)


def assign(
    document: Annotated[int, typer.Argument(help=_("Id dokumen"))],
    question: Annotated[str, typer.Argument(help=_("Kode pertanyaan tujuan"))],
    from_question: Annotated[Optional[str], typer.Option("--from", help=_("Pindahkan dari pertanyaan ini (dokumen tidak lagi dihitung di sana)"))] = None,
    note: Annotated[str, typer.Option("--note", "-n", help=_("Alasan"))] = "",
    by: Annotated[str, typer.Option("--by", help=_("Nama/e-mail reviewer"))] = "cli",
) -> None:
    """Assign a document to another question by hand (kept when documents are classified again)."""
    from flows.people.review import reassign_document

    with _runtime() as rt:
        reassign_document(rt, document, question, from_question=from_question, note=note, actor=by)
    console.print(_("[green]Dokumen #%(id)s[/] ditetapkan ke %(target)s (tidak lagi di %(source)s)", id=document,
                    target=question, source=from_question) if from_question else
                  _("[green]Dokumen #%(id)s[/] ditetapkan ke %(target)s", id=document, target=question))


def review(
    action: Annotated[str, typer.Argument(help=_("ajukan, minta_perbaikan atau setujui"))],
    unit: Annotated[str, typer.Option("--unit", "-u", help=_("Kode unit"))],
    question: Annotated[str, typer.Option("--question", "-q", help=_("Kode pertanyaan, mis. A.I.1.i.a"))],
    period: Annotated[int, typer.Option("--period", "-p", help=_("Tahun periode (kosong = periode bawaan)"))] = 0,
    note: Annotated[str, typer.Option("--note", "-n", help=_("Catatan (wajib untuk minta_perbaikan)"))] = "",
    close_gaps: Annotated[bool, typer.Option("--close-gaps", help=_("setujui: tutup juga celah terbuka pada pertanyaan ini"))] = False,
    by: Annotated[str, typer.Option("--by", help=_("Nama/e-mail reviewer"))] = "cli",
) -> None:
    """A review step for a question: submit, request changes, approve (not while a gap is open)."""
    from flows.periods.registry import resolve_period
    from flows.people.accounts import Principal
    from flows.people.review_workflow import STATE_LABEL, transition

    operator = Principal(0, by, by, "admin")  # whoever runs the command on the server acts for every unit
    with _runtime() as rt:
        view = transition(rt, operator, unit, resolve_period(rt, period), question, action, note,
                          close_gaps=close_gaps)
    console.print(_("[green]%(question)s[/] (%(unit)s, %(year)s): %(state)s, revisi %(revision)s",
                    question=view.question, unit=view.unit, year=view.year, state=_(STATE_LABEL[view.state]),
                    revision=view.revision) + (f" — {view.note}" if view.note else ""))
