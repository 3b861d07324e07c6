"""Big and odd files are read within bounds, and the result says what was not read (issue 15)."""

from __future__ import annotations

import signal
from contextlib import contextmanager

from hostile_files import (
    pdf_inflate_bomb,
    pdf_lossless_scan,
    pdf_with_attachment,
    xlsx_huge_cell,
    xlsx_million_rows,
    xlsx_stale_dimension,
)

from indexing.extract import ExtractStatus, ParseContext, extract_file
from indexing.extract.guards import check_pdf


@contextmanager
def deadline(seconds: float):
    """Fail (instead of hanging) when the block runs longer than ``seconds``."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- PDF inflation guard -----------------------------------------------------------------------


def test_pdf_guard_passes_a_lossless_300_dpi_scan(tmp_path):
    path = tmp_path / "pindai.pdf"
    pdf_lossless_scan(path)
    with deadline(20):
        assert check_pdf(path, ParseContext()) is None


def test_pdf_guard_passes_a_pdf_with_a_5_mb_attachment(tmp_path):
    path = tmp_path / "lampiran.pdf"
    pdf_with_attachment(path)
    with deadline(20):
        assert check_pdf(path, ParseContext()) is None
    result = extract_file(path)
    assert result.status is ExtractStatus.OK and "zona integritas" in result.text


def test_pdf_guard_still_refuses_an_inflation_bomb(tmp_path):
    path = tmp_path / "bom.pdf"
    pdf_inflate_bomb(path)
    with deadline(20):
        assert "bom dekompresi" in (check_pdf(path, ParseContext()) or "")


# -- XLSX: the rows that are there, within bounds ------------------------------------------------


def test_xlsx_reads_every_row_despite_a_stale_dimension(tmp_path):
    path = tmp_path / "rekap.xlsx"
    xlsx_stale_dimension(path)
    result = extract_file(path)
    assert result.status is ExtractStatus.OK, result.reason
    lines = result.text.split("\n")
    assert lines[0] == "## Rekap" and lines[1] == "Pengaduan nomor 1\t3" and lines[-1] == "Pengaduan nomor 100\t300"
    assert len(lines) == 101 and result.reason is None


def test_xlsx_million_rows_are_read_up_to_the_cap_and_the_reason_says_so(tmp_path):
    path = tmp_path / "sejuta.xlsx"
    xlsx_million_rows(path)
    context = ParseContext()
    result = extract_file(path, context=context)
    assert result.status is ExtractStatus.OK
    lines = result.text.split("\n")
    assert lines[1] == f"1\t{7919 % 100_003}"
    assert len(lines) == 1 + context.max_rows and lines[-1].startswith(f"{context.max_rows}\t")
    assert "baris berikutnya tidak dibaca" in result.reason and "Rekap" in result.reason


def test_xlsx_huge_cell_is_cut_and_the_rows_after_it_are_read(tmp_path):
    path = tmp_path / "sel-besar.xlsx"
    xlsx_huge_cell(path)
    result = extract_file(path)
    assert result.status is ExtractStatus.OK
    assert result.text.split("\n")[-1] == "Penutup rekap pengaduan masyarakat"
    assert len(result.text) < 100_000
    assert "B3" in result.reason and "dipotong" in result.reason


# -- text: encodings and size ------------------------------------------------------------------

LAPORAN_TEKS = ("Laporan monitoring dan evaluasi pembangunan zona integritas.\r\n"
                "Tim kerja melaporkan hasilnya kepada pimpinan unit kerja.\r\n")


def test_utf16_text_without_a_bom_is_read(tmp_path):
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"catatan-{encoding}.txt"
        path.write_bytes(("Catatan rapat: pengaduan ditindaklanjuti ✓\n" + LAPORAN_TEKS).encode(encoding))
        result = extract_file(path)
        assert result.status is ExtractStatus.OK, (encoding, result.reason)
        assert "pengaduan ditindaklanjuti ✓" in result.text and result.extractor == f"text ({encoding})"


def test_binary_with_nul_bytes_is_still_not_text(tmp_path):
    path = tmp_path / "program.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert extract_file(path).status is ExtractStatus.UNSUPPORTED


def test_a_text_file_over_the_text_limit_is_read_in_part_and_says_so(tmp_path):
    path = tmp_path / "log.txt"
    line = LAPORAN_TEKS.encode()
    with open(path, "wb") as fh:
        for _ in range(3_000_000 // len(line) + 1):
            fh.write(line)
    context = ParseContext(max_text_chars=1_000_000)
    result = extract_file(path, context=context)
    assert result.status is ExtractStatus.OK
    assert 900_000 < len(result.text) <= 1_000_000
    assert "1.000.000 karakter pertama" in result.reason and "tidak dibaca" in result.reason


# -- PDF: pages beyond the limit -----------------------------------------------------------------


def test_a_scanned_pdf_over_the_page_limit_says_the_later_pages_were_not_read(tmp_path):
    from builders import make_scanned_pdf

    path = make_scanned_pdf(tmp_path / "pindai.pdf", ["Halaman satu", "Halaman dua", "Halaman tiga"], dpi=50)
    result = extract_file(path, context=ParseContext(max_pages=2))
    assert result.status is ExtractStatus.NEEDS_OCR
    assert "Hanya 2 dari 3 halaman pertama yang dibaca" in result.reason


def test_a_pdf_over_the_page_limit_with_too_little_text_still_says_so(tmp_path):
    from builders import make_pdf

    path = make_pdf(tmp_path / "tipis.pdf", ["a", "b", "c"])
    result = extract_file(path, context=ParseContext(max_pages=2, min_chars_per_page=0))
    assert result.status is ExtractStatus.EMPTY
    assert "Hanya 2 dari 3 halaman pertama yang dibaca" in result.reason


# -- reasons shown to members never carry the server's paths -----------------------------------


def test_failure_reasons_do_not_show_server_paths(tmp_path, monkeypatch):
    from indexing.extract import registry

    storage = tmp_path / "srv" / "dukung" / "objects"
    storage.mkdir(parents=True)
    path = storage / "ab12.pdf"
    path.write_bytes(b"%PDF-1.7\n")

    class Exploding:
        name, label, media_types = "pdf", "PDF", ("application/pdf",)

        def parse(self, path, context):
            raise OSError(f"[Errno 5] Input/output error: '{path}' (lihat {tmp_path}/log/parser.log)")

    monkeypatch.setitem(registry._PARSERS, "application/pdf", Exploding())
    monkeypatch.setitem(registry.GUARDS, "application/pdf", lambda p, c: None)
    reason = extract_file(path).reason
    assert str(tmp_path) not in reason and "/srv/" not in reason and "/log/" not in reason
    assert "ab12.pdf" in reason and "Input/output error" in reason


def test_every_format_keeps_at_most_max_text_chars_and_says_so(tmp_path):
    from builders import make_docx

    path = make_docx(tmp_path / "panjang.docx", ["Paragraf laporan monitoring zona integritas nomor %d." % i
                                                  for i in range(2000)])
    result = extract_file(path, context=ParseContext(max_text_chars=20_000))
    assert result.status is ExtractStatus.OK and len(result.text) <= 20_000
    assert "20.000 karakter pertama" in result.reason and "tidak dibaca" in result.reason
