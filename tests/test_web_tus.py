"""Resumable uploads (issue 16 item 4): the tus protocol 1.0.0 of ``web/tus.py`` against the real app.

Creation, PATCH in chunks, HEAD after an interrupted PATCH (a real socket closed mid-body against uvicorn
on loopback), resume, termination, a wrong offset (409), another person's upload (404) and another
unit's batch (403), the size limit, an expired upload removed by the reconciler — and the file, once
complete, joined to its batch exactly as a file sent in one request (stored, recorded, processed).
"""

from __future__ import annotations

import base64
import os
import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from tests.builders import make_pdf
from tests.conftest import LAPORAN_PENGADUAN
from tests.web_helpers import csrf, fast_passwords, sign_in

OWN, OTHER = "DINKES-JBR", "PKM-SUMBERSARI"
TUS = {"Tus-Resumable": "1.0.0"}
PATH = "AREA V/iii. Pengaduan Masyarakat/5.iii.b LAPORAN PENGADUAN 2025.pdf"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def site(runtime, monkeypatch):
    from config.settings import load_settings
    from flows.people.accounts import add_user
    from web.app import create_app

    fast_passwords(monkeypatch)
    for email, units in (("a@dinkes.go.id", [OWN]), ("b@dinkes.go.id", [OWN]), ("c@pkm.go.id", [OTHER])):
        add_user(runtime, email, role="unit", password="kata-sandi-uji-123", units=units, actor="uji")
    app = create_app(load_settings())
    clients = {}

    def login(email: str):
        if email not in clients:
            client = sign_in(app, email)
            client.headers["X-CSRF-Token"] = csrf(client, "/upload")
            clients[email] = client
        return clients[email]

    with TestClient(app, base_url="https://testserver") as lifespan:  # the app's runtime, as `dukung web` has it
        yield {"app": app, "login": login, "rt": runtime, "lifespan": lifespan}


@pytest.fixture
def blob() -> bytes:
    """Bytes enough for several chunks (the protocol does not care what they are)."""
    return os.urandom(300_000)


@pytest.fixture
def pdf(tmp_path) -> bytes:
    path = tmp_path / "laporan.pdf"
    make_pdf(path, [LAPORAN_PENGADUAN] * 3)
    return path.read_bytes()


def new_batch(client, files: int | None = 1, unit: str = OWN) -> int:
    r = client.post("/api/uploads", json={"unit": unit, "period": 2025, "files": files})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def create(client, batch: int, length: int, path: str = PATH):
    return client.post("/api/tus", headers={**TUS, "Upload-Length": str(length),
                                            "Upload-Metadata": f"batch {b64(str(batch))},path {b64(path)}"})


def patch(client, location: str, offset: int, data: bytes):
    return client.patch(location, content=data, headers={
        **TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})


def offset_of(client, location: str) -> int:
    r = client.head(location, headers=TUS)
    assert r.status_code == 200, r.text
    assert r.headers["Cache-Control"] == "no-store" and r.headers["Tus-Resumable"] == "1.0.0"
    return int(r.headers["Upload-Offset"])


def test_options_announce_version_extensions_and_the_size_limit(site):
    r = site["login"]("a@dinkes.go.id").options("/api/tus")
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0"
    assert set(r.headers["Tus-Extension"].split(",")) == {"creation", "termination", "expiration"}
    assert int(r.headers["Tus-Max-Size"]) == site["rt"].settings.web.upload_max_mb * 1024 * 1024


def test_a_file_sent_in_chunks_joins_its_batch_stored_recorded_and_processed(site, pdf):
    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client)
    r = create(client, batch, len(pdf))
    assert r.status_code == 201, r.text
    location = r.headers["Location"]
    assert location.startswith("/api/tus/") and "Upload-Expires" in r.headers
    assert offset_of(client, location) == 0
    step = len(pdf) // 3 + 1
    for start in range(0, len(pdf), step):
        r = patch(client, location, start, pdf[start:start + step])
        assert r.status_code == 204, r.text
        assert int(r.headers["Upload-Offset"]) == min(start + step, len(pdf))
    status = client.get(f"/api/uploads/{batch}").json()
    assert [f["path"] for f in status["files"]] == [PATH] and status["files"][0]["outcome"] == "baru"
    assert status["received_label"] == "1 dari 1 berkas diterima"
    assert not any(site["rt"].settings.upload_staging_path.iterdir())  # the staged copy is gone
    assert offset_of(client, location) == len(pdf)  # a finished upload still answers HEAD
    assert client.post(f"/api/uploads/{batch}/finish").status_code == 200
    from flows import upload_jobs

    upload_jobs.wait(batch, 120)
    done = client.get(f"/api/uploads/{batch}").json()
    assert done["status"] == "done" and done["files"][0]["state"] == "ok"
    assert "A.I.5.iii.b" in done["files"][0]["questions"]


