"""Admin pages through the real web app: units and users created from the web, bulk import of units from
CSV and XLSX, disabling and removing accounts (their sessions stop working), and the password reset by
an e-mailed link — through the outbox folder and through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import html
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import select

from storage.records.models import AuditEntry, Document, OutboxMessage, Unit, User
from tests.web_helpers import PASSWORD, add_person, csrf, fast_passwords, sign_in

ADMIN = "admin@example.go.id"
NEW_PASSWORD = "sandi-baru-yang-panjang-1"
LINK = re.compile(r"https://[^\s\"<>]+/password/reset\?token=[A-Za-z0-9_\-]+")


def _app(monkeypatch, **env):
    from config.settings import get_settings, load_settings
    from web.app import create_app

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    return create_app(load_settings())


@pytest.fixture
def site(runtime, monkeypatch):
    fast_passwords(monkeypatch)
    monkeypatch.setenv("DUKUNG_MAIL__PUBLIC_URL", "https://dukung.example.go.id")
    app = _app(monkeypatch)
    with TestClient(app, base_url="https://testserver") as anonymous:
        add_person(runtime, ADMIN, "admin")
        admin = sign_in(app, ADMIN)
        yield app, admin, anonymous


def _post(client: TestClient, path: str, files=None, **data):
    return client.post(path, data={"csrf_token": csrf(client), **data}, files=files, follow_redirects=False)


def _flash(client: TestClient, response) -> str:
    assert response.status_code == 303, response.text[:400]
    page = client.get(response.headers["location"]).text
    found = re.search(r'<p class="flash (ok|error)"[^>]*>([^<]*)</p>', page)
    return f"{found.group(1)}: {html.unescape(found.group(2))}" if found else ""


def _user_id(rt, address: str) -> int:
    with rt.records.session() as s:
        return s.scalar(select(User.id).where(User.email == address))


def _signed_in(client: TestClient) -> bool:
    r = client.get("/", follow_redirects=False)
    return r.status_code == 200


def _actions(rt) -> set[tuple[str, str, str]]:
    with rt.records.session() as s:
        return {(a.actor, a.action, a.entity_id) for a in s.scalars(select(AuditEntry))}


def _outbox_links(rt) -> list[tuple[str, str]]:
    """(recipient, link) of every .eml in the outbox folder, oldest first."""
    out = []
    for path in sorted(rt.settings.outbox_path.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = msg.get_body(("plain",)).get_content()
        out.append((str(msg["To"]), LINK.search(body).group(0)))
    return out


def _relative(link: str) -> str:
    return link.split("dukung.example.go.id", 1)[1]


def test_admin_creates_a_unit_and_a_user_who_can_sign_in(site, runtime):
    app, admin, _ = site
    assert "Tambah unit" in admin.get("/admin/units").text
    r = _post(admin, "/admin/units", code=" bpkad-jbr ", name="Badan Pengelola Keuangan",
              contacts="zi@bpkad.example.go.id; kepala@bpkad.example.go.id")
    assert _flash(admin, r) == "ok: Unit BPKAD-JBR dibuat."
    again = _post(admin, "/admin/units", code="BPKAD-jbr", name="Lagi")
    assert again.status_code == 422 and "sudah dipakai" in html.unescape(again.text)
    r = _post(admin, "/admin/users/new", email="Tim.ZI@BPKAD.example.go.id", name="Tim ZI BPKAD", role="unit",
              units="BPKAD-JBR", password="kata-sandi-awal-99")
    assert "dibuat" in _flash(admin, r)
    listing = admin.get("/admin/users").text
    assert 'data-user="tim.zi@bpkad.example.go.id"' in listing and "Anggota unit" in listing

    member = sign_in(app, "tim.zi@bpkad.example.go.id", "kata-sandi-awal-99")
    assert "Belum ada periode evaluasi yang aktif" in member.get("/units/BPKAD-JBR").text
    r = _post(admin, "/admin/periods", year="2027")  # every date its default (PermenPANRB 90/2021)
    assert _flash(admin, r) == "ok: Periode 2027 dibuat dan kini aktif."
    assert member.get("/units/BPKAD-JBR").status_code == 200
    assert member.get("/units/DINKES-JBR").status_code == 403
    assert member.get("/admin/users").status_code == 403
    with runtime.records.session() as s:
        unit = s.scalar(select(Unit).where(Unit.code == "BPKAD-JBR"))
        assert unit.contacts == ["zi@bpkad.example.go.id", "kepala@bpkad.example.go.id"]
    assert {(ADMIN, "unit_create", "BPKAD-JBR"), (ADMIN, "user_create", "tim.zi@bpkad.example.go.id")} \
        <= _actions(runtime)


def test_a_unit_member_without_units_is_refused_with_the_reason(site):
    _, admin, _ = site
    r = _post(admin, "/admin/users/new", email="x@example.go.id", role="unit", password="kata-sandi-awal-99")
    assert r.status_code == 422 and "minimal satu unit" in html.unescape(r.text)
    assert 'value="x@example.go.id"' in r.text  # the form keeps what was typed


def _report(page: str) -> dict[int, str]:
    return {int(line): outcome for line, outcome in re.findall(r'data-import-line="(\d+)" data-outcome="([^"]+)"', page)}


def test_bulk_import_of_units_from_csv_reports_each_row(site, runtime):
    _, admin, _ = site
    sheet = ("Kode;Nama;Kontak\n"
             "RSUD-JBR;RSUD dr. Soebandi;humas@rsud.example.go.id\n"
             "dinkes-jbr;Dinas Kesehatan Kab. Jember (baru);zi@dinkes.example.go.id\n"
             "KODE SALAH;Unit Spasi;\n"
             "RSUD-JBR;Duplikat;\n"
             "PKM-KALISAT;Puskesmas Kalisat;bukan-email\n"
             "PKM-AMBULU;;\n"
             "PKM-SUMBERSARI;Puskesmas Sumbersari;\n")
    r = _post(admin, "/admin/units/import", files={"file": ("unit.csv", sheet.encode("cp1252"), "text/csv")})
    assert r.status_code == 200, r.text[:300]
    assert _report(r.text) == {2: "dibuat", 3: "diperbarui", 4: "ditolak", 5: "ditolak", 6: "ditolak",
                               7: "ditolak", 8: "tidak berubah"}
    page = html.unescape(r.text)
    assert "1 dibuat, 1 diperbarui, 1 tidak berubah, 4 ditolak" in page
    assert "sudah ada di baris 2" in page and "tidak valid: bukan-email" in page and "Nama unit wajib" in page
    with runtime.records.session() as s:
        units = {u.code: u for u in s.scalars(select(Unit))}
    assert units["RSUD-JBR"].contacts == ["humas@rsud.example.go.id"]
    assert units["DINKES-JBR"].name == "Dinas Kesehatan Kab. Jember (baru)"  # matched without regard to case
    assert "PKM-KALISAT" not in units and "KODE SALAH" not in units and "PKM-AMBULU" not in units
    assert any(a[1] == "unit_import" for a in _actions(runtime))


def test_bulk_import_of_units_from_xlsx(site, runtime):
    _, admin, _ = site
    book = Workbook()
    ws = book.active
    ws.append(["Nama unit", "Kode unit", "E-mail kontak", "Catatan"])
    ws.append(["Bappeda Kabupaten Jember", "BAPPEDA-JBR", "zi@bappeda.example.go.id, kepala@bappeda.example.go.id",
               "abaikan"])
    ws.append([None, None, None, None])
    ws.append(["Kecamatan Patrang", 1234, None, None])
    buf = io.BytesIO()
    book.save(buf)
    r = _post(admin, "/admin/units/import", files={"file": ("daftar unit.xlsx", buf.getvalue(), "application/octet-stream")})
    assert _report(r.text) == {2: "dibuat", 4: "dibuat"}
    with runtime.records.session() as s:
        units = {u.code: u for u in s.scalars(select(Unit))}
    assert units["BAPPEDA-JBR"].contacts == ["zi@bappeda.example.go.id", "kepala@bappeda.example.go.id"]
    assert units["1234"].name == "Kecamatan Patrang"
    broken = _post(admin, "/admin/units/import", files={"file": ("rusak.xlsx", b"PK\x03\x04bukan zip", "x")})
    assert broken.status_code == 422 and "rusak" in html.unescape(broken.text)
    no_header = _post(admin, "/admin/units/import", files={"file": ("a.csv", b"a,b\n1,2\n", "text/csv")})
    assert no_header.status_code == 422 and "judul kolom" in html.unescape(no_header.text)


def test_removing_a_unit_keeps_its_documents_and_hides_it(site, runtime, evidence_folder):
    from flows.ingest.pipeline import ingest
    from flows.ingest.uploads import create_batch
    from flows.mail.notify import queue_completeness_mail

    _, admin, _ = site
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    with runtime.records.session() as s:
        before = s.query(Document).count()
    refused = _post(admin, "/admin/units/DINKES-JBR/remove")
    assert _flash(admin, refused).startswith("error: Centang konfirmasi")
    r = _post(admin, "/admin/units/DINKES-JBR/remove", confirm="true")
    assert "tetap tersimpan" in _flash(admin, r)
    assert 'data-unit="DINKES-JBR"' not in admin.get("/").text
    assert 'data-unit-row="DINKES-JBR" class="archived"' in admin.get("/admin/units").text
    with runtime.records.session() as s:
        assert s.query(Document).count() == before
    with pytest.raises(Exception, match="sudah dihapus"):
        create_batch(runtime, "DINKES-JBR", 2025, actor="uji")
    queued = queue_completeness_mail(runtime, 2025, digest=False)
    assert {q.get("unit") for q in queued.queued} | {q.get("unit") for q in queued.skipped} == {"PKM-SUMBERSARI"}
    r = _post(admin, "/admin/units/DINKES-JBR/restore")
    assert _flash(admin, r) == "ok: Unit DINKES-JBR dipulihkan."
    assert 'data-unit="DINKES-JBR"' in admin.get("/").text
    assert {(ADMIN, "unit_remove", "DINKES-JBR"), (ADMIN, "unit_restore", "DINKES-JBR")} <= _actions(runtime)


def test_disabling_and_removing_a_user_ends_their_session(site, runtime):
    app, admin, _ = site
    add_person(runtime, "anggota@example.go.id", "unit", units=["DINKES-JBR"])
    member = sign_in(app, "anggota@example.go.id")
    uid = _user_id(runtime, "anggota@example.go.id")
    assert _signed_in(member)
    assert "dinonaktifkan" in _flash(admin, _post(admin, f"/admin/users/{uid}/disable"))
    assert not _signed_in(member)
    with pytest.raises(AssertionError):
        sign_in(app, "anggota@example.go.id")
    _post(admin, f"/admin/users/{uid}/enable")
    member = sign_in(app, "anggota@example.go.id")
    assert _signed_in(member)
    r = _post(admin, f"/admin/users/{uid}/remove", confirm="true")
    assert "dihapus" in _flash(admin, r)
    assert not _signed_in(member)
    with pytest.raises(AssertionError):
        sign_in(app, "anggota@example.go.id")
    assert 'data-user="anggota@example.go.id"' not in admin.get("/admin/users").text
    assert admin.get(f"/admin/users/{uid}").status_code == 404
    acts = _actions(runtime)
    assert {(ADMIN, "user_disable", "anggota@example.go.id"), (ADMIN, "user_remove", "anggota@example.go.id"),
            ("anggota@example.go.id", "login", "anggota@example.go.id")} <= acts


def test_an_admin_cannot_lock_themselves_out(site, runtime):
    _, admin, _ = site
    uid = _user_id(runtime, ADMIN)
    assert _flash(admin, _post(admin, f"/admin/users/{uid}/disable")).startswith("error: Anda tidak dapat")
    assert _flash(admin, _post(admin, f"/admin/users/{uid}/remove", confirm="true")).startswith("error:")
    r = _post(admin, f"/admin/users/{uid}", role="reviewer", all_units="true")
    assert r.status_code == 422 and "akun Anda sendiri" in html.unescape(r.text)
    assert _signed_in(admin)


def test_password_reset_by_the_outbox_link(site, runtime):
    app, _, anonymous = site
    add_person(runtime, "lupa@example.go.id", "unit", units=["DINKES-JBR"])
    earlier = sign_in(app, "lupa@example.go.id")
    assert "Lupa kata sandi?" in anonymous.get("/login").text
    answers = []
    for address in ("Lupa@Example.go.id", "tidak-ada@example.go.id"):
        r = _post(anonymous, "/password/forgot", email=address)
        assert r.status_code == 200
        answers.append(re.sub(r'value="[^"]+"', "", r.text))
    assert answers[0] == answers[1]  # the page does not tell which address has an account
    links = _outbox_links(runtime)
    assert [to for to, _ in links] == ["lupa@example.go.id"]
    link = _relative(links[0][1])
    with runtime.records.session() as s:  # the records database keeps no copy of the link
        stored = repr([(a.detail, a.entity_id) for a in s.scalars(select(AuditEntry))])
        stored += repr(list(s.scalars(select(OutboxMessage.message))))
    assert link.split("token=")[1] not in stored

    form = anonymous.get(link)
    assert form.status_code == 200 and "lupa@example.go.id" in form.text
    assert "token=" not in str(form.url)  # moved into the session: not in the address bar or history
    token = link.split("token=")[1]
    mismatch = _post(anonymous, "/password/reset", token=token, password=NEW_PASSWORD, password2="lain-lain-lain")
    assert mismatch.status_code == 422 and "tidak sama" in mismatch.text
    done = _post(anonymous, "/password/reset", token=token, password=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert done.status_code == 200 and "Kata sandi baru tersimpan" in done.text
    assert not _signed_in(earlier)  # the reset ends the account's sessions
    with pytest.raises(AssertionError):
        sign_in(app, "lupa@example.go.id", PASSWORD)  # the old password fails
    assert _signed_in(sign_in(app, "lupa@example.go.id", NEW_PASSWORD))
    reused = _post(anonymous, "/password/reset", token=token, password="lagi-sandi-lain-1", password2="lagi-sandi-lain-1")
    assert reused.status_code == 400 and "tidak berlaku lagi" in reused.text
    assert anonymous.get(link).status_code == 400
    assert ("lupa@example.go.id", "password_reset", "lupa@example.go.id") in _actions(runtime)


def test_reset_links_expire_and_a_newer_one_replaces_the_older(runtime, monkeypatch):
    from flows.people.password_reset import InvalidResetLink, check_link, request_reset, reset_password

    fast_passwords(monkeypatch)
    add_person(runtime, "waktu@example.go.id", "reviewer", all_units=True)
    old = request_reset(runtime, "waktu@example.go.id", now=datetime.now(timezone.utc) - timedelta(minutes=61))
    with pytest.raises(InvalidResetLink):
        check_link(runtime, old.token)  # older than an hour
    first = request_reset(runtime, "waktu@example.go.id")
    second = request_reset(runtime, "waktu@example.go.id")
    assert check_link(runtime, second.token) == "waktu@example.go.id"
    with pytest.raises(InvalidResetLink):
        reset_password(runtime, first.token, NEW_PASSWORD)
    third = request_reset(runtime, "waktu@example.go.id")
    assert request_reset(runtime, "waktu@example.go.id") is None  # the fourth within an hour: nothing sent
    with pytest.raises(InvalidResetLink):
        check_link(runtime, second.token)
    with pytest.raises(Exception, match="minimal 10"):
        reset_password(runtime, third.token, "pendek")
    assert reset_password(runtime, third.token, NEW_PASSWORD) == "waktu@example.go.id"  # still usable
    with runtime.records.session() as s:
        from storage.records.models import PasswordResetToken

        assert third.token not in {t.token_hash for t in s.scalars(select(PasswordResetToken))}


def test_disabled_and_unknown_accounts_get_no_link(runtime, monkeypatch):
    from flows.people.password_reset import InvalidResetLink, check_link, request_reset
    from flows.people.users_admin import set_active

    fast_passwords(monkeypatch)
    add_person(runtime, "nonaktif@example.go.id", "unit", units=["DINKES-JBR"])
    pending = request_reset(runtime, "nonaktif@example.go.id")
    set_active(runtime, _user_id(runtime, "nonaktif@example.go.id"), False, actor="uji")
    with pytest.raises(InvalidResetLink):
        check_link(runtime, pending.token)  # disabling ends the links already sent
    assert request_reset(runtime, "nonaktif@example.go.id") is None
    assert request_reset(runtime, "siapa@example.go.id") is None


def test_admin_sends_a_reset_link_through_smtp(runtime, monkeypatch, tmp_path):
    from tests.smtp_server import SmtpTestServer

    fast_passwords(monkeypatch)
    add_person(runtime, ADMIN, "admin")
    add_person(runtime, "reviewer@example.go.id", "reviewer", all_units=True)
    with SmtpTestServer(tmp_path) as server:
        app = _app(monkeypatch, DUKUNG_MAIL__PUBLIC_URL="https://dukung.example.go.id", **server.env())
        with TestClient(app, base_url="https://testserver"):
            admin = sign_in(app, ADMIN)
            uid = _user_id(runtime, "reviewer@example.go.id")
            r = _post(admin, f"/admin/users/{uid}/reset")
            assert "dikirim ke reviewer@example.go.id" in _flash(admin, r)
            assert len(server.received) == 1 and server.received[0].recipients == ["reviewer@example.go.id"]
            msg = server.received[0].message
            assert msg["Subject"] == "[Dukung] Atur ulang kata sandi"
            link = LINK.search(msg.get_body(("html",)).get_content()).group(0)
            anonymous = TestClient(app, base_url="https://testserver")
            token = link.split("token=")[1]
            r = _post(anonymous, "/password/reset", token=token, password=NEW_PASSWORD, password2=NEW_PASSWORD)
            assert r.status_code == 200
            assert _signed_in(sign_in(app, "reviewer@example.go.id", NEW_PASSWORD))
            assert not list(runtime.settings.outbox_path.glob("*.eml"))  # SMTP, not the folder
    assert (ADMIN, "password_reset_admin", "reviewer@example.go.id") in _actions(runtime)


def test_a_new_account_without_password_gets_an_invitation(site, runtime):
    app, admin, anonymous = site
    r = _post(admin, "/admin/users/new", email="baru@example.go.id", role="reviewer", all_units="true")
    assert "Tautan untuk mengatur kata sandi dikirim" in _flash(admin, r)
    assert "Belum mengatur kata sandi" in admin.get("/admin/users").text
    (to, link), = _outbox_links(runtime)
    assert to == "baru@example.go.id"
    token = link.split("token=")[1]
    assert _post(anonymous, "/password/reset", token=token, password=NEW_PASSWORD,
                 password2=NEW_PASSWORD).status_code == 200
    assert _signed_in(sign_in(app, "baru@example.go.id", NEW_PASSWORD))
