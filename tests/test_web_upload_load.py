"""30 unit members finish their web uploads at the same moment: every batch ends processed.

The real web app runs under uvicorn on a loopback port; 30 members (3 in each of 10 units) each open a
batch and send three files with their own API token; then all 30 press "finish" at once (a barrier)
and the test polls each batch until it is done. Bounded: 90 small files, one parser process.

On the embedded defaults (``prefect``) the batches run as Prefect flow runs on the data folder's one
local Prefect server, which the web app starts on the first batch and stops when it stops; with
``direct`` the same functions run without Prefect.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import httpx
import pytest

from tests.builders import make_docx, make_pdf, make_xlsx
from tests.conftest import LAPORAN_PENGADUAN, SK_TIM
from tests.prefect_helpers import alive

UNITS = [f"UNIT-{i:02d}" for i in range(1, 11)]
MEMBERS = [(unit, f"anggota{j}@{unit.lower()}.go.id") for unit in UNITS for j in range(1, 4)]


FILES_EACH = int(os.environ.get("DUKUNG_TEST_LOAD_FILES", "3"))  # 3 per member: 90 files in all


def _files(folder, n: int) -> list[tuple[str, bytes]]:
    folder.mkdir(parents=True)
    paths = []
    for k in range(0, FILES_EACH, 3):
        paths += [
            make_pdf(folder / f"SK Tim ZI {k}.pdf", [SK_TIM + f"\nSalinan ke-{n}-{k}"]),
            make_docx(folder / f"Laporan pengaduan {k}.docx", [LAPORAN_PENGADUAN, f"Lampiran {n}-{k}"]),
            make_xlsx(folder / f"Rekap survei {k}.xlsx",
                      {"Rekap": [["Unit", "Nilai"], [f"anggota {n}-{k}", 80 + n % 10]]}),
        ]
    return [(p.name, p.read_bytes()) for p in paths[:FILES_EACH]]


class LiveApp:
    """``web.app.create_app`` under uvicorn in a thread on a free loopback port."""

    def __init__(self, settings):
        import uvicorn

        from tests.services.base import free_port
        from web.app import create_app

        self.port = free_port()
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning",
                                limit_concurrency=200, timeout_keep_alive=30)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-load-test", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "LiveApp":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "web app did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(60)


@pytest.fixture(params=["direct", pytest.param("prefect", marks=[pytest.mark.prefect, pytest.mark.slow])])
def orchestrator(request, monkeypatch, dukung_env):
    monkeypatch.setenv("DUKUNG_INGEST__ORCHESTRATOR", request.param)
    if os.environ.get("DUKUNG_TEST_LOAD_WORKERS"):  # heavier runs by hand: parser processes
        monkeypatch.setenv("DUKUNG_INGEST__WORKERS", os.environ["DUKUNG_TEST_LOAD_WORKERS"])
    for key in [k for k in os.environ if k == "PREFECT_API_URL"]:
        monkeypatch.delenv(key)
    _refresh_prefect_settings()  # an earlier test of this process may have imported Prefect with a server URL
    yield request.param
    monkeypatch.undo()
    _refresh_prefect_settings()


def _refresh_prefect_settings() -> None:
    """Prefect reads its settings (``PREFECT_API_URL``) from the environment once, when imported: make
    this process's Prefect see the environment as it is now."""
    if "prefect.context" in sys.modules:
        sys.modules["prefect.context"].refresh_global_settings_context()


@pytest.mark.slow
def members_with_tokens(settings) -> dict[str, str]:
    """The ten units and their thirty members (three each), each with an API token: {e-mail: token}."""
    from flows.people.accounts import add_user, create_api_token
    from flows.runtime import open_runtime
    from storage.records import repository as repo

    tokens = {}
    with open_runtime(settings) as rt:
        with rt.records.session() as session:
            for unit in UNITS:
                repo.add_unit(session, unit, f"Unit {unit}")
        for unit, email in MEMBERS:
            add_user(rt, email, role="unit", password="kata-sandi-uji-123", units=[unit], actor="uji")
            tokens[email] = create_api_token(rt, email, "uji beban")
    return tokens


