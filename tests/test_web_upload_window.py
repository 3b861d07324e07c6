"""A resumable batch opened inside the upload window while the window closes (issue 16 item 1).

The gate ran only when a batch was opened: a tus batch opened on the last day of the isian window kept
taking files after it closed. Now the window is asked again when a file is created, when a file is
complete and when the batch is finished; outside it the batch is held — refused with the reason, nothing
lost (bytes staged, files received in time stored, the reconciler leaves it alone) — and continues when an
admin accepts it (audited) or the window opens again. Through the real app (``tests.test_web_tus``'s site).
"""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from flows.cli import app

from flows.periods.dates import today
from storage.records.models import AuditEntry, UploadPart
from tests.test_web_tus import OWN, TUS, b64, patch, site  # noqa: F401 - site is a fixture
from tests.test_web_upload_resume import records  # noqa: F401 - a fixture: SQLite, then PostgreSQL

MEMBER, ADMIN = "a@dinkes.go.id", "admin@dinkes.go.id"


@pytest.fixture
def runtime(records):  # noqa: F811 - the site's records: each test on the embedded SQLite and on PostgreSQL
    return records


def _window(rt, *, open_: bool) -> int:
    """The year of a period whose isian window is open today (or ended yesterday), created or edited."""
    from flows.periods.registry import create_period, edit_period, list_periods

    day = today(rt.settings.mail.timezone)
    dates = {"isian_start": day - timedelta(days=5), "isian_end": day + timedelta(days=5 if open_ else -1),
             "verifikasi_start": day + timedelta(days=6), "verifikasi_end": day + timedelta(days=10),
             "revisi_start": day + timedelta(days=11), "revisi_end": day + timedelta(days=20),
             "tpn_deadline": day + timedelta(days=25)}
    if any(p.year == day.year for p in list_periods(rt)):
        edit_period(rt, day.year, actor="admin@x", **dates)
    else:
        create_period(rt, day.year, actor="admin@x", activate=True, **dates)
    return day.year


@pytest.fixture
def held(site):  # noqa: F811 - the imported fixture
    """A member's batch of three files in the window: the first file received, the second half sent."""
    from flows.people.accounts import add_user

    rt = site["rt"]
    add_user(rt, ADMIN, role="admin", password="kata-sandi-uji-123", actor="uji")
    year = _window(rt, open_=True)
    member = site["login"](MEMBER)
    r = member.post("/api/uploads", json={"unit": OWN, "period": year, "files": 3})
    assert r.status_code == 200, r.text
    batch = r.json()["id"]
    data = {name: os.urandom(50_000) for name in ("a.pdf", "b.pdf", "c.pdf")}
    first = _create(member, batch, "a.pdf", data)
    assert first.status_code == 201 and patch(member, first.headers["Location"], 0, data["a.pdf"]).status_code == 204
    second = _create(member, batch, "b.pdf", data).headers["Location"]
    assert patch(member, second, 0, data["b.pdf"][:20_000]).status_code == 204
    _window(rt, open_=False)  # the isian window ended yesterday
    return {**site, "member": member, "batch": batch, "data": data, "second": second, "year": year}


def _create(client, batch: int, name: str, data: dict):
    return client.post("/api/tus", headers={**TUS, "Upload-Length": str(len(data[name])),
                                            "Upload-Metadata": f"batch {b64(str(batch))},path {b64(name)}"})


def _staged(rt, location: str) -> int:
    path = rt.settings.upload_staging_path / location.rsplit("/", 1)[1]
    return path.stat().st_size if path.exists() else -1


def _refused(response, batch: int) -> None:
    assert response.status_code == 403, response.text
    detail = response.json()["detail"]
    assert "sudah berakhir" in detail and f"Unggahan #{batch} ditahan" in detail, detail
    assert "tetap tersimpan" in detail


def test_after_the_window_closes_no_file_comes_in_and_nothing_is_lost(held):
    rt, member, batch, data = held["rt"], held["member"], held["batch"], held["data"]
    _refused(_create(member, batch, "c.pdf", data), batch)  # a new file
    _refused(member.post(f"/api/uploads/{batch}/files", data={"path": "c.pdf"},
                         files={"file": ("c.pdf", data["c.pdf"])}), batch)  # the one-request way too
    _refused(patch(member, held["second"], 20_000, data["b.pdf"][20_000:]), batch)  # the file completes
    assert _staged(rt, held["second"]) == len(data["b.pdf"])  # every byte kept, staged
    _refused(member.post(f"/api/uploads/{batch}/finish"), batch)  # finishing would lose the staged bytes
    status = member.get(f"/api/uploads/{batch}").json()
    assert status["status"] == "open" and status["received_files"] == 1
    assert "sudah berakhir" in status["held_reason"]
    page = member.get("/upload").text
    assert f"Unggahan #{batch} ditahan" in page and "data-accept" not in page  # the unit reads why
    assert member.post(f"/api/uploads/{batch}/accept").status_code == 403  # only an admin accepts


