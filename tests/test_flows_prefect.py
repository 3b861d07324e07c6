"""The Prefect flows run for real (a temporary local Prefect server, one per test session)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.prefect


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def flows(prefect_harness, runtime):
    from flows import pipelines

    pipelines.runtime.cache_clear()
    yield pipelines
    pipelines.runtime.cache_clear()


def test_ingest_flow_then_completeness_flow(flows, evidence_folder):
    result = flows.ingest_flow(source=str(evidence_folder), unit="DINKES-JBR", year=2025, uploaded_by="flow")
    assert result["new"] == 5 and result["processed"] == 5
    assert result["statuses"] == {"ok": 4, "failed": 1}
    assert result["indexed"] == 5
    assert [f["status"] for f in result["failures"]] == ["failed"]

    reports = flows.completeness_flow(year=2025, units=["DINKES-JBR"])
    by_code = {q["code"]: q for q in reports[0]["questions"]}
    assert len(by_code) == 113 and by_code["A.I.1.i.a"]["documents"]

    assert flows.reindex_flow() == 5


def test_flow_runs_are_recorded_by_the_server(flows, evidence_folder):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.client.schemas.sorting import FlowRunSort

    flows.ingest_flow(source=str(evidence_folder), unit="PKM-SUMBERSARI", year=2025)

    import anyio

    async def count_runs():
        async with get_client() as client:
            # limit and sort are given: this server build rejects the client's nulls for them (422)
            runs = await client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["ingest"])),
                                               limit=50, sort=FlowRunSort.START_TIME_DESC)
            return [r.state_type.value for r in runs]

    states = anyio.run(count_runs)
    assert states and all(s == "COMPLETED" for s in states)


def test_parse_errors_are_not_retried():
    from flows.pipelines import transient_only

    class State:
        def __init__(self, exc):
            self.exc = exc

        def result(self):
            raise self.exc

    from config.errors import ParseError

    assert transient_only(None, None, State(ParseError("rusak"))) is False
    assert transient_only(None, None, State(ValueError("bug"))) is False
    assert transient_only(None, None, State(OSError("disk busy"))) is True


def test_a_web_upload_is_processed_by_the_ingest_upload_flow(flows, runtime, evidence_folder, monkeypatch):
    """The upload page's background work with the Prefect orchestrator: the `ingest-upload` flow."""
    from flows import upload_jobs
    from flows.ingest.staging import iter_folder
    from flows.ingest.uploads import add_file, batch_status, create_batch, finish_batch

    monkeypatch.setattr(runtime.settings.ingest, "orchestrator", "prefect")
    batch = create_batch(runtime, "DINKES-JBR", 2025, actor="web")
    for path, rel in iter_folder(evidence_folder):
        add_file(runtime, batch, path, rel, actor="web")
    assert upload_jobs.start_processing(runtime, batch, finish_batch(runtime, batch, actor="web"))
    upload_jobs.wait(batch, timeout=120)
    status = batch_status(runtime, batch)
    assert status["status"] == "done" and status["counts"] == {"ok": 4, "failed": 1}
