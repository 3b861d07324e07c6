"""The unit dashboard, question page (review workflow, reviewer tags), gaps page with its XLSX, and the
audit page — each through real requests of signed-in people, with unit isolation on every path."""

from __future__ import annotations

import html
import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from flows.completeness.check import check_completeness
from flows.completeness.gaps import GapFilter, gap_rows
from flows.ingest.pipeline import ingest
from flows.people.review_workflow import review_state
from tests.web_helpers import csrf, fast_passwords, signed_in_site

OWN, OTHER, YEAR = "DINKES-JBR", "PKM-SUMBERSARI", 2025
PEOPLE = {
    "admin": dict(role="admin"),
    "reviewer": dict(role="reviewer", all_units=True),
    "reviewer_other": dict(role="reviewer", units=[OTHER]),
    "member": dict(role="unit", units=[OWN]),
    "member_other": dict(role="unit", units=[OTHER]),
}
CELL = re.compile(r'data-question="([^"]+)" data-status="([^"]+)" data-review="([^"]+)"')
GAP_ROW = re.compile(r'<tr data-unit="([^"]+)" data-question="([^"]+)" data-status="([^"]+)"')


@pytest.fixture
def site(runtime, evidence_folder, monkeypatch):
    """DINKES-JBR's evidence ingested for 2025, PKM-SUMBERSARI empty; ``site.login(name)`` signs one in."""
    fast_passwords(monkeypatch)
    ingest(runtime, evidence_folder, unit_code=OWN, year=YEAR)
    with signed_in_site(runtime, PEOPLE) as site:
        yield site


def _q(unit: str, code: str) -> str:
    return f"/units/{unit}/questions/{code}"


def _post(client: TestClient, path: str, **data):
    return client.post(path, data={"csrf_token": csrf(client), "period": YEAR, **data}, follow_redirects=False)


def _flash(client: TestClient, response) -> str:
    """Follow a 303 and return the one-time message shown on the page."""
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"]).text
    found = re.search(r'<p class="flash (ok|error)"[^>]*>([^<]*)</p>', page)
    return f"{found.group(1)}: {html.unescape(found.group(2))}" if found else ""


def _gaps_shown(client: TestClient, **params) -> list[tuple[str, str, str]]:
    """(unit, question, status) of every row of the gaps page, over all its pages."""
    rows, page = [], 1
    while True:
        text = client.get("/gaps", params={"period": YEAR, **params, "page": page}).text
        rows += GAP_ROW.findall(text)
        pages = re.search(r"halaman \d+ dari (\d+)", text)
        if not pages or page >= int(pages.group(1)):
            return rows
        page += 1


# -- dashboard -----------------------------------------------------------------------------------------

def test_dashboard_shows_every_question_with_its_status_and_review_state(site):
    member = site.login("member")
    page = member.get(f"/units/{OWN}", params={"period": YEAR})
    assert page.status_code == 200
    cells = {code: (status, review) for code, status, review in CELL.findall(page.text)}
    report = check_completeness(site.rt, OWN, YEAR)
    assert len(cells) == len(report.questions) == 113
    assert cells == {q.code: (q.status, "draf") for q in report.questions}
    assert cells["A.I.1.i.a"][0] == "lengkap" and cells["A.I.2.i.a"][0] == "belum_ada"
    assert f'href="/units/{OWN}/questions/A.I.1.i.a?period={YEAR}"' in page.text
    # per area, Pemenuhan and Reform apart, with the estimate labelled as an estimate
    assert len(re.findall(r'<tr data-area="A\.I\.\d"', page.text)) == 6
    assert len(re.findall(r'<tr data-area="A\.II\.\d"', page.text)) == 6
    assert "bukan nilai evaluasi" in page.text and "Perkiraan cakupan bukti" in page.text
    assert "Unggahan terakhir" in page.text and "Belum ada unggahan" not in page.text
    # a review step and a reviewer's gap show up on the next visit
    assert _post(member, _q(OWN, "A.I.1.i.a") + "/review", action="ajukan").status_code == 303
    reviewer = site.login("reviewer")
    _post(reviewer, _q(OWN, "A.I.1.i.b") + "/tags", label="gap", note="Notulen rapat belum ada")
    page = member.get(f"/units/{OWN}", params={"period": YEAR}).text
    cells = {code: (status, review) for code, status, review in CELL.findall(page)}
    assert cells["A.I.1.i.a"] == ("lengkap", "diajukan")
    assert cells["A.I.1.i.b"][0] == "ditandai_reviewer"
    assert "Celah terbuka dari reviewer (1)" in page and "Notulen rapat belum ada" in page


