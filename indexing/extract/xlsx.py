"""Excel (.xlsx): every worksheet, its name as a heading line, one tab-separated line per row.

openpyxl's read-only mode stops at the rows the sheet's ``<dimension>`` declares, and exporters that
patch a template or stream rows leave it stale (a 100-row sheet declaring ``A1``): the declared size is
dropped and the rows that are really there are read, up to ``ParseContext.max_rows`` per sheet and
``ParseContext.max_text_chars`` in all. A cell longer than Excel's own limit is cut. Whatever was not
read is said in the result's reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext, library_label
from indexing.extract.sniff import XLSX

#: Excel holds at most this many characters in a cell; a longer value (a crafted file) is cut to it.
MAX_CELL_CHARS = 32_767


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class XlsxParser:
    name = "xlsx"
    label = "XLSX"
    media_types = (XLSX,)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        import openpyxl

        # A file object, not a path: openpyxl rejects paths without an .xlsx extension, and
        # stored objects are named by their SHA-256.
        handle = open(path, "rb")
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        notes: list[str] = []
        try:
            sheets: list[str] = []
            budget = context.max_text_chars
            for sheet in workbook.worksheets:
                if budget <= 0:
                    notes.append(f"Lembar {sheet.title} dan sesudahnya tidak dibaca (teks melebihi batas "
                                 f"{_count(context.max_text_chars)} karakter)")
                    break
                text = _read_sheet(sheet, context.max_rows, budget, notes)
                budget -= len(text) + 2
                sheets.append(text)
            sheet_count = len(workbook.worksheets)
        finally:
            workbook.close()
            handle.close()
        return ExtractionResult(
            status=ExtractStatus.OK,
            media_type=XLSX,
            text="\n\n".join(sheets),
            page_count=sheet_count,
            extractor=library_label("openpyxl"),
            reason="; ".join(notes) or None,
        )


def _read_sheet(sheet, max_rows: int, budget: int, notes: list[str]) -> str:
    """The sheet's heading and rows as text; what was cut or left unread goes into ``notes``."""
    from openpyxl.utils import get_column_letter

    sheet.reset_dimensions()  # the declared size may be stale: read the rows that are in the file
    lines = [f"## {sheet.title}"]
    size = len(lines[0])
    cut_cells: list[str] = []
    # Rows missing from the file come as empty tuples, so the row number is the position.
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > max_rows:
            notes.append(f"Lembar {sheet.title}: hanya {_count(max_rows)} baris pertama yang dibaca, "
                         "baris berikutnya tidak dibaca")
            break
        cells = []
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                cut_cells.append(f"{get_column_letter(column)}{number} ({_count(len(value))} karakter)")
                value = value[:MAX_CELL_CHARS]
            cells.append(_cell_text(value))
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        line = "\t".join(cells)
        if size + len(line) + 1 > budget:
            notes.append(f"Lembar {sheet.title}: baris {_count(number)} dan sesudahnya tidak dibaca (teks "
                         "melebihi batas karakter per dokumen)")
            break
        lines.append(line)
        size += len(line) + 1
    if cut_cells:
        notes.append(f"Lembar {sheet.title}: isi sel {', '.join(cut_cells[:5])}"
                     f"{' dan lainnya' if len(cut_cells) > 5 else ''} dipotong menjadi "
                     f"{_count(MAX_CELL_CHARS)} karakter (batas Excel per sel)")
    return "\n".join(lines)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())