def test_wrong_offset_is_a_conflict_and_nothing_is_written(site, blob):
    client = site["login"]("a@dinkes.go.id")
    location = create(client, new_batch(client), len(blob)).headers["Location"]
    assert patch(client, location, 0, blob[:1000]).status_code == 204
    r = patch(client, location, 500, blob[500:1500])
    assert r.status_code == 409
    assert offset_of(client, location) == 1000
    assert patch(client, location, 1000, blob[1000:]).status_code == 204


def test_a_second_request_for_the_same_upload_waits_its_turn(site, blob):
    """While one request appends (a retry may arrive before the server saw the first one drop): 423,
    which tus clients retry; nothing is written twice."""
    from flows.ingest import resumable

    client = site["login"]("a@dinkes.go.id")
    location = create(client, new_batch(client), len(blob)).headers["Location"]
    part_id = location.rsplit("/", 1)[1]
    rt = site["app"].state.runtime
    with rt.records.session() as session:
        from storage.records.models import UploadPart

        owner_id = session.get(UploadPart, part_id).owner_id
    with resumable.appending(rt, part_id, owner_id, 0) as (_, out):
        out.write(blob[:10])
        assert patch(client, location, 0, blob[:100]).status_code == 423
    assert offset_of(client, location) == 10
    assert patch(client, location, 10, blob[10:]).status_code == 204


def test_protocol_errors(site, blob):
    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client)
    location = create(client, batch, 10).headers["Location"]
    assert client.head(location).status_code == 412  # no Tus-Resumable
    assert client.patch(location, content=b"x", headers={**TUS, "Upload-Offset": "0",
                                                          "Content-Type": "text/plain"}).status_code == 415
    assert patch(client, location, 0, b"x" * 11).status_code == 400  # past Upload-Length
    assert client.post("/api/tus", headers={**TUS, "Upload-Metadata": f"batch {b64(str(batch))}"}).status_code == 400
    assert client.head("/api/tus/doesnotexist", headers=TUS).status_code == 404
    too_big = site["rt"].settings.web.upload_max_mb * 1024 * 1024 + 1
    r = create(client, batch, too_big)
    assert r.status_code == 413 and "terlalu besar" in r.json()["detail"]


def test_the_one_request_path_has_the_same_size_limit(site, monkeypatch):
    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client)
    monkeypatch.setattr(site["app"].state.runtime.settings.web, "upload_max_mb", 1)
    r = client.post(f"/api/uploads/{batch}/files", data={"path": "besar.bin"},
                    files={"file": ("besar.bin", b"x" * (1024 * 1024 + 1))})
    assert r.status_code == 413 and "maksimum 1 MB" in r.json()["detail"]
    assert client.get(f"/api/uploads/{batch}").json()["files"] == []


def test_csrf_is_required_for_a_session(site, blob):
    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client)
    token = client.headers.pop("X-CSRF-Token")
    try:
        assert create(client, batch, 10).status_code == 403
    finally:
        client.headers["X-CSRF-Token"] = token


def test_another_person_cannot_see_or_append_to_an_upload(site, blob):
    owner, colleague, stranger = (site["login"](e) for e in ("a@dinkes.go.id", "b@dinkes.go.id", "c@pkm.go.id"))
    batch = new_batch(owner)
    location = create(owner, batch, len(blob)).headers["Location"]
    assert patch(owner, location, 0, blob[:100]).status_code == 204
    for other in (colleague, stranger):  # the same unit or not: an upload is its creator's
        assert other.head(location, headers=TUS).status_code == 404
        assert patch(other, location, 100, blob[100:]).status_code == 404
        assert other.delete(location, headers=TUS).status_code == 404
    assert create(stranger, batch, len(blob)).status_code == 403  # another unit's batch
    assert offset_of(owner, location) == 100


