"""The ingest pipeline end to end on embedded defaults (no mocks, real files)."""

from __future__ import annotations

from sqlalchemy import func, select

from flows.ingest.indexer import reindex
from flows.ingest.pipeline import ingest
from indexing.search import SearchQuery
from storage.records import repository as repo
from storage.records.models import AuditEntry, Document
from tests.builders import make_pdf
from tests.conftest import LAPORAN_PENGADUAN

def _docs(rt, unit="DINKES-JBR", current_only=True):
    with rt.records.session() as session:
        return {d.relative_path: d for d in repo.list_documents(session, unit_codes=[unit], current_only=current_only)}

def test_ingest_stores_extracts_classifies_and_indexes(runtime, evidence_folder):
    report = ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025, uploaded_by="tester")
    assert len(report.stage.new) == 5  # Thumbs.db skipped
    assert report.batches.processed == 5
    docs = _docs(runtime)
    sk = docs["AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf"]
    assert sk.media_type == "application/pdf"
    assert sk.extraction.status == "ok" and sk.extraction.page_count == 1
    assert sk.doc_type == "sk_tim_kerja"
    assert sk.doc_number and "440/123" in sk.doc_number
    assert sk.doc_date.isoformat() == "2025-01-06"
    codes = {c.question_code: c for c in sk.classifications}
    assert "A.I.1.i.a" in codes
    assert "1.i.a" in codes["A.I.1.i.a"].reason and codes["A.I.1.i.a"].confidence >= 0.9
    notulen = docs["AREA I/i. Penyusunan Tim Kerja/1.i.a NOTULEN RAPAT PEMBENTUKAN TIM.docx"]
    assert notulen.doc_type == "notulen"
    # the object store holds the bytes under their SHA-256 and the extracted text beside them
    assert runtime.objects.stat(sk.object_key).size == sk.size
    assert runtime.objects.exists(sk.extraction.text_key)
    with runtime.records.session() as session:
        uploads = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "upload"))
    assert uploads == 5

def test_broken_file_is_stored_marked_and_does_not_stop_the_batch(runtime, evidence_folder):
    report = ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    broken = _docs(runtime)["AREA V/iii. Pengaduan Masyarakat/5.iii.c LAPORAN MONEV RUSAK.pdf"]
    assert broken.extraction.status == "failed"
    assert broken.extraction.reason and "PDF" in broken.extraction.reason
    assert runtime.objects.exists(broken.object_key)  # the bytes are kept
    assert report.batches.statuses["ok"] == 4 and report.batches.statuses["failed"] == 1
    # the classification from the folder still applies, so reviewers see where it belongs
    assert any(c.question_code == "A.I.5.iii.c" for c in broken.classifications)

