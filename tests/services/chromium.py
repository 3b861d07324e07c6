"""Headless Chromium for the browser tests: Debian's package, installed with apt-get if missing.

Not a server: "starting" it finds (or installs) the browser and hands its path to the tests in
``DUKUNG_TEST_CHROMIUM``; Playwright launches it per test session (headless, no sandbox, no
background networking). It also fetches axe-core for the accessibility checks (``DUKUNG_TEST_AXE``,
see :mod:`tests.services.axe`); without it those tests skip, or fail under CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.services.axe import AXE_VAR, fetch_axe
from tests.services.base import ServiceUnavailable, run

PATH_VAR = "DUKUNG_TEST_CHROMIUM"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> str | None:
    for path in CANDIDATES:
        if Path(path).exists():
            return path
    return shutil.which("chromium")


def install_chromium() -> str:
    if os.geteuid() != 0:
        raise ServiceUnavailable("Chromium belum terpasang dan pemasangan otomatis butuh root "
                                 "(jalankan: apt-get install -y chromium)")
    if shutil.which("apt-get") is None:
        raise ServiceUnavailable("Chromium belum terpasang dan apt-get tidak ada (bukan Debian/Ubuntu?)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update"], timeout=300, env=env, what="apt-get update")
    run(["apt-get", "install", "-y", "--no-install-recommends", "chromium", "fonts-dejavu-core"], timeout=1200,
        env=env, what="apt-get install chromium")
    path = find_chromium()
    if path is None:
        raise ServiceUnavailable("paket chromium terpasang, tetapi /usr/bin/chromium tidak ditemukan")
    return path


class ChromiumService:
    name = "chromium"
    env = (PATH_VAR, AXE_VAR)

    def start(self, workdir: Path, env: dict) -> dict[str, str]:
        path = find_chromium() or install_chromium()
        try:
            out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError) as exc:
            raise ServiceUnavailable(f"{path} tidak dapat dijalankan: {exc}") from exc
        print(f"[layanan] chromium: {out or path}")
        found = {PATH_VAR: path}
        try:
            found[AXE_VAR] = str(fetch_axe())
            print(f"[layanan] axe-core: {found[AXE_VAR]}")
        except ServiceUnavailable as exc:  # the browser tests still run; the accessibility checks say why not
            print(f"[layanan] axe-core: TIDAK TERSEDIA — {exc}"[:600])
        return found

    def stop(self) -> None:
        pass


SERVICE = ChromiumService()
