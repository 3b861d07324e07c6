"""Staging: distinct files of one upload keep distinct paths, whatever their names clean to (issue 15)."""

from __future__ import annotations

import unicodedata

from flows.ingest.staging import MAX_SEGMENT_CHARS, stage_files
from storage.records import repository as repo
from tests.builders import make_pdf

LONG = "Laporan " + "sangat panjang " * 16
COLLIDING = [  # pairs of different names that clean to the same path
    (unicodedata.normalize("NFC", "AREA I/Kafé rapat.pdf"), unicodedata.normalize("NFD", "AREA I/Kafé rapat.pdf")),
    ("AREA II/lapor\x07an.pdf", "AREA II/lapor\x1ban.pdf"),
    (f"AREA III/{LONG}bagian satu.pdf", f"AREA III/{LONG}bagian dua.pdf"),
]


def _files(tmp_path, names):
    files = []
    for number, name in enumerate(names):
        path = make_pdf(tmp_path / f"berkas-{number}.pdf", [f"Laporan kegiatan zona integritas nomor {number}"])
        files.append((path, name))
    return files


def _current(runtime):
    with runtime.records.session() as s:
        return {d.relative_path: d for d in repo.list_documents(s, unit_codes=["DINKES-JBR"])}


def test_names_that_clean_alike_keep_distinct_paths_in_one_upload(runtime, tmp_path):
    files = _files(tmp_path, [name for pair in COLLIDING for name in pair])
    report = stage_files(runtime, iter(files), unit_code="DINKES-JBR", year=2025)
    assert len(report.new) == 6 and report.new_versions == [] and report.errors == []
    docs = _current(runtime)
    assert len(docs) == 6 and {d.version for d in docs.values()} == {1}
    assert all(len(p.rsplit("/", 1)[-1]) <= MAX_SEGMENT_CHARS for p in docs)
    assert "AREA I/Kafé rapat.pdf" in docs and "AREA II/lapor_an.pdf" in docs  # the first keeps the plain name

    # the same upload again: the same paths, nothing new
    again = stage_files(runtime, iter(files), unit_code="DINKES-JBR", year=2025)
    assert len(again.unchanged) == 6 and again.new == again.new_versions == []


def test_the_same_name_twice_in_one_upload_is_still_a_new_version(runtime, tmp_path):
    files = _files(tmp_path, ["AREA V/laporan.pdf", "AREA V/laporan.pdf"])
    report = stage_files(runtime, iter(files), unit_code="DINKES-JBR", year=2025)
    assert len(report.new) == 1 and len(report.new_versions) == 1
    assert list(_current(runtime)) == ["AREA V/laporan.pdf"]


def test_bidi_controls_are_taken_out_of_stored_names():
    """Issue 15: ``laporan\\u202efdp.exe`` (a right-to-left override) was shown raw and read ``laporanexe.pdf``."""
    from flows.ingest.staging import clean_relative_path

    assert clean_relative_path("AREA I/laporan\u202efdp.exe") == "AREA I/laporanfdp.exe"
    assert clean_relative_path("\u2067Rahasia\u2069/SK\u200f tim\u061c.pdf\u2066") == "Rahasia/SK tim.pdf"


def test_symlinks_and_fifos_skipped_in_a_folder_are_in_the_upload_summary(runtime, tmp_path):
    import os

    from flows.ingest.staging import stage_folder

    folder = tmp_path / "bukti"
    folder.mkdir()
    make_pdf(folder / "laporan.pdf", ["Laporan kegiatan zona integritas"])
    (folder / "tautan.pdf").symlink_to(folder / "laporan.pdf")
    (folder / "rahasia").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipa.pdf")
    report = stage_folder(runtime, folder, unit_code="DINKES-JBR", year=2025)
    assert len(report.new) == 1
    assert sorted(p for p, _why in report.skipped) == ["pipa.pdf", "rahasia", "tautan.pdf"]
    assert dict(report.skipped)["tautan.pdf"] == "tautan simbolik, dilewati"
    assert report.as_dict()["skipped"] == [{"path": p, "reason": r} for p, r in report.skipped]
