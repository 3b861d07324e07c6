"""Dukung installed the way users and the Docker image install it, run from an empty folder outside the tree.

The wheel (built from a copy of the source tree) installed into a fresh virtual environment: every
module and data file is in it; `dukung init`, `dukung demo`, `dukung web` serving the sign-in page, and
one upload on PostgreSQL + MinIO + Elasticsearch. (tests/test_install_dockerfile.py installs the
Dockerfile's file set the Dockerfile's way.)

The fresh environments reuse this environment's installed dependencies (a ``.pth`` line naming its
site-packages, after their own) so nothing is downloaded; Dukung itself comes only from what was installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from indexing.search._elasticsearch_schema import MAPPING_FILE  # the current mapping, whatever its version
from tests.services.base import free_port
from tests.services.require import service_env

pytestmark = [pytest.mark.install, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["config", "storage", "indexing", "flows", "web"]
NOT_SOURCE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".dukung",
                                    "demo-data", ".pytest_cache", ".test-artifacts", "results", ".env")


def source_files() -> set[str]:
    """Every file of the project's packages in the source tree, as paths relative to the root."""
    files = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files.add(path.relative_to(ROOT).as_posix())
    return files


def fresh_venv(where: Path) -> Path:
    """A new virtual environment that sees this one's dependencies but not this source tree; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    # plain path lines: the parent's .pth files (among them the editable install's) are not processed
    (Path(purelib) / "_dukung_test_parent.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user's shell: no Dukung or Prefect settings of the test run, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DUKUNG_", "PREFECT_", "PYTHON")) or k.startswith("DUKUNG_TEST_")}
    env.update(DUKUNG_HOME=str(home), DUKUNG_INGEST__ORCHESTRATOR="direct", DUKUNG_INGEST__OCR="false", **extra)
    return env


def run(venv_python: Path, args: list[str], cwd: Path, env: dict, timeout: float = 600) -> str:
    dukung = venv_python.parent / "dukung"
    done = subprocess.run([str(dukung), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"dukung {' '.join(args)}: {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def assert_runs_installed_code(python: Path, cwd: Path, env: dict) -> None:
    where = subprocess.run([str(python), "-c", "import flows, web, config; print(flows.__file__, web.__file__, "
                            "config.__file__)"], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    for path in where.stdout.split():
        assert Path(path).is_relative_to(python.parent.parent), where.stdout
        assert not Path(path).is_relative_to(ROOT), where.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("wheel-src") / "dukung"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("wheel-out")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(out), str(src)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("dukung-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_venv(wheel, tmp_path_factory) -> Path:
    python = fresh_venv(tmp_path_factory.mktemp("wheel-venv") / "venv")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return python


def test_the_wheel_holds_every_module_and_data_file(wheel):
    with zipfile.ZipFile(wheel) as zf:
        shipped = set(zf.namelist())
        metadata = zf.read(next(n for n in shipped if n.endswith(".dist-info/METADATA"))).decode()
    missing = source_files() - shipped
    assert not missing, f"not in the wheel: {sorted(missing)}"
    # what went missing before (issue 12), wherever a restructure moves it
    for top, name in (("indexing", "classify/__init__.py"), ("web", "pages/__init__.py"), ("web", "login.html"),
                      ("web", "static/app.css"), ("flows", "templates/report_unit.html"),
                      ("config", "lke-zi-2021.yaml"), ("indexing", f"mappings/{MAPPING_FILE.name}"),
                      ("indexing", "classify/model/evidence.npz"),
                      ("config", "locale/en/LC_MESSAGES/dukung.po"), ("config", "locale/id/LC_MESSAGES/dukung.po"),
                      ("storage", "script.py.mako"), ("storage", "versions/0001_initial_schema.py")):
        assert any(n.startswith(f"{top}/") and n.endswith(f"/{name}") for n in shipped), (top, name)
    assert not [n for n in shipped if n.startswith(("tests/", "benchmarks/", "tools/"))]
    assert "License-Expression: Apache-2.0" in metadata and any(n.endswith("licenses/LICENSE") for n in shipped)


def test_wheel_from_an_empty_folder_init_demo_web(wheel_venv, tmp_path):
    work = tmp_path / "kosong"
    work.mkdir()
    env = clean_env(tmp_path / "data")
    assert_runs_installed_code(wheel_venv, work, env)
    assert re.fullmatch(r"dukung \d+\.\d+\.\d+\S*\n", run(wheel_venv, ["--version"], work, env))
    assert "Siap." in run(wheel_venv, ["init"], work, env)
    demo = run(wheel_venv, ["demo"], work, env)
    assert "Selesai" in demo and "pengaduan" in demo
    docs = json.loads(run(wheel_venv, ["documents", "--format", "json"], work, env))
    assert len(docs) > 100 and {d["unit"] for d in docs} == {"DINKES-JBR", "PKM-SUMBERSARI", "RSUD-SOEBANDI"}

    port = free_port()
    web = subprocess.Popen([str(wheel_venv.parent / "dukung"), "web", "--port", str(port)], cwd=work, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, page = time.monotonic() + 90, None
        while time.monotonic() < deadline and web.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
                    page = (response.status, response.read().decode())
                break
            except OSError:
                time.sleep(0.3)
        assert page is not None, web.stdout.read() if web.poll() is not None else "no answer in 90 s"
        assert page[0] == 200 and "<form" in page[1] and "password" in page[1]
        # the catalogue ships: a browser asking for English gets the English page (compiled from the .po)
        english = urllib.request.Request(f"http://127.0.0.1:{port}/login", headers={"Accept-Language": "en"})
        with urllib.request.urlopen(english, timeout=5) as response:
            assert "Sign in" in response.read().decode()
        css = re.search(r'href="([^"]+\.css)"', page[1]).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=5) as response:
            assert response.status == 200 and response.read()
    finally:
        web.terminate()
        web.wait(30)


def test_wheel_uploads_to_postgresql_minio_elasticsearch(wheel_venv, evidence_folder, tmp_path):
    import uuid

    from elasticsearch import Elasticsearch

    from tests.services.postgres import create_database, drop_database

    servers = service_env("DUKUNG_TEST_MINIO_ENDPOINT", "DUKUNG_TEST_MINIO_ACCESS_KEY", "DUKUNG_TEST_MINIO_SECRET_KEY",
                          "DUKUNG_TEST_POSTGRES_URL", "DUKUNG_TEST_ELASTICSEARCH_URL")
    tag = uuid.uuid4().hex[:8]
    db = f"dukung_wheel_{tag}"
    env = clean_env(
        tmp_path / "data",
        DUKUNG_STORAGE__URL=f"s3://dukung-wheel-{tag}",
        DUKUNG_STORAGE__ENDPOINT=servers["DUKUNG_TEST_MINIO_ENDPOINT"],
        DUKUNG_STORAGE__ACCESS_KEY=servers["DUKUNG_TEST_MINIO_ACCESS_KEY"],
        DUKUNG_STORAGE__SECRET_KEY=servers["DUKUNG_TEST_MINIO_SECRET_KEY"],
        DUKUNG_RECORDS__URL=create_database(servers["DUKUNG_TEST_POSTGRES_URL"], db),
        DUKUNG_SEARCH__BACKEND="elasticsearch",
        DUKUNG_SEARCH__URL=servers["DUKUNG_TEST_ELASTICSEARCH_URL"],
        DUKUNG_SEARCH__INDEX_PREFIX=f"dukung-wheel-{tag}",
    )
    work = tmp_path / "kosong"
    work.mkdir()
    try:
        run(wheel_venv, ["init"], work, env)
        run(wheel_venv, ["unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan"], work, env)
        up = json.loads(run(wheel_venv, ["upload", str(evidence_folder), "--unit", "DINKES-JBR", "--period", "2025",
                                         "--format", "json"], work, env))
        assert up["new"] == 5 and up["statuses"] == {"ok": 4, "failed": 1}
        found = json.loads(run(wheel_venv, ["search", "mengadukan", "--format", "json"], work, env))
        assert found["total"] >= 2
        assert "5 dokumen terindeks (elasticsearch)" in run(wheel_venv, ["doctor"], work, env)
    finally:
        es = Elasticsearch(servers["DUKUNG_TEST_ELASTICSEARCH_URL"])
        names = list(es.options(ignore_status=404).indices.get(index=f"dukung-wheel-{tag}-*", expand_wildcards="all"))
        if names:
            es.indices.delete(index=",".join(names))
        es.close()
        drop_database(servers["DUKUNG_TEST_POSTGRES_URL"], db)
