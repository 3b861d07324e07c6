"""OCR of scans: an image-only SK made from real SK text is read, classified and found, in Indonesian.

The scans are rendered from text here (tests/builders.py: slightly rotated, with speckles) and
read by the real Tesseract with the ``ind`` model; tests that need it skip without it, or fail
under ``CI=true`` (``make test`` installs it).
"""

from __future__ import annotations

import io

import pytest
from builders import make_pdf, make_scanned_pdf, render_scan_pages
from conftest import LAPORAN_PENGADUAN, SK_TIM

from flows.ingest.pipeline import ingest, reprocess
from indexing.extract import ExtractStatus, ParseContext, extract_file
from indexing.extract.base import OcrOptions
from indexing.extract.ocr import describe_pages, parse_tsv
from indexing.search import SearchQuery
from storage.records import repository as repo
from tests.services.tesseract import require_tesseract

SK_PHRASES = ("KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN JEMBER", "PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS",
              "Ditetapkan di Jember", "6 Januari 2025")


@pytest.fixture
def tesseract() -> str:
    return require_tesseract()


def _docs(rt):
    with rt.records.session() as session:
        return {d.relative_path: d for d in repo.list_documents(session, unit_codes=["DINKES-JBR"])}


def _text(rt, doc) -> str:
    with rt.objects.open(doc.extraction.text_key) as fh:
        return fh.read().decode("utf-8")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_scanned_sk_is_read_classified_and_found(runtime, tesseract, tmp_path):
    runtime.settings.ingest.ocr_command = tesseract
    folder = tmp_path / "unggahan"
    (folder / "Lain-lain").mkdir(parents=True)
    make_scanned_pdf(folder / "Lain-lain" / "scan_0012.pdf", [SK_TIM])  # the name says nothing
    make_pdf(folder / "Lain-lain" / "laporan pengaduan.pdf", [LAPORAN_PENGADUAN])
    seen = []
    report = ingest(runtime, folder, unit_code="DINKES-JBR", year=2025, on_ocr_start=seen.append)
    assert report.batches.statuses == {"ok": 2}
    assert report.batches.ocr_documents == 1 and report.batches.ocr_pages == 1
    docs = _docs(runtime)
    scan = docs["Lain-lain/scan_0012.pdf"]
    assert seen == [[scan.id]]  # only the scan waited for OCR
    extraction = scan.extraction
    assert extraction.status == "ok" and extraction.ocr_state == "done"
    assert extraction.ocr_pages == [1] and extraction.ocr_confidence > 75
    assert "tesseract" in extraction.extractor and "ind+eng" in extraction.extractor
    text = _flat(_text(runtime, scan))
    for phrase in SK_PHRASES:
        assert phrase in text
    assert scan.doc_type == "sk_tim_kerja"
    assert scan.doc_date.isoformat() == "2025-01-06"
    assert "A.I.1.i.a" in {c.question_code for c in scan.classifications}
    # searchable like any other text, and marked as OCR text
    hits = runtime.search.search(SearchQuery(text='"tim kerja" pembangunan')).hits
    assert [(h.doc_id, h.ocr) for h in hits] == [(scan.id, True)]
    text_hit = runtime.search.search(SearchQuery(text="pengaduan")).hits
    assert text_hit and all(not h.ocr for h in text_hit if h.doc_id != scan.id)


def test_only_pages_without_text_are_ocred(tesseract, tmp_path):
    from pypdf import PdfReader, PdfWriter

    text_pdf = make_pdf(tmp_path / "teks.pdf", [LAPORAN_PENGADUAN])
    scan_pdf = make_scanned_pdf(tmp_path / "pindai.pdf", [SK_TIM])
    writer = PdfWriter()
    for source in (text_pdf, scan_pdf, text_pdf):
        writer.append(PdfReader(source))
    mixed = tmp_path / "campuran.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    plain = extract_file(mixed)
    assert plain.status is ExtractStatus.OK and plain.pages_without_text == [2]
    result = extract_file(mixed, context=ParseContext(ocr=OcrOptions(command=tesseract)))
    assert result.status is ExtractStatus.OK and result.ocr_pages == [2]
    first, second, third = result.text.split("\n\f\n")
    assert first == third == plain.text.split("\n\f\n")[0]  # the text pages keep their own text
    assert "PEMBENTUKAN TIM KERJA" in _flat(second)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF", "HEIF"])
