"""The web app in a real browser: Debian's Chromium driven by Playwright, against `dukung web` on loopback.

A unit member signs in, uploads a folder (the browser's directory upload), sees each file's result,
searches with a facet and opens a document; a reviewer signs in, tags a gap on a question and finds
it on the gaps page and in the unit's completeness. Every page is saved as a screenshot under
``.test-artifacts/screenshots/`` (kept by CI as the run's artefacts).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.builders import make_docx, make_pdf, make_xlsx
from tests.conftest import LAPORAN_PENGADUAN, NOTULEN, SK_TIM
from tests.services.base import ROOT, free_port, log_file

pytestmark = pytest.mark.slow
SHOTS = ROOT / ".test-artifacts" / "screenshots"
PASSWORD = "kata-sandi-uji-123"
MEMBER, REVIEWER = "zi@dinkes.example.go.id", "tpi@inspektorat.example.go.id"


@pytest.fixture(scope="module")
def chromium_path():
    from tests.services.require import service_env

    return service_env("DUKUNG_TEST_CHROMIUM")["DUKUNG_TEST_CHROMIUM"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`dukung web` on a free loopback port over a seeded installation (two units, two users)."""
    home = tmp_path_factory.mktemp("browser") / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUKUNG_", "PREFECT_")) or k.startswith("DUKUNG_TEST_")}
    env.update(DUKUNG_HOME=str(home), DUKUNG_INGEST__ORCHESTRATOR="direct", DUKUNG_INGEST__WORKERS="1",
               DUKUNG_ENV_FILE="")
    dukung = str(Path(sys.executable).parent / "dukung")

    def cli(*args):
        subprocess.run([dukung, *args], env=env, check=True, capture_output=True, text=True, timeout=300)

    cli("init")
    cli("unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan Kabupaten Jember", "--contact", MEMBER)
    cli("unit", "add", "PKM-SUMBERSARI", "--name", "Puskesmas Sumbersari")
    cli("user", "add", MEMBER, "--role", "unit", "--unit", "DINKES-JBR", "--name", "Tim ZI Dinkes", "--password", PASSWORD)
    cli("user", "add", REVIEWER, "--role", "reviewer", "--all-units", "--name", "TPI Inspektorat", "--password", PASSWORD)
    other = home.parent / "bukti-pkm" / "5. Penguatan Pengawasan" / "iii. Pengaduan Masyarakat"
    other.mkdir(parents=True)
    make_pdf(other / "5.iii.b LAPORAN PENGADUAN PKM 2025.pdf", [LAPORAN_PENGADUAN.replace("Jember", "Sumbersari")])
    cli("upload", str(home.parent / "bukti-pkm"), "--unit", "PKM-SUMBERSARI", "--period", "2025")

    port = free_port()
    log = log_file("browser-web")
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen([dukung, "web", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/health", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("dukung web tidak mulai: " + Path(log).read_text(errors="replace")[-2000:])
            time.sleep(0.3)
    yield {"base": base, "home": home}
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True,
                              args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                                    "--no-first-run", "--disable-dev-shm-usage"])
        yield b
        b.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(browser, site, email):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(site["base"] + "/")
    assert "/login" in page.url  # not signed in: sent to the sign-in page
    shot(page, "01-masuk")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site["base"] + "/")
    return context, page


