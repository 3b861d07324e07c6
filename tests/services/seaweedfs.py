"""SeaweedFS (Apache-2.0, maintained) as a second, independent S3 server for the S3 tests.

The Go module proxy reachable here refuses SeaweedFS' version list and its recent commits; it
serves ``v0.0.0-20230109022022-51d4a4b28d0e`` (SeaweedFS 3.39, January 2023), which builds with
Go 1.26. ``go install module@version`` needs the (refused) version list to check deprecation, so
the source is fetched with ``go mod download`` and built with ``go build`` in the module
directory — the same pinned module and go.sum. The binary is cached in
``CACHE_DIR/go-bin/seaweedfs-<version>/weed``.

One ``weed server`` runs master, volume, filer and S3 gateway, all on free loopback ports
(gRPC ports are set explicitly: the default "HTTP port + 10000" can overflow for high ports).
"""

from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path

from tests.services.base import (
    ServiceUnavailable,
    free_port,
    log_file,
    port_open,
    run,
    stop_process,
    wait_for,
)
from tests.services.gobuild import BUILD_TIMEOUT_S, ensure_go_binary, go_env

SEAWEEDFS_MODULE = "github.com/seaweedfs/seaweedfs"
SEAWEEDFS_VERSION = "v0.0.0-20230109022022-51d4a4b28d0e"  # SeaweedFS 3.39


def _build_weed(bin_dir: Path) -> None:
    result = run(["go", "mod", "download", "-json", f"{SEAWEEDFS_MODULE}@{SEAWEEDFS_VERSION}"],
                 timeout=600, env=go_env(), cwd=bin_dir, what=f"go mod download {SEAWEEDFS_MODULE}@{SEAWEEDFS_VERSION}")
    source = Path(json.loads(result.stdout)["Dir"])
    run(["go", "build", "-trimpath", "-o", str(bin_dir / "weed"), "./weed"], timeout=BUILD_TIMEOUT_S,
        env=go_env(), cwd=source, what=f"go build {SEAWEEDFS_MODULE}/weed@{SEAWEEDFS_VERSION}")


def _s3_ready(endpoint: str, access_key: str, secret_key: str) -> bool:
    from minio import Minio

    client = Minio(endpoint.split("://", 1)[1], access_key=access_key, secret_key=secret_key, secure=False)
    client.list_buckets()  # raises until the gateway and the filer behind it answer
    return True


class SeaweedfsService:
    name = "seaweedfs"
    env = ("DUKUNG_TEST_SEAWEEDFS_ENDPOINT", "DUKUNG_TEST_SEAWEEDFS_ACCESS_KEY", "DUKUNG_TEST_SEAWEEDFS_SECRET_KEY")

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, workdir: Path, env: dict) -> dict[str, str]:
        binary = ensure_go_binary("seaweedfs", SEAWEEDFS_VERSION, "weed", _build_weed)
        data, meta = workdir / "volumes", workdir / "master"
        data.mkdir(parents=True, exist_ok=True)
        meta.mkdir(parents=True, exist_ok=True)
        access_key, secret_key = "dukungtest", secrets.token_hex(16)
        config = workdir / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "dukung-test",
            "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]}))
        ports = {name: free_port() for name in (
            "master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
            "filer.port", "filer.port.grpc")}
        # This SeaweedFS has no flag for the S3 gateway's gRPC port: it listens on s3.port + 10000.
        ports["s3.port"] = _port_with_grpc_twin()
        log = log_file("seaweedfs")
        self._log = open(log, "wb")
        cmd = [str(binary), "server", f"-dir={data}", f"-master.dir={meta}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
               *(f"-{name}={port}" for name, port in ports.items()),
               "-filer", "-s3", f"-s3.config={config}", f"-filer.localSocket={workdir / 'filer.sock'}",
               # every bucket is a collection with its own volumes: many small ones, created lazily
               "-master.volumeSizeLimitMB=64", "-volume.max=2000", "-master.electionTimeout=1s"]
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env=dict(env), cwd=workdir,
                                     start_new_session=True)
        endpoint = f"http://127.0.0.1:{ports['s3.port']}"
        try:
            wait_for(lambda: _s3_ready(endpoint, access_key, secret_key), timeout=90, what="SeaweedFS S3",
                     proc=self.proc, log=log)
        except ServiceUnavailable:
            self.stop()
            raise
        return {"DUKUNG_TEST_SEAWEEDFS_ENDPOINT": endpoint, "DUKUNG_TEST_SEAWEEDFS_ACCESS_KEY": access_key,
                "DUKUNG_TEST_SEAWEEDFS_SECRET_KEY": secret_key}

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None


SERVICE = SeaweedfsService()


def _port_with_grpc_twin() -> int:
    """A free port P below 55535 whose P + 10000 is free too."""
    for _ in range(200):
        port = free_port()
        if port < 55535 and not port_open(port + 10000):
            return port
    for port in range(20000 + secrets.randbelow(20000), 55535):
        if not port_open(port) and not port_open(port + 10000):
            return port
    raise ServiceUnavailable("tidak ada pasangan port bebas untuk gateway S3 SeaweedFS")
