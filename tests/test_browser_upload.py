"""Uploads on a weak link in a real browser (issue 16 item 4): Debian's Chromium, driven by Playwright,
its network throttled through the DevTools protocol (``Network.emulateNetworkConditions``).

A unit member uploads a folder on a slow connection that drops mid-way (offline) and comes back: the
files go on from where they stopped and the batch ends processed, every byte as sent. Then the page is
reloaded mid-upload: the batch waits as "… berkas diterima; lanjutkan", the member picks the same folder
again, only the missing files are sent and the half-sent one resumes at its offset (tus, the upload's
address kept in localStorage). Screenshots under ``.test-artifacts/screenshots/``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.builders import make_pdf
from tests.conftest import SK_TIM
from tests.test_browser import ADMIN, MEMBER, PASSWORD, browser, chromium_path, shot, site  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 400 * 1024, "uploadThroughput": 400 * 1024}
BIG = 1_500_000


def weak_link_folder(root: Path, tag: str) -> Path:
    folder = root / f"BUKTI {tag}"
    tim = folder / "AREA I" / "i. Penyusunan Tim Kerja"
    tim.mkdir(parents=True)
    make_pdf(tim / f"1.i.a SK TIM ZONA INTEGRITAS {tag}.pdf", [SK_TIM.replace("2025", "2025 " + tag)])
    scans = folder / "AREA III" / "ii. Pindaian"
    scans.mkdir(parents=True)
    for i in (1, 2):
        (scans / f"pindaian-{tag}-{i}.bin").write_bytes(os.urandom(BIG))
    return folder


def upload_page(browser, site, email: str, width: int):  # noqa: F811 - the fixture imported above
    """A new browser context signed in as ``email``, on the upload page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(site["base"] + "/login?next=/upload")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/upload")
    return context, page


def member_page(browser, site, width: int):  # noqa: F811 - the fixture imported above
    context, page = upload_page(browser, site, MEMBER, width)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    return context, page, cdp


def progress_of(page, name: str) -> float:
    return page.evaluate("""(name) => {
        for (const tr of document.querySelectorAll('#upload-files-table tbody tr'))
            if (tr.cells[0].textContent.includes(name)) return tr.querySelector('progress').value;
        return -1; }""", name)


def wait_mid_upload(page, name: str) -> None:
    page.wait_for_function("""(name) => [...document.querySelectorAll('#upload-files-table tbody tr')]
        .some(tr => tr.cells[0].textContent.includes(name) && tr.querySelector('progress').value > 15
                    && tr.querySelector('progress').value < 80)""", arg=name, timeout=60_000)


def wait_summary(page, word: str, timeout: int) -> None:
    """Until the upload summary says ``word`` (selesai, ditahan …)."""
    page.wait_for_function("(word) => document.getElementById('upload-summary').textContent.includes(word)",
                           arg=word, timeout=timeout)


def stored_as_sent(site, folder: Path) -> None:
    """Every file of the folder is recorded once, with the SHA-256 of what was on disk."""
    from sqlalchemy import create_engine, text

    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    engine = create_engine(f"sqlite:///{site['home'] / 'records.sqlite'}")
    with engine.connect() as conn:
        rows = [(p.rsplit("/", 1)[-1], s) for p, s in conn.execute(text("SELECT relative_path, sha256 FROM documents"))]
    engine.dispose()
    mine = [(name, sha) for name, sha in rows if name in expected]
    assert dict(mine) == expected and len(mine) == len(expected)


def test_upload_on_a_throttled_link_that_drops_and_comes_back(browser, site, tmp_path):  # noqa: F811
    folder = weak_link_folder(tmp_path, "PUTUS")
    context, page, cdp = member_page(browser, site, 1366)
    page.select_option("#upload-unit", "DINKES-JBR")
    page.fill("#upload-period", "2025")
    page.set_input_files("#upload-folder", str(folder))
    page.click("#upload-start")
    wait_mid_upload(page, "pindaian-PUTUS-1")
    cdp.send("Network.emulateNetworkConditions", {**SLOW, "offline": True})
    page.wait_for_function("document.getElementById('upload-files-table').textContent.includes('koneksi terputus')",
                           timeout=30_000)
    stopped_at = progress_of(page, "pindaian-PUTUS-1")
    assert 0 < stopped_at < 100
    shot(page, "20-unggah-koneksi-terputus")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    wait_summary(page, "selesai", 180_000)
    summary = page.inner_text("#upload-summary")
    assert "0 ditolak" in summary and "0 menunggu" in summary, summary
    shot(page, "21-unggah-tersambung-lagi-selesai")
    stored_as_sent(site, folder)
    context.close()


