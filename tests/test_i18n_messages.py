"""Messages the Python code says (flash messages, errors, CLI tables and summary lines) speak the reader's
language like the pages do: Indonesian by default, English for a request that asks for it (the footer's
choice or the browser's language) and for a command whose locale setting is ``en`` (issue 16)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.i18n import _, use_locale

ROOT = Path(__file__).resolve().parents[1]
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _flash(page: str) -> str:
    found = re.search(r'<p class="flash (ok|error)"[^>]*>([^<]*)</p>', page)
    return f"{found.group(1)}: {html.unescape(found.group(2))}" if found else ""


def test_the_code_speaks_indonesian_by_default_and_english_in_an_english_context():
    assert _("Unit %(code)s dibuat.", code="BPKAD") == "Unit BPKAD dibuat."
    with use_locale("en"):
        assert _("Unit %(code)s dibuat.", code="BPKAD") == "Unit BPKAD created."
        assert _("Kode") == "Code"
    assert _("Kode") == "Kode"  # the block's locale ends with it


def test_flash_messages_and_form_errors_follow_the_readers_language(runtime, monkeypatch):
    from tests.web_helpers import csrf, fast_passwords, signed_in_site

    fast_passwords(monkeypatch)
    with signed_in_site(runtime, {"admin": {"role": "admin"}}) as site:
        admin = site.login("admin")

        def post(path: str, headers=None, **data):
            return admin.post(path, data={"csrf_token": csrf(admin), **data}, headers=headers,
                              follow_redirects=False)

        made = post("/admin/units", headers=EN, code="bpkad-jbr", name="Badan Pengelola Keuangan")
        assert made.status_code == 303
        assert _flash(admin.get(made.headers["location"], headers=EN).text) == "ok: Unit BPKAD-JBR created."
        again = post("/admin/units", headers=EN, code="BPKAD-jbr", name="Lagi")
        assert again.status_code == 422
        assert "The unit code BPKAD-JBR is already in use" in html.unescape(again.text)
        assert "sudah dipakai" not in html.unescape(again.text)

        indonesian = post("/admin/units", code="bappeda", name="Bappeda")  # no language asked: Indonesian
        assert _flash(admin.get(indonesian.headers["location"]).text) == "ok: Unit BAPPEDA dibuat."

        admin.get("/language/en?next=/")  # the footer's choice wins over the browser's language
        removed = post("/admin/units/BAPPEDA/remove", headers={"Accept-Language": "id"})
        assert removed.status_code == 303
        page = admin.get(removed.headers["location"], headers={"Accept-Language": "id"}).text
        assert _flash(page) == "error: Tick the confirmation to remove the unit."


def test_error_pages_and_api_errors_follow_the_readers_language(runtime, monkeypatch):
    from tests.web_helpers import fast_passwords, signed_in_site

    fast_passwords(monkeypatch)
    with signed_in_site(runtime, {"admin": {"role": "admin"}}) as site:
        admin = site.login("admin")
        english = admin.get("/documents/99999", headers={**EN, "Accept": "text/html"})
        assert english.status_code == 404 and "Document #99999 not found" in english.text
        indonesian = admin.get("/documents/99999", headers={"Accept": "text/html"})
        assert indonesian.status_code == 404 and "Dokumen #99999 tidak ditemukan" in indonesian.text
        anonymous = site.anon.get("/api/documents", headers=EN)
        assert anonymous.status_code == 401
        assert anonymous.json()["detail"].startswith("Sign in (session) or use an API token")


@pytest.fixture
def cli_env(dukung_env):
    """The environment of a child `dukung` process over the test's data folder, with one unit."""
    from flows.runtime import open_runtime
    from storage.records import repository as repo

    rt = open_runtime()
    with rt.records.session() as session:
        repo.add_unit(session, "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember", [])
    rt.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUKUNG_DEBUG", "DUKUNG_LOCALE"))}
    env.update({"COLUMNS": "200", "PYTHONPATH": str(ROOT)})
    return env


def _dukung(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_cli_tables_and_lines_follow_the_locale_setting(cli_env):
    indonesian = _dukung(["unit", "list"], cli_env)
    assert indonesian.returncode == 0, indonesian.stderr
    assert "Unit kerja" in indonesian.stdout and "Kode" in indonesian.stdout and "Kontak" in indonesian.stdout
    english = _dukung(["unit", "list"], {**cli_env, "DUKUNG_LOCALE": "en"})
    assert english.returncode == 0, english.stderr
    assert "Work units" in english.stdout and "Code" in english.stdout and "Kode" not in english.stdout
    assert "DINKES-JBR" in english.stdout

    made = _dukung(["period", "create", "2027", "--activate"], {**cli_env, "DUKUNG_LOCALE": "en"})
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Period created:" in made.stdout and "(active)" in made.stdout
    assert "Deadline for the proposal to the TPN" in made.stdout
    listed = _dukung(["period", "list"], {**cli_env, "DUKUNG_LOCALE": "en"}).stdout
    assert "Evaluation periods" in listed and "Year" in listed and "Tahun" not in listed

    refused = _dukung(["period", "create", "2027"], {**cli_env, "DUKUNG_LOCALE": "en"})
    assert refused.returncode == 1
    assert "Error: Period 2027 already exists" in refused.stdout + refused.stderr
    refused_id = _dukung(["period", "create", "2027"], cli_env)
    assert "Galat: Periode 2027 sudah ada" in refused_id.stdout + refused_id.stderr


def test_completeness_reasons_and_certainty_follow_the_readers_language():
    from types import SimpleNamespace

    from flows.completeness.evidence_rules import describe_recency, judge_date
    from flows.completeness.issuer import issuer_note

    rec = SimpleNamespace(within="months", months=12, grace_months=0)
    ctx = SimpleNamespace(year=2025, today=None, undated="reject", start=lambda _rec: None)
    assert describe_recency(rec, 2025) == "bertanggal dalam 12 bulan terakhir sampai akhir 2025"
    assert judge_date(None, rec, ctx).detail == "tanggal dokumen tidak terbaca"
    with use_locale("en"):
        assert describe_recency(rec, 2025) == "dated within the last 12 months up to the end of 2025"
        assert judge_date(None, rec, ctx).detail == "the document's date cannot be read"
        assert issuer_note("Dinas Sosial").startswith("issued by another unit: Dinas Sosial")
        assert _("yakin") == "sure" and _("perlu konfirmasi") != "perlu konfirmasi"


def test_the_upload_summary_table_and_problem_lines_follow_the_locale():
    from flows.cli.render import console, render_ingest
    from flows.cli.upload_summary import upload_problems

    result = {"unit": "DINKES-JBR", "year": 2025, "new": 2, "new_versions": 0, "unchanged": 1, "processed": 2,
              "pages": 5, "classified": 2, "statuses": {"ok": 2}, "failures": [], "skipped": [],
              "errors": [{"path": "a.pdf", "reason": "x"}], "ocr": {"documents": 1, "pages": 3, "seconds": 1.5}}
    for locale, words in (("id", ["Hasil unggah — unit DINKES-JBR, periode 2025", "Berkas baru",
                                  "1 dokumen, 3 halaman dalam 1,5 detik", "1 dari 4 berkas gagal disimpan"]),
                          ("en", ["Upload result — unit DINKES-JBR, period 2025", "New files",
                                  "1 documents, 3 pages in 1.5 seconds", "1 of 4 files could not be stored"])):
        with use_locale(locale), console.capture() as out:
            render_ingest(result)
            for line in upload_problems(result):
                console.print(line)
        text = " ".join(out.get().split())
        for expected in words:
            assert expected in text, (locale, expected, text)
