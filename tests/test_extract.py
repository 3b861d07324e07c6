"""Text extraction: sniffing by content, one parser per format, outcomes as result values."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from builders import (
    make_docx,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_pdf,
    make_png,
    make_pptx,
    make_xlsx,
)

from indexing.extract import (
    PAGE_SEPARATOR,
    ExtractionResult,
    ExtractStatus,
    ParseContext,
    Parser,
    extract_file,
    normalise_text,
    parser_for,
    register,
    registered_media_types,
    sniff_media_type,
)
from indexing.extract import registry as registry_module
from indexing.metadata import extract_metadata

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

PAGE_1 = (
    "LAPORAN MONITORING DAN EVALUASI PEMBANGUNAN ZONA INTEGRITAS\n"
    "Tim Kerja melaksanakan monitoring terhadap enam area perubahan, yaitu manajemen perubahan, "
    "penataan tata laksana, penataan sistem manajemen SDM, penguatan akuntabilitas, penguatan "
    "pengawasan dan peningkatan kualitas pelayanan publik."
)
PAGE_2 = (
    "Hasil evaluasi menunjukkan bahwa seluruh unit telah mengunggah data dukung.\n"
    "Jember, 12 Maret 2025\nKEPALA DINAS KESEHATAN KABUPATEN JEMBER,\nNIP. 19660220 199703 1 004"
)


# -- sniffing ---------------------------------------------------------------------------


@pytest.fixture()
def samples(tmp_path: Path) -> dict[str, Path]:
    return {
        "pdf": make_pdf(tmp_path / "laporan.pdf", [PAGE_1]),
        "docx": make_docx(tmp_path / "sk.docx", ["Keputusan tentang tim kerja zona integritas"]),
        "xlsx": make_xlsx(tmp_path / "rekap.xlsx", {"Rekap": [["Unit", "Nilai"], ["Dinas", 90]]}),
        "pptx": make_pptx(tmp_path / "paparan.pptx", ["Paparan\nZona Integritas"]),
        "png": make_png(tmp_path / "foto.png"),
    }


@pytest.mark.parametrize(
    ("kind", "media_type"),
    [("pdf", PDF), ("docx", DOCX), ("xlsx", XLSX), ("pptx", PPTX), ("png", "image/png")],
)
def test_sniff_by_content_ignores_a_wrong_extension(samples, tmp_path, kind, media_type):
    misnamed = tmp_path / f"misnamed-{kind}.bin"
    misnamed.write_bytes(samples[kind].read_bytes())
    assert sniff_media_type(misnamed) == media_type
    assert sniff_media_type(misnamed, filename="dokumen.txt") == media_type


def test_pdf_named_docx_is_extracted_as_pdf(samples, tmp_path):
    misnamed = tmp_path / "SK Tim ZI.docx"
    misnamed.write_bytes(samples["pdf"].read_bytes())
    result = extract_file(misnamed)
    assert result.status is ExtractStatus.OK
    assert result.media_type == PDF
    assert "enam area perubahan" in result.text


def test_sniff_pdf_after_leading_junk(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\r\n\xef\xbb\xbf garbage before header " + b"%PDF-1.4\n%\xe2\xe3\n1 0 obj")
    assert sniff_media_type(path) == PDF


@pytest.mark.parametrize(
    ("head", "filename", "expected"),
    [
        (b"", "kosong.pdf", "application/x-empty"),
        (OLE_HEADER, "lama.doc", "application/msword"),
        (OLE_HEADER, "lama.xls", "application/vnd.ms-excel"),
        (OLE_HEADER, "lama.ppt", "application/vnd.ms-powerpoint"),
        (OLE_HEADER, "tanpa-ekstensi", "application/x-ole-storage"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "x.png", "image/jpeg"),
        (b"II*\x00\x08\x00\x00\x00", "x", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "x", "image/tiff"),
        (b"GIF89a\x01\x00\x01\x00", "x", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "x", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "IMG_0001.HEIC", "image/heic"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "x", "image/heic"),
        ("Nama;Unit\nBudi;Dinas Kesehatan\n".encode(), "data.csv", "text/csv"),
        ("# Catatan\n\nRapat tim ZI".encode(), "catatan.md", "text/markdown"),
        ("Teks biasa dengan é dan ü".encode(), "catatan", "text/plain"),
        ("Teks cp1252 dengan é dan ü ‘kutip’".encode("cp1252"), "lama.txt", "text/plain"),
        ("Teks UTF-16 dari Notepad".encode("utf-16"), "notepad.txt", "text/plain"),
        (b"{\\rtf1\\ansi Halo}", "x.doc", "application/rtf"),
        (bytes(range(256)) * 4, "data.txt", "application/octet-stream"),
        (b"\x00\x01\x02\x03binary", "x.pdf", "application/octet-stream"),
    ],
)
def test_sniff_signatures(tmp_path, head, filename, expected):
    path = tmp_path / "stored-object"
    path.write_bytes(head)
    assert sniff_media_type(path, filename=filename) == expected


def test_sniff_plain_zip_and_opendocument(tmp_path):
    plain = tmp_path / "arsip.docx"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("a.txt", "isi")
    assert sniff_media_type(plain) == "application/zip"

    odt = tmp_path / "dokumen.odt"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    assert sniff_media_type(odt) == "application/vnd.oasis.opendocument.text"
    result = extract_file(odt)
    assert result.status is ExtractStatus.UNSUPPORTED
    assert "belum didukung" in result.reason


def test_truncated_docx_is_sniffed_as_docx_and_fails_cleanly(samples, tmp_path):
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(samples["docx"].read_bytes()[:2000])
    assert sniff_media_type(broken) == DOCX
    result = extract_file(broken)
    assert result.status is ExtractStatus.FAILED
    assert result.reason.startswith("Gagal membaca DOCX: BadZipFile: ")
    assert str(tmp_path) not in result.reason


# -- PDF --------------------------------------------------------------------------------


def test_pdf_pages_text_and_separator(tmp_path):
    result = extract_file(make_pdf(tmp_path / "laporan.pdf", [PAGE_1, PAGE_2]))
    assert result.status is ExtractStatus.OK, result.reason
    assert result.page_count == 2
    assert result.extractor.startswith("pypdfium2 ")
    assert result.pages_without_text == []
    first, second = result.text.split(PAGE_SEPARATOR)
    assert "penguatan akuntabilitas" in " ".join(first.split())
    assert "12 Maret 2025" in second
    assert result.duration_s > 0
    assert extract_metadata(result.text).date == dt.date(2025, 3, 12)


def test_pdf_long_lines_are_wrapped_and_kept(tmp_path):
    long_line = " ".join(f"kata{i}" for i in range(400))
    result = extract_file(make_pdf(tmp_path / "panjang.pdf", [long_line]))
    assert result.status is ExtractStatus.OK
    assert result.text.split() == long_line.split()


def test_pdf_pages_with_thin_text_are_listed(tmp_path):
    result = extract_file(make_pdf(tmp_path / "campur.pdf", [PAGE_1, "hal. 2", PAGE_2]))
    assert result.status is ExtractStatus.OK
    assert result.pages_without_text == [2]
    result = extract_file(tmp_path / "campur.pdf", context=ParseContext(min_chars_per_page=5))
    assert result.pages_without_text == []


def test_image_only_pdf_needs_ocr(tmp_path):
    result = extract_file(make_image_only_pdf(tmp_path / "pindai.pdf"))
    assert result.status is ExtractStatus.NEEDS_OCR
    assert result.reason == "PDF tanpa lapisan teks (hasil pindai); perlu OCR"
    assert result.page_count == 1
    assert result.pages_without_text == [1]
    assert result.text.strip() == ""


def test_encrypted_pdf_with_unknown_password(tmp_path):
    path = make_encrypted_pdf(tmp_path / "rahasia.pdf", PAGE_1, password="rahasia")
    result = extract_file(path)
    assert result.status is ExtractStatus.ENCRYPTED
    assert "kata sandi" in result.reason
    assert result.text == ""


def test_encrypted_pdf_with_empty_user_password_opens(tmp_path):
    path = make_encrypted_pdf(tmp_path / "terkunci-pemilik.pdf", PAGE_1, password="")
    assert b"/Encrypt" in path.read_bytes()
    result = extract_file(path)
    assert result.status is ExtractStatus.OK, result.reason
    assert "enam area perubahan" in result.text


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: b"%PDF-1.7\n" + bytes(range(256)) * 20, id="garbage"),
        pytest.param(lambda data: b"%PDF-", id="header-only"),
    ],
)
def test_damaged_pdf_fails_without_raising(tmp_path, damage):
    good = make_pdf(tmp_path / "baik.pdf", [PAGE_1, PAGE_2, PAGE_1])
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(damage(good.read_bytes()))
    result = extract_file(broken)
    assert result.status is ExtractStatus.FAILED
    assert result.media_type == PDF
    assert result.reason.startswith("Berkas PDF rusak: ")
    assert "pypdf" in result.reason


def test_pdf_falls_back_to_pypdf_when_pdfium_cannot_open(tmp_path, monkeypatch):
    import pypdfium2

    from indexing.extract import pdf as pdf_module

    def refuse(*args, **kwargs):
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).", err_code=3)

    monkeypatch.setattr(pdf_module.pdfium, "PdfDocument", refuse)
    result = extract_file(make_pdf(tmp_path / "laporan.pdf", [PAGE_1, PAGE_2]))
    assert result.status is ExtractStatus.OK
    assert result.extractor.startswith("pypdf ")
    assert result.page_count == 2
    assert "12 Maret 2025" in result.text


def test_pdf_max_pages(tmp_path):
    path = make_pdf(tmp_path / "tebal.pdf", [f"{PAGE_1} halaman {i}" for i in range(5)])
    result = extract_file(path, context=ParseContext(max_pages=2))
    assert result.status is ExtractStatus.OK
    assert result.page_count == 5
    assert result.text.count(PAGE_SEPARATOR) == 1
    assert result.reason == "Hanya 2 dari 5 halaman pertama yang dibaca"


# -- Office and text --------------------------------------------------------------------


def test_docx_paragraphs_table_header_footer(tmp_path):
    path = make_docx(
        tmp_path / "sk.docx",
        ["KEPUTUSAN KEPALA DINAS KESEHATAN", "Membentuk Tim Kerja Pembangunan Zona Integritas."],
        table=[["No", "Nama", "Jabatan"], ["1", "dr. Budi Santoso", "Ketua"], ["2", "Siti Aminah, S.KM.", "Sekretaris"]],
        header="PEMERINTAH KABUPATEN JEMBER",
        footer="Dokumen ini sah tanpa tanda tangan basah",
    )
    result = extract_file(path)
    assert result.status is ExtractStatus.OK
    assert result.extractor.startswith("python-docx ")
    lines = result.text.split("\n")
    assert lines[0] == "PEMERINTAH KABUPATEN JEMBER"
    assert "Membentuk Tim Kerja Pembangunan Zona Integritas." in lines
    assert "1\tdr. Budi Santoso\tKetua" in lines
    assert "2\tSiti Aminah, S.KM.\tSekretaris" in lines
    assert lines[-1] == "Dokumen ini sah tanpa tanda tangan basah"


def test_docx_merged_cells_appear_once(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "SUSUNAN TIM KERJA ZONA INTEGRITAS"
    for c, value in enumerate(["Ketua", "Sekretaris", "Anggota"]):
        table.cell(1, c).text = value
    path = tmp_path / "gabung.docx"
    document.save(path)
    result = extract_file(path)
    assert result.text.split("\n") == ["SUSUNAN TIM KERJA ZONA INTEGRITAS", "Ketua\tSekretaris\tAnggota"]


def test_xlsx_every_sheet_with_heading_and_no_empty_rows(tmp_path):
    path = make_xlsx(
        tmp_path / "rekap.xlsx",
        {
            "Rekap LKE": [["No", "Area", "Nilai"], [1, "Manajemen Perubahan", 7.5], [None, None, None], [2, "Tata Laksana", 4]],
            "Data Dukung": [["Kode", "Tanggal"], ["1.a.1", dt.datetime(2024, 2, 5)]],
        },
    )
    result = extract_file(path)
    assert result.status is ExtractStatus.OK
    assert result.page_count == 2
    assert result.text.split("\n") == [
        "## Rekap LKE",
        "No\tArea\tNilai",
        "1\tManajemen Perubahan\t7.5",
        "2\tTata Laksana\t4",
        "",
        "## Data Dukung",
        "Kode\tTanggal",
        "1.a.1\t2024-02-05",
    ]


def test_pptx_slides_and_table(tmp_path):
    path = make_pptx(
        tmp_path / "paparan.pptx",
        ["Zona Integritas\nRencana kerja tahun 2024", "Capaian\nSeluruh area perubahan terpenuhi"],
        table=[["Area", "Nilai"], ["Pelayanan Publik", "9,5"]],
    )
    result = extract_file(path)
    assert result.status is ExtractStatus.OK
    assert result.page_count == 2
    first, second = result.text.split(PAGE_SEPARATOR)
    assert first == "Zona Integritas\nRencana kerja tahun 2024"
    assert "Seluruh area perubahan terpenuhi" in second
    assert "Pelayanan Publik\t9,5" in second


def test_text_utf8_crlf_and_control_characters(tmp_path):
    path = tmp_path / "notulen.txt"
    path.write_bytes("NOTULEN RAPAT  \r\nPembahasan LKE ZI\r\n\r\n\r\n\r\n\x07Rapat ditutup pukul 12.00\x1b\r\n".encode())
    result = extract_file(path)
    assert result.status is ExtractStatus.OK
    assert result.media_type == "text/plain"
    assert result.text == "NOTULEN RAPAT\nPembahasan LKE ZI\n\nRapat ditutup pukul 12.00"


def test_text_with_nul_bytes_is_not_text(tmp_path):
    path = tmp_path / "aneh.txt"
    path.write_bytes(b"teks\x00dengan\x00nul")
    assert extract_file(path).status is ExtractStatus.UNSUPPORTED


def test_text_cp1252_fallback_and_csv(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes("Nama;Keterangan\nJosé;‘aktif’ – penanggung jawab\n".encode("cp1252"))
    result = extract_file(path)
    assert result.status is ExtractStatus.OK
    assert result.media_type == "text/csv"
    assert "José;‘aktif’ – penanggung jawab" in result.text
    assert "cp1252" in result.extractor


# -- outcomes that are not text ---------------------------------------------------------


def test_zero_byte_file_is_empty(tmp_path):
    path = tmp_path / "kosong.pdf"
    path.write_bytes(b"")
    result = extract_file(path)
    assert result.status is ExtractStatus.EMPTY
    assert result.reason == "Berkas kosong (0 byte)"
    assert result.media_type == "application/x-empty"


def test_too_little_text_is_empty(tmp_path):
    result = extract_file(make_docx(tmp_path / "hampir-kosong.docx", ["Lampiran", ""]))
    assert result.status is ExtractStatus.EMPTY
    assert result.reason == "Tidak ada teks yang dapat dibaca"
    assert result.text == "Lampiran"


def test_png_needs_ocr(tmp_path):
    result = extract_file(make_png(tmp_path / "foto kegiatan.jpg"))
    assert result.status is ExtractStatus.NEEDS_OCR
    assert result.media_type == "image/png"
    assert result.reason == "Gambar tanpa lapisan teks; perlu OCR"
    assert result.page_count == 1


@pytest.mark.parametrize("filename", ["lama.doc", "lama.xls", "lama.ppt", "lama"])
def test_legacy_ole_office_is_unsupported(tmp_path, filename):
    path = tmp_path / "obj"
    path.write_bytes(OLE_HEADER)
    result = extract_file(path, filename=filename)
    assert result.status is ExtractStatus.UNSUPPORTED
    assert "belum didukung" in result.reason


def test_unknown_binary_and_zip_of_stored_pdfs_are_unsupported(tmp_path):
    binary = tmp_path / "data.dat"
    binary.write_bytes(bytes(range(256)) * 8)
    assert extract_file(binary).status is ExtractStatus.UNSUPPORTED
    archive = tmp_path / "berkas.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("sk.pdf", b"%PDF-1.4")  # "%PDF-" within the first kilobyte of the ZIP
    assert b"%PDF-" in archive.read_bytes()[:1024]
    result = extract_file(archive)
    assert result.status is ExtractStatus.UNSUPPORTED
    assert result.reason.startswith("Arsip ZIP")


def test_oversize_file_is_unsupported_per_context(tmp_path):
    path = make_pdf(tmp_path / "besar.pdf", [PAGE_1])
    result = extract_file(path, context=ParseContext(max_bytes=100))
    assert result.status is ExtractStatus.UNSUPPORTED
    assert result.reason.startswith("Berkas melebihi batas ukuran")
    assert result.media_type == PDF
    assert extract_file(path).status is ExtractStatus.OK


def test_missing_file_fails_without_raising(tmp_path):
    result = extract_file(tmp_path / "tidak-ada.pdf")
    assert result.status is ExtractStatus.FAILED
    assert result.reason.startswith("Berkas tidak dapat dibuka")


def test_crashing_parser_is_wrapped_once(tmp_path, monkeypatch):
    class Exploding:
        name = "meledak"
        label = "PDF"
        media_types = (PDF,)

        def parse(self, path, context):
            raise ZeroDivisionError("pembagian dengan nol")

    monkeypatch.setattr(registry_module, "_PARSERS", dict(registry_module._PARSERS))
    assert isinstance(Exploding(), Parser)
    register(Exploding())
    assert parser_for(PDF).name == "meledak"
    result = extract_file(make_pdf(tmp_path / "laporan.pdf", [PAGE_1]))
    assert result.status is ExtractStatus.FAILED
    assert result.reason == "Gagal membaca PDF: ZeroDivisionError: pembagian dengan nol"
    assert result.extractor == "meledak"


def test_context_is_frozen_and_result_fields():
    context = ParseContext()
    assert (context.max_bytes, context.max_pages, context.min_chars_per_page) == (200 * 1024 * 1024, 2000, 50)
    assert context.languages == ("ind", "eng")
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.max_pages = 1  # type: ignore[misc]
    result = ExtractionResult(status=ExtractStatus.OK, media_type=PDF)
    assert result.pages_without_text == [] and result.reason is None
    assert ExtractStatus.NEEDS_OCR == "needs_ocr"
    assert all(isinstance(parser_for(mt), Parser) for mt in registered_media_types())


def test_normalise_text():
    raw = "a\x00b\x0bc  \t\nd\u00a0\n\n\n\n\ne\f\nf\r\ng"
    assert normalise_text(raw) == "abc\nd\n\ne\f\nf\ng"


def test_sk_pdf_end_to_end_metadata(tmp_path):
    from test_metadata import SK_TEXT

    path = make_pdf(tmp_path / "sk-tim-zi.pdf", [SK_TEXT])
    result = extract_file(path, filename="SK Tim ZI 2024.pdf")
    assert result.status is ExtractStatus.OK
    meta = extract_metadata(result.text)
    assert meta.date == dt.date(2024, 2, 5)
    assert meta.number == "800/123/35.09.311/2024"
    assert meta.issuer == "Kepala Dinas Kesehatan Kabupaten Jember"
    assert meta.title.startswith("PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS")
