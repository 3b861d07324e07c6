"""``python -m tests.services run -- PYTEST_ARGS``: start the servers, run pytest, stop them.

A service whose environment variables are already set is used as it is. A service that cannot
start is a failure under ``CI=true``; elsewhere its tests are skipped and one line says why.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.services.base import ServiceUnavailable

# Order matters: PostgreSQL first (the Prefect server may use it).
SERVICE_MODULES = ["postgres", "minio", "seaweedfs", "elasticsearch", "chromium", "tesseract"]


def _load(name: str):
    try:
        return importlib.import_module(f"tests.services.{name}").SERVICE
    except ModuleNotFoundError:
        return None


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "run":
        print(__doc__)
        return 2
    pytest_args = argv[argv.index("--") + 1:] if "--" in argv else argv[1:]
    only = os.environ.get("DUKUNG_TEST_SERVICES")  # e.g. "minio,postgres"; "none" starts nothing
    names = [n for n in SERVICE_MODULES if only is None or n in only.split(",")]
    ci = os.environ.get("CI", "").lower() == "true"
    env = dict(os.environ)
    started = []
    failures = []
    workdir = Path(tempfile.mkdtemp(prefix="dukung-services-"))
    try:
        for name in names:
            service = _load(name)
            if service is None:
                continue
            if all(env.get(var) for var in service.env):
                print(f"[layanan] {name}: memakai server yang sudah ada ({service.env[0]}={env[service.env[0]]})")
                continue
            t = time.monotonic()
            try:
                env.update(service.start(workdir / name, env))
                started.append(service)
                print(f"[layanan] {name}: siap dalam {time.monotonic() - t:.1f} detik")
            except ServiceUnavailable as exc:
                failures.append(name)
                print(f"[layanan] {name}: TIDAK TERSEDIA — {exc}".replace("\n", " ")[:600])
        if failures and ci:
            print(f"[layanan] CI=true: layanan wajib gagal dimulai: {', '.join(failures)}")
            return 1
        env["DUKUNG_TEST_SERVICES_STARTED"] = ",".join(s.name for s in started)
        return subprocess.call([sys.executable, "-m", "pytest", *pytest_args], env=env)
    finally:
        for service in reversed(started):
            try:
                service.stop()
            except Exception as exc:  # noqa: BLE001 - stopping must not hide the test result
                print(f"[layanan] {service.name}: gagal dihentikan: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
