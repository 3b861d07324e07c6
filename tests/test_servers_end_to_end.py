"""Settings alone move an install from the embedded defaults to the servers: MinIO + PostgreSQL +
Elasticsearch, driven through the `dukung` CLI; `dukung reindex` swaps the Elasticsearch alias while
searches keep being answered."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.services.require import service_env

runner = CliRunner()


@pytest.fixture
def server_env(monkeypatch, tmp_path):
    env = service_env("DUKUNG_TEST_MINIO_ENDPOINT", "DUKUNG_TEST_MINIO_ACCESS_KEY", "DUKUNG_TEST_MINIO_SECRET_KEY",
                      "DUKUNG_TEST_POSTGRES_URL", "DUKUNG_TEST_ELASTICSEARCH_URL")
    from config.settings import get_settings
    from tests.services.postgres import drop_database
    from tests.services.require import server_backends

    tag = uuid.uuid4().hex[:8]
    db = f"dukung_e2e_{tag}"
    settings = {
        "DUKUNG_HOME": str(tmp_path / "home"),
        "DUKUNG_INGEST__ORCHESTRATOR": "direct",
        "DUKUNG_INGEST__WORKERS": "2",
        **server_backends(env, f"dukung-e2e-{tag}", db),
    }
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()
    from elasticsearch import Elasticsearch

    es = Elasticsearch(env["DUKUNG_TEST_ELASTICSEARCH_URL"])
    names = list(es.options(ignore_status=404).indices.get(index=f"dukung-e2e-{tag}-*", expand_wildcards="all"))
    if names:
        es.indices.delete(index=",".join(names))
    es.close()
    drop_database(env["DUKUNG_TEST_POSTGRES_URL"], db)


def cli(*args):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_on_minio_postgres_elasticsearch(server_env, evidence_folder):
    from config.settings import get_settings
    from flows.runtime import open_runtime
    from indexing.search import SearchQuery

    cli("init")
    cli("unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan")
    up = json.loads(cli("upload", str(evidence_folder), "--unit", "DINKES-JBR", "--period", "2025", "--format", "json"))
    assert up["new"] == 5 and up["statuses"] == {"ok": 4, "failed": 1}

    rt = open_runtime(get_settings())
    assert type(rt.objects).__name__ == "S3ObjectStore"
    assert type(rt.search).__name__ == "ElasticsearchSearchIndex"
    assert rt.records.engine.dialect.name == "postgresql"
    assert len([o for o in rt.objects.list("blobs/")]) == 5

    found = json.loads(cli("search", "mengadukan", "--format", "json"))
    assert found["total"] >= 2 and any("<mark>" in h["snippet"] for h in found["hits"])
    report = json.loads(cli("check", "--unit", "DINKES-JBR", "--period", "2025", "--format", "json"))
    assert len(report[0]["questions"]) == 113

    # `dukung reindex` builds a new index and swaps the alias; searches are answered throughout
    answers, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(rt.search.search(SearchQuery(text="pengaduan")).total)
            except Exception as exc:  # noqa: BLE001 - recorded and asserted below
                errors.append(exc)

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        for _ in range(2):
            assert "Indeks dibangun ulang: 5 dokumen" in cli("reindex")
    finally:
        stop.set()
        thread.join()
    assert errors == [] and answers and set(answers) == {found["total"]}
    assert "5 dokumen terindeks (elasticsearch)" in cli("doctor")
    rt.close()