def test_period_selector_lists_periods_and_shows_the_chosen_one(site):
    page = site.login("admin").get(f"/units/{OWN}", params={"period": 2024}).text
    assert re.search(r'<option value="2025">2025</option>', page)
    assert re.search(r'<option value="2024" selected>2024</option>', page)
    assert {status for _, status, _ in CELL.findall(page)} == {"belum_ada"}  # nothing uploaded for 2024
    assert "Belum ada unggahan pada periode ini" in page


# -- question page and the review workflow ----------------------------------------------------------

def test_question_page_shows_question_expected_evidence_documents_and_missing(site):
    page = site.login("member").get(_q(OWN, "A.I.1.i.a"), params={"period": YEAR}).text
    assert "Unit kerja telah membentuk tim" in page and "Ya, jika Tim telah dibentuk" in page  # text, explanation
    assert "SK Tim Kerja Pembangunan ZI menuju WBK/WBBM" in page  # a catalog evidence item
    assert "bertanggal tahun 2025" in page
    report = {q.code: q for q in check_completeness(site.rt, OWN, YEAR).questions}
    for doc in report["A.I.1.i.a"].documents:
        assert f'href="/documents/{doc.document_id}"' in page
    empty = site.login("member").get(_q(OWN, "A.I.2.i.a"), params={"period": YEAR}).text
    assert report["A.I.2.i.a"].missing and all(m.replace("'", "&#39;") in empty for m in report["A.I.2.i.a"].missing)
    assert "Belum ada dokumen yang dipetakan" in empty
    assert site.login("member").get(_q(OWN, "X.9.9"), params={"period": YEAR}).status_code == 404
    for path in (f"/units/{OWN}", _q(OWN, "A.I.1.i.a"), "/gaps"):
        assert site.login("member").get(path, params={"period": 99999}).status_code == 422


def test_review_workflow_end_to_end(site):
    member, reviewer = site.login("member"), site.login("reviewer")
    url, review = _q(OWN, "A.I.1.i.a"), _q(OWN, "A.I.1.i.a") + "/review"
    # each side sees only its own steps
    assert 'value="ajukan"' in member.get(url, params={"period": YEAR}).text
    assert 'value="ajukan"' not in reviewer.get(url, params={"period": YEAR}).text
    # a reviewer cannot submit; a unit member cannot approve or ask for changes
    assert _post(reviewer, review, action="ajukan").status_code == 403
    assert _flash(member, _post(member, review, action="ajukan", note="Bukti lengkap")).startswith("ok: ")
    assert _post(member, review, action="setujui").status_code == 403
    assert _post(member, review, action="minta_perbaikan", note="x").status_code == 403
    assert 'value="setujui"' in reviewer.get(url, params={"period": YEAR}).text
    assert 'value="setujui"' not in member.get(url, params={"period": YEAR}).text
    # asking for changes needs a note: refused with a message, nothing changes
    refused = _flash(reviewer, _post(reviewer, review, action="minta_perbaikan", note="  "))
    assert refused == "error: Tuliskan apa yang perlu diperbaiki"
    assert review_state(site.rt, OWN, YEAR, "A.I.1.i.a").state == "diajukan"
    note = "SK belum ditandatangani Kepala Dinas"
    assert "Perbaikan diminta" in _flash(reviewer, _post(reviewer, review, action="minta_perbaikan", note=note))
    # the unit member sees what the reviewer asked, prominently, and re-submits
    page = member.get(url, params={"period": YEAR}).text
    callout = re.search(r'<div class="callout revise"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert note in callout and "reviewer@example.go.id" in callout
    assert "Ajukan kembali" in page
    assert "revisi 2" in _flash(member, _post(member, review, action="ajukan"))
    view = review_state(site.rt, OWN, YEAR, "A.I.1.i.a")
    assert (view.state, view.revision) == ("diajukan", 2)
    assert "Pertanyaan disetujui" in _flash(reviewer, _post(reviewer, review, action="setujui"))
    # approving twice is refused with a message
    assert _flash(reviewer, _post(reviewer, review, action="setujui")).startswith("error: Tidak dapat 'setujui'")
    # the history lists every step, who took it and the note
    page = member.get(url, params={"period": YEAR}).text
    history = re.sub(r">\s+<", "><", re.search(r'<table class="history">(.*?)</table>', page, re.S).group(1))
    rows = re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>(\d+)</td><td>([^<]*)</td>",
                      history)
    assert rows == [("member@example.go.id", "Draf", "Diajukan", "1", "Bukti lengkap"),
                    ("reviewer@example.go.id", "Diajukan", "Perlu perbaikan", "1", note),
                    ("member@example.go.id", "Perlu perbaikan", "Diajukan", "2", "-"),
                    ("reviewer@example.go.id", "Diajukan", "Disetujui", "2", "-")]
    assert 'class="callout revise"' not in page
    assert "Disetujui</span> · revisi 2" in page


