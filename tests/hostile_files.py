"""Hostile and broken uploads, each built in the test from nothing (no downloads), with what Dukung must say.

``CASES`` lists every case: the relative path it is uploaded under, a builder that writes the file,
the extraction status expected, and a phrase its reason must contain. Used by
``tests/test_hostile_files.py`` (the whole set through the pipeline in one batch).
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builders import (
    make_docx,
    make_encrypted_pdf,
    make_ole,
    make_pdf,
    make_pptx,
    make_raw_xlsx,
    make_scanned_pdf,
    make_xlsx,
    xlsx_cell,
)
from conftest import SK_TIM

LAPORAN = ("LAPORAN MONITORING DAN EVALUASI PEMBANGUNAN ZONA INTEGRITAS\nTim kerja melaksanakan monitoring "
           "terhadap enam area perubahan dan melaporkan hasilnya kepada pimpinan unit kerja.")


@dataclass(frozen=True)
class Case:
    name: str
    path: str  # the relative path it is uploaded under (may be hostile itself)
    build: Callable[[Path], None]
    status: str | None  # expected extraction status; None = refused at upload (no document)
    reason: str | tuple[str, ...] = ""  # a phrase (or one of several) the reason must contain
    stored_path: str | None = None  # the relative path it must be recorded under, when cleaned


# -- raw PDF writing -----------------------------------------------------------------------------

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> %s >>")


def write_pdf(path: Path, objects: list[bytes]) -> None:
    """A classic PDF (header, numbered objects, xref table, trailer) from object bodies; object 1 is the root."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    Path(path).write_bytes(bytes(out))


def _stream(data: bytes, filters: bytes = b"") -> bytes:
    extra = b" /Filter %s" % filters if filters else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page_pdf(path: Path, contents: bytes, *, page_extra: bytes = b"", media_box: bytes = b"595 842",
                  kids: bytes = b"[3 0 R]", filters: bytes = b"") -> None:
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids %s /Count 1 >>" % kids,
                     _PAGE % (media_box, page_extra), _stream(contents, filters), _FONT])


_TEXT_OPS = b"BT /F1 12 Tf 72 720 Td (Laporan monitoring zona integritas tahun 2025 tim kerja) Tj ET"


def _deflate_repeated(unit: bytes, total: int, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level)
    block = unit * (1024 * 1024 // len(unit))
    return b"".join([compressor.compress(block) for _ in range(total // len(block))] + [compressor.flush()])


def pdf_inflate_bomb(path: Path) -> None:
    """A ~300 KB PDF whose one content stream inflates to 300 MB of text operators."""
    _one_page_pdf(path, _deflate_repeated(b"BT /F1 1 Tf (a) Tj ET\n", 300 * 1024 * 1024), filters=b"/FlateDecode")


def pdf_double_filter_bomb(path: Path) -> None:
    """The same bomb compressed twice (``/Filter [/FlateDecode /FlateDecode]``): the guard sees one small layer;
    PDFium inflates both and balloons — the worker's memory and time limits have to stop it."""
    inner = _deflate_repeated(b"BT /F1 1 Tf (a) Tj ET\n", 300 * 1024 * 1024)
    _one_page_pdf(path, zlib.compress(inner, 9), filters=b"[/FlateDecode /FlateDecode]")


def pdf_deep_nesting(path: Path) -> None:
    """200 000 nested arrays and 100 000 nested dictionaries in the page object."""
    deep = b"/Deep " + b"[" * 200_000 + b"]" * 200_000 + b" /DeepDict " + b"<< /A " * 100_000 + b"1" + b" >>" * 100_000
    _one_page_pdf(path, _TEXT_OPS, page_extra=deep)


def pdf_cyclic_pages(path: Path) -> None:
    """The page tree lists itself among its kids (and counts two pages)."""
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                     _PAGE % (b"595 842", b""), _stream(_TEXT_OPS), _FONT])


def pdf_cyclic_references(path: Path) -> None:
    """The page's contents is an indirect reference that points to another that points back."""
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     (_PAGE % (b"595 842", b"")).replace(b"4 0 R", b"6 0 R"), _stream(_TEXT_OPS), _FONT,
                     b"7 0 R", b"6 0 R"])


def pdf_giant_page(path: Path) -> None:
    """A 7 × 7 metre page with a little text: rendered for OCR at 300 dpi it would be 6.8 gigapixels."""
    _one_page_pdf(path, b"BT /F1 400 Tf 1000 18000 Td (Hal 1) Tj ET", media_box=b"20000 20000")


