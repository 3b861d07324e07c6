"""One data folder, found the same way from every folder; only `init`/`demo` create it; `.env` is read.

Migrations run under a lock: processes migrating the same database at once all succeed, one after the other.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def run(*args):
    """The command's output, its exit code as `dukung` gives it (a DukungError is one line and exit 1)."""
    from config.errors import DukungError

    result = runner.invoke(app, list(args))
    if isinstance(result.exception, DukungError):
        return type("Result", (), {"exit_code": 1, "output": result.output + str(result.exception)})()
    return result


@pytest.fixture
def default_home(tmp_path, monkeypatch):
    """DUKUNG_HOME unset: the data folder is the user's data directory (XDG_DATA_HOME/dukung)."""
    from config.settings import get_settings

    monkeypatch.delenv("DUKUNG_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DUKUNG_INGEST__ORCHESTRATOR", "direct")
    get_settings.cache_clear()
    yield tmp_path / "xdg" / "dukung"
    get_settings.cache_clear()


def test_commands_from_another_folder_see_the_same_data(default_home, tmp_path, monkeypatch):
    one, other = tmp_path / "satu", tmp_path / "lain"
    one.mkdir()
    other.mkdir()
    monkeypatch.chdir(one)
    assert run("init").exit_code == 0
    assert run("unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan").exit_code == 0
    monkeypatch.chdir(other)
    listed = run("unit", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [u["code"] for u in json.loads(listed.output)] == ["DINKES-JBR"]
    table = run("documents")
    assert table.exit_code == 0 and f"Data: {default_home}" in table.output
    assert (default_home / "records.sqlite").is_file()
    assert list(one.iterdir()) == [] and list(other.iterdir()) == []  # nothing written to the current folder


def test_the_installed_command_refuses_an_uninitialised_folder(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DUKUNG_HOME": str(tmp_path / "tidak-ada")}
    done = subprocess.run([str(Path(sys.executable).parent / "dukung"), "documents"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Folder data belum disiapkan" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "tidak-ada").exists()


@pytest.mark.parametrize("command", [["documents"], ["unit", "list"], ["check", "--format", "xlsx"],
                                     ["search", "pengaduan"], ["tags"], ["upload", ".", "--unit", "X"], ["web"]])
def test_an_uninitialised_folder_is_refused_not_created(blank_env, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 1
    assert "Folder data belum disiapkan" in result.output and "dukung init" in result.output
    assert "Traceback" not in result.output
    assert not blank_env.exists()
    assert not list(tmp_path.glob("*.xlsx"))


def test_doctor_reports_an_uninitialised_folder_without_creating_it(blank_env):
    result = run("doctor")
    assert result.exit_code == 1
    assert "belum ada" in result.output and "belum disiapkan" in result.output
    assert not blank_env.exists()


def test_an_old_schema_is_refused_until_init_migrates(blank_env):
    from storage.records.database import migrate

    blank_env.mkdir()
    migrate(f"sqlite:///{blank_env / 'records.sqlite'}", "0006")
    refused = run("documents")
    assert refused.exit_code == 1 and "skema versi 0006" in refused.output and "dukung init" in refused.output
    assert run("init").exit_code == 0
    assert run("documents").exit_code == 0


def test_schema_head_read_from_the_files_is_alembics_head():
    from alembic.script import ScriptDirectory

    from storage.records.database import alembic_config, schema_head

    assert ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() == schema_head()


def test_settings_read_dotenv_and_the_environment_wins(tmp_path, monkeypatch):
    from config.errors import ConfigurationError
    from config.settings import load_settings

    env = tmp_path / ".env"
    env.write_text("POSTGRES_USER=dukung\nDUKUNG_SEARCH__BACKEND=elasticsearch\nDUKUNG_INGEST__WORKERS=3\n"
                   f"DUKUNG_HOME={tmp_path / 'dari-env'}\n")
    monkeypatch.delenv("DUKUNG_HOME", raising=False)
    monkeypatch.delenv("DUKUNG_SEARCH__BACKEND", raising=False)
    monkeypatch.setenv("DUKUNG_INGEST__WORKERS", "5")
    monkeypatch.setenv("DUKUNG_ENV_FILE", str(env))
    settings = load_settings()
    assert settings.search.backend == "elasticsearch"  # from .env
    assert settings.ingest.workers == 5  # the environment wins
    assert settings.home == tmp_path / "dari-env"
    monkeypatch.delenv("DUKUNG_ENV_FILE")
    monkeypatch.chdir(tmp_path)  # the default: `.env` of the current folder
    assert load_settings().search.backend == "elasticsearch"
    env.write_text("DUKUNG_SERCH__BACKEND=fts5\n")
    with pytest.raises(ConfigurationError, match="DUKUNG_SERCH__BACKEND"):
        load_settings()


# --- migrations under a lock ----------------------------------------------------------------------

MIGRATE_WHEN_TOLD = """
import sys, time
from pathlib import Path
from storage.records.database import migrate
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
migrate(sys.argv[1])
"""


def _migrate_together(url: str, tmp_path, processes: int = 3) -> list[str]:
    """``processes`` processes, all imported and waiting, told to migrate ``url`` at the same instant."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    go = tmp_path / "los"
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    procs = [subprocess.Popen([sys.executable, "-c", MIGRATE_WHEN_TOLD, url, str(go)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(processes)]
    time.sleep(3)  # every process has imported SQLAlchemy and Alembic and is polling
    go.touch()
    outcomes = []
    for p in procs:
        out, _ = p.communicate(timeout=120)
        outcomes.append("ok" if p.returncode == 0 else out[-2000:])
    return sorted(outcomes)


def _assert_schema_at_head(url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.records.database import make_engine, schema_head, stored_revision
    from storage.records.models import Base

    assert stored_revision(url) == schema_head()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
    finally:
        engine.dispose()


def test_processes_migrating_sqlite_at_once_all_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'records.sqlite'}"
    assert _migrate_together(url, tmp_path) == ["ok", "ok", "ok"]
    _assert_schema_at_head(url)
    assert sqlite3.connect(tmp_path / "records.sqlite").execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_processes_migrating_postgresql_at_once_all_succeed(tmp_path):
    from tests.services.postgres import drop_database, fresh_database
    from tests.services.require import service_env

    base = service_env("DUKUNG_TEST_POSTGRES_URL")["DUKUNG_TEST_POSTGRES_URL"]
    name, url = fresh_database(base, "lock")
    try:
        assert _migrate_together(url, tmp_path) == ["ok", "ok", "ok"]
        _assert_schema_at_head(url)
    finally:
        drop_database(base, name)