def test_reupload_unchanged_creates_no_duplicates(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    objects_before = sorted(o.key for o in runtime.objects.list("blobs/"))
    again = ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    assert again.stage.new == [] and again.stage.new_versions == []
    assert len(again.stage.unchanged) == 5
    assert sorted(o.key for o in runtime.objects.list("blobs/")) == objects_before
    with runtime.records.session() as session:
        assert session.scalar(select(func.count(Document.id))) == 5

def test_same_bytes_in_two_units_are_stored_once(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    blobs = len(list(runtime.objects.list("blobs/")))
    report = ingest(runtime, evidence_folder, unit_code="PKM-SUMBERSARI", year=2025)
    assert len(report.stage.new) == 5 and report.stage.deduplicated == 5
    assert len(list(runtime.objects.list("blobs/"))) == blobs

def test_changed_file_becomes_new_version_and_old_is_kept(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    path = "AREA V/iii. Pengaduan Masyarakat/5.iii.b LAPORAN PENGADUAN 2025.pdf"
    old = _docs(runtime)[path]
    make_pdf(evidence_folder / path, [LAPORAN_PENGADUAN.replace("12 aduan", "15 aduan gratifikasi")])
    report = ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    assert len(report.stage.new_versions) == 1 and len(report.stage.unchanged) == 4
    everything = _docs(runtime, current_only=False)
    new = _docs(runtime)[path]
    assert new.version == 2 and new.id != old.id
    with runtime.records.session() as session:
        kept = session.get(Document, old.id)
        assert kept is not None and not kept.is_current and kept.version == 1
    assert runtime.objects.exists(old.object_key)
    assert len(everything) == 5
    # search sees only the current version
    hits = runtime.search.search(SearchQuery(text="gratifikasi")).hits
    assert [h.doc_id for h in hits] == [new.id]
    assert old.id not in [h.doc_id for h in runtime.search.search(SearchQuery(text="aduan")).hits]

def test_search_finds_stemmed_words_with_highlights_and_filters(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    result = runtime.search.search(SearchQuery(text="pengaduan"))
    paths = {h.path for h in result.hits}
    # "pengaduan" also finds the notulen that only says "mengadukan" and "aduan"
    assert "AREA I/i. Penyusunan Tim Kerja/1.i.a NOTULEN RAPAT PEMBENTUKAN TIM.docx" in paths
    assert any("<mark>" in h.snippet for h in result.hits)
    only_q = runtime.search.search(SearchQuery(text="pengaduan", questions=["A.I.5.iii.b"]))
    assert {h.path for h in only_q.hits} == {"AREA V/iii. Pengaduan Masyarakat/5.iii.b LAPORAN PENGADUAN 2025.pdf"}
    assert runtime.search.search(SearchQuery(text="pengaduan", units=["PKM-SUMBERSARI"])).total == 0
    by_type = dict(result.facets["doc_type"])
    assert by_type.get("notulen") == 1

def test_reindex_rebuilds_the_same_index(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    queries = [SearchQuery(text="pengaduan"), SearchQuery(text='"tim kerja"'), SearchQuery(text="",
               questions=["A.I.1.i.a"])]
    before = [[(h.doc_id, h.snippet) for h in runtime.search.search(q).hits] for q in queries]
    facets_before = runtime.search.search(SearchQuery()).facets
    assert reindex(runtime) == 5
    after = [[(h.doc_id, h.snippet) for h in runtime.search.search(q).hits] for q in queries]
    assert before == after and all(before)
    assert runtime.search.search(SearchQuery()).facets == facets_before

def test_two_worker_processes_give_the_same_result(runtime, evidence_folder, monkeypatch):
    runtime.settings.ingest.workers = 2
    runtime.settings.ingest.batch_size = 2
    report = ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    assert report.batches.processed == 5
    assert report.batches.statuses == {"ok": 4, "failed": 1}
    assert _docs(runtime)["AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf"].doc_type == "sk_tim_kerja"

def test_ingest_from_object_store_prefix(runtime, evidence_folder):
    for path in evidence_folder.rglob("*.pdf"):
        rel = path.relative_to(evidence_folder).as_posix()
        with open(path, "rb") as fh:
            runtime.objects.put(f"inbox/DINKES-JBR/2025/{rel}", fh)
    report = ingest(runtime, "inbox/DINKES-JBR/2025", unit_code="DINKES-JBR", year=2025, from_store=True)
    assert len(report.stage.new) == 3
    assert "AREA V/iii. Pengaduan Masyarakat/5.iii.b LAPORAN PENGADUAN 2025.pdf" in _docs(runtime)

def test_explicit_question_at_upload_wins(runtime, evidence_folder):
    ingest(runtime, evidence_folder / "AREA V", unit_code="DINKES-JBR", year=2025, question="PPE3C")
    doc = _docs(runtime)["iii. Pengaduan Masyarakat/5.iii.b LAPORAN PENGADUAN 2025.pdf"]
    top = max(doc.classifications, key=lambda c: c.confidence)
    assert top.question_code == "A.I.5.iii.c" and top.confidence == 1.0
    assert "ditentukan saat unggah" in top.reason


def test_parsing_starts_while_staging_and_holds_at_most_two_batches(runtime, tmp_path, monkeypatch):
    """Staged files are handed to the parse workers group by group, but never more than two batches
    ahead of the one being recorded (their texts wait in memory); every document still ends up processed."""
    import flows.ingest.pipeline as ingest_module

    monkeypatch.setattr(runtime.settings.ingest, "batch_size", 4)
    folder = tmp_path / "banyak"
    folder.mkdir()
    for n in range(30):
        make_pdf(folder / f"laporan-{n:02d}.pdf", [LAPORAN_PENGADUAN.replace("2025", str(1990 + n))])
    queued_sizes: list[int] = []
    original = ingest_module.queue_ahead

    def watching(rt, ids, **kwargs):
        original(rt, ids, **kwargs)
        queued_sizes.append(sum(1 for key in ingest_module._QUEUED if key[0] == id(rt)))

    monkeypatch.setattr(ingest_module, "queue_ahead", watching)
    report = ingest(runtime, folder, unit_code="DINKES-JBR", year=2025)
    assert report.batches.processed == 30 and report.batches.statuses == {"ok": 30}
    assert queued_sizes and max(queued_sizes) <= ingest_module.queue_limit(runtime) == 8
    assert max(queued_sizes) > 0  # parsing was handed work before staging ended
    assert not [k for k in ingest_module._QUEUED if k[0] == id(runtime)]  # nothing left behind
