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
ADMIN = "admin@inspektorat.example.go.id"


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
               DUKUNG_ENV_FILE="",
               # every automatic mapping (folder readings too) needs a person's confirmation here
               DUKUNG_CLASSIFIER__CONFIRM_THRESHOLD="0.99")
    dukung = str(Path(sys.executable).parent / "dukung")

    def cli(*args):
        subprocess.run([dukung, *args], env=env, check=True, capture_output=True, text=True, timeout=300)

    cli("init")
    cli("unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan Kabupaten Jember", "--contact", MEMBER)
    cli("unit", "add", "PKM-SUMBERSARI", "--name", "Puskesmas Sumbersari")
    cli("user", "add", MEMBER, "--role", "unit", "--unit", "DINKES-JBR", "--name", "Tim ZI Dinkes", "--password", PASSWORD)
    cli("user", "add", REVIEWER, "--role", "reviewer", "--all-units", "--name", "TPI Inspektorat", "--password", PASSWORD)
    cli("user", "add", ADMIN, "--role", "admin", "--name", "Admin Inspektorat", "--password", PASSWORD)
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
    yield {"base": base, "home": home, "cli": cli}
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
    assert "tidak dapat dibaca" in broken and "rusak" in broken.lower() and "pypdf" not in broken  # the cause
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


def _no_sideways_scroll(page, what: str) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{what}: halaman bergeser ke samping {wide} px"


def _mailed_link(home: Path, to: str, seen: set) -> str:
    """The link of the newest .eml in the outbox folder addressed to ``to`` and not read before."""
    import email
    import email.policy
    import re

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for path in sorted((home / "outbox").glob("*.eml"), reverse=True):
            if path in seen:
                continue
            msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if str(msg["To"]) == to:
                seen.add(path)
                return re.search(r"http://\S+/password/reset\?token=[\w-]+", msg.get_body(("plain",)).get_content()).group(0)
        time.sleep(0.3)
    pytest.fail(f"tidak ada e-mail untuk {to}")


