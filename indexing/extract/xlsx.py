"""Excel (.xlsx): every worksheet, its name as a heading line, one tab-separated line per row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext, library_label
from indexing.extract.sniff import XLSX


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
        try:
            sheets: list[str] = []
            for sheet in workbook.worksheets:
                lines = [f"## {sheet.title}"]
                for row in sheet.iter_rows(values_only=True):
                    cells = [_cell_text(v) for v in row]
                    while cells and not cells[-1]:
                        cells.pop()
                    if cells:
                        lines.append("\t".join(cells))
                sheets.append("\n".join(lines))
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
        )


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
