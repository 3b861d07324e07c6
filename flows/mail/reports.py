"""Completeness reports as files: XLSX laid out like the LKE (one sheet per area), the gap list as XLSX, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import xlsxwriter

from flows.completeness.check import STATUS_LABEL, CompletenessReport
from flows.completeness.gaps import SOURCE_LABEL, GapRow
from flows.people.review_workflow import STATE_LABEL

FILL_COLOURS = {"lengkap": "#C6EFCE", "sebagian": "#FFEB9C", "belum_ada": "#FFC7CE", "ditandai_reviewer": "#E4DFEC"}
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


def write_xlsx(reports: list[CompletenessReport], path) -> Path:
    """One summary sheet, then one sheet per LKE area (and Hasil), with filters and a frozen header.

    Written with XlsxWriter (rows streamed, one format object per style): the weekly e-mail run writes
    one workbook per unit plus the all-units digest, and openpyxl's cell objects made that the slowest
    part of the run.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = _Book(path)
    summary = book.sheet("Ringkasan", ["Unit", "Nama unit", "Periode", "Area", "Komponen", "Pertanyaan", "Lengkap",
                                       "Sebagian", "Belum ada", "Ditandai reviewer", "Cakupan bukti (perkiraan)",
                                       "≥60% (WBK)", "≥75% (WBBM)"],
                         [14, 30, 8, 36, 12, 10, 8, 8, 8, 10, 12, 10, 10],
                         rows=sum(len(r.areas) for r in reports))
    for r in reports:
        for a in r.areas:
            summary.row([r.unit, r.unit_name, r.year, a.name, a.component, a.questions, a.counts["lengkap"],
                         a.counts["sebagian"], a.counts["belum_ada"], a.counts["ditandai_reviewer"],
                         round(a.coverage, 4), "ya" if a.meets_wbk else "tidak", "ya" if a.meets_wbbm else "tidak"])
    summary.skip()
    summary.row([reports[0].note if reports else ""])

    groups: dict[str, list] = {}
    for r in reports:
        for q in r.questions:
            groups.setdefault(q.area_name or "Hasil", []).append((r, q))
    many = len(reports) > 1
    status_col = 6 if many else 5  # 0-based
    for area_name, rows in groups.items():
        ws = book.sheet(area_name, (["Unit"] if many else []) + HEADER, ([14] if many else []) + WIDTHS,
                        rows=len(rows))
        for r, q in rows:
            docs = "\n".join(f"#{d.document_id} {d.path}" for d in q.documents)
            ws.row(([r.unit] if many else []) + [
                q.code, q.component, q.indicator, q.question, q.weight, STATUS_LABEL[q.status],
                STATUS_LABEL[q.automatic_status], docs, "\n".join(q.satisfied), "\n".join(q.missing), q.why,
                "\n".join(q.reviewer_notes)], fill=(status_col, q.status))
    book.close()
    return path


GAP_HEADER = ["Unit", "Nama unit", "Periode", "Kode", "Komponen", "Area", "Indikator", "Pertanyaan", "Status",
              "Status otomatis", "Sumber", "Status reviu", "Yang belum ada", "Alasan", "Catatan reviewer"]
GAP_WIDTHS = [14, 28, 8, 14, 12, 26, 28, 60, 16, 16, 16, 14, 50, 40, 36]


def write_gaps_xlsx(rows: list[GapRow], target) -> None:
    """Gap rows as one sheet with a frozen header and filters; ``target`` is a path or a binary stream."""
    if isinstance(target, (str, Path)):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    book = _Book(target)
    ws = book.sheet("Celah", GAP_HEADER, GAP_WIDTHS, rows=len(rows))
    for g in rows:
        ws.row([g.unit, g.unit_name, g.year, g.code, g.component, g.area_name or "", g.indicator, g.question,
                STATUS_LABEL[g.status], STATUS_LABEL[g.automatic_status], SOURCE_LABEL[g.source],
                STATE_LABEL[g.review_state], "\n".join(g.missing), g.why, "\n".join(g.reviewer_notes)],
               fill=(8, g.status))
    book.close()


class _Book:
    """An XlsxWriter workbook with Dukung's formats: bold header, wrapped top-aligned cells, status fills."""

    def __init__(self, target):
        self.wb = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False,
                                               "in_memory": not isinstance(target, (str, Path))})
        self.header = self.wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.fills = {k: self.wb.add_format({"text_wrap": True, "valign": "top", "bg_color": v})
                      for k, v in FILL_COLOURS.items()}
        self.used: set[str] = set()

    def sheet(self, name: str, header: list[str], widths: list[int], *, rows: int) -> "_Sheet":
        ws = self.wb.add_worksheet(_sheet_title(name, self.used))
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        ws.freeze_panes(1, 0)
        if rows:
            ws.autofilter(0, 0, rows, len(header) - 1)
        ws.write_row(0, 0, header, self.header)
        return _Sheet(self, ws)

    def close(self) -> None:
        self.wb.close()


class _Sheet:
    def __init__(self, book: _Book, ws):
        self.book, self.ws, self.next = book, ws, 1

    def row(self, values: list, fill: tuple[int, str] | None = None) -> None:
        self.ws.write_row(self.next, 0, values, self.book.wrap)
        if fill is not None:
            col, status = fill
            self.ws.write(self.next, col, values[col], self.book.fills[status])
        self.next += 1

    def skip(self) -> None:
        self.next += 1


def write_json(reports: list[CompletenessReport], path: Path, extra=None) -> Path:
    """The reports as JSON (``extra``, if given, is written instead: the same reports with more beside)."""
    data = extra if extra is not None else [r.as_dict() for r in reports]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                    encoding="utf-8")
    return path
