"""Upload, search and document pages: a folder uploaded file by file through the JSON endpoints (session +
CSRF) and processed in the background, search with facets and highlights restricted to visible units,
the document page with its date edit, signed links and reviewer forms."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from flows.people.accounts import add_user
from flows.ingest.pipeline import ingest, reprocess
from flows.ingest.staging import iter_folder
from storage.records import repository as repo
from storage.records.models import AuditEntry, Document
from tests.builders import make_pdf
from tests.conftest import LAPORAN_PENGADUAN

OWN, OTHER = "DINKES-JBR", "PKM-SUMBERSARI"
PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def app(runtime):
    from config.settings import load_settings
    from web.app import create_app

    add_user(runtime, "anggota@dinkes.go.id", role="unit", password=PASSWORD, units=[OWN])
    add_user(runtime, "anggota@pkm.go.id", role="unit", password=PASSWORD, units=[OTHER])
    add_user(runtime, "reviewer@inspektorat.go.id", role="reviewer", password=PASSWORD, all_units=True)
    return create_app(load_settings())


def sign_in(app, email: str) -> TestClient:
    """A client signed in through the login form, sending the page's CSRF token on every request."""
    c = TestClient(app, base_url="https://testserver")
    c.__enter__()
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token, "next": "/"},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    c.headers["X-CSRF-Token"] = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/search").text).group(1)
    return c


@pytest.fixture
def member(app):
    c = sign_in(app, "anggota@dinkes.go.id")
    yield c
    c.__exit__(None, None, None)


@pytest.fixture
def other_member(app):
    c = sign_in(app, "anggota@pkm.go.id")
    yield c
    c.__exit__(None, None, None)


@pytest.fixture
def reviewer(app):
    c = sign_in(app, "reviewer@inspektorat.go.id")
    yield c
    c.__exit__(None, None, None)


def upload(client, files: list[tuple[Path, str]], unit: str = OWN, period: int = 2025, question=None) -> dict:
    """What upload.js does: open a batch, send each file, finish, poll until processed."""
    r = client.post("/api/uploads", json={"unit": unit, "period": period, "question": question})
    assert r.status_code == 200, r.text
    batch = r.json()["id"]
    staged = {}
    for path, rel in files:
        with open(path, "rb") as fh:
            r = client.post(f"/api/uploads/{batch}/files", data={"path": rel}, files={"file": (path.name, fh)})
        assert r.status_code == 200, r.text
        staged[rel] = r.json()
    assert client.post(f"/api/uploads/{batch}/finish").status_code == 200
    deadline = time.monotonic() + 60
    while True:
        status = client.get(f"/api/uploads/{batch}").json()
        if status["status"] in ("done", "error") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return {"id": batch, "staged": staged, "status": status, "files": {f["path"]: f for f in status["files"]}}


def audit_actions(runtime, action: str) -> list[AuditEntry]:
    with runtime.records.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def doc_id(runtime, unit: str, suffix: str) -> int:
    with runtime.records.session() as s:
        return next(d.id for d in repo.list_documents(s, unit_codes=[unit]) if d.relative_path.endswith(suffix))


# Upload ---------------------------------------------------------------------------------------

