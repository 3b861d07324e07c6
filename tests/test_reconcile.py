"""Nothing stuck, nothing silently wrong (issue 15, defects 2 and 3) on the embedded backends.

An outage between staging and processing leaves documents recorded without a result ("pending"):
``retry``, a re-run of the upload and ``reconcile`` must process them, and ``doctor`` must say so
while they wait. A storage failure must never be reported as a success. The same faults against the
real servers (killed mid-run) are in ``tests/test_faults.py``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from indexing.search import IndexDocument

runner = CliRunner()
UNIT = "DINKES-JBR"


def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def stage_only(rt, folder: Path) -> list[int]:
    """What an outage right after staging leaves behind: every file stored and recorded, none processed."""
    from flows.ingest.staging import stage_folder

    return stage_folder(rt, folder, unit_code=UNIT, year=2025).to_process


def extraction_statuses(rt) -> dict[int, str | None]:
    from storage.records import repository as repo

    with rt.records.session() as session:
        return {d.id: d.extraction.status if d.extraction else None for d in repo.list_documents(session)}


def test_retry_processes_documents_left_pending(runtime, evidence_folder):
    ids = stage_only(runtime, evidence_folder)
    assert len(ids) == 5 and set(extraction_statuses(runtime).values()) == {None}
    result = run("retry")
    assert result.exit_code == 0, result.output
    statuses = extraction_statuses(runtime)
    assert None not in statuses.values() and sorted(statuses.values()).count("ok") == 4
    assert runtime.search.count() == 5


def test_rerunning_the_upload_processes_documents_never_processed(runtime, evidence_folder):
    stage_only(runtime, evidence_folder)
    result = run("upload", str(evidence_folder), "--unit", UNIT, "--period", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["unchanged"] == 5 and data["processed"] == 5
    assert None not in extraction_statuses(runtime).values()
    assert runtime.search.count() == 5


def test_doctor_is_red_while_documents_wait(runtime, evidence_folder):
    stage_only(runtime, evidence_folder)
    result = run("doctor")
    assert result.exit_code == 1
    assert "Dokumen tertunda: 5" in result.output
    assert run("reconcile", "--older-than", "0").exit_code == 0
    healthy = run("doctor")
    assert healthy.exit_code == 0, healthy.output
    assert "Dokumen tertunda: 0" in healthy.output


def test_reconcile_repairs_every_disagreement(runtime, evidence_folder):
    from storage.objects import blob_key
    from storage.records import repository as repo

    up = run("upload", str(evidence_folder), "--unit", UNIT, "--period", "2025", "--format", "json")
    assert up.exit_code == 0, up.output
    with runtime.records.session() as session:
        docs = {d.relative_path.rsplit("/", 1)[-1]: d for d in repo.list_documents(session)}
    sk = docs["1.i.a SK TIM ZONA INTEGRITAS 2025.pdf"]
    notulen = docs["1.i.a NOTULEN RAPAT PEMBENTUKAN TIM.docx"]
    hadir = docs["1.i.a DAFTAR HADIR RAPAT.xlsx"]
    # a record missing from the index, an index entry without a record, a record whose bytes are
    # gone, an object nobody recorded, and a document that was never processed
    runtime.search.delete([sk.id])
    runtime.search.index([IndexDocument(doc_id=9999, unit=UNIT, period=2025, title="hantu", file_name="x.txt",
                                        path="x.txt", text="dokumen hantu")])
    runtime.objects.delete(notulen.object_key)
    orphan = blob_key("0" * 64)
    runtime.objects.put(orphan, io.BytesIO(b"tidak tercatat"))
    with runtime.records.session() as session:
        session.delete(repo.get_document(session, hadir.id).extraction)

    drift = run("doctor")
    assert drift.exit_code == 1
    for line in ("Dokumen tertunda: 1", "Tercatat tanpa berkas: 1", "Berkas tanpa catatan: 1",
                 "Tercatat tanpa indeks: 1", "Indeks tanpa catatan: 1"):
        assert line in drift.output, drift.output

    first = run("reconcile", "--older-than", "0", "--format", "json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["found"] == {"pending": 1, "stale_batches": 0, "expired_uploads": 0, "missing_objects": 1, "orphan_objects": 1,
                               "missing_from_index": 1, "index_without_record": 1,
                               "queued_mail": 0, "unconfirmed_mail": 0}
    statuses = extraction_statuses(runtime)
    assert statuses[hadir.id] == "ok"
    with runtime.records.session() as session:
        gone = repo.get_document(session, notulen.id).extraction
        assert gone.status == "failed" and "tidak ditemukan" in gone.reason
    assert not runtime.objects.exists(orphan)
    assert runtime.search.count() == 5
    healthy = run("doctor")
    assert healthy.exit_code == 0, healthy.output
    again = json.loads(run("reconcile", "--older-than", "0", "--format", "json").output)  # idempotent
    assert set(again["found"].values()) == {0}


def test_reconcile_leaves_recent_work_alone(runtime, evidence_folder):
    """A document staged a moment ago is being processed by its upload, not stuck."""
    stage_only(runtime, evidence_folder)
    report = json.loads(run("reconcile", "--format", "json").output)
    assert report["found"]["pending"] == 0
    assert set(extraction_statuses(runtime).values()) == {None}


def test_upload_after_a_storage_failure_is_not_a_success(runtime, evidence_folder):
    """Every put fails (the store's ``blobs`` folder is a file): exit 1, the count said, nothing recorded."""
    objects = Path(runtime.objects.root)
    (objects / "blobs").write_text("a file where the blobs folder should be")
    result = runner.invoke(app, ["upload", str(evidence_folder), "--unit", UNIT, "--period", "2025"])
    assert result.exit_code == 1, result.output
    assert "5 dari 5 berkas gagal disimpan" in result.output
    assert "Traceback" not in result.output
    assert extraction_statuses(runtime) == {}


def test_reconcile_finishes_a_web_upload_nobody_finished(runtime, evidence_folder):
    """The browser sent the files and went away (or the web process restarted before processing)."""
    from flows.ingest.uploads import add_file, batch_status, create_batch

    batch = create_batch(runtime, UNIT, 2025, actor="zi@dinkes.example.go.id")
    for path in sorted(p for p in evidence_folder.rglob("*.pdf")):
        add_file(runtime, batch, path, path.relative_to(evidence_folder).as_posix(), actor="zi@dinkes.example.go.id")
    assert batch_status(runtime, batch)["status"] == "open"
    report = json.loads(run("reconcile", "--older-than", "0", "--format", "json").output)
    assert report["found"]["stale_batches"] == 1 and report["batches_closed"] == 1
    status = batch_status(runtime, batch)
    assert status["status"] == "done" and {f["state"] for f in status["files"]} == {"ok", "failed"}
    assert runtime.search.count() == 3
