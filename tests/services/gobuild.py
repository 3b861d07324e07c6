"""Building a server from Go sources through the module proxy, once, into the test cache."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from tests.services.base import CACHE_DIR, ServiceUnavailable

BUILD_TIMEOUT_S = 40 * 60


def go_env(**extra: str) -> dict[str, str]:
    """Environment for reproducible, offline-friendly Go builds (no toolchain download, no VCS stamping)."""
    env = dict(os.environ)
    env.update(GOTOOLCHAIN="local", GOFLAGS="-buildvcs=false", CGO_ENABLED="0")
    env.update(extra)
    return env


def ensure_go_binary(name: str, version: str, binary: str, build: Callable[[Path], None]) -> Path:
    """Return ``CACHE_DIR/go-bin/<name>-<version>/<binary>``, building it once with ``build(bin_dir)``.

    A file lock keeps two parallel test runs from building at the same time; the build time is
    printed and kept beside the binary (``build-seconds``).
    """
    if shutil.which("go") is None:
        raise ServiceUnavailable(f"{name}: perintah 'go' tidak ditemukan; pasang Go ≥ 1.24 untuk membangun {name}")
    bin_dir = CACHE_DIR / "go-bin" / f"{name}-{version}"
    path = bin_dir / binary
    if path.is_file() and os.access(path, os.X_OK):
        return path
    bin_dir.mkdir(parents=True, exist_ok=True)
    with open(bin_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        print(f"[layanan] {name}: membangun {name} {version} dengan Go (sekali saja, beberapa menit)…", flush=True)
        started = time.monotonic()
        build(bin_dir)
        seconds = time.monotonic() - started
        if not path.is_file():
            raise ServiceUnavailable(f"{name}: build selesai tetapi {path} tidak ada")
        (bin_dir / "build-seconds").write_text(f"{seconds:.1f}\n")
        print(f"[layanan] {name}: dibangun dalam {seconds:.1f} detik → {path}", flush=True)
    return path


