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
    label: Annotated[str, typer.Argument(help="gap (ada kekurangan), ok (terverifikasi) atau tidak_relevan (dokumen)")],
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Kode unit (tag pada pertanyaan)")] = None,
    period: Annotated[int, typer.Option("--period", "-p", help="Tahun periode (kosong = periode aktif)")] = 0,
    question: Annotated[Optional[str], typer.Option("--question", "-q", help="Kode pertanyaan, mis. A.I.1.i.a")] = None,
    document: Annotated[Optional[int], typer.Option("--document", "-d", help="Id dokumen (tag pada dokumen)")] = None,
    note: Annotated[str, typer.Option("--note", "-n", help='Catatan, mis. "SK belum ditandatangani"')] = "",
    by: Annotated[str, typer.Option("--by", help="Nama/e-mail reviewer")] = "cli",
) -> None:
    """Beri tanda reviewer pada pertanyaan (gap/ok) atau dokumen (tidak_relevan, gap, ok)."""
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
    tag_id: Annotated[int, typer.Argument(help="Id tag (lihat `dukung tags`)")],
    by: Annotated[str, typer.Option("--by", help="Nama/e-mail reviewer")] = "cli",
) -> None:
    """Tutup tag reviewer (mis. kekurangan sudah diperbaiki)."""
    from flows.people.review import resolve_tag

    with _runtime() as rt:
        resolve_tag(rt, tag_id, actor=by)
    console.print(_("[green]Tag #%(tag_id)s ditutup.[/]", tag_id=tag_id))


def tags(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Kode unit")] = None,
    period: Annotated[Optional[int], typer.Option("--period", "-p", help="Tahun periode (kosong = periode aktif)")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table atau json")] = ListFormat.table,
) -> None:
    """Daftar tag reviewer yang masih terbuka."""
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
    document: Annotated[int, typer.Argument(help="Id dokumen")],
    question: Annotated[str, typer.Argument(help="Kode pertanyaan tujuan")],
    from_question: Annotated[Optional[str], typer.Option("--from", help="Pindahkan dari pertanyaan ini (dokumen tidak lagi dihitung di sana)")] = None,
    note: Annotated[str, typer.Option("--note", "-n", help="Alasan")] = "",
    by: Annotated[str, typer.Option("--by", help="Nama/e-mail reviewer")] = "cli",
) -> None:
    """Tetapkan dokumen ke pertanyaan lain secara manual (tetap berlaku saat klasifikasi ulang)."""
    from flows.people.review import reassign_document

    with _runtime() as rt:
        reassign_document(rt, document, question, from_question=from_question, note=note, actor=by)
    console.print(_("[green]Dokumen #%(id)s[/] ditetapkan ke %(target)s (tidak lagi di %(source)s)", id=document,
                    target=question, source=from_question) if from_question else
                  _("[green]Dokumen #%(id)s[/] ditetapkan ke %(target)s", id=document, target=question))


def review(
    action: Annotated[str, typer.Argument(help="ajukan, minta_perbaikan atau setujui")],
    unit: Annotated[str, typer.Option("--unit", "-u", help="Kode unit")],
    question: Annotated[str, typer.Option("--question", "-q", help="Kode pertanyaan, mis. A.I.1.i.a")],
    period: Annotated[int, typer.Option("--period", "-p", help="Tahun periode (kosong = periode bawaan)")] = 0,
    note: Annotated[str, typer.Option("--note", "-n", help="Catatan (wajib untuk minta_perbaikan)")] = "",
    close_gaps: Annotated[bool, typer.Option("--close-gaps", help="setujui: tutup juga celah terbuka pada pertanyaan ini")] = False,
    by: Annotated[str, typer.Option("--by", help="Nama/e-mail reviewer")] = "cli",
) -> None:
    """Langkah alur reviu sebuah pertanyaan: ajukan, minta perbaikan, setujui (tidak bisa selama ada celah terbuka)."""
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
