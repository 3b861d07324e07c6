"""A web upload that does not finish (issue 16 item 4): resumed, cancelled, or closed when it stalls.

The issue's case: the tab is closed during file 57 of 78. The batch must then say "57 dari 78 berkas
diterima; lanjutkan" and wait for the unit to come back (the old code closed it after 30 minutes, or
left it "menerima berkas" for good without a reconciler); after ``ingest.upload_stale_hours`` without
anything received the reconciler closes it with the reason shown to the unit, processes the 57 files and
drops the partly sent 58th — no batch stays open and no file stays ``pending`` forever.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tests.test_web_tus import TUS, b64, create, offset_of, patch
from tests.web_helpers import csrf, fast_passwords, sign_in

OWN, OTHER = "DINKES-JBR", "PKM-SUMBERSARI"


@pytest.fixture(params=["sqlite", "postgresql"])
def records(request, dukung_env, monkeypatch):
    """The records database of the test: the embedded SQLite, or a fresh PostgreSQL database."""
    from config.settings import get_settings
    from flows.runtime import open_runtime
    from storage.records import repository as repo

    name = base = None
    if request.param == "postgresql":
        from tests.services.postgres import fresh_database
        from tests.services.require import service_env

        base = service_env("DUKUNG_TEST_POSTGRES_URL")["DUKUNG_TEST_POSTGRES_URL"]
        name, url = fresh_database(base, "upl")
        monkeypatch.setenv("DUKUNG_RECORDS__URL", url)
        get_settings.cache_clear()
    rt = open_runtime(get_settings())
    with rt.records.session() as session:
        repo.add_unit(session, OWN, "Dinas Kesehatan Kabupaten Jember", [])
        repo.add_unit(session, OTHER, "Puskesmas Sumbersari", [])
    yield rt
    rt.close()
    if name:
        from tests.services.postgres import drop_database

        drop_database(base, name)


@pytest.fixture
def site(records, monkeypatch):
    from config.settings import load_settings
    from flows.people.accounts import add_user
    from web.app import create_app

    runtime = records
    fast_passwords(monkeypatch)
    add_user(runtime, "a@dinkes.go.id", role="unit", password="kata-sandi-uji-123", units=[OWN], actor="uji")
    add_user(runtime, "c@pkm.go.id", role="unit", password="kata-sandi-uji-123", units=[OTHER], actor="uji")
    app = create_app(load_settings())
    with TestClient(app, base_url="https://testserver"):
        clients = {}
        for email in ("a@dinkes.go.id", "c@pkm.go.id"):
            clients[email] = sign_in(app, email)
            clients[email].headers["X-CSRF-Token"] = csrf(clients[email], "/upload")
        yield clients["a@dinkes.go.id"], clients["c@pkm.go.id"], runtime


def note(i: int) -> tuple[str, bytes]:
    return (f"AREA I/i. Penyusunan Tim Kerja/notulen-{i:02d}.txt",
            f"NOTULEN RAPAT TIM KERJA ZONA INTEGRITAS nomor {i}\nDibahas rencana kerja pembangunan zona "
            f"integritas bagian {i}.\n".encode() * 20)


def send(client, batch: int, path: str, data: bytes, upto: int | None = None) -> str:
    """What tus-js-client does for one file: create, then PATCH (only ``upto`` bytes if given)."""
    r = create(client, batch, len(data), path=path)
    assert r.status_code == 201, r.text
    location = r.headers["Location"]
    end = len(data) if upto is None else upto
    assert patch(client, location, 0, data[:end]).status_code == 204
    return location


def open_batch(client, files: int) -> int:
    r = client.post("/api/uploads", json={"unit": OWN, "period": 2025, "files": files})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def idle_for(rt, batch: int, hours: float) -> None:
    """As if nothing had reached the batch for ``hours`` (every timestamp it and its files carry)."""
    from storage.records.models import Document, UploadBatch, UploadBatchFile, UploadPart

    then = datetime.now(timezone.utc) - timedelta(hours=hours)
    with rt.records.session() as session:
        session.execute(update(UploadBatch).where(UploadBatch.id == batch).values(created_at=then,
                                                                                    last_activity_at=then))
        session.execute(update(UploadBatchFile).where(UploadBatchFile.batch_id == batch).values(created_at=then))
        session.execute(update(UploadPart).where(UploadPart.batch_id == batch).values(created_at=then,
                                                                                    updated_at=then))
        ids = list(session.scalars(select(UploadBatchFile.document_id).where(UploadBatchFile.batch_id == batch)))
        session.execute(update(Document).where(Document.id.in_(ids)).values(uploaded_at=then))


def test_tab_closed_at_file_57_of_78_waits_for_a_resume_then_closes_with_the_reason(site):
    from flows.recovery.reconcile import reconcile
    from storage.records import unfinished

    member, _, rt = site
    batch = open_batch(member, 78)
    for i in range(1, 58):
        send(member, batch, *note(i))
    path, data = note(58)
    partial = send(member, batch, path, data, upto=len(data) // 2)  # the tab closes here
    page = member.get("/upload").text
    assert "57 dari 78 berkas diterima; lanjutkan" in page and f'data-resume="{batch}"' in page

    idle_for(rt, batch, 1)  # an hour later the unit may still come back: nothing is closed
    reconcile(rt)
    assert member.get(f"/api/uploads/{batch}").json()["status"] == "open"
    assert offset_of(member, partial) == len(data) // 2

    idle_for(rt, batch, rt.settings.ingest.upload_stale_hours + 1)
    report = reconcile(rt)
    assert report.found["stale_batches"] == 1 and report.batches_closed == 1
    status = member.get(f"/api/uploads/{batch}").json()
    assert status["status"] == "done"
    assert status["closed_reason"] == "unggahan terhenti; 57 dari 78 berkas diterima"
    assert len(status["files"]) == 57 and "pending" not in status["counts"]
    assert status["counts"].get("ok") == 57
    assert "unggahan terhenti; 57 dari 78 berkas diterima" in member.get("/upload").text
    assert member.head(partial, headers=TUS).status_code == 404  # the 58th's bytes are gone
    assert not any(rt.settings.upload_staging_path.iterdir())
    with rt.records.session() as session:
        assert unfinished.stale_batch_ids(session) == [] and unfinished.unprocessed_ids(session) == []
    assert reconcile(rt).clean


def test_a_resumed_batch_sends_only_the_missing_files(site):
    from flows import upload_jobs

    member, _, rt = site
    files = [note(i) for i in range(1, 6)]
    batch = open_batch(member, len(files))
    for path, data in files[:3]:
        send(member, batch, path, data)
    partial = send(member, batch, files[3][0], files[3][1], upto=100)
    # the page is opened again: the batch says what it holds; the same five files are picked
    status = member.get(f"/api/uploads/{batch}").json()
    assert status["status"] == "open" and status["received_label"] == "3 dari 5 berkas diterima"
    received = {f["path"] for f in status["files"]}
    missing = [(p, d) for p, d in files if p not in received]
    assert [p for p, _ in missing] == [files[3][0], files[4][0]]
    # the half-sent file goes on from where it stopped (the browser kept its upload address)
    offset = offset_of(member, partial)
    assert offset == 100 and patch(member, partial, offset, files[3][1][offset:]).status_code == 204
    send(member, batch, *files[4])
    assert member.post(f"/api/uploads/{batch}/finish").status_code == 200
    upload_jobs.wait(batch, 120)
    done = member.get(f"/api/uploads/{batch}").json()
    assert done["status"] == "done" and done["closed_reason"] is None
    assert sorted(f["path"] for f in done["files"]) == sorted(p for p, _ in files)
    assert done["counts"] == {"ok": 5} and done["received_label"] == "5 dari 5 berkas diterima"


def test_cancel_keeps_what_arrived_and_discards_the_rest(site):
    from flows import upload_jobs

    member, stranger, rt = site
    batch = open_batch(member, 4)
    for i in (1, 2):
        send(member, batch, *note(i))
    path, data = note(3)
    partial = send(member, batch, path, data, upto=50)
    assert stranger.post(f"/api/uploads/{batch}/cancel").status_code == 403  # another unit's batch
    r = member.post(f"/api/uploads/{batch}/cancel")
    assert r.status_code == 200, r.text
    upload_jobs.wait(batch, 120)
    status = member.get(f"/api/uploads/{batch}").json()
    assert status["status"] == "done" and status["closed_reason"] == "dibatalkan; 2 dari 4 berkas diterima"
    assert status["counts"] == {"ok": 2}
    assert member.head(partial, headers=TUS).status_code == 404
    assert not any(rt.settings.upload_staging_path.iterdir())
    again = member.post("/api/tus", headers={**TUS, "Upload-Length": "5",
                                              "Upload-Metadata": f"batch {b64(str(batch))},path {b64('x.txt')}"})
    assert again.status_code == 422 and "ditutup" in again.json()["detail"]
    assert member.post(f"/api/uploads/{batch}/cancel").status_code == 422
    page = member.get("/upload").text
    assert "dibatalkan; 2 dari 4 berkas diterima" in page and f'data-resume="{batch}"' not in page