def _set_password(browser, link: str, width: int, password: str, tag: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 768}, locale="id-ID")
    page = context.new_page()
    page.goto(link)
    _no_sideways_scroll(page, "atur kata sandi")
    page.fill("#password", password)
    page.fill("#password2", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Kata sandi baru tersimpan" in page.inner_text("main")
    shot(page, f"{tag}-sandi-baru")
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_admin_creates_a_unit_and_a_user_and_resets_a_password_by_the_mailed_link(browser, site, width):
    tag, seen = f"admin-{width}", set()
    code, person = f"BPKAD-{width}", f"zi{width}@bpkad.example.go.id"
    context, page = _signed_in(browser, site, ADMIN, width)

    page.goto(site["base"] + "/admin/units")
    page.fill("#code", code)
    page.fill("#name", f"Badan Pengelola Keuangan {width}")
    page.fill("#contacts", f"kepala{width}@bpkad.example.go.id")
    page.locator("form[action='/admin/units'] button").click()
    page.wait_for_load_state()
    assert f"Unit {code} dibuat" in page.inner_text("main")
    _no_sideways_scroll(page, "daftar unit")
    shot(page, f"{tag}-unit")

    page.goto(site["base"] + "/admin/users/new")
    _no_sideways_scroll(page, "tambah pengguna")
    page.fill("#email", person)
    page.fill("#name", f"Tim ZI BPKAD {width}")
    page.check("input[name=role][value=unit]")
    page.check(f"input[name=units][value='{code}']")
    page.locator("form.admin-form button[type=submit]").click()  # no password: an e-mailed invitation
    page.wait_for_load_state()
    assert "Tautan untuk mengatur kata sandi dikirim" in page.inner_text("main")
    _no_sideways_scroll(page, "daftar pengguna")
    shot(page, f"{tag}-pengguna")
    _set_password(browser, _mailed_link(site["home"], person, seen), width, "sandi-pertama-123", f"{tag}-undangan")

    page.locator(f"tr[data-user='{person}'] a").click()
    page.wait_for_url("**/admin/users/**")
    _no_sideways_scroll(page, "ubah pengguna")
    page.locator("form[action$='/reset'] button").click()
    page.wait_for_load_state()
    assert f"dikirim ke {person}" in page.inner_text("main")
    _set_password(browser, _mailed_link(site["home"], person, seen), width, "sandi-kedua-12345", f"{tag}-reset")
    context.close()

    member = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 768}, locale="id-ID")
    page = member.new_page()
    for password, works in (("sandi-pertama-123", False), ("sandi-kedua-12345", True)):
        page.goto(site["base"] + "/login")
        page.fill("#email", person)
        page.fill("#password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        assert ("/login" not in page.url) == works, password
    assert page.locator(f'tr[data-unit="{code}"]').count() == 1
    member.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_admin_creates_a_period_and_activates_it(browser, site, width):
    year = 2030 if width > 500 else 2031
    context, page = _signed_in(browser, site, ADMIN, width)
    page.goto(site["base"] + "/admin/periods")
    _no_sideways_scroll(page, "periode")
    page.fill("#year", str(year))
    for field, day in (("isian_start", "01-05"), ("isian_end", "03-27"), ("verifikasi_start", "04-01"),
                       ("verifikasi_end", "04-30"), ("revisi_start", "05-04"), ("revisi_end", "05-22"),
                       ("tpn_deadline", "05-31")):
        page.fill(f"#{field}", f"{year}-{day}")
    page.locator("#period-create button[type=submit]").click()
    page.wait_for_load_state()
    assert f"Periode {year} dibuat" in page.inner_text("main")
    row = page.locator(f"tr[data-period='{year}']")
    assert "5 Januari " + str(year) in row.inner_text() and "tidak aktif" in row.inner_text()
    _no_sideways_scroll(page, "daftar periode")
    shot(page, f"admin-{width}-periode")
    row.locator("button").click()  # Jadikan aktif
    page.wait_for_load_state()
    assert f"Periode {year} kini periode aktif" in page.inner_text("main")
    page.goto(site["base"] + "/")
    assert f"Periode {year} (aktif)" in page.inner_text("main")
    page.goto(site["base"] + "/admin/periods")
    page.locator("tr[data-period='2025'] button").click()  # back to the period the other tests use
    page.wait_for_load_state()
    assert "Periode 2025 kini periode aktif" in page.inner_text("main")
    context.close()


def test_unit_member_confirms_a_suggestion_on_a_phone(browser, site, tmp_path):
    folder = tmp_path / "bukti" / "AREA V" / "iii. Pengaduan Masyarakat"
    folder.mkdir(parents=True)
    make_pdf(folder / "5.iii.b REKAP PENGADUAN SEMESTER II 2025.pdf",
             [LAPORAN_PENGADUAN.replace("SEMESTER I", "SEMESTER II")])
    site["cli"]("upload", str(tmp_path / "bukti"), "--unit", "DINKES-JBR", "--period", "2025")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.goto(site["base"] + "/login")
    page.fill("#email", MEMBER)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site["base"] + "/")
    page.goto(site["base"] + "/units/DINKES-JBR?period=2025")
    cell = page.locator('a.qcell[data-question="A.I.5.iii.b"]')
    assert cell.get_attribute("data-suggestions") and cell.get_attribute("data-status") == "belum_ada"
    shot(page, "09-dasbor-ponsel")
    cell.click()
    page.wait_for_url("**/questions/A.I.5.iii.b**")
    row = page.locator("ul.suggestions [data-suggestion]", has_text="REKAP PENGADUAN SEMESTER II")
    assert "perlu konfirmasi" in row.inner_text()
    shot(page, "10-saran-ponsel")
    row.locator("button", has_text="Konfirmasi").click()
    page.wait_for_load_state()
    assert "dikonfirmasi untuk A.I.5.iii.b" in page.inner_text("main")
    assert page.locator("table.supporting tr[data-document]", has_text="REKAP PENGADUAN SEMESTER II").count() == 1
    assert page.locator("#status .st").first.inner_text() != "Belum ada"
    shot(page, "11-saran-dikonfirmasi")
    context.close()



# --- every page on a phone and by keyboard: no sideways scrolling, axe-core clean -----------------------

@pytest.fixture(scope="module")
def axe_script():
    from tests.services.require import service_env

    return service_env("DUKUNG_TEST_AXE")["DUKUNG_TEST_AXE"]


def _context(browser, width: int, axe: str | None = None):
    """A desktop window (1366×768) or a phone (390×844, touch: coarse pointer, like a real phone)."""
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 768}, locale="id-ID",
                                  is_mobile=phone, has_touch=phone)
    if axe:
        context.add_init_script(path=axe)  # every page gets `axe` before its own scripts (not subject to CSP)
    return context


