"""Past one machine: two ``prefect worker`` processes on one process work pool share PostgreSQL, MinIO and
Elasticsearch and take four uploads submitted as deployment runs.

The steps are those of the README ("Running the flows on more machines"), in the same order and with
the same commands: a Prefect server on PostgreSQL; ``prefect work-pool create``; ``prefect deploy --all``
from ``prefect.yaml``; ``dukung init`` once; two workers with the same ``DUKUNG_*`` settings; uploads put
into the bucket under ``inbox/<UNIT>/<YEAR>/`` and submitted with ``prefect deployment run``. Both workers
run some of the four flow runs; every document is processed exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import anyio
import pytest

from tests.services.base import ROOT, log_file

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

BIN = Path(sys.executable).parent
UNITS = ["DINKES-JBR", "PKM-SUMBERSARI", "RSUD-SOEBANDI", "DISDIK-JBR"]


@pytest.fixture
def shared(tmp_path):
    """The servers every machine shares: a Prefect server on PostgreSQL, a records database, a bucket,
    an Elasticsearch index prefix."""
    from tests.services.postgres import drop_database
    from tests.services.prefect_server import PrefectServer
    from tests.services.require import server_backends, service_env

    env = service_env("DUKUNG_TEST_MINIO_ENDPOINT", "DUKUNG_TEST_MINIO_ACCESS_KEY", "DUKUNG_TEST_MINIO_SECRET_KEY",
                      "DUKUNG_TEST_POSTGRES_URL", "DUKUNG_TEST_ELASTICSEARCH_URL")
    tag = uuid.uuid4().hex[:8]
    db = f"dukung_workers_{tag}"
    server = PrefectServer(env["DUKUNG_TEST_POSTGRES_URL"], tmp_path / "prefect-server").start()
    settings = {
        "DUKUNG_INGEST__WORKERS": "1",
        **server_backends(env, f"dukung-workers-{tag}", db),
        "DUKUNG_APP_DIR": str(ROOT),
        "PREFECT_API_URL": server.api_url,
    }
    try:
        yield settings
    finally:
        server.stop()
        from elasticsearch import Elasticsearch

        es = Elasticsearch(env["DUKUNG_TEST_ELASTICSEARCH_URL"])
        names = list(es.options(ignore_status=404).indices.get(index=f"dukung-workers-{tag}-*",
                                                               expand_wildcards="all"))
        if names:
            es.indices.delete(index=",".join(names))
        es.close()
        drop_database(env["DUKUNG_TEST_POSTGRES_URL"], db)


def _machine_env(shared: dict, home: Path) -> dict[str, str]:
    """One machine's environment: its own data folder and Prefect home, the shared settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DUKUNG_"))}
    env.update(shared, DUKUNG_HOME=str(home), PREFECT_HOME=str(home / "prefect"), COLUMNS="200",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_WORKER_QUERY_SECONDS="2")  # the test polls faster than the 10 s default
    return env