def test_folder_upload_is_stored_processed_and_searchable(runtime, member, evidence_folder):
    files = list(iter_folder(evidence_folder)) + [(evidence_folder / "Thumbs.db", "Thumbs.db")]
    result = upload(member, files)
    assert result["status"]["status"] == "done", result["status"]
    staged = result["staged"]
    assert {f["outcome"] for rel, f in staged.items() if rel != "Thumbs.db"} == {"baru"}
    assert staged["Thumbs.db"]["outcome"] == "ditolak" and "dilewati" in staged["Thumbs.db"]["result"]
    done = result["files"]
    sk = done["AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf"]
    assert sk["state"] == "ok" and sk["doc_type"] == "sk_tim_kerja" and "A.I.1.i.a" in sk["questions"]
    assert "diklasifikasikan sebagai" in sk["result"] and "A.I.1.i.a" in sk["result"]
    broken = done["AREA V/iii. Pengaduan Masyarakat/5.iii.c LAPORAN MONEV RUSAK.pdf"]
    # the cause in words and what to do; the parser's own error is only the detail (issue 16)
    assert broken["state"] == "failed" and "tidak dapat dibaca — Berkas rusak" in broken["result"]
    assert "PDFium" not in broken["result"] and "pypdf" not in broken["result"] and broken["detail"]
    assert result["status"]["counts"] == {"ok": 4, "failed": 1, "rejected": 1}
    # recorded as the CLI records them: uploader, unit, period; searchable
    with runtime.records.session() as s:
        docs = repo.list_documents(s, unit_codes=[OWN], year=2025)
        assert len(docs) == 5 and {d.uploaded_by for d in docs} == {"anggota@dinkes.go.id"}
    found = member.get("/api/search", params={"q": "mengadukan"}).json()
    assert found["total"] >= 2 and all(h["unit"] == OWN for h in found["hits"])
    # every file is in the audit log, the batch too
    assert len(audit_actions(runtime, "upload_file")) == 6
    assert len(audit_actions(runtime, "upload_batch")) == 1
    assert {e.actor for e in audit_actions(runtime, "upload")} == {"anggota@dinkes.go.id"}
    # the upload page lists the batch
    page = member.get("/upload").text
    assert "webkitdirectory" in page and "/static/upload.js" in page and "selesai" in page


def test_reupload_reports_unchanged_and_new_versions(runtime, member, tmp_path):
    make_pdf(tmp_path / "laporan.pdf", [LAPORAN_PENGADUAN])
    first = upload(member, [(tmp_path / "laporan.pdf", "AREA V/laporan.pdf")])
    assert first["staged"]["AREA V/laporan.pdf"]["outcome"] == "baru"
    again = upload(member, [(tmp_path / "laporan.pdf", "AREA V/laporan.pdf")])
    assert again["staged"]["AREA V/laporan.pdf"]["outcome"] == "tidak_berubah"
    assert again["status"]["status"] == "done" and again["files"]["AREA V/laporan.pdf"]["state"] == "ok"
    make_pdf(tmp_path / "laporan.pdf", [LAPORAN_PENGADUAN + "\nRevisi kedua."])
    changed = upload(member, [(tmp_path / "laporan.pdf", "AREA V/laporan.pdf")])
    row = changed["files"]["AREA V/laporan.pdf"]
    assert row["outcome"] == "versi_baru" and row["version"] == 2 and row["state"] == "ok"


def test_upload_paths_are_sanitised(runtime, member, tmp_path):
    make_pdf(tmp_path / "a.pdf", ["isi"])
    result = upload(member, [(tmp_path / "a.pdf", "../../etc/passwd"), (tmp_path / "a.pdf", "A\\B/./c.pdf")])
    assert result["staged"]["../../etc/passwd"]["outcome"] == "ditolak"
    with runtime.records.session() as s:
        assert [d.relative_path for d in repo.list_documents(s, unit_codes=[OWN])] == ["A/B/c.pdf"]


def test_names_that_clean_alike_stay_distinct_files_in_one_web_upload(runtime, member, tmp_path):
    import unicodedata

    first = make_pdf(tmp_path / "a.pdf", [LAPORAN_PENGADUAN])
    second = make_pdf(tmp_path / "b.pdf", [LAPORAN_PENGADUAN + "\nLampiran foto kegiatan."])
    nfc, nfd = (unicodedata.normalize(form, "AREA V/Rekap pengaduan Kafé.pdf") for form in ("NFC", "NFD"))
    result = upload(member, [(first, nfc), (second, nfd)])
    assert {f["outcome"] for f in result["staged"].values()} == {"baru"}
    with runtime.records.session() as s:
        docs = repo.list_documents(s, unit_codes=[OWN])
    assert len(docs) == 2 and {d.version for d in docs} == {1} and len({d.relative_path for d in docs}) == 2


