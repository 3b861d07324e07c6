"""A minimal, fast PDF writer for the benchmark corpus: text pages (Helvetica) and image pages (JPEG).

reportlab needs ~30 ms a page; a national-scale corpus has hundreds of thousands of pages, so the
generator writes the PDF objects itself. The files are ordinary born-digital PDFs (a text layer in
WinAnsi, one content stream per page) or scans (one full-page JPEG per page, no text layer).
"""

from __future__ import annotations

import zlib

A4 = (595, 842)
LINES_PER_PAGE = 52
CHARS_PER_LINE = 95


def _esc(text: str) -> bytes:
    data = text.encode("cp1252", "replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def wrap(paragraphs: list[str], width: int = CHARS_PER_LINE) -> list[str]:
    """Paragraphs to lines of at most ``width`` characters (a blank line between paragraphs)."""
    lines: list[str] = []
    for para in paragraphs:
        line = ""
        for word in para.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        lines.append("")
    return lines


def _assemble(objects: list[bytes], page_ids: list[int], info: str) -> bytes:
    """objects[0] is the catalog (id 1), objects[1] the page tree (id 2); ids are 1-based positions."""
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    info_id = len(objects) + 1
    offsets.append(len(out))
    out += f"{info_id} 0 obj\n<< /Producer (Dukung benchmark corpus) /Title (".encode() + _esc(info) + b") >>\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R /Info {info_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_pdf(pages: list[list[str]], title: str = "") -> bytes:
    """A born-digital PDF: each page a list of lines (Helvetica 10 pt)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    page_ids = []
    for lines in pages:
        stream = bytearray(b"BT /F1 10 Tf 14 TL 56 790 Td\n")
        for line in lines:
            stream += b"(" + _esc(line) + b") '\n"
        stream += b"ET"
        data = zlib.compress(bytes(stream), 6)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        content_id = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode())
        page_ids.append(len(objects))
    return _assemble(objects, page_ids, title)


def image_pdf(jpegs: list[tuple[bytes, int, int]], title: str = "") -> bytes:
    """A scan: one full-page grey JPEG per page, given as (data, width px, height px)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    page_ids = []
    for data, w, h in jpegs:
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                       f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(data)} >>\nstream\n".encode()
                       + data + b"\nendstream")
        image_id = len(objects)
        stream = f"q {A4[0]} 0 0 {A4[1]} 0 0 cm /Im0 Do Q".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
                       f"/Resources << /XObject << /Im0 {image_id} 0 R >> >> /Contents {content_id} 0 R >>".encode())
        page_ids.append(len(objects))
    return _assemble(objects, page_ids, title)
