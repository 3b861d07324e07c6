"""Tesseract OCR with the Indonesian model for the OCR tests: Debian's packages, installed if missing.

Not a server: ``SERVICE.start`` makes sure ``tesseract`` and its ``ind`` and ``eng`` languages are
there (``apt-get install tesseract-ocr tesseract-ocr-ind`` as root when not) and hands the program's
path to the tests as ``DUKUNG_TEST_TESSERACT``. Tests that need it ask :func:`require_tesseract`,
which also accepts a Tesseract already on ``PATH`` when pytest runs without this launcher.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from tests.services.base import ServiceUnavailable, run

ENV_VAR = "DUKUNG_TEST_TESSERACT"
PACKAGES = ("tesseract-ocr", "tesseract-ocr-ind")
LANGUAGES = ("ind", "eng")


def missing_languages(command: str) -> list[str]:
    done = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    installed = {line.strip() for line in (done.stdout + done.stderr).splitlines()}
    return [lang for lang in LANGUAGES if lang not in installed]


def find_tesseract() -> str | None:
    """The path of a Tesseract that has every language the tests use, or ``None``."""
    command = shutil.which("tesseract")
    if command is None:
        return None
    try:
        return None if missing_languages(command) else command
    except (OSError, subprocess.TimeoutExpired):
        return None


def install() -> str:
    if os.geteuid() != 0:
        raise ServiceUnavailable("Tesseract belum terpasang dan pemasangan otomatis butuh root "
                                 f"(jalankan: apt-get install -y {' '.join(PACKAGES)})")
    if shutil.which("apt-get") is None:
        raise ServiceUnavailable("Tesseract belum terpasang dan apt-get tidak ada (bukan Debian/Ubuntu?)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update"], timeout=300, env=env, what="apt-get update")
    run(["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES], timeout=900, env=env,
        what=f"apt-get install {' '.join(PACKAGES)}")
    command = find_tesseract()
    if command is None:
        raise ServiceUnavailable(f"{' '.join(PACKAGES)} terpasang, tetapi tesseract atau bahasa ind/eng tidak ditemukan")
    return command


class TesseractService:
    name = "tesseract"
    env = (ENV_VAR,)

    def start(self, workdir, env: dict) -> dict[str, str]:
        return {ENV_VAR: find_tesseract() or install()}

    def stop(self) -> None:
        pass


SERVICE = TesseractService()


def require_tesseract() -> str:
    """Tesseract for a test: skip with one line when missing, or fail under ``CI=true``."""
    import pytest

    command = os.environ.get(ENV_VAR) or find_tesseract()
    if command:
        return command
    message = (f"Tesseract dengan bahasa ind+eng tidak tersedia; `make test` memasangnya "
               f"(apt-get install {' '.join(PACKAGES)})")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true: " + message, pytrace=False)
    pytest.skip(message)