def test_a_member_cannot_upload_to_another_unit(runtime, member, other_member, tmp_path):
    make_pdf(tmp_path / "a.pdf", ["isi"])
    assert member.post("/api/uploads", json={"unit": OTHER, "period": 2025}).status_code == 403
    batch = member.post("/api/uploads", json={"unit": OWN, "period": 2025}).json()["id"]
    with open(tmp_path / "a.pdf", "rb") as fh:
        r = other_member.post(f"/api/uploads/{batch}/files", data={"path": "a.pdf"}, files={"file": ("a.pdf", fh)})
    assert r.status_code == 403
    assert other_member.post(f"/api/uploads/{batch}/finish").status_code == 403
    assert other_member.get(f"/api/uploads/{batch}").status_code == 403
    with runtime.records.session() as s:
        assert repo.count_documents(s) == 0
    # the page offers only the member's own units
    page = member.get("/upload").text
    assert f'value="{OWN}"' in page and f'value="{OTHER}"' not in page


def test_uploads_need_the_csrf_token(runtime, member, tmp_path):
    make_pdf(tmp_path / "a.pdf", ["isi"])
    token = member.headers.pop("X-CSRF-Token")
    assert member.post("/api/uploads", json={"unit": OWN, "period": 2025}).status_code == 403
    member.headers["X-CSRF-Token"] = token
    batch = member.post("/api/uploads", json={"unit": OWN, "period": 2025}).json()["id"]
    with open(tmp_path / "a.pdf", "rb") as fh:
        r = member.post(f"/api/uploads/{batch}/files", data={"path": "a.pdf"}, files={"file": ("a.pdf", fh)},
                        headers={"X-CSRF-Token": "salah"})
    assert r.status_code == 403
    with runtime.records.session() as s:
        assert repo.count_documents(s) == 0


def test_an_interrupted_batch_is_finished_again(runtime, member, tmp_path):
    """A web restart while processing: finish again processes what has no result yet."""
    from flows.ingest.uploads import finish_batch

    make_pdf(tmp_path / "sk.pdf", [LAPORAN_PENGADUAN])
    batch = member.post("/api/uploads", json={"unit": OWN, "period": 2025}).json()["id"]
    with open(tmp_path / "sk.pdf", "rb") as fh:
        member.post(f"/api/uploads/{batch}/files", data={"path": "sk.pdf"}, files={"file": ("sk.pdf", fh)})
    assert finish_batch(runtime, batch, actor="uji")  # closed, but nothing ran (the process died)
    assert member.get(f"/api/uploads/{batch}").json()["files"][0]["state"] == "pending"
    assert member.post(f"/api/uploads/{batch}/files", data={"path": "x.pdf"},
                       files={"file": ("x.pdf", b"%PDF")}).status_code == 422  # closed for new files
    member.post(f"/api/uploads/{batch}/finish")
    for _ in range(600):
        status = member.get(f"/api/uploads/{batch}").json()
        if status["status"] == "done":
            break
        time.sleep(0.05)
    assert status["status"] == "done" and status["files"][0]["state"] == "ok"


# Search ---------------------------------------------------------------------------------------

@pytest.fixture
def two_units(runtime, evidence_folder, tmp_path):
    ingest(runtime, evidence_folder, unit_code=OWN, year=2025)
    other = tmp_path / "pkm" / "AREA V"
    other.mkdir(parents=True)
    make_pdf(other / "5.iii.b LAPORAN PENGADUAN PUSKESMAS RAHASIA.pdf",
             [LAPORAN_PENGADUAN.replace("SEMESTER I", "PUSKESMAS RAHASIA SEMESTER I")
              + "\n<script>alert(1)</script> pengaduan"])
    ingest(runtime, tmp_path / "pkm", unit_code=OTHER, year=2025)
    return runtime


def facet_values(page: str, facet: str) -> dict[str, int]:
    section = re.search(rf'data-facet="{facet}">(.*?)</section>', page, re.S)
    if not section:
        return {}
    return {v: int(n) for v, n in re.findall(r'data-value="([^"]+)">.*?<span class="count">(\d+)</span>',
                                             section.group(1), re.S)}


