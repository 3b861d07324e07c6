"""A server that cannot be reached ends a command with one Indonesian line and exit code 1, never a
traceback (issue 15, defect 2). Fast: the "servers" are closed loopback ports. The same against
servers killed mid-run is in ``tests/test_faults.py``."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.services.base import ROOT, free_port


def dukung(tmp_path, settings: dict[str, str], *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUKUNG_")}
    env.update(settings, DUKUNG_HOME=str(tmp_path / "home"), DUKUNG_INGEST__ORCHESTRATOR="direct",
               PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=180)


@pytest.mark.parametrize("settings, args, service", [
    ({"DUKUNG_RECORDS__URL": "postgresql+psycopg://dukung@127.0.0.1:{port}/dukung"}, ["unit", "list"],
     "Basis data catatan (PostgreSQL/SQLite)"),
    ({"DUKUNG_SEARCH__BACKEND": "elasticsearch", "DUKUNG_SEARCH__URL": "http://127.0.0.1:{port}"},
     ["init"], "Indeks pencarian (Elasticsearch)"),
])
def test_unreachable_server_is_one_clear_line(tmp_path, settings, args, service):
    port = free_port()  # nothing listens there
    result = dukung(tmp_path, {k: v.format(port=port) for k, v in settings.items()}, *args)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert f"Galat: {service} tidak dapat dihubungi" in " ".join(output.split())


def test_outage_is_told_from_a_bug():
    from sqlalchemy.exc import OperationalError

    from flows.ingest.outage import outage_message, which_service
    from storage.objects.s3 import ObjectStoreUnavailableError

    assert which_service(OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))) == "database"
    assert which_service(ObjectStoreUnavailableError("MinIO http://127.0.0.1:9 tidak dapat dihubungi")) == "objects"
    try:
        try:
            raise ObjectStoreUnavailableError("down")
        except ObjectStoreUnavailableError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        assert which_service(wrapped) == "objects"  # the cause counts
    assert outage_message(ValueError("a bug")) is None
    assert outage_message(FileNotFoundError("blobs/aa")) is None  # a missing object is not an outage