def _run(cmd: list[str], env: dict, timeout: float = 300) -> str:
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}: {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _put_inbox(env: dict, unit: str, folder: Path) -> str:
    """Put a unit's evidence folder into the shared bucket under inbox/<unit>/2025/ (as a unit would)."""
    prefix = f"inbox/{unit}/2025"
    code = ("import sys; from pathlib import Path; from config.settings import get_settings; "
            "from flows.runtime import open_runtime\n"
            "rt = open_runtime(get_settings(), initialise=False); root = Path(sys.argv[1])\n"
            "for p in sorted(root.rglob('*')):\n"
            "    if p.is_file():\n"
            "        with open(p, 'rb') as fh: rt.objects.put(sys.argv[2] + '/' + p.relative_to(root).as_posix(), fh)\n"
            "rt.close()\n")
    _run([sys.executable, "-c", code, str(folder), prefix], env)
    return prefix


def test_two_workers_share_four_uploads(shared, tmp_path, evidence_folder):
    from tests.services.prefect_server import stop_group

    admin = _machine_env(shared, tmp_path / "admin")
    prefect, dukung = str(BIN / "prefect"), str(BIN / "dukung")
    # steps 1-3 of the README: work pool, deployments from prefect.yaml
    _run([prefect, "work-pool", "create", "dukung-process", "--type", "process"], admin)
    deployed = _run([prefect, "--no-prompt", "deploy", "--all"], admin)
    from tests.services.prefect_server import prefect_yaml_deployment_count

    assert deployed.count("successfully created") == prefect_yaml_deployment_count(), deployed
    _run([dukung, "init"], admin)
    for unit in UNITS:
        _run([dukung, "unit", "add", unit, "--name", f"Unit {unit}"], admin)

    # step 4: a worker on each "machine" (its own data folder), the same shared settings
    workers = {}
    try:
        for name in ("dukung-worker-a", "dukung-worker-b"):
            env = _machine_env(shared, tmp_path / name)
            log = log_file(name)
            fh = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed below
            proc = subprocess.Popen([prefect, "worker", "start", "--pool", "dukung-process", "--name", name,
                                     "--limit", "1"], env=env, cwd=tmp_path, stdout=fh,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            workers[name] = (proc, fh, log)

        # step 5: uploads into the bucket, submitted as deployment runs
        run_ids = []
        for unit in UNITS:
            prefix = _put_inbox(admin, unit, evidence_folder)
            out = _run([prefect, "deployment", "run", "ingest/dukung", "--param", f"source={prefix}",
                        "--param", f"unit={unit}", "--param", "year=2025", "--param", "from_store=true",
                        "--param", f"uploaded_by={unit.lower()}"], admin)
            run_ids.append(_flow_run_id(out))

        states = _wait_for_runs(shared["PREFECT_API_URL"], run_ids, workers, timeout=600)
        assert set(states.values()) == {"COMPLETED"}, states
    finally:
        for proc, fh, _log in workers.values():
            stop_group(proc, timeout=30)
            fh.close()

    # a run's own log line ("View at …/flow-run/<id>") is in the log of the worker whose process ran it;
    # both may try to submit a run, the server lets one (the other's "Aborted submission" is Prefect's guard)
    ran_by = {name: [r for r in run_ids if f"flow-run/{r}" in Path(log).read_text(errors="replace")]
              for name, (_p, _fh, log) in workers.items()}
    assert all(ran_by.values()), f"each worker should run some of the uploads: {ran_by}"
    assert sorted(r for runs in ran_by.values() for r in runs) == sorted(run_ids), ran_by

    _assert_processed_once(admin)


def _flow_run_id(output: str) -> str:
    import re

    found = re.search(r"UUID:\s*([0-9a-f-]{36})", output) or re.search(r"([0-9a-f]{8}-[0-9a-f-]{27})", output)
    assert found, output
    return found.group(1)


def _wait_for_runs(api_url: str, run_ids: list[str], workers: dict, timeout: float) -> dict[str, str]:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def poll() -> dict[str, str]:
        deadline = time.monotonic() + timeout
        async with get_client() as client:
            while True:
                states = {}
                for run_id in run_ids:
                    run = await client.read_flow_run(uuid.UUID(run_id))
                    states[run_id] = run.state_type.value if run.state_type else "?"
                if all(s in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for s in states.values()):
                    return states
                dead = [n for n, (p, _fh, _log) in workers.items() if p.poll() is not None]
                if dead or time.monotonic() > deadline:
                    tails = {n: Path(log).read_text(errors="replace")[-2000:] for n, (_p, _f, log) in workers.items()}
                    pytest.fail(f"flow runs {states}; workers stopped: {dead}\n{json.dumps(tails, indent=1)}")
                await anyio.sleep(1)

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        return anyio.run(poll)


def _assert_processed_once(env: dict) -> None:
    code = ("import json; from sqlalchemy import func, select; from config.settings import get_settings; "
            "from flows.runtime import open_runtime; from storage.records.models import Document, Extraction\n"
            "rt = open_runtime(get_settings(), initialise=False)\n"
            "with rt.records.session() as s:\n"
            "    docs = s.execute(select(Document.uploaded_by, func.count(Document.id)).group_by(Document.uploaded_by)).all()\n"
            "    ext = s.execute(select(Extraction.document_id, func.count(Extraction.id)).group_by(Extraction.document_id)).all()\n"
            "    total = s.scalar(select(func.count(Document.id)))\n"
            "from indexing.search import SearchQuery\n"
            "hits = rt.search.search(SearchQuery(text='', per_page=1)).total\n"
            "print(json.dumps({'docs': dict(docs), 'extractions': [n for _d, n in ext], 'total': total, 'indexed': hits}))\n"
            "rt.close()\n")
    got = json.loads(_run([sys.executable, "-c", code], env).strip().splitlines()[-1])
    assert got["docs"] == {u.lower(): 5 for u in UNITS}, got
    assert got["total"] == 5 * len(UNITS)
    assert len(got["extractions"]) == got["total"] and set(got["extractions"]) == {1}, got
    assert got["indexed"] == got["total"], got
