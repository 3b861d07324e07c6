"""Dukung's ingest flow run through a real Prefect server (PostgreSQL-backed, as in production).

A module fixture starts ``prefect server start``; a subprocess serves the deployments of
``flows.deployments`` (like ``dukung serve``); the test triggers ``ingest/dukung`` with
``run_deployment`` and checks the flow run's state, the records database and the server's list.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import anyio
import pytest

from tests.services.base import ROOT, log_file

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


@pytest.fixture(scope="module")
def postgres_base():
    from tests.services.require import service_env

    return service_env("DUKUNG_TEST_POSTGRES_URL")["DUKUNG_TEST_POSTGRES_URL"]


@pytest.fixture(scope="module")
def prefect_server(postgres_base, tmp_path_factory):
    from tests.services.prefect_server import PrefectServer

    server = PrefectServer(postgres_base, tmp_path_factory.mktemp("prefect-server")).start()
    print(f"[prefect] server siap dalam {server.startup_seconds:.1f} detik: {server.api_url}")
    yield server
    server.stop()


@pytest.fixture
def records_url(postgres_base):
    from tests.services.postgres import drop_database, fresh_database

    name, url = fresh_database(postgres_base, "records")
    yield url
    drop_database(postgres_base, name)


@pytest.fixture
def smtp_server(tmp_path):
    from tests.smtp_server import SmtpTestServer

    with SmtpTestServer(tmp_path, security="starttls", user="dukung", password="rahasia") as server:
        yield server


@pytest.fixture
def served(prefect_server, records_url, smtp_server, tmp_path):
    """``python -m tests.services.serve_ingest`` against the server; stopped after the test."""
    from tests.services.prefect_server import stop_group

    home = tmp_path / "serve-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DUKUNG_"))
           or k.startswith("DUKUNG_TEST_")}
    env.update(smtp_server.env(), DUKUNG_MAIL__REVIEWERS="tpi@inspektorat.example.go.id")
    log = log_file("serve-ingest")
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.services.serve_ingest", "--api-url", prefect_server.api_url,
             "--home", str(home), "--records-url", records_url],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield {"home": home, "records_url": records_url, "proc": proc, "log": log}
        finally:
            stop_group(proc, timeout=20)


def _wait_for_deployment(prefect_server, served, name: str):
    from prefect.client.orchestration import get_client

    async def wait():
        deadline = time.monotonic() + 60
        async with get_client() as client:
            while True:
                try:
                    return await client.read_deployment_by_name(name)
                except Exception:  # noqa: BLE001 - not registered yet
                    if served["proc"].poll() is not None or time.monotonic() > deadline:
                        tail = Path(served["log"]).read_text(errors="replace")[-3000:]
                        pytest.fail(f"deployment {name} tidak terdaftar: {tail}")
                    await anyio.sleep(0.5)

    return _with_api(prefect_server.api_url, wait)


def _run(prefect_server, served, name: str, parameters: dict):
    from prefect.deployments import run_deployment

    async def trigger():
        return await run_deployment(name, timeout=120, poll_interval=1, parameters=parameters)

    flow_run = _with_api(prefect_server.api_url, trigger)
    if flow_run.state is None or flow_run.state.type.value != "COMPLETED":
        tail = Path(served["log"]).read_text(errors="replace")[-3000:]
        pytest.fail(f"flow run {flow_run.name}: {flow_run.state}\n{tail}")
    return flow_run


def _with_api(api_url: str, fn):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        return anyio.run(fn)


def test_ingest_flow_runs_through_the_prefect_server(prefect_server, served, evidence_folder):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.deployments import run_deployment
    from sqlalchemy import func, select

    from storage.records import Records
    from storage.records import repository as repo
    from storage.records.models import Document, Extraction

    # the unit must exist before an upload (as `dukung unit add` would do)
    records = Records(served["records_url"])
    records.migrate()
    with records.session() as session:
        repo.add_unit(session, "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember")

    deployment = _wait_for_deployment(prefect_server, served, "ingest/dukung")
    assert deployment.entrypoint == "flows.pipelines.ingest_flow"

    async def trigger():
        return await run_deployment(
            "ingest/dukung", timeout=120, poll_interval=1,
            parameters={"source": str(evidence_folder), "unit": "DINKES-JBR", "year": 2025,
                        "uploaded_by": "prefect-server-test"})

    started = time.monotonic()
    flow_run = _with_api(prefect_server.api_url, trigger)
    took = time.monotonic() - started
    assert flow_run.state is not None, "flow run tanpa status"
    if flow_run.state.type.value != "COMPLETED":
        tail = Path(served["log"]).read_text(errors="replace")[-3000:]
        pytest.fail(f"flow run {flow_run.name}: {flow_run.state.type.value} {flow_run.state.message}\n{tail}")
    print(f"[prefect] run_deployment selesai dalam {took:.1f} detik")

    # the records database (PostgreSQL) holds what the flow run ingested
    try:
        with records.session() as session:
            docs = repo.list_documents(session, unit_codes=["DINKES-JBR"], year=2025)
            statuses = dict(session.execute(
                select(Extraction.status, func.count(Extraction.id)).group_by(Extraction.status)).all())
            assert session.scalar(select(func.count(Document.id))) == 5
        assert len(docs) == 5 and {d.uploaded_by for d in docs} == {"prefect-server-test"}
        assert statuses == {"ok": 4, "failed": 1}
        sk = next(d for d in docs if d.file_name == "1.i.a SK TIM ZONA INTEGRITAS 2025.pdf")
        assert sk.doc_type == "sk_tim_kerja"
    finally:
        records.dispose()

    # the server lists the flow run of the deployment, completed
    async def runs_of_deployment():
        async with get_client() as client:
            # limit and sort are given: this server build rejects the client's nulls for them (422)
            return await client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
                limit=20, sort=FlowRunSort.START_TIME_DESC)

    runs = _with_api(prefect_server.api_url, runs_of_deployment)
    assert [(r.id, r.state_type.value) for r in runs] == [(flow_run.id, "COMPLETED")]
    assert runs[0].parameters["unit"] == "DINKES-JBR"


def test_scheduled_gap_mail_runs_through_the_prefect_server(prefect_server, served, smtp_server, evidence_folder):
    """The weekly deployment is registered with its cron schedule; a run e-mails the unit and the
    reviewers through a real SMTP server (STARTTLS + AUTH); a re-run of the same day sends nothing twice."""
    from storage.records import Records
    from storage.records import repository as repo

    records = Records(served["records_url"])
    records.migrate()
    with records.session() as session:
        repo.add_unit(session, "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember", ["zi@dinkes.example.go.id"])
    records.dispose()

    deployment = _wait_for_deployment(prefect_server, served, "completeness-mail/dukung")
    [schedule] = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 7 * * 1", "Asia/Jakarta")
    assert deployment.entrypoint == "flows.pipelines.completeness_mail_flow"

    _run(prefect_server, served, "ingest/dukung",
         {"source": str(evidence_folder), "unit": "DINKES-JBR", "year": 2025})
    first = _run(prefect_server, served, "completeness-mail/dukung", {"year": 2025})
    got = {tuple(r.recipients): r.message for r in smtp_server.received}
    assert set(got) == {("zi@dinkes.example.go.id",), ("tpi@inspektorat.example.go.id",)}
    unit_msg = got[("zi@dinkes.example.go.id",)]
    assert "(DINKES-JBR)" in unit_msg["Subject"] and "belum lengkap" in unit_msg["Subject"]
    assert [p.get_filename() for p in unit_msg.iter_attachments()] == ["kelengkapan-DINKES-JBR-2025.xlsx"]

    again = _run(prefect_server, served, "completeness-mail/dukung", {"year": 2025})
    assert again.id != first.id and len(smtp_server.received) == 2
