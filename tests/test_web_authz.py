"""Authorization matrix of the web app and its API: every role × every endpoint × own/other unit.

Roles: an administrator, a reviewer of all units, a reviewer assigned to DINKES-JBR only, a member
of DINKES-JBR, and nobody (not signed in). "Own" is DINKES-JBR, "other" is PKM-SUMBERSARI. Each cell
is a real request to the app; listings are also checked for what they contain, not just the status.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

OWN, OTHER = "DINKES-JBR", "PKM-SUMBERSARI"
PASSWORD = "kata-sandi-uji-123"
ROLES = {
    "admin": dict(role="admin"),
    "reviewer_all": dict(role="reviewer", all_units=True),
    "reviewer_own": dict(role="reviewer", units=[OWN]),
    "member_own": dict(role="unit", units=[OWN]),
}
SEES_OTHER = {"admin", "reviewer_all"}
REVIEWERS = {"admin", "reviewer_all", "reviewer_own"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One installation with evidence in both units and one user per role."""
    from config.settings import get_settings, load_settings
    from flows.people.accounts import add_user
    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from storage.records import repository as repo
    from tests.conftest import SK_TIM
    from tests.builders import make_pdf

    mp = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("authz")
    mp.setenv("DUKUNG_HOME", str(home / "home"))
    mp.setenv("DUKUNG_INGEST__ORCHESTRATOR", "direct")
    mp.setenv("DUKUNG_INGEST__WORKERS", "1")
    mp.setenv("DUKUNG_WEB__API_TOKEN", "token-instalasi-uji")
    get_settings.cache_clear()
    rt = open_runtime(load_settings())
    docs = {}
    with rt.records.session() as s:
        repo.add_unit(s, OWN, "Dinas Kesehatan", ["zi@dinkes.example.go.id"])
        repo.add_unit(s, OTHER, "Puskesmas Sumbersari", ["zi@pkm.example.go.id"])
    for unit in (OWN, OTHER):
        folder = home / f"bukti-{unit}" / "AREA I" / "i. Penyusunan Tim Kerja"
        folder.mkdir(parents=True)
        make_pdf(folder / f"1.i.a SK TIM ZONA INTEGRITAS {unit}.pdf", [SK_TIM.replace("Jember", unit)])
        ingest(rt, home / f"bukti-{unit}", unit_code=unit, year=2025)
        with rt.records.session() as s:
            docs[unit] = repo.list_documents(s, unit_codes=[unit])[0].id
    for name, kw in ROLES.items():
        add_user(rt, f"{name}@example.go.id", password=PASSWORD, **kw)
    target = add_user(rt, "sasaran@example.go.id", password=PASSWORD, role="unit", units=[OTHER]).user_id
    with rt.records.session() as s:
        repo.add_unit(s, "ARSIP-UJI", "Unit sasaran uji", [])
    docs["target_user"] = target
    from web.app import create_app

    app = create_app(load_settings())
    clients = {}
    with TestClient(app, base_url="https://testserver") as anonymous:
        clients["anonymous"] = anonymous
        for name in ROLES:
            c = TestClient(app, base_url="https://testserver")
            page = c.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            r = c.post("/login", data={"email": f"{name}@example.go.id", "password": PASSWORD,
                                       "csrf_token": token, "next": "/"}, follow_redirects=False)
            assert r.status_code == 303, r.text
            c.headers["X-CSRF-Token"] = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/").text).group(1)
            clients[name] = c
        yield {"rt": rt, "docs": docs, "clients": clients}
    rt.close()
    mp.undo()
    get_settings.cache_clear()


def _expect(role: str, *, unit: str | None, reviewer_only=False, admin_only=False) -> str:
    """'ok', 'forbidden' or 'login' for a role on an endpoint."""
    if role == "anonymous":
        return "login"
    if admin_only and role != "admin":
        return "forbidden"
    if reviewer_only and role not in REVIEWERS:
        return "forbidden"
    if unit == OTHER and role not in SEES_OTHER:
        return "forbidden"
    return "ok"