@pytest.mark.parametrize("width", [390])
def test_a_reload_mid_upload_resumes_only_what_is_missing(browser, site, tmp_path, width):  # noqa: F811
    folder = weak_link_folder(tmp_path, "MUAT-ULANG")
    context, page, cdp = member_page(browser, site, width)
    page.select_option("#upload-unit", "DINKES-JBR")
    page.fill("#upload-period", "2025")
    page.set_input_files("#upload-folder", str(folder))
    page.click("#upload-start")
    wait_mid_upload(page, "pindaian-MUAT-ULANG-1")
    saved = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('tus::dukung|'))")
    assert saved, "the upload's address is kept for resuming"
    batch = int(saved[0].split("|")[1])
    page.reload()  # the tab is closed and opened again (the same browser profile)
    cdp.send("Network.emulateNetworkConditions", SLOW)
    row = page.locator(f'tr[data-batch="{batch}"]')
    assert "1 dari 3 berkas diterima; lanjutkan" in row.inner_text()
    shot(page, "22-unggah-lanjutkan")

    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.headers.get("upload-offset")))
            if "/api/tus" in r.url else None)
    row.locator("button[data-resume]").click()
    assert page.locator("#upload-resume").is_visible()
    page.set_input_files("#upload-folder", str(folder))
    page.click("#upload-start")
    wait_summary(page, "selesai", 180_000)
    created = [u for m, u, _ in sent if m == "POST"]
    resumed = [int(o) for m, _, o in sent if m == "PATCH" and o is not None]
    assert len(created) <= 1, sent  # the PDF is not sent again; at most the second scan starts anew
    assert any(o > 0 for o in resumed[:2]), sent  # the half-sent scan goes on from its offset
    shot(page, "23-unggah-dilanjutkan-selesai")
    stored_as_sent(site, folder)
    context.close()


def test_the_upload_window_closes_mid_upload_the_page_says_why_and_an_admin_lets_it_continue(browser, site, tmp_path):  # noqa: F811
    """The isian window ends while the scans are on their way: the page says the batch is held and that
    nothing is lost; the admin accepts it on the upload page (audited) and the member's batch finishes."""
    from datetime import timedelta

    from flows.periods.dates import today

    day = today()
    year = str(day.year)
    iso = {k: (day + timedelta(days=n)).isoformat() for k, n in (
        ("--isian-start", -5), ("--isian-end", 5), ("--verifikasi-start", 6), ("--verifikasi-end", 10),
        ("--revisi-start", 11), ("--revisi-end", 20), ("--tpn", 25))}
    site["cli"]("period", "create", year, *[x for pair in iso.items() for x in pair])
    folder = weak_link_folder(tmp_path, "DITAHAN")
    context, page, cdp = member_page(browser, site, 390)
    page.select_option("#upload-unit", "DINKES-JBR")
    page.fill("#upload-period", year)
    page.set_input_files("#upload-files", [str(p) for p in sorted(folder.rglob("*")) if p.is_file()])
    page.click("#upload-start")
    wait_mid_upload(page, "pindaian-DITAHAN-1")
    # the link drops while the window ends, so no scan can finish before it has ended (on a busy machine
    # the edit takes seconds, and a CI run once saw both scans arrive first)
    cdp.send("Network.emulateNetworkConditions", {**SLOW, "offline": True})
    site["cli"]("period", "edit", year, "--isian-end", (day - timedelta(days=1)).isoformat())  # the window ends
    cdp.send("Network.emulateNetworkConditions", SLOW)
    wait_summary(page, "ditahan", 120_000)
    summary = page.inner_text("#upload-summary")
    assert "sudah berakhir" in summary and "tetap tersimpan" in summary, summary
    shot(page, "24-unggah-masa-isian-berakhir")
    page.reload()
    held = page.locator("tr[data-batch]").filter(has_text="ditahan").first
    batch = held.get_attribute("data-batch")
    assert "1 dari 3 berkas diterima" in held.inner_text()

    admin_context, admin = upload_page(browser, site, ADMIN, 1366)
    admin.on("dialog", lambda dialog: dialog.accept())
    admin.click(f'button[data-accept="{batch}"]')
    admin.wait_for_function(f"""() => !document.querySelector('button[data-accept="{batch}"]')""", timeout=30_000)
    admin_context.close()

    page.reload()
    cdp.send("Network.emulateNetworkConditions", SLOW)
    row = page.locator(f'tr[data-batch="{batch}"]')
    assert "ditahan" not in row.inner_text() and "3 dari 3 berkas diterima" in row.inner_text()
    row.locator("button[data-resume]").click()
    page.set_input_files("#upload-files", [str(p) for p in sorted(folder.rglob("*")) if p.is_file()])
    page.click("#upload-start")
    wait_summary(page, "selesai", 180_000)
    shot(page, "25-unggah-diterima-admin-selesai")
    stored_as_sent(site, folder)
    context.close()