def test_reviewer_tags_on_the_question_page_reach_completeness(site):
    reviewer, member = site.login("reviewer"), site.login("member")
    tags = _q(OWN, "A.I.2.i.a") + "/tags"
    # a gap needs a note
    assert _flash(reviewer, _post(reviewer, tags, label="gap", note="")).startswith("error: Tuliskan catatan")
    assert "celah" in _flash(reviewer, _post(reviewer, tags, label="gap", note="SOP belum disahkan"))
    q = next(q for q in check_completeness(site.rt, OWN, YEAR).questions if q.code == "A.I.2.i.a")
    assert (q.status, q.automatic_status) == ("ditandai_reviewer", "belum_ada")
    assert any("SOP belum disahkan" in n for n in q.reviewer_notes)
    page = member.get(_q(OWN, "A.I.2.i.a"), params={"period": YEAR}).text
    assert "SOP belum disahkan" in page and "Ditandai reviewer" in page
    assert "Tandai celah" not in page  # unit members get no reviewer forms …
    assert _post(member, tags, label="ok").status_code == 403  # … and cannot post them
    tag_id = int(re.search(r'data-tag="(\d+)"', reviewer.get(_q(OWN, "A.I.2.i.a"), params={"period": YEAR}).text)
                 .group(1))
    assert _post(member, f"{tags}/{tag_id}/resolve").status_code == 403
    # a tag can only be closed from its own question's page
    assert _post(reviewer, _q(OWN, "A.I.2.i.b") + f"/tags/{tag_id}/resolve").status_code == 404
    assert "ditutup" in _flash(reviewer, _post(reviewer, f"{tags}/{tag_id}/resolve"))
    q = next(q for q in check_completeness(site.rt, OWN, YEAR).questions if q.code == "A.I.2.i.a")
    assert q.status == "belum_ada"
    # ok: the reviewer's word makes the question complete
    _post(reviewer, tags, label="ok", note="diperiksa langsung")
    q = next(q for q in check_completeness(site.rt, OWN, YEAR).questions if q.code == "A.I.2.i.a")
    assert (q.status, q.automatic_status) == ("lengkap", "belum_ada")


# -- gaps ------------------------------------------------------------------------------------------------

