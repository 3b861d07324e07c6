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