def test_the_reconciler_leaves_a_held_batch_and_its_bytes_alone(held):
    from flows.recovery.reconcile import find_drift, reconcile

    rt, batch = held["rt"], held["batch"]
    _refused(patch(held["member"], held["second"], 20_000, held["data"]["b.pdf"][20_000:]), batch)
    drift = find_drift(rt, timedelta(0))
    assert drift.stale_batches == [] and drift.expired_uploads == []
    reconcile(rt, timedelta(0))
    assert held["member"].get(f"/api/uploads/{batch}").json()["status"] == "open"
    assert _staged(rt, held["second"]) == len(held["data"]["b.pdf"])
    doctor = " ".join(CliRunner().invoke(app, ["doctor"], catch_exceptions=False).output.split())
    assert "Unggahan macet: 0" in doctor and "Berkas terkirim sebagian: 0" in doctor  # not drift: waiting
    assert "! Unggahan tertahan: 1 — masa unggah periodenya sudah ditutup" in doctor, doctor


def test_an_admin_accepts_the_held_batch_and_it_continues(held):
    from flows import upload_jobs

    rt, member, batch, data = held["rt"], held["member"], held["batch"], held["data"]
    _refused(patch(member, held["second"], 20_000, data["b.pdf"][20_000:]), batch)
    admin = held["login"](ADMIN)
    assert f'data-accept="{batch}"' in admin.get("/upload").text
    accepted = admin.post(f"/api/uploads/{batch}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["received_files"] == 2 and accepted.json()["held_reason"] is None  # b.pdf joined
    with rt.records.session() as s:
        (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "upload.override"))
        assert (entry.entity, entry.entity_id, entry.actor) == ("upload_batch", str(batch), ADMIN)
        assert "sudah berakhir" in entry.detail["refused_because"]
    r = member.head(held["second"], headers=TUS)  # the member's browser resumes: b.pdf is complete
    assert r.status_code == 200 and int(r.headers["Upload-Offset"]) == len(data["b.pdf"])
    third = _create(member, batch, "c.pdf", data)  # the rest of the batch comes in
    assert third.status_code == 201, third.text
    assert patch(member, third.headers["Location"], 0, data["c.pdf"]).status_code == 204
    assert member.post(f"/api/uploads/{batch}/finish").status_code == 200
    upload_jobs.wait(batch, 120)
    done = member.get(f"/api/uploads/{batch}").json()
    assert done["status"] == "done" and sorted(f["path"] for f in done["files"]) == ["a.pdf", "b.pdf", "c.pdf"]
    assert {f["size"] for f in done["files"]} == {50_000}
    with rt.records.session() as s:
        assert not list(s.scalars(select(UploadPart).where(UploadPart.status == "receiving")))


def test_the_window_opening_again_lets_the_batch_continue(held):
    rt, member, batch, data = held["rt"], held["member"], held["batch"], held["data"]
    _refused(patch(member, held["second"], 20_000, data["b.pdf"][20_000:]), batch)
    _window(rt, open_=True)  # e.g. the admin extends the isian window
    r = member.head(held["second"], headers=TUS)  # the next resume joins what waited
    assert r.status_code == 200 and int(r.headers["Upload-Offset"]) == len(data["b.pdf"])
    status = member.get(f"/api/uploads/{batch}").json()
    assert status["received_files"] == 2 and status["held_reason"] is None
    assert _create(member, batch, "c.pdf", data).status_code == 201
    with rt.records.session() as s:
        assert not list(s.scalars(select(AuditEntry).where(AuditEntry.action == "upload.override")))


def test_a_batch_an_admin_opened_outside_the_window_takes_its_files(held):
    admin = held["login"](ADMIN)
    r = admin.post("/api/uploads", json={"unit": OWN, "period": held["year"], "override": True})
    assert r.status_code == 200, r.text
    batch = r.json()["id"]
    data = {"d.pdf": os.urandom(1000)}
    created = _create(admin, batch, "d.pdf", data)
    assert created.status_code == 201, created.text
    assert patch(admin, created.headers["Location"], 0, data["d.pdf"]).status_code == 204
    assert admin.get(f"/api/uploads/{batch}").json()["received_files"] == 1
    with held["rt"].records.session() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "upload.override")))
    assert [(e.entity, e.entity_id) for e in entries] == [("upload_batch", str(batch))]  # once, for the batch


def test_first_batches_of_a_new_year_opened_at_the_same_moment_all_open(runtime):
    """Opening batches for a year without a period row raced on its creation: all but one failed with a
    unique-constraint error (a 500 in the web app)."""
    from flows.ingest.uploads import create_batch

    barrier, opened, errors = threading.Barrier(8), [], []

    def open_one(n: int) -> None:
        barrier.wait(30)
        try:
            opened.append(create_batch(runtime, "DINKES-JBR", 2031, actor=f"anggota{n}@dinkes.go.id"))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(repr(exc))

    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(set(opened)) == 8, errors[:3]
