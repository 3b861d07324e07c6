"""`dukung backup` then `dukung restore` into a new installation: the same documents, SHA-256 for SHA-256,
the same bytes and the same search results; on the embedded defaults and on PostgreSQL + MinIO + Elasticsearch."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import uuid

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.services.require import server_backends, service_env

runner = CliRunner()
QUERIES = ["pengaduan", '"tim kerja"', "notulen rapat"]


def cli(*args, ok: bool = True):
    result = runner.invoke(app, list(args))
    if ok:
        assert result.exit_code == 0, (result.output, result.exception)
    return result


def switch_to(monkeypatch, env: dict[str, str]) -> None:
    from config.settings import get_settings

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()


def snapshot() -> dict:
    """What a user sees: documents with their SHA-256 and status, each blob's bytes, search answers, tags."""
    from config.settings import get_settings
    from flows.runtime import open_runtime
    from storage.objects import blob_key

    docs = json.loads(cli("documents", "--all-versions", "--format", "json").output)
    with open_runtime(get_settings(), initialise=False) as rt:
        blobs = {d["sha256"]: hashlib.sha256(rt.objects.open(blob_key(d["sha256"])).read()).hexdigest()
                 for d in docs}
    searches = {}
    for query in QUERIES:
        found = json.loads(cli("search", query, "--format", "json").output)
        searches[query] = (found["total"], [(h["doc_id"], h["path"]) for h in found["hits"]])
    keep = ("id", "unit", "period", "path", "version", "current", "size", "sha256", "doc_type", "questions")
    return {"documents": [{k: d[k] for k in keep} | {"status": d["extraction"]["status"]} for d in docs],
            "blobs": blobs, "searches": searches,
            "tags": json.loads(cli("tags", "--format", "json").output),
            "units": json.loads(cli("unit", "list", "--format", "json").output)}


def fill(evidence_folder) -> None:
    cli("unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan", "--contact", "zi@dinkes.example.go.id")
    cli("upload", str(evidence_folder), "--unit", "DINKES-JBR", "--period", "2025", "--format", "json")
    cli("tag", "gap", "--unit", "DINKES-JBR", "--period", "2025", "--question", "A.I.1.i.a",
        "--note", "SK belum ditandatangani")


def check_round_trip(before: dict, archive) -> None:
    assert before["documents"] and all(b for b in before["blobs"].values())
    assert all(sha == digest for sha, digest in before["blobs"].items())  # content-addressed: key = SHA-256
    assert before["searches"]["pengaduan"][0] >= 2
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["records"]["tables"]["documents"] == len(before["documents"])
    assert manifest["schema_revision"] and manifest["catalog"]["id"] == "lke-zi-2021"
    assert {m["name"] for m in manifest["members"]} >= {f"objects/blobs/{s[:2]}/{s[2:4]}/{s}" for s in before["blobs"]}


def test_backup_and_restore_on_the_embedded_defaults(dukung_env, evidence_folder, tmp_path, monkeypatch):
    fill(evidence_folder)
    before = snapshot()
    archive = tmp_path / "cadangan.tar"
    made = cli("backup", str(archive))
    assert "Cadangan dibuat" in made.output and "5 dokumen" in made.output
    check_round_trip(before, archive)
    assert cli("backup", str(archive), ok=False).exit_code != 0  # never overwritten silently

    switch_to(monkeypatch, {"DUKUNG_HOME": str(tmp_path / "home-baru")})
    restored = cli("restore", str(archive))
    assert "Cadangan dipulihkan: 5 dokumen" in restored.output and "5 dokumen diindeks ulang" in restored.output
    assert snapshot() == before
    assert cli("doctor").exit_code == 0

    again = cli("restore", str(archive), ok=False)  # the target now has data
    assert again.exit_code != 0 and "sudah berisi data" in str(again.exception)


def test_a_damaged_backup_is_refused(dukung_env, evidence_folder, tmp_path, monkeypatch):
    fill(evidence_folder)
    archive = tmp_path / "cadangan.tar"
    cli("backup", str(archive))
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
    damaged = tmp_path / "rusak.tar"
    flipped = False
    with tarfile.open(damaged, "w") as tar:
        for member, data in members:
            if member.name.startswith("objects/blobs/") and data and not flipped:
                data, flipped = bytes([data[0] ^ 0xFF]) + data[1:], True  # one bit pattern changed, same size
            tar.addfile(member, io.BytesIO(data) if data is not None else None)
    switch_to(monkeypatch, {"DUKUNG_HOME": str(tmp_path / "home-baru")})
    result = cli("restore", str(damaged), ok=False)
    assert result.exit_code != 0 and "rusak" in str(result.exception)
    (tmp_path / "bukan.tar").write_bytes(b"bukan arsip")
    assert "bukan cadangan Dukung" in str(cli("restore", str(tmp_path / "bukan.tar"), ok=False).exception)


@pytest.fixture
def servers():
    return service_env("DUKUNG_TEST_MINIO_ENDPOINT", "DUKUNG_TEST_MINIO_ACCESS_KEY", "DUKUNG_TEST_MINIO_SECRET_KEY",
                       "DUKUNG_TEST_POSTGRES_URL", "DUKUNG_TEST_ELASTICSEARCH_URL")


def server_settings(env: dict, tmp_path, tag: str) -> tuple[dict, str]:

    db = f"dukung_backup_{tag}"
    return {
        "DUKUNG_HOME": str(tmp_path / f"home-{tag}"),
        "DUKUNG_INGEST__ORCHESTRATOR": "direct",
        **server_backends(env, f"dukung-backup-{tag}", db),
    }, db


def test_backup_and_restore_on_postgresql_minio_elasticsearch(servers, dukung_env, evidence_folder, tmp_path,
                                                             monkeypatch):
    from elasticsearch import Elasticsearch

    from tests.services.postgres import drop_database

    old, new = uuid.uuid4().hex[:8], uuid.uuid4().hex[:8]
    first, first_db = server_settings(servers, tmp_path, old)
    second, second_db = server_settings(servers, tmp_path, new)
    try:
        switch_to(monkeypatch, first)
        cli("init")
        fill(evidence_folder)
        before = snapshot()
        archive = tmp_path / "cadangan.tar"
        cli("backup", str(archive))
        check_round_trip(before, archive)
        with tarfile.open(archive) as tar:
            assert json.load(tar.extractfile("manifest.json"))["records"]["kind"] == "pg_dump"

        switch_to(monkeypatch, second)
        cli("init")  # as compose's migrate service does before anyone restores: an empty, migrated database
        restored = cli("restore", str(archive))
        assert "Cadangan dipulihkan: 5 dokumen" in restored.output
        assert snapshot() == before
        assert "5 dokumen terindeks (elasticsearch)" in cli("doctor").output
    finally:
        es = Elasticsearch(servers["DUKUNG_TEST_ELASTICSEARCH_URL"])
        for tag in (old, new):
            names = list(es.options(ignore_status=404).indices.get(index=f"dukung-backup-{tag}-*",
                                                                   expand_wildcards="all"))
            if names:
                es.indices.delete(index=",".join(names))
        es.close()
        for db in (first_db, second_db):
            drop_database(servers["DUKUNG_TEST_POSTGRES_URL"], db)
