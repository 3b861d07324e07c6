"""Big and odd files are read within bounds, and the result says what was not read (issue 15)."""

from __future__ import annotations

import signal
from contextlib import contextmanager

from hostile_files import pdf_inflate_bomb, pdf_lossless_scan, pdf_with_attachment

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