def evidence_folder(root: Path) -> Path:
    tim = root / "ZONA INTEGRITAS 2025" / "AREA I" / "i. Penyusunan Tim Kerja"
    tim.mkdir(parents=True)
    make_pdf(tim / "1.i.a SK TIM ZONA INTEGRITAS 2025.pdf", [SK_TIM])
    make_docx(tim / "1.i.a NOTULEN RAPAT PEMBENTUKAN TIM.docx", NOTULEN)
    make_xlsx(tim / "1.i.a DAFTAR HADIR RAPAT.xlsx",
              {"Daftar Hadir": [["DAFTAR HADIR RAPAT PEMBENTUKAN TIM KERJA"], ["No", "Nama", "Jabatan"], [1, "Ahmad", "Kepala"]]})
    aduan = root / "ZONA INTEGRITAS 2025" / "AREA V" / "iii. Pengaduan Masyarakat"
    aduan.mkdir(parents=True)
    make_pdf(aduan / "5.iii.b LAPORAN PENGADUAN 2025.pdf", [LAPORAN_PENGADUAN])
    (aduan / "5.iii.c LAPORAN MONEV RUSAK.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + b"\x00" * 40)
    return root / "ZONA INTEGRITAS 2025"


def test_unit_member_uploads_searches_and_opens_a_document(browser, site, tmp_path):
    context, page = sign_in(browser, site, MEMBER)
    assert page.locator('tr[data-unit="DINKES-JBR"]').count() == 1
    assert page.locator('tr[data-unit="PKM-SUMBERSARI"]').count() == 0  # another unit: not even listed
    shot(page, "02-beranda-unit")

    page.goto(site["base"] + "/upload")
    page.select_option("#upload-unit", "DINKES-JBR")
    page.fill("#upload-period", "2025")
    page.set_input_files("#upload-folder", str(evidence_folder(tmp_path)))
    page.click("#upload-start")
    page.wait_for_function("document.getElementById('upload-summary').textContent.includes('selesai')",
                           timeout=120_000)
    rows = page.locator("#upload-files-table tbody tr")
    assert rows.count() == 5
    results = {rows.nth(i).locator("td").first.inner_text(): rows.nth(i).locator("td").last.inner_text()
               for i in range(5)}
    sk = next(v for k, v in results.items() if "SK TIM" in k)
    assert "A.I.1.i.a" in sk
    broken = next(v for k, v in results.items() if "RUSAK" in k)
    assert "gagal" in broken.lower()
    shot(page, "03-unggah-hasil")

    page.goto(site["base"] + "/search?q=pengaduan")
    facets = page.locator(".facets")
    assert "PKM-SUMBERSARI" not in facets.inner_text()  # facet counts never show another unit
    page.locator('.facets a[data-value="laporan_pengaduan"]').first.click()
    page.wait_for_url("**doc_type=laporan_pengaduan**")
    assert page.locator("mark").count() >= 1
    shot(page, "04-cari-faset")
    page.locator(".hit h3 a, .results h3 a").first.click()
    page.wait_for_url("**/documents/**")
    body = page.inner_text("main")
    assert "5.iii.b LAPORAN PENGADUAN 2025.pdf" in body and "A.I.5.iii.b" in body
    shot(page, "05-dokumen")
    context.close()


def test_reviewer_tags_a_gap_seen_on_the_gaps_page_and_in_completeness(browser, site):
    context, page = sign_in(browser, site, REVIEWER)
    assert page.locator('tr[data-unit="PKM-SUMBERSARI"]').count() == 1
    page.goto(site["base"] + "/units/DINKES-JBR?period=2025")
    shot(page, "06-dasbor-unit")
    page.locator('a.qcell[data-question="A.I.1.i.b"]').click()
    page.wait_for_url("**/questions/A.I.1.i.b**")
    page.fill("#gap-note", "SK belum ditandatangani")
    page.locator("form.tag-form button", has_text="Tandai celah").click()
    page.wait_for_load_state()
    assert "SK belum ditandatangani" in page.inner_text("main")
    shot(page, "07-pertanyaan-tag")

    page.goto(site["base"] + "/gaps?unit=DINKES-JBR&period=2025")
    row = page.locator('tr[data-unit="DINKES-JBR"][data-question="A.I.1.i.b"]')
    assert row.count() >= 1 and "SK belum ditandatangani" in row.first.inner_text()
    shot(page, "08-celah")

    page.goto(site["base"] + "/units/DINKES-JBR?period=2025")
    cell = page.locator('a.qcell[data-question="A.I.1.i.b"]')
    assert cell.get_attribute("data-status") == "ditandai_reviewer"
    context.close()
