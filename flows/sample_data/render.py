"""Renderers: content blocks to PDF (reportlab), DOCX, XLSX and PNG, with fixed metadata.

Every renderer is deterministic: reportlab runs with ``invariant=1`` and OOXML zips are
rewritten with fixed timestamps and core-property dates (:func:`_normalize_zip`).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import datetime

from flows.sample_data.context import Block


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render_pdf(blocks: list[Block], meta_title: str, author: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import HRFlowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=ss["Normal"], fontName="Helvetica", fontSize=10.5, leading=14, spaceAfter=5)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11, spaceAfter=0)
    title = ParagraphStyle("t", parent=body, fontName="Helvetica-Bold", fontSize=12, alignment=TA_CENTER, spaceAfter=2)
    center = ParagraphStyle("c", parent=body, alignment=TA_CENTER, spaceAfter=2)
    head = ParagraphStyle("h", parent=body, fontName="Helvetica-Bold", fontSize=11, spaceBefore=6)
    sign = ParagraphStyle("s", parent=body, leftIndent=9 * cm, spaceAfter=0)
    width = A4[0] - 4 * cm
    story: list = []
    for b in blocks:
        kind = b[0]
        if kind == "title":
            story.append(Paragraph(_esc(b[1]), title))
        elif kind == "center":
            story.append(Paragraph(_esc(b[1]), center))
        elif kind == "h":
            story.append(Paragraph(_esc(b[1]), head))
        elif kind == "p":
            story.append(Paragraph(_esc(b[1]), body))
        elif kind == "rule":
            story += [HRFlowable(width="100%", thickness=1.5, color=colors.black), Spacer(1, 8)]
        elif kind == "break":
            story.append(PageBreak())
        elif kind == "kv":
            rows = [[Paragraph(_esc(k), body), Paragraph(":", body), Paragraph(_esc(v), body)] for k, v in b[1]]
            t = Table(rows, colWidths=[3.6 * cm, 0.4 * cm, width - 4 * cm])
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1)]))
            story.append(t)
        elif kind == "table":
            header, rows = b[1], b[2]
            data = [[Paragraph(f"<b>{_esc(h)}</b>", small) for h in header]]
            data += [[Paragraph(_esc(str(x)), small) for x in row] for row in rows]
            n = len(header)
            first = 0.9 * cm
            t = Table(data, colWidths=[first] + [(width - first) / (n - 1)] * (n - 1), repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
            story += [t, Spacer(1, 8)]
        elif kind == "sign":
            story.append(Spacer(1, 10))
            story += [Paragraph(_esc(line) if line else "&nbsp;", sign) for line in b[1]]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=meta_title, author=author, subject="Data dukung Zona Integritas",
                            creator="Dukung sample generator", producer="ReportLab", invariant=1)
    doc.build(story)
    return buf.getvalue()


def _fixed_dt(year: int) -> datetime:
    return datetime(year, 1, 2, 8, 0, 0)


def _normalize_zip(data: bytes, year: int) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps and core-property dates (byte-identical reruns)."""
    stamp = f"{year}-01-02T08:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = blob.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stamp}\g<2>", text)
                blob = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=(year, 1, 2, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, blob)
    return out.getvalue()


def _render_docx(blocks: list[Block], meta_title: str, author: str, year: int) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    for b in blocks:
        kind = b[0]
        if kind in ("title", "center"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(b[1])
            run.bold = kind == "title"
        elif kind == "h":
            doc.add_heading(b[1], level=2)
        elif kind == "p":
            doc.add_paragraph(b[1])
        elif kind == "break":
            doc.add_page_break()
        elif kind == "kv":
            t = doc.add_table(rows=0, cols=3)
            for k, v in b[1]:
                cells = t.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = k, ":", v
        elif kind == "table":
            header, rows = b[1], b[2]
            t = doc.add_table(rows=1, cols=len(header))
            t.style = "Table Grid"
            for cell, h in zip(t.rows[0].cells, header):
                cell.text = h
                for r in cell.paragraphs[0].runs:
                    r.bold = True
            for row in rows:
                for cell, x in zip(t.add_row().cells, row):
                    cell.text = str(x)
            doc.add_paragraph()
        elif kind == "sign":
            for line in b[1]:
                p = doc.add_paragraph(line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = meta_title, author, author
    cp.subject, cp.keywords = "Data dukung Zona Integritas", "LKE ZI, WBK, WBBM"
    cp.created = cp.modified = cp.last_printed = _fixed_dt(year)
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue(), year)


def _render_xlsx(blocks: list[Block], meta_title: str, author: str, year: int, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for b in blocks:
        kind = b[0]
        if kind in ("title", "center", "h", "p"):
            ws.append([b[1]])
            if kind == "title":
                ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
        elif kind == "kv":
            for k, v in b[1]:
                ws.append([k, v])
        elif kind == "table":
            ws.append([])
            ws.append(list(b[1]))
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
            for row in b[2]:
                ws.append([int(x) if isinstance(x, str) and x.isdigit() and len(x) < 6 else x for x in row])
        elif kind == "sign":
            ws.append([])
            for line in b[1]:
                ws.append(["", "", "", line])
    for col, w in zip("ABCDEFG", (6, 32, 22, 30, 22, 18, 18)):
        ws.column_dimensions[col].width = w
    wb.properties.creator = wb.properties.lastModifiedBy = author
    wb.properties.title = meta_title
    wb.properties.created = wb.properties.modified = _fixed_dt(year)
    buf = io.BytesIO()
    wb.save(buf)
    return _normalize_zip(buf.getvalue(), year)


def _render_png(caption: str, unit: str, rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 420), (214, 224, 235))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 300, 640, 420], fill=(120, 110, 95))  # floor
    draw.rectangle([150, 40, 490, 120], fill=(190, 20, 30))  # banner
    draw.text((170, 60), "SOSIALISASI ZONA INTEGRITAS", fill=(255, 255, 255))
    draw.text((170, 85), "MENUJU WBK / WBBM", fill=(255, 255, 255))
    for i in range(9):  # participants
        x = 40 + i * 65 + rng.randint(-8, 8)
        draw.ellipse([x, 215, x + 30, 245], fill=(90, 60, 40))
        draw.rectangle([x - 5, 245, x + 35, 320], fill=rng.choice([(30, 80, 160), (240, 240, 240), (60, 120, 60)]))
    draw.rectangle([0, 385, 640, 420], fill=(0, 0, 0))
    draw.text((10, 398), f"foto kegiatan sosialisasi - {caption} - {unit}", fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