def test_search_page_facets_highlights_and_unit_isolation(two_units, member, reviewer, other_member):
    page = member.get("/search", params={"q": "pengaduan"}).text
    assert "<mark>" in page and "5.iii.b LAPORAN <mark>PENGADUAN</mark> 2025.pdf" in page  # the path, marked
    assert "RAHASIA" not in page and OTHER not in page  # neither hits nor facet values of the other unit
    assert facet_values(page, "unit") == {OWN: facet_values(page, "unit")[OWN]}
    assert facet_values(page, "doc_type") and facet_values(page, "question")
    # asking for the other unit explicitly gives nothing
    assert "RAHASIA" not in member.get("/search", params={"q": "pengaduan", "unit": OTHER}).text
    # a reviewer of all units sees both, with counts per unit
    page = reviewer.get("/search", params={"q": "pengaduan"}).text
    units = facet_values(page, "unit")
    assert set(units) == {OWN, OTHER} and units[OTHER] == 1
    # the other unit's text is escaped: only <mark> survives
    page = other_member.get("/search", params={"q": "alert"}).text
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_search_filters_stay_in_the_url_and_sort(two_units, member):
    page = member.get("/search", params={"q": "tim kerja"}).text
    link = re.search(r'href="(/search\?[^"]*doc_type=sk_tim_kerja[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "q=tim+kerja" in link
    filtered = member.get(link).text
    assert "SK <mark>TIM</mark> ZONA INTEGRITAS" in filtered and "NOTULEN" not in filtered
    assert 'name="doc_type" value="sk_tim_kerja"' in filtered  # the query box keeps the filter
    by_date = member.get("/search", params={"q": "", "sort": "date"})
    assert by_date.status_code == 200 and "<strong>Tanggal dokumen</strong>" in by_date.text
    bad = member.get("/search", params={"q": "-saja"})
    assert bad.status_code == 200 and 'class="flash error"' in bad.text


#: Five SK Tim files as units name them (four folder styles), none of whose text says "SK" — and one that is not.
SK_TIM_FILES = [
    "AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf",
    "1. Manajemen Perubahan/I. Pemenuhan/i. Penyusunan Tim Kerja/a. Tim Kerja/SK Tim ZI.pdf",
    "Manajemen Perubahan/Tim Kerja/SK Tim Pembangunan ZI.pdf",
    "Manajemen Perubahan/SKTimKerja_Revisi.pdf",
    "AREA I/sk-tim-zi-2025.pdf",
]
NOT_SK_TIM = "AREA I/i. Penyusunan Tim Kerja/1.i.a NOTULEN RAPAT PEMBENTUKAN.pdf"
KEPUTUSAN = ("KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN JEMBER\nNOMOR: 440/{n}/35.09.325/2025\n"
             "TENTANG PEMBENTUKAN KELOMPOK KERJA PEMBANGUNAN ZONA INTEGRITAS\nMenetapkan susunan keanggotaan.")


def test_search_finds_files_by_their_names_and_folders(runtime, member, tmp_path):
    """`sk tim` finds the SK Tim files by their names although their text never says it; `1.i.a` by the code."""
    files = []
    for n, rel in enumerate(SK_TIM_FILES + [NOT_SK_TIM], start=1):
        text = KEPUTUSAN.format(n=n) if rel != NOT_SK_TIM else "NOTULEN RAPAT\nPeserta rapat hadir lengkap."
        files.append((make_pdf(tmp_path / f"{n}.pdf", [text]), rel))
    result = upload(member, files)
    assert result["status"]["status"] == "done", result["status"]

    found = member.get("/api/search", params={"q": "sk tim", "per_page": 50}).json()
    assert sorted(h["path"] for h in found["hits"]) == sorted(SK_TIM_FILES)
    assert all("<mark>" in h["path_highlighted"] and "<mark>" not in h["title_highlighted"] for h in found["hits"])
    page = member.get("/search", params={"q": "sk tim"}).text
    assert page.count('<article class="hit"') == 5 and "NOTULEN" not in page
    assert "Manajemen Perubahan/<mark>Tim</mark> Kerja/<mark>SK</mark> <mark>Tim</mark> Pembangunan ZI.pdf" in page
    assert "Manajemen Perubahan/<mark>SK</mark><mark>Tim</mark>Kerja_Revisi.pdf" in page
    coded = member.get("/api/search", params={"q": "1.i.a"}).json()
    assert {h["path"] for h in coded["hits"]} == {SK_TIM_FILES[0], NOT_SK_TIM}


# Document page --------------------------------------------------------------------------------

def test_document_page_metadata_text_classification_and_links(two_units, member, monkeypatch):
    sk = doc_id(two_units, OWN, "SK TIM ZONA INTEGRITAS 2025.pdf")
    page = member.get(f"/documents/{sk}").text
    for expected in ("1.i.a SK TIM ZONA INTEGRITAS 2025.pdf", "application/pdf", "440/123/35.09.325/2025",
                     "PEMBENTUKAN TIM KERJA", "A.I.1.i.a", "berhasil", "6 Januari 2025", "otomatis",
                     f"/documents/{sk}/preview", f"/documents/{sk}/download"):
        assert expected in page, expected
    with two_units.records.session() as s:
        assert repo.get_document(s, sk).sha256 in page
    # the download link is signed, short-lived and audited
    r = member.get(f"/documents/{sk}/download", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"].startswith("/files/")
    link = r.headers["location"]
    body = member.get(link)
    assert body.status_code == 200 and body.content.startswith(b"%PDF")
    assert "attachment" in body.headers["content-disposition"]
    assert member.get(link[:-4] + "abcd").status_code == 404
    import itsdangerous.timed

    later = int(time.time()) + 3600
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: later)
    assert member.get(link).status_code == 404  # expired
    monkeypatch.undo()
    preview = member.get(f"/documents/{sk}/preview", follow_redirects=False)
    assert member.get(preview.headers["location"]).headers["content-disposition"].startswith("inline")
    assert len([e for e in audit_actions(two_units, "download") if e.entity_id == str(sk)]) == 2


def test_another_units_document_is_answered_as_if_it_did_not_exist(two_units, member):
    """Issue 15: 403 for another unit's document and 404 for a missing one told members which ids exist."""
    theirs = doc_id(two_units, OTHER, "RAHASIA.pdf")
    missing = theirs + 1000
    for path in ("/documents/{}", "/documents/{}/download", "/documents/{}/preview", "/api/documents/{}",
                 "/api/documents/{}/download"):
        other, absent = (member.get(path.format(i), follow_redirects=False) for i in (theirs, missing))
        assert other.status_code == absent.status_code == 404, path
        assert other.text.replace(str(theirs), "#") == absent.text.replace(str(missing), "#"), path
    assert member.post(f"/documents/{theirs}/date", data={"doc_date": "2025-01-01"},
                       follow_redirects=False).status_code == 404
    assert member.post(f"/api/documents/{theirs}/date", json={"date": "2025-01-01"}).status_code == 404
    assert not [e for e in audit_actions(two_units, "download") if e.entity_id == str(theirs)]


def test_evidence_date_edit_sets_manual_and_survives_reprocessing(two_units, member):
    sk = doc_id(two_units, OWN, "SK TIM ZONA INTEGRITAS 2025.pdf")
    r = member.post(f"/documents/{sk}/date", data={"doc_date": "2025-02-17"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/documents/{sk}"
    page = member.get(f"/documents/{sk}").text
    assert "Tanggal bukti disetel ke 17 Februari 2025" in page and "disetel manual" in page
    reprocess(two_units, everything=True)
    with two_units.records.session() as s:
        doc = repo.get_document(s, sk)
        assert str(doc.doc_date) == "2025-02-17" and doc.doc_date_manual
    assert any(e.detail["to"] == "2025-02-17" for e in audit_actions(two_units, "doc_date"))
    # the search index follows the evidence date
    hit = member.get("/api/search", params={"q": "tim kerja", "doc_type": "sk_tim_kerja"}).json()["hits"][0]
    assert hit["doc_date"] == "2025-02-17"
    # back to the automatic date (JSON API), and a bad date is refused with a message
    r = member.post(f"/api/documents/{sk}/date", json={"date": None})
    assert r.json() == {"id": sk, "doc_date": "2025-01-06", "doc_date_manual": False}
    r = member.post(f"/documents/{sk}/date", data={"doc_date": "17/02/2025"})
    assert "Tanggal tidak valid" in r.text
    # without the CSRF token nothing changes
    r = member.post(f"/documents/{sk}/date", data={"doc_date": "2020-01-01"}, headers={"X-CSRF-Token": ""})
    assert r.status_code == 403


def test_reviewer_tags_closes_and_reassigns_from_the_document_page(two_units, reviewer, member):
    sk = doc_id(two_units, OWN, "SK TIM ZONA INTEGRITAS 2025.pdf")
    assert 'action="/documents/%d/assign"' % sk not in member.get(f"/documents/{sk}").text
    assert member.post(f"/documents/{sk}/tags", data={"label": "gap", "question": "A.I.1.i.a"}).status_code == 403
    r = reviewer.post(f"/documents/{sk}/tags", data={"label": "gap", "question": "A.I.1.i.a",
                                                     "note": "belum ditandatangani"}, follow_redirects=False)
    assert r.status_code == 303
    page = reviewer.get(f"/documents/{sk}").text
    assert "belum ditandatangani" in page and "ditambahkan" in page
    tag = int(re.search(r'data-tag="(\d+)"', page).group(1))
    assert member.post(f"/documents/{sk}/tags/{tag}/close").status_code == 403
    reviewer.post(f"/documents/{sk}/tags/{tag}/close")
    assert "belum ditandatangani" not in reviewer.get(f"/documents/{sk}").text
    r = reviewer.post(f"/documents/{sk}/assign", data={"from_question": "A.I.1.i.a", "to_question": "A.I.2.i.a",
                                                       "note": "SOP, bukan SK"}, follow_redirects=False)
    assert r.status_code == 303
    page = reviewer.get(f"/documents/{sk}").text
    assert "dipindahkan dari A.I.1.i.a ke A.I.2.i.a" in page and "ditetapkan manual" in page
    hit = reviewer.get("/api/search", params={"q": "tim kerja", "question": "A.I.2.i.a"}).json()
    assert [h["doc_id"] for h in hit["hits"]] == [sk]
    # an unknown question is a message, not a crash
    r = reviewer.post(f"/documents/{sk}/assign", data={"to_question": "Z.9"})
    assert r.status_code == 200 and "tidak ditemukan" in r.text
    actions = {e.action for e in reviewer_audit(two_units)}
    assert {"tag", "resolve_tag", "assign", "reassign"} <= actions


def test_resolve_tag_api(two_units, reviewer, other_member):
    sk = doc_id(two_units, OWN, "SK TIM ZONA INTEGRITAS 2025.pdf")
    tag = reviewer.post("/api/tags", json={"label": "ok", "document_id": sk, "question": "A.I.1.i.a"}).json()["id"]
    assert other_member.post(f"/api/tags/{tag}/resolve").status_code == 403
    assert reviewer.post(f"/api/tags/{tag}/resolve").json() == {"id": tag, "resolved": True, "document_id": sk}
    assert reviewer.get(f"/api/documents/{sk}").json()["tags"] == []


def reviewer_audit(runtime) -> list[AuditEntry]:
    with runtime.records.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.actor == "reviewer@inspektorat.go.id")))


def test_old_versions_link_to_each_other(runtime, member, tmp_path):
    make_pdf(tmp_path / "sk.pdf", [LAPORAN_PENGADUAN])
    upload(member, [(tmp_path / "sk.pdf", "sk.pdf")])
    make_pdf(tmp_path / "sk.pdf", [LAPORAN_PENGADUAN + "\nperubahan"])
    upload(member, [(tmp_path / "sk.pdf", "sk.pdf")])
    with runtime.records.session() as s:
        v1, v2 = s.scalars(select(Document.id).order_by(Document.version)).all()
    page = member.get(f"/documents/{v1}").text
    assert "Ini versi lama" in page and f'href="/documents/{v2}"' in page