def test_thirty_batches_finished_at_once_all_end_processed(orchestrator, dukung_env, tmp_path):
    from config.settings import get_settings, load_settings
    from flows import prefect_server

    get_settings.cache_clear()
    settings = load_settings()
    assert settings.ingest.orchestrator == orchestrator
    tokens = members_with_tokens(settings)
    uploads = {email: _files(tmp_path / "src" / email, n) for n, (_unit, email) in enumerate(MEMBERS)}

    with LiveApp(settings) as live:
        clients = {email: httpx.Client(base_url=live.url, timeout=120,
                                       headers={"Authorization": f"Bearer {tokens[email]}"})
                   for _unit, email in MEMBERS}
        try:
            batches = {}
            for unit, email in MEMBERS:
                c = clients[email]
                r = c.post("/api/uploads", json={"unit": unit, "period": 2025})
                assert r.status_code == 200, r.text
                batches[email] = r.json()["id"]
                for name, data in uploads[email]:
                    r = c.post(f"/api/uploads/{batches[email]}/files", data={"path": f"AREA I/{email.split('@')[0]}/{name}"},
                               files={"file": (name, data)})
                    assert r.status_code == 200 and r.json()["outcome"] == "baru", r.text

            barrier = threading.Barrier(len(MEMBERS))
            answers: dict[str, int] = {}

            def finish(email: str) -> None:
                barrier.wait(30)
                answers[email] = clients[email].post(f"/api/uploads/{batches[email]}/finish").status_code

            threads = [threading.Thread(target=finish, args=(email,)) for _unit, email in MEMBERS]
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
            assert set(answers.values()) == {200} and len(answers) == len(MEMBERS), answers

            final = {}
            deadline = time.monotonic() + 900
            while len(final) < len(MEMBERS) and time.monotonic() < deadline:
                for _unit, email in MEMBERS:
                    if email not in final:
                        body = clients[email].get(f"/api/uploads/{batches[email]}").json()
                        if body["status"] in ("done", "error"):
                            final[email] = body
                time.sleep(1)
        finally:
            for c in clients.values():
                c.close()
        local = prefect_server.read_state(settings.home)
        if orchestrator == "prefect":
            # one server for the whole data folder, started by the web app; its warm runner ran the batches
            assert local is not None and local.started_by == "web"
            assert _runner_runs(settings.home, local.url) == len(MEMBERS)

    assert len(final) == len(MEMBERS), f"{len(MEMBERS) - len(final)} batches still processing"
    errors = {email: b["error"] for email, b in final.items() if b["status"] != "done"}
    assert not errors, errors
    states = [f["state"] for b in final.values() for f in b["files"]]
    assert len(states) == FILES_EACH * len(MEMBERS) and set(states) == {"ok"}, sorted(set(states))
    if orchestrator == "prefect":
        # the web app stopped the server it started: no process left behind
        assert prefect_server.read_state(settings.home) is None
        assert not alive(local.pid)


def _runner_runs(home, url: str) -> int:
    """Completed flow runs of the warm runner's ``ingest-upload`` deployment on the local server."""
    from flows.prefect_server import prefect_dir
    from flows.runner_client import read_runner

    runner = read_runner(prefect_dir(home))
    assert runner is not None, "no warm runner beside the local server"
    body = {"flow_runs": {"deployment_id": {"any_": [runner["deployments"]["ingest-upload"]]},
                          "state": {"type": {"any_": ["COMPLETED"]}}}}
    return int(httpx.post(f"{url}/flow_runs/count", json=body, timeout=30).json())


def test_flow_runtime_opened_once_by_many_threads_at_once(dukung_env):
    """Flow runs started in 30 threads at once share one runtime: opening it (migrations included) runs
    once, not concurrently (Alembic's module-global context failed with ``KeyError: 'config'``)."""
    from flows import pipelines

    pipelines.runtime.cache_clear()
    barrier = threading.Barrier(12)
    got, errors = [], []

    def open_it() -> None:
        barrier.wait(30)
        try:
            got.append(pipelines.runtime())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(repr(exc))

    threads = [threading.Thread(target=open_it) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        assert not errors, errors
        assert len(got) == 12 and len({id(rt) for rt in got}) == 1
    finally:
        if got:
            got[0].close()
        pipelines.runtime.cache_clear()
