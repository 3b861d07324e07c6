"""Tests for the deterministic sample evidence generator (flows/sample_data/)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from flows.sample_data import SAMPLE_UNITS, SampleSet, generate_sample_evidence

CATALOG = Path(os.environ.get("DUKUNG_LKE_JSON", "/work/shared/domain/lke-zi-2021.json"))


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, SampleSet]:
    root = tmp_path_factory.mktemp("sample")
    return root, generate_sample_evidence(root)


@pytest.fixture(scope="module")
def pengungkit_codes() -> set[str]:
    if CATALOG.exists():
        rows = json.loads(CATALOG.read_text(encoding="utf-8"))
        return {r["code"] for r in rows if r.get("aspek", "").startswith("A.")}
    from flows.sample_data import _CATALOG_ROWS

    return {c for c, _ in _CATALOG_ROWS}


def test_deterministic_and_idempotent(sample, tmp_path):
    root, s = sample
    first = _hashes(root)
    again = generate_sample_evidence(tmp_path / "other")
    assert _hashes(tmp_path / "other") == first
    # regenerating into the same folder keeps every byte
    generate_sample_evidence(root)
    assert _hashes(root) == first
    assert [d.relative_path for u in again.units for d in u.documents] == [
        d.relative_path for u in s.units for d in u.documents
    ]


def test_units_and_sizes(sample):
    root, s = sample
    assert [(u.code, u.name, u.contacts) for u in s.units] == [
        (x["code"], x["name"], x["contacts"]) for x in SAMPLE_UNITS
    ]
    total = 0
    for u in s.units:
        assert u.folder == root / u.code
        files = {p.relative_to(u.folder).as_posix() for p in u.folder.rglob("*") if p.is_file()}
        assert files == {d.relative_path for d in u.documents}
        total += len(files)
    assert 120 <= total <= 250


def test_folder_styles(sample):
    _, s = sample
    dinkes = {d.relative_path for d in s.unit("DINKES-JBR").documents}
    # DINKES's SK Tim Kerja is the deliberately stale document (see test_one_stale_document)
    assert "AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2023.pdf" in dinkes
    assert "AREA I/i. Penyusunan Tim Kerja/1.i.a NOTULEN RAPAT PEMBENTUKAN TIM ZI 2025.docx" in dinkes
    assert all(p.startswith("AREA ") for p in dinkes)

    pkm = {d.relative_path for d in s.unit("PKM-SUMBERSARI").documents}
    assert ("1. Manajemen Perubahan/I. Pemenuhan/i. Penyusunan Tim Kerja/"
            "a. Unit Kerja telah Membentuk Tim/SK Tim ZI.pdf") in pkm
    assert any(Path(p).name.startswith("A.I.6.iv.a Laporan SKM Semester I") for p in pkm)
    assert all(p.split("/")[1] in ("I. Pemenuhan", "II. Reform") for p in pkm)

    rsud = {d.relative_path for d in s.unit("RSUD-SOEBANDI").documents}
    assert "Manajemen Perubahan/Tim Kerja/SK Tim Pembangunan ZI.pdf" in rsud
    assert any(p.startswith("Penguatan Pengawasan/Gratifikasi/") for p in rsud)
    assert {"Lain-lain/scan_0012.pdf", "Lain-lain/dokumen (3).docx"} <= rsud


def test_files_open_with_their_library(sample):
    import docx
    import openpyxl
    from pypdf import PdfReader

    _, s = sample
    seen = set()
    for unit, doc in s.documents:
        path = unit.folder / doc.relative_path
        ext = path.suffix.lower()
        seen.add(ext)
        if doc.broken:
            continue
        if ext == ".pdf":
            reader = PdfReader(path)
            assert 1 <= len(reader.pages) <= 4
            assert len(reader.pages[0].extract_text().strip()) > 50, path
        elif ext == ".docx":
            d = docx.Document(str(path))
            text = "\n".join(p.text for p in d.paragraphs)
            assert text.strip() or d.tables, path
        elif ext == ".xlsx":
            wb = openpyxl.load_workbook(path, read_only=True)
            rows = list(wb.active.iter_rows(values_only=True))
            assert len(rows) >= 3, path
        elif ext == ".png":
            assert doc.doc_type == "foto_kegiatan"
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert {".pdf", ".docx", ".xlsx"} <= seen


def test_content_cues(sample):
    from pypdf import PdfReader
    import docx

    _, s = sample
    rsud = s.unit("RSUD-SOEBANDI")
    text = "\n".join(p.extract_text() for p in PdfReader(rsud.folder / "Lain-lain/scan_0012.pdf").pages)
    for cue in ("KEPUTUSAN", "NOMOR", "TENTANG", "Menimbang", "Mengingat", "MEMUTUSKAN", "KESATU",
                "Ditetapkan di Jember", "Tim Kerja Pembangunan Zona Integritas", "2025"):
        assert cue.lower() in text.lower(), cue
    d = docx.Document(str(rsud.folder / "Lain-lain/dokumen (3).docx"))
    body = "\n".join(p.text for p in d.paragraphs)
    assert "Survei Kepuasan Masyarakat" in body and "Indeks Kepuasan Masyarakat" in body
    assert any("Unsur Pelayanan" in c.text for t in d.tables for c in t.rows[0].cells)


def test_exactly_one_broken_file(sample):
    from pypdf import PdfReader

    _, s = sample
    broken = [(u, d) for u, d in s.documents if d.broken]
    assert len(broken) == 1
    unit, doc = broken[0]
    assert unit.code == "RSUD-SOEBANDI"
    assert doc.relative_path == "Manajemen Perubahan/Monev/Laporan Monev TW II 2025.pdf"
    data = (unit.folder / doc.relative_path).read_bytes()
    assert data.startswith(b"%PDF")
    with pytest.raises(Exception):
        reader = PdfReader(unit.folder / doc.relative_path)
        "".join(p.extract_text() for p in reader.pages)


def test_one_stale_document(sample):
    """DINKES's SK Tim Kerja is dated two years before the period: ground truth for the recency rule."""
    from pypdf import PdfReader

    root, s = sample
    stale = [(u, d) for u, d in s.documents if d.stale]
    assert len(stale) == 1
    unit, doc = stale[0]
    assert (unit.code, doc.relative_path) == ("DINKES-JBR", "AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2023.pdf")
    assert doc.question_codes == ["A.I.1.i.a"] and not doc.broken
    assert s.stale == {"DINKES-JBR": ["A.I.1.i.a"], "PKM-SUMBERSARI": [], "RSUD-SOEBANDI": []}
    assert "A.I.1.i.a" not in s.partial["DINKES-JBR"]  # every document type is there, only the date is old
    text = " ".join(PdfReader(unit.folder / doc.relative_path).pages[0].extract_text().split())
    assert "Ditetapkan di Jember" in text and "pada tanggal" in text
    assert "Januari 2023" in text and "Tahun Anggaran 2023" in text
    # every other dated document of the set is from the period
    others = [d for u, d in s.documents if not d.stale]
    assert all("2023" not in d.relative_path for d in others)


def test_question_codes_gaps_and_coverage(sample, pengungkit_codes):
    _, s = sample
    assert len(pengungkit_codes) == 110
    coverages = []
    for u in s.units:
        covered = u.covered_codes
        assert covered <= pengungkit_codes
        for d in u.documents:
            assert d.question_codes, d
        gaps = set(s.gaps[u.code])
        assert gaps and gaps <= pengungkit_codes
        assert not gaps & covered
        assert gaps | covered == pengungkit_codes
        assert s.gap_indicators[u.code]
        assert set(s.partial[u.code]) <= covered
        coverages.append(frozenset(covered))
        assert 0.40 <= len(covered) / 110 <= 0.70, (u.code, len(covered))
    assert len(set(coverages)) == 3


def test_other_seed_differs(tmp_path, sample):
    _, s = sample
    other = generate_sample_evidence(tmp_path, seed=7, year=2024)
    assert [u.covered_codes for u in other.units] != [u.covered_codes for u in s.units]
    assert any("2024" in d.relative_path for _, d in other.documents)