def _signed_in(browser, site, email: str, width: int, axe: str | None = None):
    context = _context(browser, width, axe)
    page = context.new_page()
    page.goto(site["base"] + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(site["base"] + "/")
    return context, page


AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def _check_page(page, url: str, width: int, problems: list[str]) -> None:
    """Open ``url``; note each axe-core violation and, on a phone, any sideways scrolling."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    where = url.split("//", 1)[-1].split("/", 1)[-1]
    if width < 500:
        wide = page.evaluate("document.scrollingElement.scrollWidth")
        if wide > width:
            culprits = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > {width} + 1)
                .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""")
            problems.append(f"/{where} @{width}: lebar {wide} px > {width} ({', '.join(culprits)})")
    problems += [f"/{where} @{width}: {v}" for v in page.evaluate(AXE_RUN)]
    # every control a person sees is reached by Tab (none taken out of the tab order, none disabled by CSS)
    untabbable = page.evaluate("""() => [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary')]
      .filter(e => e.getClientRects().length && !e.disabled && (e.tabIndex < 0 || getComputedStyle(e).pointerEvents === 'none'))
      .slice(0, 4).map(e => e.outerHTML.slice(0, 80))""")
    problems += [f"/{where} @{width}: tidak terjangkau dengan Tab: {e}" for e in untabbable]


def _pages(site, page) -> dict[str, list[str]]:
    base = site["base"]
    page.goto(base + "/search?q=pengaduan")
    doc = page.locator(".hit h3 a, .results h3 a").first.get_attribute("href")
    unit, q = "/units/DINKES-JBR", "/units/DINKES-JBR/questions/A.I.1.i.a?period=2025"
    return {
        MEMBER: ["/", "/upload", f"{unit}?period=2025", q, "/gaps?period=2025", "/search?q=pengaduan",
                 "/search?q=pengaduan&doc_type=laporan_pengaduan", "/suggestions", doc],
        REVIEWER: ["/", f"{unit}?period=2025", q, "/gaps?period=2025", "/suggestions", doc],
        ADMIN: ["/admin/users", "/admin/users/new", "/admin/units", "/admin/units/DINKES-JBR", "/admin/audit",
                "/upload"],
    }


@pytest.mark.parametrize("width", [1366, 390])
def test_every_page_fits_the_screen_and_axe_finds_no_violation(browser, site, axe_script, width, tmp_path):
    site["cli"]("upload", str(evidence_folder(tmp_path)), "--unit", "DINKES-JBR", "--period", "2025")
    problems: list[str] = []
    signed_out = _context(browser, width, axe_script)
    page = signed_out.new_page()
    for path in ("/login", "/password/forgot", "/password/reset?token=tidak-berlaku"):
        _check_page(page, site["base"] + path, width, problems)
    signed_out.close()
    pages = None
    for email in (MEMBER, REVIEWER, ADMIN):
        context, page = _signed_in(browser, site, email, width, axe_script)
        pages = pages or _pages(site, page)
        for path in pages[email]:
            _check_page(page, site["base"] + path, width, problems)
        if email == ADMIN:
            page.goto(site["base"] + "/admin/users")
            page.locator("tr[data-user] a").first.click()
            page.wait_for_url("**/admin/users/**")
            _check_page(page, page.url, width, problems)
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_file_pickers_are_reached_and_opened_by_keyboard(browser, site, width):
    """Tab reaches each picker (a real file input, focus shown on its button); a phone offers files and
    the camera instead of a folder, which phones cannot pick."""
    context, page = _signed_in(browser, site, MEMBER, width)
    # Listen for the file chooser before anything can open one: Playwright turns Chromium's interception on
    # without waiting for it, so a listener added just before the key press can miss the dialog (a CI run did)
    choosers = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    page.goto(site["base"] + "/upload")
    phone = width < 500
    folder, files, camera = (page.locator(f"#upload-{n}") for n in ("folder", "files", "camera"))
    assert (page.locator("label[for=upload-folder], label:has(#upload-folder)").first.is_visible()) is not phone
    assert page.locator("label:has(#upload-camera)").is_visible() is phone
    assert camera.get_attribute("accept") == "image/*" and camera.get_attribute("capture") is not None
    assert files.get_attribute("multiple") is not None
    wanted = ["upload-files", "upload-camera"] if phone else ["upload-folder", "upload-files"]
    reached = []
    page.locator("#upload-unit").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        if focused in wanted and focused not in reached:
            reached.append(focused)
            ring = page.evaluate("""() => { const l = document.activeElement.closest('label');
                const s = getComputedStyle(l); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")
            assert ring, f"{focused}: fokus tidak terlihat"
    assert reached == wanted
    # Space on the focused picker opens the file chooser (the browser's own dialog): operable by keyboard
    assert not choosers  # Tab alone opens nothing
    page.locator("#upload-files").focus()
    page.keyboard.press("Space")
    deadline = time.monotonic() + 15
    while not choosers and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert choosers, "Spasi pada pemilih berkas tidak membuka dialog berkas"
    assert choosers[0].is_multiple()
    context.close()
