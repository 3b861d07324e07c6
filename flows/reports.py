"""Completeness reports as files: XLSX laid out like the LKE (one sheet per area), the gap list as XLSX, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from flows.completeness import STATUS_LABEL, CompletenessReport
from flows.gaps import SOURCE_LABEL, GapRow
from flows.review_workflow import STATE_LABEL

FILLS = {
    "lengkap": PatternFill("solid", fgColor="C6EFCE"),
    "sebagian": PatternFill("solid", fgColor="FFEB9C"),
    "belum_ada": PatternFill("solid", fgColor="FFC7CE"),
    "ditandai_reviewer": PatternFill("solid", fgColor="E4DFEC"),
}
HEADER = ["Kode", "Komponen", "Indikator", "Pertanyaan", "Bobot", "Status", "Status otomatis",
          "Dokumen pendukung", "Bukti terpenuhi", "Yang belum ada", "Alasan", "Catatan reviewer"]
WIDTHS = [14, 12, 28, 60, 8, 16, 16, 50, 40, 50, 40, 30]


def _sheet_title(name: str, used: set[str]) -> str:
    title = "".join(c for c in name if c not in "[]:*?/\\")[:31]
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}-{n}"
        n += 1
    used.add(title)
    return title


def write_xlsx(reports: list[CompletenessReport], path: Path) -> Path:
    """One summary sheet, then one sheet per LKE area (and Hasil), with filters and a frozen header."""
    wb = Workbook()
    summary = wb.active
    summary.title = "Ringkasan"
    summary.append(["Unit", "Nama unit", "Periode", "Area", "Komponen", "Pertanyaan", "Lengkap", "Sebagian",
                    "Belum ada", "Ditandai reviewer", "Cakupan bukti (perkiraan)", "≥60% (WBK)", "≥75% (WBBM)"])
    for r in reports:
        for a in r.areas:
            summary.append([r.unit, r.unit_name, r.year, a.name, a.component, a.questions, a.counts["lengkap"],
                            a.counts["sebagian"], a.counts["belum_ada"], a.counts["ditandai_reviewer"],
                            round(a.coverage, 4), "ya" if a.meets_wbk else "tidak", "ya" if a.meets_wbbm else "tidak"])
    summary.append([])
    summary.append([reports[0].note if reports else ""])
    _finish(summary, [14, 30, 8, 36, 12, 10, 8, 8, 8, 10, 12, 10, 10])

    used = {"Ringkasan"}
    groups: dict[str, list] = {}
    for r in reports:
        for q in r.questions:
            groups.setdefault(q.area_name or "Hasil", []).append((r, q))
    for area_name, rows in groups.items():
        ws = wb.create_sheet(_sheet_title(area_name, used))
        ws.append((["Unit"] if len(reports) > 1 else []) + HEADER)
        status_col = (7 if len(reports) > 1 else 6)
        for row_no, (r, q) in enumerate(rows, start=2):  # ws.max_row scans every cell: not per row
            docs = "\n".join(f"#{d.document_id} {d.path}" for d in q.documents)
            ws.append(([r.unit] if len(reports) > 1 else []) + [
                q.code, q.component, q.indicator, q.question, q.weight, STATUS_LABEL[q.status],
                STATUS_LABEL[q.automatic_status], docs, "\n".join(q.satisfied), "\n".join(q.missing), q.why,
                "\n".join(q.reviewer_notes)])
            ws.cell(row_no, status_col).fill = FILLS[q.status]
        _finish(ws, ([14] if len(reports) > 1 else []) + WIDTHS)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


GAP_HEADER = ["Unit", "Nama unit", "Periode", "Kode", "Komponen", "Area", "Indikator", "Pertanyaan", "Status",
              "Status otomatis", "Sumber", "Status reviu", "Yang belum ada", "Alasan", "Catatan reviewer"]
GAP_WIDTHS = [14, 28, 8, 14, 12, 26, 28, 60, 16, 16, 16, 14, 50, 40, 36]


def write_gaps_xlsx(rows: list[GapRow], target) -> None:
    """Gap rows as one sheet with a frozen header and filters;
    ``target`` is a path or a binary stream."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Celah"
    ws.append(GAP_HEADER)
    for row_no, g in enumerate(rows, start=2):
        ws.append([g.unit, g.unit_name, g.year, g.code, g.component, g.area_name or "", g.indicator, g.question,
                   STATUS_LABEL[g.status], STATUS_LABEL[g.automatic_status], SOURCE_LABEL[g.source],
                   STATE_LABEL[g.review_state], "\n".join(g.missing), g.why, "\n".join(g.reviewer_notes)])
        ws.cell(row_no, 9).fill = FILLS[g.status]
    _finish(ws, GAP_WIDTHS)
    if isinstance(target, (str, Path)):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)


WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _finish(ws, widths: list[int]) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    # Registered once and set by index: assigning ``cell.alignment`` hashes the style again for every
    # cell, which made the all-units digest cost minutes at 500 units.
    wrap_top = ws.parent._alignments.add(WRAP_TOP)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell._style is None:
                cell._style = StyleArray()
            cell._style.alignmentId = wrap_top
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"


def write_json(reports: list[CompletenessReport], path: Path, extra=None) -> Path:
    """The reports as JSON (``extra``, if given, is written instead: the same reports with more beside)."""
    data = extra if extra is not None else [r.as_dict() for r in reports]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                    encoding="utf-8")
    return path