# (name, method, path, body, unit the endpoint is about, reviewer_only, admin_only)
def _endpoints(docs):
    out = []
    for unit in (OWN, OTHER):
        d = docs[unit]
        out += [
            ("api document", "GET", f"/api/documents/{d}", None, unit, False, False),
            ("api download", "GET", f"/api/documents/{d}/download", None, unit, False, False),
            ("api completeness", "GET", f"/api/units/{unit}/completeness?period=2025", None, unit, False, False),
            ("api tag question", "POST", "/api/tags",
             {"label": "gap", "note": "uji", "question": "A.I.1.i.b", "unit": unit, "period": 2025}, unit, True, False),
            ("api tag document", "POST", "/api/tags",
             {"label": "ok", "document_id": d, "question": "A.I.1.i.a"}, unit, True, False),
            ("api assign", "POST", f"/api/documents/{d}/assign", {"question": "A.I.1.i.b"}, unit, True, False),
            ("api review submit", "POST", f"/api/units/{unit}/periods/2025/questions/A.I.1.ii.a/review",
             {"action": "ajukan"}, unit, False, False),
            ("api review approve", "POST", f"/api/units/{unit}/periods/2025/questions/A.I.1.ii.b/review",
             {"action": "setujui"}, unit, True, False),
        ]
    out += [("api inbox webhook", "POST", "/api/hooks/inbox", {}, None, False, True)]
    # the pages and their forms (forms are posted with the session's CSRF header)
    for unit in (OWN, OTHER):
        d = docs[unit]
        out += [
            ("page dashboard", "GET", f"/units/{unit}?period=2025", None, unit, False, False),
            ("page question", "GET", f"/units/{unit}/questions/A.I.1.i.a?period=2025", None, unit, False, False),
            ("page document", "GET", f"/documents/{d}", None, unit, False, False),
            ("page download", "GET", f"/documents/{d}/download", None, unit, False, False),
            ("page preview", "GET", f"/documents/{d}/preview", None, unit, False, False),
            ("form evidence date", "POST", f"/documents/{d}/date", {"doc_date": "2025-02-03"}, unit, False, False),
            ("form document tag", "POST", f"/documents/{d}/tags", {"label": "ok", "question": "A.I.1.i.a"},
             unit, True, False),
            ("form document assign", "POST", f"/documents/{d}/assign", {"to_question": "A.I.1.i.b"}, unit, True,
             False),
            ("form question tag", "POST", f"/units/{unit}/questions/A.I.1.i.a/tags",
             {"label": "gap", "note": "uji", "period": "2025"}, unit, True, False),
            ("form review submit", "POST", f"/units/{unit}/questions/A.I.1.ii.c/review",
             {"action": "ajukan", "period": "2025", "note": ""}, unit, False, False),
            ("api upload batch", "POST", "/api/uploads", {"unit": unit, "period": 2025}, unit, False, False),
        ]
    out += [
        ("page home", "GET", "/", None, None, False, False),
        ("page search", "GET", "/search?q=tim", None, None, False, False),
        ("page gaps", "GET", "/gaps", None, None, False, False),
        ("page gaps xlsx", "GET", "/gaps.xlsx", None, None, False, False),
        ("page upload", "GET", "/upload", None, None, False, False),
        ("page audit", "GET", "/admin/audit", None, None, False, True),
    ]
    # the admin pages (issue 16): every one admin only; the admin's own requests really change the target
    # user and unit, in an order that keeps each next request meaningful
    u = f"/admin/users/{docs['target_user']}"
    out += [(name, method, path, body, None, False, True) for name, method, path, body in [
        ("page admin users", "GET", "/admin/users", None),
        ("page admin new user", "GET", "/admin/users/new", None),
        ("page admin user", "GET", u, None),
        ("form admin create user", "POST", "/admin/users/new",
         {"email": "matriks@example.go.id", "role": "reviewer", "all_units": "true", "password": PASSWORD}),
        ("form admin update user", "POST", u, {"role": "unit", "units": OTHER, "name": "Sasaran"}),
        ("form admin reset link", "POST", f"{u}/reset", {}),
        ("form admin disable user", "POST", f"{u}/disable", {}),
        ("form admin enable user", "POST", f"{u}/enable", {}),
        ("form admin remove user", "POST", f"{u}/remove", {"confirm": "true"}),
        ("page admin units", "GET", "/admin/units", None),
        ("form admin create unit", "POST", "/admin/units", {"code": "MATRIKS-UJI", "name": "Unit matriks"}),
        ("upload admin import units", "POST", "/admin/units/import", None),
        ("page admin unit", "GET", "/admin/units/ARSIP-UJI", None),
        ("form admin update unit", "POST", "/admin/units/ARSIP-UJI", {"name": "Unit sasaran", "contacts": ""}),
        ("form admin remove unit", "POST", "/admin/units/ARSIP-UJI/remove", {"confirm": "true"}),
        ("form admin restore unit", "POST", "/admin/units/ARSIP-UJI/restore", {}),
    ]]
    return out


