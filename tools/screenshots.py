"""Screenshots of the web app for the README, taken from an installation with the demo data.

    make demo                                  # or any installation
    python tools/screenshots.py [--home .dukung] [--chromium /usr/bin/chromium]

Creates (or updates) the user ``layar@dukung.local`` (reviewer of all units), serves the app on a free
loopback port, and writes docs/screenshots/{dashboard,search,question}.png.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EMAIL, PASSWORD = "layar@dukung.local", "tangkapan-layar-readme"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", default=".dukung")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    env = {**os.environ, "DUKUNG_HOME": str(Path(args.home).resolve())}
    dukung = str(Path(sys.executable).parent / "dukung")
    subprocess.run([dukung, "user", "add", EMAIL, "--role", "reviewer", "--all-units", "--name", "TPI Inspektorat",
                    "--password", PASSWORD], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([dukung, "web", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        from playwright.sync_api import sync_playwright

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, headless=True,
                                        args=["--no-sandbox", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="id-ID")
            page.goto(base + "/login")
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + "/")
            page.goto(base + "/units/DINKES-JBR?period=2025")
            page.screenshot(path=str(out / "dashboard.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 1500},
                            full_page=True)
            page.goto(base + "/search?q=pengaduan+masyarakat")
            page.screenshot(path=str(out / "search.png"))
            page.goto(base + "/units/DINKES-JBR/questions/A.I.1.i.a?period=2025")
            page.screenshot(path=str(out / "question.png"), full_page=True)
            browser.close()
        print(f"ditulis ke {out}")
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
