"""Project hygiene: our packages import from this repository; settings are documented and strict."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("package", ["config", "storage", "indexing", "flows"])
def test_packages_import_from_this_repository(package):
    # PyPI has packages called config, storage and flows: make sure ours are the ones imported.
    module = importlib.import_module(package)
    assert Path(module.__file__).resolve().is_relative_to(ROOT / package)


def test_no_module_shadows_the_standard_library():
    import sys

    ours = {p.stem for pkg in ("config", "storage", "indexing", "flows") for p in (ROOT / pkg).rglob("*.py")}
    assert not (ours & set(sys.stdlib_module_names) - {"__init__"})


def _env_names(model, prefix="DUKUNG_"):
    from pydantic import BaseModel

    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _env_names(annotation, f"{prefix}{name.upper()}__")
        else:
            yield f"{prefix}{name.upper()}"


def test_every_setting_is_documented_and_described():
    from config.settings import DukungSettings

    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = list(_env_names(DukungSettings))
    assert len(names) >= 10
    for name in names:
        assert f"`{name}`" in doc, f"{name} missing from docs/configuration.md"
    documented = {n for n in re.findall(r"`(DUKUNG_[A-Z_]+)`", doc) if not n.startswith("DUKUNG_TEST_")}
    from config.settings import ENV_FILE_VARIABLE  # names the `.env` file: read before the settings

    assert documented <= set(names) | {ENV_FILE_VARIABLE}, f"documented but unknown: {documented - set(names)}"


def test_unknown_setting_fails_loudly(monkeypatch):
    from config.errors import ConfigurationError
    from config.settings import load_settings

    monkeypatch.setenv("DUKUNG_SEARCH_BACKEND_TYPO", "x")
    with pytest.raises(ConfigurationError, match="DUKUNG_SEARCH_BACKEND_TYPO"):
        load_settings()


def test_bad_choice_fails_with_the_options(monkeypatch):
    from config.errors import ConfigurationError
    from config.settings import load_settings

    monkeypatch.setenv("DUKUNG_SEARCH__BACKEND", "lucene")
    with pytest.raises(ConfigurationError, match="fts5"):
        load_settings()


def test_nested_settings_from_environment(monkeypatch, tmp_path):
    from config.settings import load_settings

    monkeypatch.setenv("DUKUNG_HOME", str(tmp_path))
    monkeypatch.setenv("DUKUNG_INGEST__BATCH_SIZE", "7")
    settings = load_settings()
    assert settings.ingest.batch_size == 7
    assert settings.records_url == f"sqlite:///{tmp_path.resolve() / 'records.sqlite'}"
