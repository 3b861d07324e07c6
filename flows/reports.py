"""Completeness reports as files: XLSX laid out like the LKE (one sheet per area) and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from flows.completeness import STATUS_LABEL, CompletenessReport

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
        for r, q in rows:
            docs = "\n".join(f"#{d.document_id} {d.path}" for d in q.documents)
            ws.append(([r.unit] if len(reports) > 1 else []) + [
                q.code, q.component, q.indicator, q.question, q.weight, STATUS_LABEL[q.status],
                STATUS_LABEL[q.automatic_status], docs, "\n".join(q.satisfied), "\n".join(q.missing), q.why,
                "\n".join(q.reviewer_notes)])
            status_col = (7 if len(reports) > 1 else 6)
            ws.cell(ws.max_row, status_col).fill = FILLS[q.status]
        _finish(ws, ([14] if len(reports) > 1 else []) + WIDTHS)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _finish(ws, widths: list[int]) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
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
