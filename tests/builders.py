"""Build small, real documents in temporary directories for the extraction tests (no downloads)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

FONT = "Helvetica"
FONT_SIZE = 11
MARGIN = 56


def make_pdf(path: Path, pages: list[str]) -> Path:
    """A text PDF, one string per page; newlines are kept and long lines wrapped to the page width."""
    path = Path(path)
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    leading = FONT_SIZE * 1.35
    for page_text in pages:
        pdf.setFont(FONT, FONT_SIZE)
        y = height - MARGIN
        for line in page_text.split("\n"):
            wrapped = simpleSplit(line, FONT, FONT_SIZE, width - 2 * MARGIN) or [""]
            for piece in wrapped:
                if y < MARGIN:  # overflow: continue on a new page
                    pdf.showPage()
                    pdf.setFont(FONT, FONT_SIZE)
                    y = height - MARGIN
                pdf.drawString(MARGIN, y, piece)
                y -= leading
        pdf.showPage()
    pdf.save()
    return path


def make_image_only_pdf(path: Path, text: str = "SURAT KEPUTUSAN HASIL PINDAI") -> Path:
    """A 'scanned' PDF: the page is one raster image with text drawn into it, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for i in range(12):
        draw.text((100, 120 + i * 60), f"{text} baris {i + 1}", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=width, height=height)
    pdf.showPage()
    pdf.save()
    return Path(path)


def make_encrypted_pdf(path: Path, text: str, password: str, owner_password: str = "pemilik-rahasia") -> Path:
    """A PDF encrypted with pypdf; ``password`` is the user password ("" = opens without one)."""
    from pypdf import PdfReader, PdfWriter

    plain = io.BytesIO()
    source = Path(path).with_suffix(".plain.pdf")
    make_pdf(source, [text])
    plain.write(source.read_bytes())
    source.unlink()
    plain.seek(0)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=password, owner_password=owner_password, algorithm="RC4-128")
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def make_png(path: Path, size: tuple[int, int] = (64, 32)) -> Path:
    from PIL import Image

    Image.new("RGB", size, "white").save(path, format="PNG")
    return Path(path)


def make_docx(
    path: Path,
    paragraphs: list[str],
    table: list[list[str]] | None = None,
    header: str | None = None,
    footer: str | None = None,
) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    document.save(str(path))
    return Path(path)


def make_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return Path(path)


def make_pptx(path: Path, slides: list[str], table: list[list[str]] | None = None) -> Path:
    """One slide per string (title + body text box); ``table`` goes onto the last slide."""
    import pptx
    from pptx.util import Inches

    presentation = pptx.Presentation()
    layout = presentation.slide_layouts[5]  # title only
    slide = None
    for text in slides:
        slide = presentation.slides.add_slide(layout)
        title, _, body = text.partition("\n")
        slide.shapes.title.text = title
        if body:
            box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(3))
            box.text_frame.text = body
    if table and slide is not None:
        shape = slide.shapes.add_table(len(table), len(table[0]), Inches(1), Inches(4), Inches(8), Inches(2))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                shape.table.cell(r, c).text = value
    presentation.save(str(path))
    return Path(path)


def render_scan_pages(pages: list[str], dpi: int = 200, seed: int = 7) -> list:
    """Grayscale page images that look like a scan of a typed document: the text PDF rendered, slightly
    rotated, with a little speckle noise (what a flatbed or a phone app produces)."""
    import random
    import tempfile

    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        source = make_pdf(Path(tmp) / "sumber.pdf", pages)
        doc = pdfium.PdfDocument(source)
        try:
            images = []
            for index in range(len(doc)):
                page = doc[index]
                image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                page.close()
                image = image.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, expand=False, fillcolor=255)
                pixels = image.load()
                width, height = image.size
                for _ in range(width * height // 2000):  # sparse dust
                    pixels[rng.randrange(width), rng.randrange(height)] = rng.randrange(0, 120)
                images.append(image)
        finally:
            doc.close()
    return images


def make_scanned_pdf(path: Path, pages: list[str], dpi: int = 200) -> Path:
    """An image-only PDF (no text layer at all), one scanned page image per string in ``pages``."""
    images = render_scan_pages(pages, dpi=dpi)
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return Path(path)


def make_ole(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE2 compound file (CFB v3) holding ``streams`` — what legacy .doc/.xls/.ppt files are.

    Streams are padded to 4096 bytes so that they live in regular sectors (no mini stream).
    """
    import struct

    sector = 512
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    items = [(name, data.ljust(max(4096, -(-len(data) // sector) * sector), b"\x00")) for name, data in streams.items()]
    entries = 1 + len(items)
    dir_sectors = -(-entries * 128 // sector)
    data_sectors = sum(len(d) // sector for _, d in items)
    fat_sectors = 1
    while (fat_sectors + dir_sectors + data_sectors) > fat_sectors * (sector // 4):
        fat_sectors += 1
    fat = [fat_mark] * fat_sectors
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [end]
    starts = []
    for _, data in items:
        n = len(data) // sector
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(n - 1)] + [end]
    fat += [free] * (fat_sectors * (sector // 4) - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<iii", -1, right, child) + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
                + struct.pack("<II", start, size) + b"\x00" * 4)

    directory = entry("Root Entry", 5, 1 if items else -1, -1, end, 0)
    for i, ((name, data), start) in enumerate(zip(items, starts), start=1):
        directory += entry(name, 2, -1, i + 1 if i < len(items) else -1, start, len(streams[name]) if len(streams[name]) >= 4096 else len(data))
    directory = directory.ljust(dir_sectors * sector, b"\x00")
    difat = list(range(fat_sectors)) + [free] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", *difat))
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(d for _, d in items)
    Path(path).write_bytes(header + body)
    return Path(path)


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'),
}


def xlsx_cell(ref: str, value) -> str:
    """One ``<c>`` element: a number, or an inline string (escaped)."""
    from xml.sax.saxutils import escape

    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def make_raw_xlsx(path: Path, rows, *, dimension: str | None, title: str = "Rekap", level: int = 1) -> Path:
    """An XLSX of one sheet written by hand, streamed: ``rows`` yields each row's ``<row>`` XML (str), and
    ``dimension`` is what the sheet declares in ``<dimension ref=…>`` (true or not; ``None`` = no element) —
    what exporters that patch a template or stream rows produce. A row may be several rows' XML at once."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text.replace("{title}", title))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension is not None:
                out.write(b'<dimension ref="%s"/>' % dimension.encode())
            out.write(b"<sheetData>")
            for row in rows:
                out.write(row.encode("utf-8"))
            out.write(b"</sheetData></worksheet>")
    return Path(path)
