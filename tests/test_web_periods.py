"""Evaluation periods through the real web app: the admin creates a period and activates it on the Periode
page; pages say which period they show; a unit member's upload outside the window is refused with the reason,
and an admin's override is recorded in the audit log."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from storage.records.models import AuditEntry
from tests.web_helpers import csrf, fast_passwords, signed_in_site

PEOPLE = {"admin": {"role": "admin"}, "anggota": {"role": "unit", "units": ["DINKES-JBR"]},
          "tpi": {"role": "reviewer", "all_units": True}}


@pytest.fixture
def site(runtime, monkeypatch):
    fast_passwords(monkeypatch)
    with signed_in_site(runtime, PEOPLE) as s:
        yield s


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf(client), **data}, follow_redirects=False)


def _flash(client, response) -> str:
    assert response.status_code == 303, response.text[:600]
    page = client.get(response.headers["location"]).text
    found = re.search(r'<p class="flash (ok|error)"[^>]*>([^<]*)', page)
    return html.unescape(found.group(2)) if found else ""


def _api(client, method: str, path: str, **body):
    return client.request(method, path, json=body, headers={"X-CSRF-Token": csrf(client)})


def test_admin_creates_a_period_and_activates_it(site):
    admin = site.login("admin")
    page = admin.get("/admin/periods")
    assert page.status_code == 200 and "Belum ada periode" in page.text
    assert re.search(r'id="tpn_deadline" name="tpn_deadline" type="date" value="\d{4}-05-31"', page.text)
    done = _post(admin, "/admin/periods", year="2027", isian_start="2027-01-04", isian_end="2027-03-26",
                 verifikasi_start="2027-04-01", verifikasi_end="2027-04-30", revisi_start="2027-05-03",
                 revisi_end="2027-05-21", tpn_deadline="2027-05-31")
    assert _flash(admin, done) == "Periode 2027 dibuat dan kini aktif."  # the first period becomes active
    done = _post(admin, "/admin/periods", year="2028", isian_start="", isian_end="", verifikasi_start="",
                 verifikasi_end="", revisi_start="", revisi_end="", tpn_deadline="2028-05-31")
    assert _flash(admin, done) == "Periode 2028 dibuat."
    listing = admin.get("/admin/periods").text
    assert "4 Januari 2027 – 26 Maret 2027" in listing and "31 Mei 2028" in listing
    assert "belum dijadwalkan" in listing
    bad = _post(admin, "/admin/periods", year="2029", isian_start="2029-03-01", isian_end="2029-02-01")
    assert bad.status_code == 422 and "tanggal mulai sesudah tanggal selesai" in html.unescape(bad.text)
    assert "Periode 2028 kini periode aktif" in _flash(admin, _post(admin, "/admin/periods/2028/activate"))
    home = admin.get("/").text
    assert "Semua unit — periode 2028" in home and "Periode 2028 (aktif)" in home
    old = admin.get("/?period=2027").text
    assert "Periode 2027 — bukan periode aktif (2028)" in old
    edited = _post(admin, "/admin/periods/2027", isian_start="2027-01-04", isian_end="2027-03-31",
                   verifikasi_start="2027-04-01", verifikasi_end="2027-04-30", revisi_start="2027-05-03",
                   revisi_end="2027-05-21", tpn_deadline="2027-05-31")
    assert _flash(admin, edited) == "Jadwal disimpan."
    with site.rt.records.session() as s:
        actions = [(a.action, a.entity_id) for a in s.scalars(select(AuditEntry).where(AuditEntry.entity == "period")
                                                                .order_by(AuditEntry.id))]
    assert ("period.create", "2027") in actions and ("period.activate", "2028") in actions
    assert ("period.edit", "2027") in actions


def test_only_admins_reach_the_period_page(site):
    for name in ("anggota", "tpi"):
        assert site.login(name).get("/admin/periods", follow_redirects=False).status_code == 403


def test_a_members_upload_outside_the_window_is_refused_with_the_reason(site):
    from flows.periods.registry import create_period

    future = date.today().year + 2
    create_period(site.rt, future, actor="admin@example.go.id", activate=True)
    member = site.login("anggota")
    page = member.get("/upload").text
    assert f'id="upload-period" min="2000" max="2100" value="{future}"' in page
    assert f"Masa Isian LKE dibuka 1 Januari {future}" in html.unescape(page)
    assert "upload-override" not in page  # only admins see the override
    refused = _api(member, "POST", "/api/uploads", unit="DINKES-JBR", period=future)
    assert refused.status_code == 403
    assert f"Masa Isian LKE dibuka 1 Januari {future}" in refused.json()["detail"]
    cheat = _api(member, "POST", "/api/uploads", unit="DINKES-JBR", period=future, override=True)
    assert cheat.status_code == 403 and "Hanya admin" in cheat.json()["detail"]
    admin = site.login("admin")
    assert "upload-override" in admin.get("/upload").text
    accepted = _api(admin, "POST", "/api/uploads", unit="DINKES-JBR", period=future, override=True)
    assert accepted.status_code == 200, accepted.text
    with site.rt.records.session() as s:
        (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "upload.override"))
    assert entry.actor.startswith("admin") and entry.detail["channel"] == "web"
    assert entry.detail["unit"] == "DINKES-JBR"


def test_pages_without_an_active_period_say_so(site):
    page = site.login("tpi").get("/").text
    assert "Belum ada periode evaluasi yang aktif" in page
    assert "Belum ada periode evaluasi yang aktif" in site.login("anggota").get("/upload").text