def test_images_are_ocred(tesseract, tmp_path, fmt):
    image = render_scan_pages([SK_TIM], dpi=200)[0]
    path = tmp_path / f"foto.{fmt.lower()}"
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
        image.convert("RGB").save(path, format="HEIF", quality=90)
    elif fmt == "JPEG":  # a phone photo lying on its side, upright by its EXIF orientation
        exif = image.getexif()
        exif[0x0112] = 6  # rotate 90° clockwise to view
        image.rotate(90, expand=True).save(path, format="JPEG", quality=90, exif=exif.tobytes())
    else:
        image.save(path, format=fmt, dpi=(200, 200))
    result = extract_file(path, context=ParseContext(ocr=OcrOptions(command=tesseract)))
    assert result.status is ExtractStatus.OK, result.reason
    assert result.ocr_pages == [1] and result.ocr_confidence > 60
    assert "PEMBENTUKAN TIM KERJA" in _flat(result.text)


def test_multipage_tiff_is_one_page_per_frame(tesseract, tmp_path):
    pages = render_scan_pages([SK_TIM, LAPORAN_PENGADUAN], dpi=150)
    path = tmp_path / "faks.tif"
    pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:], dpi=(150, 150))
    result = extract_file(path, context=ParseContext(ocr=OcrOptions(command=tesseract)))
    assert result.page_count == 2 and result.ocr_pages == [1, 2]
    first, second = result.text.split("\n\f\n")
    assert "ZONA INTEGRITAS" in first and "SP4N-LAPOR" in _flat(second)


def test_without_tesseract_scans_wait_with_the_reason_and_retry_reads_them(runtime, tesseract, tmp_path):
    folder = tmp_path / "unggahan"
    folder.mkdir()
    make_scanned_pdf(folder / "SK Tim ZI.pdf", [SK_TIM])
    render_scan_pages([SK_TIM], dpi=150)[0].save(folder / "foto sk.png")
    runtime.settings.ingest.ocr_command = "tesseract-tidak-terpasang"
    report = ingest(runtime, folder, unit_code="DINKES-JBR", year=2025)
    assert report.batches.statuses == {"needs_ocr": 2} and report.batches.ocr_documents == 0
    for doc in _docs(runtime).values():
        assert doc.extraction.ocr_state == "unavailable"
        assert "OCR tidak tersedia: program OCR 'tesseract-tidak-terpasang' tidak ditemukan" in doc.extraction.reason
        assert "apt-get install tesseract-ocr tesseract-ocr-ind" in doc.extraction.reason
    # the fix: Tesseract is there now; `dukung retry --failed` reads both
    runtime.settings.ingest.ocr_command = tesseract
    again = reprocess(runtime)
    assert again.statuses == {"ok": 2} and again.ocr_documents == 2
    for doc in _docs(runtime).values():
        assert doc.extraction.ocr_state == "done" and "ZONA INTEGRITAS" in _text(runtime, doc)


def test_ocr_switched_off_says_so(runtime, tmp_path):
    runtime.settings.ingest.ocr = False
    folder = tmp_path / "unggahan"
    folder.mkdir()
    make_scanned_pdf(folder / "SK.pdf", [SK_TIM], dpi=100)
    ingest(runtime, folder, unit_code="DINKES-JBR", year=2025)
    doc = _docs(runtime)["SK.pdf"]
    assert doc.extraction.status == "needs_ocr" and doc.extraction.ocr_state == "unavailable"
    assert doc.extraction.reason.endswith("OCR tidak tersedia: OCR dimatikan (DUKUNG_INGEST__OCR=false)")


def test_a_language_that_is_not_installed_is_named(tesseract, tmp_path):
    path = make_scanned_pdf(tmp_path / "pindai.pdf", [SK_TIM], dpi=100)
    result = extract_file(path, context=ParseContext(languages=("ind", "jav"), ocr=OcrOptions(command=tesseract)))
    assert result.status is ExtractStatus.NEEDS_OCR
    assert "bahasa OCR jav belum terpasang (apt-get install tesseract-ocr-jav)" in result.reason


def test_parse_tsv_lines_paragraphs_and_confidence():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.0\tKEPUTUSAN",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t90.0\tKEPALA",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t80.0\tDINAS",
        "4\t1\t1\t2\t1\t0\t0\t0\t1\t1\t-1\t",
        "5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t70.0\tMenimbang",
        "5\t1\t1\t2\t1\t2\t0\t0\t1\t1\t-1\t ",
    ]
    page = parse_tsv("\n".join([header, *rows]))
    assert page.text == "KEPUTUSAN KEPALA\nDINAS\n\nMenimbang"
    assert page.confidences == [96.0, 90.0, 80.0, 70.0]
    assert describe_pages([7, 1, 2, 3, 9, 10]) == "1–3, 7, 9–10"
    assert parse_tsv("").text == ""


