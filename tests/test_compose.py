"""docker-compose.yml cannot run here (no Docker engine): check that it is coherent instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
ENV_EXAMPLE = dict(
    line.split("=", 1) for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
SERVICES = COMPOSE["services"]


def test_production_shape_services():
    assert {"postgres", "minio", "elasticsearch", "prefect-server", "migrate", "worker", "web", "mail"} <= set(SERVICES)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_images_are_pinned(name):
    image = SERVICES[name].get("image", "")
    if "build" in SERVICES[name]:
        assert (ROOT / "Dockerfile").exists()
        return
    assert re.search(r":[\w.\-]+$", image) and not image.endswith(":latest"), image


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_ports_are_published_on_loopback_only(name):
    for port in SERVICES[name].get("ports", []):
        assert str(port).startswith("127.0.0.1:"), f"{name}: {port}"


def test_every_compose_variable_is_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"(?<!\$)\$\{(\w+)\}", text))
    assert used and used <= set(ENV_EXAMPLE), used - set(ENV_EXAMPLE)


def test_env_example_settings_are_real_and_switch_every_backend(monkeypatch, tmp_path):
    from config.settings import get_settings, load_settings
    from tests.test_project import _env_names
    from config.settings import DukungSettings

    known = set(_env_names(DukungSettings))
    dukung_vars = {k: v for k, v in ENV_EXAMPLE.items() if k.startswith("DUKUNG_")}
    assert set(dukung_vars) <= known, set(dukung_vars) - known
    for name in list(known):
        monkeypatch.delenv(name, raising=False)
    for key, value in dukung_vars.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DUKUNG_HOME", str(tmp_path))
    get_settings.cache_clear()
    settings = load_settings()
    assert settings.objects_url.startswith("s3://")
    assert settings.search.backend == "elasticsearch"
    assert settings.records_url.startswith("postgresql+psycopg://")
    assert (settings.mail.transport, settings.mail.host, settings.mail.resolved_port) == ("smtp", "mail", 1025)
    assert settings.mail.reviewers == ["tpi@inspektorat.example.go.id"]
    get_settings.cache_clear()


def test_dukung_services_run_real_commands():
    from typer.main import get_command

    from flows.cli import app

    commands = set(get_command(app).commands)
    for name, service in SERVICES.items():
        if service.get("build") or service.get("image", "").startswith("dukung"):
            command = service.get("command") or COMPOSE["x-dukung"].get("command")
            assert command and command[0] in commands, f"{name}: {command}"


def test_volumes_are_declared():
    declared = set(COMPOSE.get("volumes", {}))
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            source = str(volume).split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"{name}: {source}"
            else:
                assert (ROOT / source).exists(), f"{name}: {source}"


def test_dockerfile_copies_every_package():
    import tomllib

    found = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    for top in {p.rstrip("*") for p in found["include"]}:
        assert f"COPY {top} ./{top}" in dockerfile, top


def test_migrations_run_once_before_web_and_worker():
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["init"] and migrate["restart"] == "no"
    assert "migrate" not in migrate["depends_on"]
    for name in ("web", "worker"):
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
        assert SERVICES[name]["command"][0] != "init"