def pdf_lossless_scan(path: Path) -> None:
    """A 300-dpi grey A4 scan stored losslessly: one raw 8-bit greyscale image (2480 × 3508), FlateDecode —
    8.7 MB inflated from one compressed stream, with bytes after its end (``endstream``)."""
    from builders import render_scan_pages

    image = render_scan_pages([LAPORAN], dpi=300)[0]
    width, height = image.size
    pixels = zlib.compress(image.tobytes(), 6)
    draw = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                     b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
                     _stream(draw),
                     b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                     b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % (width, height, len(pixels))
                     + pixels + b"\nendstream"])


def pdf_with_attachment(path: Path, size: int = 5 * 1024 * 1024) -> None:
    """A one-page text PDF carrying a 5 MB attachment (a CSV export, FlateDecode) in its /EmbeddedFiles."""
    row = b"Puskesmas Sumbersari;2025;pengaduan;ditindaklanjuti;12\n"
    attachment = zlib.compress(row * (size // len(row)), 6)
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(rekap.csv) 6 0 R] >> >> >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     _PAGE % (b"595 842", b""), _stream(_TEXT_OPS.replace(b") Tj", b") Tj 0 -14 Td (Rekap pengaduan "
                                                                          b"masyarakat terlampir dalam berkas) Tj")),
                     _FONT, b"<< /Type /Filespec /F (rekap.csv) /EF << /F 7 0 R >> >>",
                     b"<< /Type /EmbeddedFile /Length %d /Filter /FlateDecode >>\nstream\n" % len(attachment)
                     + attachment + b"\nendstream"])


def pdf_truncated(path: Path) -> None:
    source = make_pdf(path.with_suffix(".src"), [LAPORAN, LAPORAN, LAPORAN])
    data = source.read_bytes()
    source.unlink()
    path.write_bytes(data[: len(data) // 3])


def pdf_garbage(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)


# -- Office ------------------------------------------------------------------------------------------

def _rewrite_zip(source: Path, target: Path, replace: dict[str, Callable[[bytes], bytes]]) -> None:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in replace:
                data = replace[item.filename](data)
            zout.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def docx_zip_bomb(path: Path) -> None:
    """A ~300 KB DOCX whose document.xml unpacks to 100 MB of paragraphs (python-docx: minutes, gigabytes)."""
    base = make_docx(path.with_suffix(".base"), [LAPORAN])
    body = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 3_000_000
    _rewrite_zip(base, path, {"word/document.xml": lambda d: d.replace(b"<w:body>", b"<w:body>" + body, 1)})
    base.unlink()


def xlsx_zip_bomb(path: Path) -> None:
    base = make_xlsx(path.with_suffix(".base"), {"Rekap": [["Unit", "Nilai"]]})
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 2_000_000  # row numbers are optional
    _rewrite_zip(base, path, {"xl/worksheets/sheet1.xml": lambda d: d.replace(b"</row></sheetData>",
                                                                              b"</row>" + rows + b"</sheetData>")})
    base.unlink()


_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                      for i in range(1, 10)) + b"]>\n")


