"""Files dropped straight into the bucket inbox are found and ingested once; bad places are reported."""

from __future__ import annotations

import io

from flows.ingest.sync import sync_inbox
from storage.records import repository as repo


def _drop(rt, folder, prefix="inbox/DINKES-JBR/2025/"):
    keys = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "Thumbs.db":
            key = prefix + path.relative_to(folder).as_posix()
            with open(path, "rb") as fh:
                rt.objects.put(key, fh)
            keys.append(key)
    return keys


def test_sync_ingests_new_objects_once(runtime, evidence_folder):
    keys = _drop(runtime, evidence_folder)
    report = sync_inbox(runtime)
    assert report.seen == len(keys) == 5 and report.new_or_changed == 5 and report.rejected == []
    assert report.batches.processed == 5 and report.batches.statuses["ok"] == 4
    with runtime.records.session() as s:
        docs = repo.list_documents(s, unit_codes=["DINKES-JBR"], year=2025)
        assert {d.relative_path for d in docs} == {k.removeprefix("inbox/DINKES-JBR/2025/") for k in keys}
        assert all(d.uploaded_by == "inbox" for d in docs)
    again = sync_inbox(runtime)
    assert (again.unchanged, again.new_or_changed, again.batches.processed) == (5, 0, 0)


def test_changed_object_becomes_a_new_version(runtime, evidence_folder):
    _drop(runtime, evidence_folder)
    sync_inbox(runtime)
    key = "inbox/DINKES-JBR/2025/AREA V/iii. Pengaduan Masyarakat/5.iii.b LAPORAN PENGADUAN 2025.pdf"
    runtime.objects.put(key, io.BytesIO(b"%PDF-1.4 versi kedua yang rusak"))
    report = sync_inbox(runtime)
    assert report.new_or_changed == 1 and report.unchanged == 4
    with runtime.records.session() as s:
        versions = [d for d in repo.list_documents(s, current_only=False) if d.relative_path.endswith("5.iii.b LAPORAN PENGADUAN 2025.pdf")]
        assert sorted(d.version for d in versions) == [1, 2]


def test_objects_in_wrong_places_are_reported_not_lost(runtime, evidence_folder):
    runtime.objects.put("inbox/UNIT-BARU/2025/sk.pdf", io.BytesIO(b"%PDF-1.4 x"))
    runtime.objects.put("inbox/DINKES-JBR/tahun-ini/sk.pdf", io.BytesIO(b"%PDF-1.4 y"))
    runtime.objects.put("inbox/lepas.pdf", io.BytesIO(b"%PDF-1.4 z"))
    report = sync_inbox(runtime)
    reasons = dict(report.rejected)
    assert "belum terdaftar" in reasons["inbox/UNIT-BARU/2025/sk.pdf"]
    assert "bukan tahun" in reasons["inbox/DINKES-JBR/tahun-ini/sk.pdf"]
    assert "inbox/<KODE-UNIT>/<TAHUN>" in reasons["inbox/lepas.pdf"]
    assert runtime.objects.exists("inbox/UNIT-BARU/2025/sk.pdf")
    # once the unit is registered, the waiting object is taken on the next run
    with runtime.records.session() as s:
        repo.add_unit(s, "UNIT-BARU", "Unit Baru")
    later = sync_inbox(runtime)
    assert later.new_or_changed == 1


def test_an_inbox_object_outside_its_periods_window_waits_with_the_reason(runtime):
    from datetime import date, timedelta

    from flows.periods.registry import create_period, edit_period

    future = date.today().year + 2
    create_period(runtime, future, actor="admin@x", activate=True)
    key = f"inbox/DINKES-JBR/{future}/sk.txt"
    runtime.objects.put(key, io.BytesIO(b"Surat Keputusan tim kerja zona integritas"))
    runtime.objects.put("inbox/DINKES-JBR/2024/sk.txt", io.BytesIO(b"Surat Keputusan tahun lain"))
    report = sync_inbox(runtime)
    reasons = dict(report.rejected)
    assert f"Masa Isian LKE dibuka 1 Januari {future}" in reasons[key]
    assert "Periode 2024 belum dibuat oleh admin" in reasons["inbox/DINKES-JBR/2024/sk.txt"]
    assert report.batches.processed == 0 and runtime.objects.exists(key)
    today = date.today()
    edit_period(runtime, future, actor="admin@x", isian_start=today - timedelta(days=1), isian_end=today + timedelta(days=5),
                verifikasi_start=None, verifikasi_end=None, revisi_start=None, revisi_end=None)
    later = sync_inbox(runtime)  # the window is open now: the waiting object is taken
    assert key not in dict(later.rejected) and later.batches.processed == 1


def test_system_files_in_the_inbox_are_skipped_not_ingested(runtime, evidence_folder):
    """Thumbs.db, .DS_Store and Office lock files dropped with a folder are never evidence (as on upload)."""
    _drop(runtime, evidence_folder)
    junk = ["inbox/DINKES-JBR/2025/Thumbs.db", "inbox/DINKES-JBR/2025/AREA V/.DS_Store",
            "inbox/DINKES-JBR/2025/~$laporan.docx"]
    for key in junk:
        runtime.objects.put(key, io.BytesIO(b"\x00system file"))
    report = sync_inbox(runtime)
    assert report.new_or_changed == 5 and report.skipped == 3 and report.rejected == []
    with runtime.records.session() as s:
        names = {d.relative_path.rsplit("/", 1)[-1] for d in repo.list_documents(s, current_only=False)}
    assert not names & {"Thumbs.db", ".DS_Store", "~$laporan.docx"}
    again = sync_inbox(runtime)
    assert (again.new_or_changed, again.skipped, again.unchanged) == (0, 0, 8)
    assert all(runtime.objects.exists(k) for k in junk)  # left where the unit put them
