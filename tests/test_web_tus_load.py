"""30 people send their folders by the resumable (tus) protocol at the same moment, a third of them losing
the connection mid-file and another third closing the tab mid-file: nothing lost, nothing stuck, no 5xx.

The real web app runs under uvicorn on a loopback port (``tests.test_web_upload_load.LiveApp``); each of
30 unit members (3 in each of 10 units) opens a batch and sends three files in 4 KB PATCHes with a small
tus client of its own, all threads released together. *Dropped* members have a real socket closed half-way
through a PATCH of their second file and resume where HEAD says the upload stands (409/423 answered as a
tus client does); *restarted* members lose the upload's address half-way (a closed tab) and start that file
again with a new upload. Then every batch is finished at once and processed. Every file must arrive once,
byte for byte (SHA-256 of the stored object), every batch end ``done``, no upload part or staged byte left.
"""

from __future__ import annotations

import base64
import hashlib
import random
import socket
import threading
import time
from datetime import timedelta

import httpx
import pytest

from tests.test_web_upload_load import MEMBERS, LiveApp, _files, members_with_tokens
from tests.web_helpers import fast_passwords

TUS = {"Tus-Resumable": "1.0.0"}
CHUNK = 4096
MODES = ("steady", "dropped", "restarted")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class TusClient:
    """Just enough of a tus 1.0.0 client: create, HEAD, PATCH in chunks, resume after 409/423 or a drop."""

    def __init__(self, live: LiveApp, token: str, statuses: list[int]):
        self.live, self.token, self.statuses = live, token, statuses
        self.http = httpx.Client(base_url=live.url, timeout=60, headers={"Authorization": f"Bearer {token}"})

    def _seen(self, response: httpx.Response) -> httpx.Response:
        self.statuses.append(response.status_code)
        return response

    def create(self, batch: int, path: str, length: int) -> str:
        r = self._seen(self.http.post("/api/tus", headers={
            **TUS, "Upload-Length": str(length), "Upload-Metadata": f"batch {_b64(str(batch))},path {_b64(path)}"}))
        assert r.status_code == 201, r.text
        return r.headers["Location"]

    def offset(self, location: str) -> int:
        for _ in range(200):
            r = self._seen(self.http.head(location, headers=TUS))
            if r.status_code == 200:
                return int(r.headers["Upload-Offset"])
            assert r.status_code == 423, r.status_code  # joining right now: ask again
            time.sleep(0.05)
        raise AssertionError(f"{location} stayed locked")

    def send(self, location: str, data: bytes, start: int = 0, stop: int | None = None) -> None:
        """PATCH ``data[start:stop]`` in chunks; 409 (not where it stands) and 423 (busy) ask HEAD again."""
        stop, offset = len(data) if stop is None else stop, start
        for _ in range(10_000):
            if offset >= stop:
                return
            r = self._seen(self.http.patch(location, content=data[offset:min(offset + CHUNK, stop)], headers={
                **TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}))
            if r.status_code == 204:
                offset = int(r.headers["Upload-Offset"])
            else:
                assert r.status_code in (409, 423), (r.status_code, r.text)
                time.sleep(0.05)
                offset = self.offset(location)
        raise AssertionError(f"{location} never completed")

    def drop_mid_patch(self, location: str, data: bytes, offset: int) -> None:
        """A PATCH of the rest of the file whose connection dies half-way through the body."""
        rest = data[offset:]
        head = (f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                f"Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n"
                f"Content-Length: {len(rest)}\r\nAuthorization: Bearer {self.token}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.live.port), timeout=10) as sock:
            sock.sendall(head + rest[:len(rest) // 2])
            time.sleep(0.2)

    def upload(self, batch: int, path: str, data: bytes, mode: str) -> None:
        location = self.create(batch, path, len(data))
        half = len(data) // 2
        if mode == "dropped":
            self.send(location, data, 0, half // 2)
            self.drop_mid_patch(location, data, half // 2)
            time.sleep(random.uniform(0, 0.3))
            resume_at = self.offset(location)  # what arrived before the drop is kept
            assert half // 2 <= resume_at < len(data), resume_at
            self.send(location, data, resume_at)  # resume where the server says it stands
        elif mode == "restarted":
            self.send(location, data, 0, half)
            lost = location
            location = self.create(batch, path, len(data))  # the tab was closed: the file starts again
            assert self._seen(self.http.head(lost, headers=TUS)).status_code == 404  # the old one is discarded
            self.send(location, data)
        else:
            self.send(location, data)
        assert self.offset(location) == len(data)


@pytest.mark.slow
def test_thirty_resumable_uploads_at_once_some_interrupted_lose_nothing(dukung_env, tmp_path, monkeypatch):
    from config.settings import get_settings, load_settings
    from flows.recovery.reconcile import find_drift
    from flows.runtime import open_runtime
    from storage.records.models import Document, UploadBatchFile, UploadPart

    monkeypatch.setenv("DUKUNG_INGEST__ORCHESTRATOR", "direct")
    fast_passwords(monkeypatch)
    get_settings.cache_clear()
    settings = load_settings()
    tokens = members_with_tokens(settings)
    plan = {email: (unit, MODES[n % 3], {f"AREA I/{email.split('@')[0]}/{name}": data
                                         for name, data in _files(tmp_path / "src" / email, n)})
            for n, (unit, email) in enumerate(MEMBERS)}
    statuses: list[int] = []
    errors: list[str] = []
    batches: dict[str, int] = {}

    with LiveApp(settings) as live:
        clients = {email: TusClient(live, tokens[email], statuses) for email in plan}
        start, finish = threading.Barrier(len(plan)), threading.Barrier(len(plan))

        def member(email: str) -> None:
            unit, mode, files = plan[email]
            client = clients[email]
            try:
                start.wait(60)
                r = client._seen(client.http.post("/api/uploads", json={"unit": unit, "period": 2025,
                                                                        "files": len(files)}))
                assert r.status_code == 200, r.text
                batches[email] = r.json()["id"]
                for k, (path, data) in enumerate(files.items()):
                    client.upload(batches[email], path, data, mode if k == 1 else "steady")
                finish.wait(120)
                r = client._seen(client.http.post(f"/api/uploads/{batches[email]}/finish"))
                assert r.status_code == 200, r.text
            except BaseException as exc:  # noqa: BLE001 - every thread's failure is reported
                errors.append(f"{email} ({mode}): {exc!r}")
                start.abort()
                finish.abort()

        threads = [threading.Thread(target=member, args=(email,)) for email in plan]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        assert not errors, errors[:5]

        final: dict[str, dict] = {}
        deadline = time.monotonic() + 300
        while len(final) < len(plan) and time.monotonic() < deadline:
            for email, client in clients.items():
                if email not in final:
                    body = client._seen(client.http.get(f"/api/uploads/{batches[email]}")).json()
                    if body["status"] in ("done", "error"):
                        final[email] = body
            time.sleep(0.5)
        for client in clients.values():
            client.http.close()

    assert not [s for s in statuses if s >= 500], sorted(set(statuses))
    assert len(final) == len(plan), f"{len(plan) - len(final)} batches never finished"  # nothing stuck
    assert {b["status"] for b in final.values()} == {"done"}, {e: b["error"] for e, b in final.items() if b["error"]}
    with open_runtime(settings) as rt:
        with rt.records.session() as session:
            for email, (_unit, _mode, files) in plan.items():
                got = {f["path"]: f for f in final[email]["files"]}
                assert sorted(got) == sorted(files) and len(final[email]["files"]) == len(files), email
                for path, data in files.items():  # each file once, every byte as sent
                    row = got[path]
                    assert row["outcome"] == "baru" and row["state"] == "ok" and row["size"] == len(data), row
                    doc = session.get(Document, row["document_id"])
                    assert doc.sha256 == hashlib.sha256(data).hexdigest() and doc.size == len(data)
                    with rt.objects.open(doc.object_key) as stored:
                        assert hashlib.sha256(stored.read()).hexdigest() == doc.sha256
            sent = sum(len(files) for _u, _m, files in plan.values())
            assert session.query(Document).count() == sent and session.query(UploadBatchFile).count() == sent
            assert session.query(UploadPart).filter(UploadPart.status != "joined").count() == 0
        assert not any(rt.settings.upload_staging_path.iterdir())  # no staged byte left behind
        drift = find_drift(rt, timedelta(0))
        assert (drift.pending, drift.stale_batches, drift.expired_uploads, drift.orphan_objects) == ([], [], [], [])

