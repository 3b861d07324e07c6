"""A bounded fuzzing run over every extractor (hypothesis): whatever bytes come in, ``extract_file`` returns a
result with a known status and clean text — it never raises.

Inputs are real files of each format (built here) with bytes flipped, inserted, deleted or cut, and,
for the ZIP-based Office formats, with their XML parts mutated and re-zipped so the parsers behind
the ZIP layer are reached. Each example runs in the limited worker pool (a hang costs its time limit,
not the test run). About a minute in all; ``DUKUNG_FUZZ_EXAMPLES`` runs more per format, and
``DUKUNG_FUZZ_SEED`` other examples than the fixed default.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from builders import make_docx, make_pdf, make_pptx, make_xlsx, render_scan_pages
from conftest import SK_TIM
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from flows.ingest.sandbox import Killed, run_limited
from indexing.extract import ExtractStatus, ParseContext, extract_file
from indexing.extract.base import OcrOptions
from tests.services.tesseract import require_tesseract

EXAMPLES = int(os.environ.get("DUKUNG_FUZZ_EXAMPLES", "150"))
SEED = int(os.environ.get("DUKUNG_FUZZ_SEED", "20251201"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TEXT = "LAPORAN MONITORING ZONA INTEGRITAS\nTim kerja melaksanakan monitoring.\nJember, 12 Maret 2025"


def _seeds() -> dict[str, tuple[bytes, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        png = io.BytesIO()
        render_scan_pages(["SK"], dpi=30)[0].save(png, format="PNG")
        return {
            "pdf": (make_pdf(d / "a.pdf", [TEXT, SK_TIM]).read_bytes(), "laporan.pdf"),
            "docx": (make_docx(d / "a.docx", TEXT.split("\n"), table=[["No", "Nama"], ["1", "Budi"]],
                               header="KOP").read_bytes(), "notulen.docx"),
            "xlsx": (make_xlsx(d / "a.xlsx", {"Rekap": [["Unit", "Nilai"], ["Dinas", 90]]}).read_bytes(), "rekap.xlsx"),
            "pptx": (make_pptx(d / "a.pptx", ["Paparan\nZona Integritas"], table=[["A", "B"], ["1", "2"]]).read_bytes(),
                     "paparan.pptx"),
            "png": (png.getvalue(), "foto.png"),
            "text": (TEXT.encode("utf-8"), "catatan.txt"),
            "csv": ("Nama;Unit\nBudi;Dinas\n".encode("cp1252"), "data.csv"),
        }


SEEDS = _seeds()

mutation = st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]),
                     st.floats(0, 1, allow_nan=False), st.binary(min_size=1, max_size=64))


def mutate(data: bytes, ops: list[tuple[str, float, bytes]]) -> bytes:
    buf = bytearray(data)
    for op, where, chunk in ops:
        at = int(where * max(0, len(buf) - 1))
        if op == "flip" and buf:
            for i, b in enumerate(chunk):
                if at + i < len(buf):
                    buf[at + i] ^= b
        elif op == "insert":
            buf[at:at] = chunk
        elif op == "delete":
            del buf[at:at + len(chunk)]
        elif op == "truncate":
            del buf[at:]
        elif op == "repeat":
            buf[at:at] = bytes(buf[at:at + len(chunk)]) * 8
    return bytes(buf)


def mutate_zip_xml(data: bytes, ops: list[tuple[str, float, bytes]], texts: list[str]) -> bytes:
    """Mutate the XML parts of an Office file (as bytes and as inserted markup) and zip it again."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for n, item in enumerate(zin.infolist()):
            member = zin.read(item.filename)
            if item.filename.endswith(".xml") and n % 2 == len(ops) % 2:
                member = mutate(member, ops)
                for t in texts:
                    at = member.find(b">", len(member) // 2) + 1
                    member = member[:at] + t.encode("utf-8", "surrogatepass") + member[at:]
            zout.writestr(item, member)
    return out.getvalue()


def _extract_bytes(item: tuple[bytes, str, str | None]) -> tuple[str, str | None, str, int | None]:
    data, name, ocr_command = item
    context = ParseContext(ocr=OcrOptions(command=ocr_command, page_timeout_s=20) if ocr_command else None)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "objek"
        path.write_bytes(data)
        result = extract_file(path, name, context)
    return str(result.status), result.reason, result.text, result.page_count


def check(data: bytes, name: str, ocr_command: str | None = None) -> None:
    [(_, result)] = list(run_limited(_extract_bytes, [(data, name, ocr_command)], pool_name="fuzz", workers=1,
                                     memory_mb=1024, timeout_of=lambda _: 30))
    if isinstance(result, Killed):
        assert result.timed_out, f"extract_file raised or crashed on {name}: {result.reason}"
        return  # a hang is stopped by the time limit: what the limited pool is for
    status, reason, text, pages = result
    assert status in {s.value for s in ExtractStatus}
    assert isinstance(text, str) and "\x00" not in text and "\r" not in text
    if status != "ok":
        assert reason, f"{status} without a reason"
    assert pages is None or pages >= 0


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_mutated_bytes_never_break_extraction(kind):
    data, name = SEEDS[kind]

    @FUZZ
    @seed(SEED)
    @given(st.lists(mutation, min_size=1, max_size=6))
    def run(ops):
        check(mutate(data, ops), name)

    run()


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_mutated_office_xml_never_breaks_extraction(kind):
    data, name = SEEDS[kind]
    markup = st.sampled_from(["<w:p>", "</w:t>", "&amp;", "&#0;", "&#x1F600;", "<![CDATA[x]]>", "<?pi x?>",
                              '<c r="XFD1048576"/>', "<row r=\"-1\">", "\ufffe", "\ud800"])

    @FUZZ
    @seed(SEED)
    @given(st.lists(mutation, max_size=3), st.lists(st.one_of(markup, st.text(max_size=20)), max_size=3))
    def run(ops, texts):
        check(mutate_zip_xml(data, ops, texts), name)

    run()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_mutated_images_never_break_ocr(fmt):
    tesseract = require_tesseract()
    buffer = io.BytesIO()
    render_scan_pages(["SK TIM ZONA INTEGRITAS"], dpi=30)[0].save(buffer, format=fmt)
    data = buffer.getvalue()

    @settings(FUZZ, max_examples=max(10, EXAMPLES // 5))
    @seed(SEED)
    @given(st.lists(mutation, min_size=1, max_size=4))
    def run(ops):
        check(mutate(data, ops), f"foto.{fmt.lower()}", tesseract)

    run()