def docx_billion_laughs(path: Path) -> None:
    base = make_docx(path.with_suffix(".base"), [LAPORAN])
    _rewrite_zip(base, path, {"word/document.xml": lambda d: _LAUGHS + d.split(b"?>", 1)[1].replace(
        b"</w:body>", b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>", 1)})
    base.unlink()


def xlsx_external_entity(path: Path) -> None:
    base = make_xlsx(path.with_suffix(".base"), {"Rekap": [["Unit", "Nilai"]]})
    xxe = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    _rewrite_zip(base, path, {"xl/worksheets/sheet1.xml": lambda d: xxe + d.replace(
        b"<t>Unit</t>", b"<t>&xxe;</t>", 1)})
    base.unlink()


def pptx_billion_laughs(path: Path) -> None:
    base = make_pptx(path.with_suffix(".base"), ["Paparan\nZona Integritas"])
    _rewrite_zip(base, path, {"ppt/slides/slide1.xml": lambda d: _LAUGHS + d.split(b"?>", 1)[1]})
    base.unlink()


def _encrypt_office(plain: Path, target: Path, password: str = "rahasia123") -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(plain, "rb") as fh, open(target, "wb") as out:
        OOXMLFile(fh).encrypt(password, out)
    plain.unlink()


def docx_password(path: Path) -> None:
    _encrypt_office(make_docx(path.with_suffix(".plain.docx"), [LAPORAN]), path)


def xlsx_password(path: Path) -> None:
    _encrypt_office(make_xlsx(path.with_suffix(".plain.xlsx"), {"Rekap": [["Unit", "Nilai"], ["Dinas", 90]]}), path)


def docx_truncated(path: Path) -> None:
    data = make_docx(path.with_suffix(".base"), [LAPORAN] * 20).read_bytes()
    path.with_suffix(".base").unlink()
    path.write_bytes(data[: len(data) // 2])


def xlsx_far_cell(path: Path) -> None:
    """Two cells, A1 and XFD1048576, and a dimension that spans them: openpyxl's read-only mode, trusting it,
    walked a million rows of 16 384 empty cells."""
    base = make_xlsx(path.with_suffix(".base"), {"Rekap": [["Unit", "Nilai"]]})
    _rewrite_zip(base, path, {"xl/worksheets/sheet1.xml": lambda d: d.replace(
        b'<dimension ref="A1:B1"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
        b"</row></sheetData>",
        b'</row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row></sheetData>')})
    base.unlink()


def xlsx_stale_dimension(path: Path, rows: int = 100) -> None:
    """A 100-row sheet whose ``<dimension>`` says ``A1`` (exporters that patch a template leave it so)."""
    make_raw_xlsx(path, ("".join(f'<row r="{n}">' + xlsx_cell(f"A{n}", f"Pengaduan nomor {n}")
                                 + xlsx_cell(f"B{n}", n * 3) + "</row>" for n in range(1, rows + 1)),),
                  dimension="A1")


_MILLION_ROW = '<row r="%d"><c><v>%d</v></c><c><v>%d</v></c></row>'


def xlsx_million_rows(path: Path, rows: int = 1_000_000) -> None:
    """A sheet of a million numbered rows (two number cells each) that declares ``A1:B1``."""
    make_raw_xlsx(path, ("".join([_MILLION_ROW % (n, n, (n * 7919) % 100_003)
                                  for n in range(start, min(rows, start + 9_999) + 1)])
                         for start in range(1, rows + 1, 10_000)), dimension="A1:B1")


def xlsx_huge_cell(path: Path) -> None:
    """A 30 MB string (varied words, so it does not look like a ZIP bomb) in row 3 of 4; declares ``A1``."""
    import random

    rng = random.Random(3)
    words = "laporan monitoring evaluasi zona integritas pengaduan masyarakat tim kerja pelayanan".split()
    block = " ".join(rng.choice(words) for _ in range(120_000))[: 1024 * 1024]
    make_raw_xlsx(path, [
        '<row r="1">' + xlsx_cell("A1", "Unit") + xlsx_cell("B1", "Catatan") + "</row>",
        '<row r="2">' + xlsx_cell("A2", "Dinas Kesehatan") + xlsx_cell("B2", 90) + "</row>",
        '<row r="3">' + xlsx_cell("A3", "Puskesmas Sumbersari") + xlsx_cell("B3", block * 30) + "</row>",
        '<row r="4">' + xlsx_cell("A4", "Penutup rekap pengaduan masyarakat") + "</row>",
    ], dimension="A1")


def plain_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("catatan.txt", "bukan dokumen Office")


def legacy_doc(path: Path) -> None:
    make_ole(path, {"WordDocument": b"\xec\xa5\xc1\x00" + b"\x00" * 5000, "1Table": b"\x00" * 4096})


def legacy_xls(path: Path) -> None:
    make_ole(path, {"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\x00" * 5000})


# -- images, wrong types, sizes ---------------------------------------------------------------------

def png_pixel_bomb(path: Path) -> None:
    """A few-KB PNG that claims 60 000 × 60 000 pixels (3.6 gigapixels)."""
    width = height = 60_000

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * (width // 8)
    compressor = zlib.compressobj(9)
    idat = compressor.compress(row * 64) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def jpeg_truncated(path: Path) -> None:
    from builders import render_scan_pages

    buffer = io.BytesIO()
    render_scan_pages([LAPORAN], dpi=100)[0].save(buffer, format="JPEG", quality=85)
    path.write_bytes(buffer.getvalue()[:4000])


def png_named_pdf(path: Path) -> None:
    from builders import render_scan_pages

    render_scan_pages([SK_TIM], dpi=200)[0].save(path, format="PNG")


def elf_named_pdf(path: Path) -> None:
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16)


def binary_named_txt(path: Path) -> None:
    path.write_bytes(b"catatan\x00\x01\x02\x03" * 200)


def utf16_without_bom(path: Path) -> None:
    """A note saved as UTF-16 (little-endian) without a byte-order mark, as some Windows tools write it."""
    path.write_bytes(LAPORAN.replace("\n", "\r\n").encode("utf-16-le"))


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def oversize(path: Path) -> None:
    """3 MB of text PDF (the test sets the cap to 2 MB)."""
    make_pdf(path, [LAPORAN])
    with open(path, "ab") as fh:
        fh.write(b"%" + b"x" * 3 * 1024 * 1024 + b"\n")


def good_pdf(path: Path) -> None:
    make_pdf(path, [LAPORAN])


def good_sk(path: Path) -> None:
    make_pdf(path, [SK_TIM])


def encrypted_pdf(path: Path) -> None:
    make_encrypted_pdf(path, LAPORAN, password="rahasia")


def encrypted_pdf_empty_password(path: Path) -> None:
    make_encrypted_pdf(path, LAPORAN, password="")


def scanned_blank(path: Path) -> None:
    make_scanned_pdf(path, [""], dpi=100)


LONG_NAME = "Laporan " + "sangat panjang " * 22 + "akhir.pdf"  # 300+ characters


def second_of(raw: str, first: str) -> str:
    """Where ``raw`` is stored when ``first``, earlier in the same upload, cleaned to the same path."""
    from flows.ingest.staging import clean_relative_path, distinct_path

    claimed: dict[str, str] = {}
    distinct_path(clean_relative_path(first), first, claimed)
    return distinct_path(clean_relative_path(raw), raw, claimed)


KAFE_NFC, KAFE_NFD = (unicodedata.normalize(form, "Nama/Kafé rapat.pdf") for form in ("NFC", "NFD"))
CONTROL_NAME, OTHER_CONTROL_NAME = "Nama/lapor\x07an\x1b\tbaru.pdf", "Nama/lapor\x01an\x02\x03baru.pdf"
LONG_NAME_2 = LONG_NAME.replace("akhir.pdf", "penutup.pdf")

CASES: list[Case] = [
    Case("pdf-inflate-bomb", "Rusak/pdf-bom.pdf", pdf_inflate_bomb, "failed", "bom dekompresi"),
    Case("pdf-double-filter-bomb", "Rusak/pdf-bom-ganda.pdf", pdf_double_filter_bomb, "failed",
         ("batas memori", "batas waktu")),
    Case("pdf-deep-nesting", "Rusak/pdf-bersarang.pdf", pdf_deep_nesting, "ok"),
    Case("pdf-cyclic-page-tree", "Rusak/pdf-siklus.pdf", pdf_cyclic_pages, "failed", "Berkas PDF rusak"),
    Case("pdf-cyclic-references", "Rusak/pdf-rujukan-siklus.pdf", pdf_cyclic_references, "empty", "juga dengan OCR"),
    Case("pdf-giant-page", "Rusak/pdf-halaman-raksasa.pdf", pdf_giant_page, "empty", "juga dengan OCR"),
    Case("pdf-lossless-scan", "Pindai/pindai-lossless-300dpi.pdf", pdf_lossless_scan, "ok"),
    Case("pdf-with-attachment", "Rusak/pdf-lampiran-5mb.pdf", pdf_with_attachment, "ok"),
    Case("pdf-truncated", "Rusak/pdf-terpotong.pdf", pdf_truncated, "failed", "Berkas PDF rusak"),
    Case("pdf-garbage", "Rusak/pdf-sampah.pdf", pdf_garbage, "failed", "Berkas PDF rusak"),
    Case("pdf-encrypted", "Rusak/pdf-terkunci.pdf", encrypted_pdf, "encrypted", "kata sandi"),
    Case("pdf-encrypted-empty-password", "Rusak/pdf-kunci-pemilik.pdf", encrypted_pdf_empty_password, "ok"),
    Case("pdf-scanned-blank", "Rusak/pindai-kosong.pdf", scanned_blank, "empty", "juga dengan OCR"),
    Case("docx-zip-bomb", "Rusak/bom.docx", docx_zip_bomb, "failed", "bom ZIP"),
    Case("xlsx-zip-bomb", "Rusak/bom.xlsx", xlsx_zip_bomb, "failed", "bom ZIP"),
    Case("docx-billion-laughs", "Rusak/entitas.docx", docx_billion_laughs, "failed", "DOCTYPE/ENTITY"),
    Case("xlsx-external-entity", "Rusak/xxe.xlsx", xlsx_external_entity, "failed", "DOCTYPE/ENTITY"),
    Case("pptx-billion-laughs", "Rusak/entitas.pptx", pptx_billion_laughs, "failed", "DOCTYPE/ENTITY"),
    Case("docx-password", "Rusak/terkunci.docx", docx_password, "encrypted", "Dokumen Office terkunci kata sandi"),
    Case("xlsx-password", "Rusak/terkunci.xlsx", xlsx_password, "encrypted", "Dokumen Office terkunci kata sandi"),
    Case("docx-truncated", "Rusak/terpotong.docx", docx_truncated, "failed", "Gagal membaca DOCX"),
    # the declared A1:XFD1048576 is dropped (issue 15): only the two cells that are there are read
    Case("xlsx-far-cell", "Rusak/sel-jauh.xlsx", xlsx_far_cell, "empty", "Tidak ada teks"),
    Case("xlsx-stale-dimension", "Rusak/dimensi-basi.xlsx", xlsx_stale_dimension, "ok"),
    Case("zip-named-docx", "Rusak/arsip.docx", plain_zip, "unsupported", "Arsip ZIP"),
    Case("legacy-doc", "Rusak/lama.doc", legacy_doc, "unsupported", "LibreOffice (soffice) tidak terpasang"),
    Case("legacy-xls", "Rusak/lama.xls", legacy_xls, "unsupported", "LibreOffice (soffice) tidak terpasang"),
    Case("png-pixel-bomb", "Rusak/foto-raksasa.png", png_pixel_bomb, "failed", "Gambar terlalu besar"),
    Case("jpeg-truncated", "Rusak/foto-terpotong.jpg", jpeg_truncated, "failed", "Gambar rusak"),
    Case("png-named-pdf", "Salah nama/SK TIM.pdf", png_named_pdf, "ok"),
    Case("pdf-named-docx", "Salah nama/laporan.docx", good_pdf, "ok"),
    Case("elf-named-pdf", "Salah nama/program.pdf", elf_named_pdf, "unsupported", "tidak dikenali"),
    Case("binary-named-txt", "Salah nama/catatan.txt", binary_named_txt, "unsupported", "tidak dikenali"),
    Case("utf16-without-bom", "Teks/catatan-utf16.txt", utf16_without_bom, "ok"),
    Case("zero-bytes", "Rusak/kosong.pdf", zero_bytes, "empty", "Berkas kosong (0 byte)"),
    Case("over-size-cap", "Rusak/besar.pdf", oversize, "unsupported", "melebihi batas ukuran"),
    Case("name-dot-dot", "../../etc/laporan.pdf", good_pdf, None, "memuat '..'"),
    Case("name-absolute", "/etc/laporan-absolut.pdf", good_pdf, "ok", stored_path="etc/laporan-absolut.pdf"),
    Case("name-control-chars", CONTROL_NAME, good_pdf, "ok", stored_path="Nama/lapor_an__baru.pdf"),
    Case("name-300-chars", f"Nama/{LONG_NAME}", good_pdf, "ok"),
    # different names that clean to the same path stay different files (issue 15), in upload order
    Case("name-other-control-chars", OTHER_CONTROL_NAME, good_sk, "ok",
         stored_path=second_of(OTHER_CONTROL_NAME, CONTROL_NAME)),
    Case("name-300-chars-same-start", f"Nama/{LONG_NAME_2}", good_sk, "ok",
         stored_path=second_of(f"Nama/{LONG_NAME_2}", f"Nama/{LONG_NAME}")),
    # a right-to-left override made "laporan\u202efdp.exe" read "laporanexe.pdf": dropped from the name
    Case("name-rtl-override", "Nama/laporan\u202efdp.exe", good_pdf, "ok", stored_path="Nama/laporanfdp.exe"),
    Case("name-nfc", KAFE_NFC, good_pdf, "ok", stored_path="Nama/Kafé rapat.pdf"),
    Case("name-nfd", KAFE_NFD, good_sk, "ok", stored_path=second_of(KAFE_NFD, KAFE_NFC)),
    Case("control-good-sk", "AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZI 2025.pdf", good_sk, "ok"),
]