def test_termination_discards_the_partial_file(site, blob):
    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client)
    location = create(client, batch, len(blob)).headers["Location"]
    patch(client, location, 0, blob[:2000])
    assert client.delete(location, headers=TUS).status_code == 204
    assert client.head(location, headers=TUS).status_code == 404
    assert not any(site["rt"].settings.upload_staging_path.iterdir())
    assert client.get(f"/api/uploads/{batch}").json()["files"] == []


def test_an_expired_upload_is_gone_and_the_reconciler_removes_it(site, blob):
    from flows.recovery.reconcile import reconcile
    from storage.records.models import UploadPart

    rt = site["rt"]
    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client, files=2)
    location = create(client, batch, len(blob)).headers["Location"]
    patch(client, location, 0, blob[:3000])
    # another file of the batch keeps the batch alive; this one got nothing for longer than the timeout
    other = create(client, batch, len(blob), path="lain.blob").headers["Location"]
    with rt.records.session() as session:
        session.get(UploadPart, location.rsplit("/", 1)[1]).updated_at = (
            datetime.now(timezone.utc) - timedelta(hours=rt.settings.ingest.upload_stale_hours + 1))
    assert client.head(location, headers=TUS).status_code == 410
    report = reconcile(rt)
    assert report.found["expired_uploads"] == 1 and report.removed_uploads == 1
    assert client.head(location, headers=TUS).status_code == 404
    assert offset_of(client, other) == 0  # the live one is untouched
    stray = rt.settings.upload_staging_path / ("0" * 32)  # bytes whose record never came
    stray.write_bytes(b"x")
    assert reconcile(rt).removed_uploads == 0 and stray.exists()  # young: left alone
    os.utime(stray, (0, 0))
    assert reconcile(rt).removed_uploads == 1 and not stray.exists()
    assert client.get(f"/api/uploads/{batch}").json()["status"] == "open"


@pytest.fixture
def live_server(site):
    """The same app served by uvicorn on a loopback port (a real connection to drop)."""
    import uvicorn

    from tests.services.base import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(site["app"], host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def test_a_connection_dropped_mid_patch_keeps_what_arrived_and_the_upload_resumes(site, live_server, blob):
    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client)
    location = create(client, batch, len(blob)).headers["Location"]
    half = len(blob) // 2
    request = (f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
               f"Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
               f"Content-Length: {len(blob)}\r\nX-CSRF-Token: {client.headers['X-CSRF-Token']}\r\n"
               f"Cookie: {'; '.join(f'{k}={v}' for k, v in client.cookies.items())}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", live_server), timeout=10) as sock:
        sock.sendall(request + blob[:half])
        time.sleep(0.5)  # the server has read it; then the line goes dead
    deadline = time.monotonic() + 10
    while offset_of(client, location) != half:
        assert time.monotonic() < deadline, f"offset {offset_of(client, location)} != {half}"
        time.sleep(0.1)
    assert patch(client, location, half, blob[half:]).status_code == 204
    files = client.get(f"/api/uploads/{batch}").json()["files"]
    assert len(files) == 1 and files[0]["outcome"] == "baru" and files[0]["size"] == len(blob)
    with site["rt"].records.session() as session:
        from storage.records.models import Document

        doc = session.get(Document, files[0]["document_id"])
        assert doc.size == len(blob)


def test_partial_uploads_survive_a_restart_of_the_web_app(site, blob):
    from config.settings import load_settings
    from web.app import create_app

    client = site["login"]("a@dinkes.go.id")
    batch = new_batch(client)
    location = create(client, batch, len(blob)).headers["Location"]
    patch(client, location, 0, blob[:4000])
    app = create_app(load_settings())  # another web process over the same data folder (a restart)
    with TestClient(app, base_url="https://testserver"):
        again = sign_in(app, "a@dinkes.go.id")
        again.headers["X-CSRF-Token"] = csrf(again, "/upload")
        assert offset_of(again, location) == 4000
        assert patch(again, location, 4000, blob[4000:]).status_code == 204
        assert again.get(f"/api/uploads/{batch}").json()["received_files"] == 1