def _xlsx(client: TestClient, **params):
    r = client.get("/gaps.xlsx", params={"period": YEAR, **params})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    ws = load_workbook(io.BytesIO(r.content)).active
    return ws, [dict(zip([c.value for c in ws[1]], (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def test_gaps_page_filters_and_its_xlsx(site):
    admin = site.login("admin")
    _post(site.login("reviewer"), _q(OWN, "A.I.1.i.a") + "/tags", label="gap", note="SK belum ditandatangani")
    everything = set(_gaps_shown(admin))
    expected = gap_rows(site.rt, GapFilter(year=YEAR))
    assert everything == {(g.unit, g.code, g.status) for g in expected} and {u for u, _, _ in everything} == {OWN, OTHER}
    assert (OWN, "A.I.1.i.a", "ditandai_reviewer") in everything  # automatic lengkap, but flagged
    assert not any(q == "A.I.1.i.a" and u == OWN and s == "lengkap" for u, q, s in everything)
    params = {"unit": OWN, "area": "A.I.2", "status": "belum_ada"}
    shown = _gaps_shown(admin, **params)
    assert shown and all(u == OWN and q.startswith("A.I.2.") and s == "belum_ada" for u, q, s in shown)
    assert len(shown) == len(gap_rows(site.rt, GapFilter(year=YEAR, units=[OWN], area="A.I.2", status="belum_ada")))
    reform = _gaps_shown(admin, unit=OWN, component="Reform")
    assert reform and all(q.startswith("A.II.") for _, q, _ in reform)
    flagged = _gaps_shown(admin, source="reviewer")
    assert flagged == [(OWN, "A.I.1.i.a", "ditandai_reviewer")]
    # the XLSX holds the same filtered rows, with a frozen header and filters
    ws, rows = _xlsx(admin, **params)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert [(r["Unit"], r["Kode"]) for r in rows] == [(u, q) for u, q, _ in shown]
    assert all(r["Status"] == "Belum ada" and r["Yang belum ada"] for r in rows)
    _, rows = _xlsx(admin, source="reviewer")
    assert [(r["Unit"], r["Kode"], r["Sumber"]) for r in rows] == [(OWN, "A.I.1.i.a", "Ditandai reviewer")]
    assert "SK belum ditandatangani" in rows[0]["Catatan reviewer"]
    _, rows = _xlsx(admin)
    assert len(rows) == len(expected)
    r = admin.get("/gaps.xlsx", params={"period": YEAR, "unit": OWN})
    assert r.headers["content-disposition"] == f'attachment; filename="celah-{OWN}-{YEAR}.xlsx"'


# -- audit -------------------------------------------------------------------------------------------------

def test_audit_page_is_for_admins_newest_first_filtered_and_paged(site):
    admin = site.login("admin")
    for name in ("reviewer", "member"):
        assert site.login(name).get("/admin/audit").status_code == 403
    member = site.login("member")
    for code in ("A.I.1.i.a", "A.I.1.i.b", "A.I.2.i.a"):
        _post(member, _q(OWN, code) + "/review", action="ajukan")
    page = admin.get("/admin/audit", params={"action": "review_ajukan"}).text
    ids = re.findall(r'<td>review_ajukan</td>\s*<td>question</td><td>([^<]+)</td>', page)
    assert ids == [f"{OWN}/{YEAR}/A.I.2.i.a", f"{OWN}/{YEAR}/A.I.1.i.b", f"{OWN}/{YEAR}/A.I.1.i.a"]  # newest first
    assert "<strong>3</strong> entri" in page
    by_actor = admin.get("/admin/audit", params={"actor": "MEMBER@"}).text
    assert set(re.findall(r"<td>(member@example\.go\.id|[a-z]+@example\.go\.id)</td>", by_actor)) == {
        "member@example.go.id"}
    assert "login" in admin.get("/admin/audit", params={"entity": "user"}).text
    first = admin.get("/admin/audit", params={"action": "review_ajukan", "per_page": 2}).text
    assert len(re.findall(r"data-audit=", first)) == 2 and 'rel="next"' in first and "halaman 1 dari 2" in first
    second = admin.get("/admin/audit", params={"action": "review_ajukan", "per_page": 2, "page": 2}).text
    assert len(re.findall(r"data-audit=", second)) == 1 and 'rel="prev"' in second
    assert f"{OWN}/{YEAR}/A.I.1.i.a" in second


# -- security --------------------------------------------------------------------------------------------

def test_forms_without_the_csrf_token_are_refused(site):
    reviewer, member = site.login("reviewer"), site.login("member")
    url = _q(OWN, "A.I.1.i.a")
    assert member.post(url + "/review", data={"period": YEAR, "action": "ajukan"}).status_code == 403
    assert member.post(url + "/review", data={"period": YEAR, "action": "ajukan", "csrf_token": "palsu"}
                       ).status_code == 403
    assert reviewer.post(url + "/tags", data={"period": YEAR, "label": "gap", "note": "x"}).status_code == 403
    assert reviewer.post(url + "/tags/1/resolve", data={"period": YEAR}).status_code == 403
    assert review_state(site.rt, OWN, YEAR, "A.I.1.i.a").state == "draf"
    assert all(q.status != "ditandai_reviewer" for q in check_completeness(site.rt, OWN, YEAR).questions)


def test_pages_need_a_sign_in(site):
    for path in (f"/units/{OWN}", _q(OWN, "A.I.1.i.a"), "/gaps", "/gaps.xlsx", "/admin/audit"):
        r = site.anon.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path


def test_unit_isolation_on_every_page(site):
    member = site.login("member")  # DINKES-JBR only
    for path in (f"/units/{OTHER}", _q(OTHER, "A.I.1.i.a")):
        assert member.get(path, params={"period": YEAR}).status_code == 403
    assert _post(member, _q(OTHER, "A.I.1.i.a") + "/review", action="ajukan").status_code == 403
    assert review_state(site.rt, OTHER, YEAR, "A.I.1.i.a").state == "draf"
    # the gaps page and its XLSX hold only the member's own unit, whatever is asked for
    page = member.get("/gaps", params={"period": YEAR}).text
    assert {u for u, _, _ in GAP_ROW.findall(page)} == {OWN} and f'<option value="{OTHER}"' not in page
    assert GAP_ROW.findall(member.get("/gaps", params={"period": YEAR, "unit": OTHER}).text) == []
    assert {r["Unit"] for r in _xlsx(member)[1]} == {OWN}
    assert _xlsx(member, unit=OTHER)[1] == []
    # a reviewer assigned to PKM-SUMBERSARI sees that unit only, and may review it
    reviewer = site.login("reviewer_other")
    assert reviewer.get(f"/units/{OWN}", params={"period": YEAR}).status_code == 403
    assert _post(reviewer, _q(OWN, "A.I.1.i.a") + "/tags", label="gap", note="x").status_code == 403
    assert reviewer.get(f"/units/{OTHER}", params={"period": YEAR}).status_code == 200
    assert {u for u, _, _ in GAP_ROW.findall(reviewer.get("/gaps", params={"period": YEAR}).text)} == {OTHER}
    assert "celah" in _flash(reviewer, _post(reviewer, _q(OTHER, "A.I.1.i.a") + "/tags", label="gap", note="x"))
    # the other unit's member sees that tag, DINKES-JBR's member does not
    assert "Celah terbuka dari reviewer (1)" in site.login("member_other").get(f"/units/{OTHER}").text
    assert "Celah terbuka dari reviewer" not in member.get(f"/units/{OWN}").text
    # a reviewer of all units sees both
    everyone = site.login("reviewer")
    assert {u for u, _, _ in _gaps_shown(everyone)} == {OWN, OTHER}


def test_approval_over_an_open_gap_is_refused_with_the_way_to_close_it(site):
    member, reviewer = site.login("member"), site.login("reviewer")
    url, review = _q(OWN, "A.I.1.ii.a"), _q(OWN, "A.I.1.ii.a") + "/review"
    _post(member, review, action="ajukan")
    _post(reviewer, _q(OWN, "A.I.1.ii.a") + "/tags", label="gap", note="Rencana kerja belum ditandatangani")
    refused = _flash(reviewer, _post(reviewer, review, action="setujui"))
    assert refused.startswith("error: Pertanyaan A.I.1.ii.a belum dapat disetujui") and "Tutup" in refused
    page = reviewer.get(url, params={"period": YEAR}).text
    assert 'id="open-gaps-warning"' in page and 'name="close_gaps"' in page
    api = reviewer.post(f"/api/units/{OWN}/periods/{YEAR}/questions/A.I.1.ii.a/review", json={"action": "setujui"},
                        headers={"X-CSRF-Token": csrf(reviewer)})
    assert api.status_code == 409 and "celah terbuka" in api.text
    assert review_state(site.rt, OWN, YEAR, "A.I.1.ii.a").state == "diajukan"
    assert "Pertanyaan disetujui" in _flash(reviewer, _post(reviewer, review, action="setujui", close_gaps="true"))
    page = reviewer.get(url, params={"period": YEAR}).text
    assert 'id="open-gaps-warning"' not in page and "celah ditutup saat disetujui" in page


def test_the_lke_matrix_says_each_status_in_words_and_signs_not_colour_alone(site):
    from web.templating import STATUS_ICON

    page = site.login("member").get(f"/units/{OWN}", params={"period": YEAR}).text
    cells = re.findall(r'<a class="qcell st-(\w+)"(.*?)</a>', page, re.S)
    assert len(cells) > 50
    labels = {"lengkap": "Lengkap", "sebagian": "Sebagian", "belum_ada": "Belum ada",
              "ditandai_reviewer": "Ditandai reviewer"}
    for status, body in cells:
        assert f'<span class="visually-hidden">{labels[status]}</span>' in body  # read out by a screen reader
        assert f'<span class="si" aria-hidden="true">{STATUS_ICON[status]}</span>' in body  # seen without colour
    legend = re.search(r'<p class="legend muted">(.*?)</p>', page, re.S).group(1)
    assert all(STATUS_ICON[k] in legend and label in legend for k, label in labels.items())