def test_giant_scan_is_rendered_under_the_pixel_cap(tesseract, tmp_path):
    from indexing.extract.pdf import ocr_pdf_pages

    image = render_scan_pages([SK_TIM], dpi=100)[0]
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=2)  # 2 dpi: a page 10 metres tall
    path = tmp_path / "raksasa.pdf"
    path.write_bytes(buffer.getvalue())
    context = ParseContext(ocr=OcrOptions(command=tesseract, max_image_pixels=4_000_000))
    ocr = ocr_pdf_pages(path, [1], context)
    assert "ZONA INTEGRITAS" in _flat(ocr.pages[1])


def test_a_scan_uploaded_from_the_web_page_is_ocred_too(runtime, tesseract, tmp_path):
    """The web upload's background run (direct mode) does the text pass and then the OCR pass."""
    from flows.ingest.uploads import add_file, batch_status, create_batch, run_batch

    runtime.settings.ingest.ocr_command = tesseract
    scan = make_scanned_pdf(tmp_path / "scan_0012.pdf", [SK_TIM])
    batch = create_batch(runtime, "DINKES-JBR", 2025, actor="anggota@dinkes.go.id")
    add_file(runtime, batch, scan, "Lain-lain/scan_0012.pdf", actor="anggota@dinkes.go.id")
    run_batch(runtime, batch)
    status = batch_status(runtime, batch)
    assert status["status"] == "done"
    doc = _docs(runtime)["Lain-lain/scan_0012.pdf"]
    assert doc.extraction.ocr_state == "done" and doc.doc_type == "sk_tim_kerja"
    assert "A.I.1.i.a" in status["files"][0]["result"]


@pytest.mark.parametrize(("dpi", "native"), [(200, True), (300, True), (150, False), (600, False)])
def test_a_full_page_scan_is_read_from_its_own_image(tmp_path, dpi, native):
    """200–400 dpi scans go to Tesseract as their own pixels (no render); coarse or huge ones are rendered."""
    import pypdfium2 as pdfium

    from indexing.extract.pdf import page_for_ocr, scanned_image

    pdf = pdfium.PdfDocument(make_scanned_pdf(tmp_path / "pindai.pdf", [SK_TIM], dpi=dpi))
    page = pdf[0]
    found = scanned_image(page)
    image, page_dpi = page_for_ocr(page, OcrOptions(dpi=300))
    if native:
        assert found is not None and found[1] == dpi
        assert page_dpi == dpi and image.size == next(page.get_objects()).get_px_size()
    else:
        assert found is None
        assert page_dpi == 300 and image.size[0] == round(page.get_size()[0] * 300 / 72)
    assert image.mode == "L"


def test_a_page_with_text_or_a_rotated_scan_is_rendered(tmp_path):
    import pypdfium2 as pdfium

    from indexing.extract.pdf import scanned_image

    text_page = pdfium.PdfDocument(make_pdf(tmp_path / "teks.pdf", [SK_TIM]))[0]
    assert scanned_image(text_page) is None
    rotated = pdfium.PdfDocument(make_scanned_pdf(tmp_path / "putar.pdf", [SK_TIM], dpi=200))
    rotated[0].set_rotation(90)
    assert scanned_image(rotated[0]) is None


def test_the_ocr_pass_hands_out_the_longest_scans_first(runtime, tmp_path):
    """Per-document OCR jobs start with the scans that have the most pages (both cores busy to the end)."""
    from flows.ingest.ocr import longest_first

    runtime.settings.ingest.ocr = False
    folder = tmp_path / "unggahan"
    folder.mkdir()
    for name, pages in (("a-satu.pdf", 1), ("b-tiga.pdf", 3), ("c-dua.pdf", 2), ("d-satu.pdf", 1)):
        make_scanned_pdf(folder / name, [SK_TIM] * pages, dpi=100)
    ingest(runtime, folder, unit_code="DINKES-JBR", year=2025)
    docs = _docs(runtime)
    ids = [docs[n].id for n in ("a-satu.pdf", "b-tiga.pdf", "c-dua.pdf", "d-satu.pdf")]
    assert longest_first(runtime, ids) == [ids[1], ids[2], ids[0], ids[3]]