def _cells(world):
    for ep in _endpoints(world["docs"]):
        for role in ["anonymous", *ROLES]:
            yield role, ep


def test_authorization_matrix(world):
    failures = []
    n = 0
    for role, (name, method, path, body, unit, reviewer_only, admin_only) in _cells(world):
        c = world["clients"][role]
        if name in ("api review submit", "form review submit") and role in ("reviewer_all", "reviewer_own"):
            expected = "forbidden"  # reviewers do not submit for a unit
        else:
            expected = _expect(role, unit=unit, reviewer_only=reviewer_only, admin_only=admin_only)
        form = name.startswith(("form ", "upload "))
        files = {"file": ("unit.csv", b"kode,nama,kontak\nIMPOR-UJI,Unit impor,\n", "text/csv")} \
            if name.startswith("upload ") else None
        r = c.request(method, path, json=None if form else body, data=body if form else None, files=files,
                      follow_redirects=False)
        location = r.headers.get("location", "")
        if r.status_code in (401,) or (r.status_code in (302, 303, 307) and location.startswith("/login")):
            got = "login"
        elif r.status_code in (403, 404):  # another unit's document answers as a missing one (issue 15)
            # a form posted without a session has no CSRF token to match: refused before anything else
            got = "login" if role == "anonymous" and form else "forbidden"
        else:
            # 422 (e.g. approving a draft, submitting twice) means: allowed, but not in this state
            got = "ok" if r.status_code < 400 or r.status_code == 422 else str(r.status_code)
        n += 1
        if got != expected:
            failures.append(f"{role:13} {method} {path}: expected {expected}, got {r.status_code} {r.text[:120]}")
    assert not failures, f"{len(failures)} of {n} cells wrong:\n" + "\n".join(failures)
    assert n >= 5 * 61


def test_listings_never_show_another_units_evidence(world):
    for role, c in world["clients"].items():
        if role == "anonymous":
            assert c.get("/api/search?q=tim").status_code == 401
            continue
        sees_other = role in SEES_OTHER
        hits = c.get("/api/search", params={"q": "tim kerja", "per_page": 50}).json()
        units = {h["unit"] for h in hits["hits"]}
        facet_units = {v for v, _ in hits["facets"].get("unit", [])}
        docs = {d["unit"] for d in c.get("/api/documents").json()}
        asked = c.get("/api/search", params={"q": "tim", "unit": OTHER}).json()
        if sees_other:
            assert units == facet_units == docs == {OWN, OTHER}, role
            assert asked["total"] >= 1
        else:
            assert units <= {OWN} and facet_units <= {OWN} and docs == {OWN}, role
            assert asked["total"] == 0 and asked["hits"] == [], role


def test_csrf_is_required_for_session_requests_but_not_for_tokens(world):
    c = world["clients"]["reviewer_all"]
    body = {"label": "gap", "note": "x", "question": "A.I.1.i.b", "unit": OWN, "period": 2025}
    r = c.post("/api/tags", json=body, headers={"X-CSRF-Token": "salah"})
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    anonymous = world["clients"]["anonymous"]
    r = anonymous.post("/api/tags", json=body, headers={"Authorization": "Bearer token-instalasi-uji"})
    assert r.status_code == 200


def test_pages_redirect_anonymous_visitors_to_sign_in(world):
    r = world["clients"]["anonymous"].get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_home_lists_only_reachable_units(world):
    for role, c in world["clients"].items():
        if role == "anonymous":
            continue
        html = c.get("/").text
        assert f'data-unit="{OWN}"' in html
        assert (f'data-unit="{OTHER}"' in html) == (role in SEES_OTHER), role


def test_every_download_and_tag_is_audited(world):
    from sqlalchemy import select

    from storage.records.models import AuditEntry

    c = world["clients"]["member_own"]
    c.get(f"/api/documents/{world['docs'][OWN]}/download")
    world["clients"]["reviewer_all"].post("/api/tags", json={"label": "gap", "note": "audit", "unit": OWN,
                                                             "period": 2025, "question": "A.I.1.ii.a"})
    with world["rt"].records.session() as s:
        actions = {(a.actor, a.action) for a in s.scalars(select(AuditEntry))}
    assert ("member_own@example.go.id", "download") in actions
    assert ("reviewer_all@example.go.id", "tag") in actions
    assert ("member_own@example.go.id", "login") in actions
