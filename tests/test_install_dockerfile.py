"""Exactly the files the Dockerfile copies, installed with its `pip install` line, into a fresh virtual
environment: every module and data file is installed, every module imports, `dukung --help`, and an
init → upload → search from an empty folder (the demo's path on five files; tests/test_install_wheel.py
runs the demo itself from the wheel).
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_install_wheel import (NOT_SOURCE, PACKAGES, ROOT, assert_runs_installed_code, clean_env, fresh_venv,
                                      run, source_files)

pytestmark = [pytest.mark.install, pytest.mark.slow]


def dockerfile_steps() -> tuple[list[tuple[list[str], str]], list[str]]:
    """The Dockerfile's ``COPY src… dest`` lines and the arguments of its ``pip install``."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    copies, pip = [], None
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "COPY":
            assert not any(w.startswith("--") for w in words[1:]), line
            copies.append((words[1:-1], words[-1]))
        elif words[0] == "RUN" and "pip" in words and "install" in words:
            command = words[words.index("pip"):]
            pip = command[2:command.index("&&")] if "&&" in command else command[2:]
    assert copies and pip is not None
    return copies, pip


def installed_files(python: Path) -> set[str]:
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    return {p.relative_to(purelib).as_posix() for package in PACKAGES for p in (Path(purelib) / package).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_dockerfile_set_installed_its_way(tmp_path, evidence_folder):
    copies, pip_args = dockerfile_steps()
    app = tmp_path / "app"  # the Dockerfile's WORKDIR
    app.mkdir()
    for sources, dest in copies:
        target = app / dest
        for source in sources:
            path = ROOT / source
            if path.is_dir():
                shutil.copytree(path, target if dest.rstrip("/") != "." else app / path.name, ignore=NOT_SOURCE)
            else:
                shutil.copy2(path, target / path.name if dest.endswith("/") else target)
    python = fresh_venv(tmp_path / "venv")
    # the Dockerfile's own arguments; dependencies come from this environment instead of PyPI
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *pip_args, "--no-deps", "--no-build-isolation",
                    "--no-index"], cwd=app, check=True, capture_output=True, timeout=300)
    shutil.rmtree(app)  # nothing may be read from the copied tree after the install
    missing = source_files() - installed_files(python)
    assert not missing, f"not installed from the Dockerfile's files: {sorted(missing)}"
    work = tmp_path / "kosong"
    work.mkdir()
    env = clean_env(tmp_path / "data")
    assert_runs_installed_code(python, work, env)
    assert "Cara pakai" in run(python, ["--help"], work, env)
    imports = ("import importlib, pkgutil\n"
               "import config, storage, indexing, flows, web\n"
               "names = []\n"
               "for pkg in (config, storage, indexing, flows, web):\n"
               "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
               "        names.append(m.name)\n"
               "for name in names:\n"
               "    # Alembic's script, run by Alembic only; `python -m` entry points run their command on import\n"
               "    if name != 'storage.migrations.env' and not name.endswith('.__main__'):\n"
               "        importlib.import_module(name)\n"
               "print(len(names))\n")
    done = subprocess.run([str(python), "-c", imports], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    modules = len([f for f in source_files() if f.endswith(".py") and not f.endswith("__init__.py")])
    assert int(done.stdout.split()[-1]) >= modules
    run(python, ["init"], work, env)
    run(python, ["unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan"], work, env)
    up = json.loads(run(python, ["upload", str(evidence_folder), "--unit", "DINKES-JBR", "--period", "2025",
                                 "--format", "json"], work, env))
    assert up["statuses"] == {"ok": 4, "failed": 1}
    assert json.loads(run(python, ["search", "pengaduan", "--format", "json"], work, env))["total"] >= 2
