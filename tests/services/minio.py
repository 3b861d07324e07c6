"""MinIO for the S3 tests, built from source with ``go install`` (pinned) and cached.

The community MinIO server was archived upstream; the Go module proxy reachable here serves only
its last commit as a pseudo-version (``@latest``; the ``RELEASE.*`` tags are not semver and are
refused), so that commit is pinned. It builds with Go 1.26. The binary lives in
``CACHE_DIR/go-bin/minio-<version>/minio``; a second run skips the build.
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

from tests.services.gobuild import BUILD_TIMEOUT_S, ensure_go_binary, go_env
from tests.services.base import (
    Restartable,
    ServiceUnavailable,
    free_port,
    http_ok,
    log_file,
    run,
    stop_process,
    wait_for,
)

MINIO_MODULE = "github.com/minio/minio"
MINIO_VERSION = "v0.0.0-20260212201848-7aac2a2c5b7c"  # last commit of the archived community server


def _build_minio(bin_dir: Path) -> None:
    run(["go", "install", f"{MINIO_MODULE}@{MINIO_VERSION}"], timeout=BUILD_TIMEOUT_S,
        env=go_env(GOBIN=str(bin_dir)), cwd=bin_dir, what=f"go install {MINIO_MODULE}@{MINIO_VERSION}")


class MinioService(Restartable):
    name = "minio"
    log_name = "minio"
    env = ("DUKUNG_TEST_MINIO_ENDPOINT", "DUKUNG_TEST_MINIO_ACCESS_KEY", "DUKUNG_TEST_MINIO_SECRET_KEY")

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, workdir: Path, env: dict) -> dict[str, str]:
        binary = ensure_go_binary("minio", MINIO_VERSION, "minio", _build_minio)
        data = workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        port, console_port = free_port(), free_port()
        access_key, secret_key = "dukungtest", secrets.token_hex(16)
        proc_env = dict(env)
        proc_env.update(
            MINIO_ROOT_USER=access_key,
            MINIO_ROOT_PASSWORD=secret_key,
            MINIO_UPDATE="off",
            MINIO_CALLHOME_ENABLE="off",
            MINIO_BROWSER="off",
            MINIO_PROMETHEUS_AUTH_TYPE="jwt",
            HOME=str(workdir),  # keeps ~/.minio (certs dir) out of the real home
        )
        log = log_file(self.log_name)
        self._log = open(log, "wb")
        cmd = [str(binary), "server", str(data), "--address", f"127.0.0.1:{port}",
               "--console-address", f"127.0.0.1:{console_port}", "--certs-dir", str(workdir / "certs"), "--quiet"]
        popen = dict(stdout=self._log, stderr=subprocess.STDOUT, env=proc_env, cwd=workdir, start_new_session=True)
        self.proc = subprocess.Popen(cmd, **popen)
        endpoint = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            return http_ok(f"{endpoint}/minio/health/live") and http_ok(f"{endpoint}/minio/health/ready")

        try:
            wait_for(ready, timeout=60, what="MinIO", proc=self.proc, log=log)
        except ServiceUnavailable:
            self.stop()
            raise
        self._remember(cmd, popen, ready, "MinIO", 60)
        return {"DUKUNG_TEST_MINIO_ENDPOINT": endpoint, "DUKUNG_TEST_MINIO_ACCESS_KEY": access_key,
                "DUKUNG_TEST_MINIO_SECRET_KEY": secret_key}

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None


SERVICE = MinioService()
