"""The `dukung` command speaks to people (issue 16): Typer's and Click's own words in Indonesian, one
``Galat:`` line instead of a traceback (``--debug``/``DUKUNG_DEBUG`` shows it), unit codes in any case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def invoke(args):
    return runner.invoke(app, args, prog_name="dukung")


def _cli(args, env, cwd=None):
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def cli_env(dukung_env):
    """The environment of a child `dukung` process over the test's initialised data folder."""
    from flows.runtime import open_runtime
    from storage.records import repository as repo

    rt = open_runtime()
    with rt.records.session() as session:
        repo.add_unit(session, "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember", ["zi@dinkes.example.go.id"])
    rt.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUKUNG_DEBUG")}
    env.update({"COLUMNS": "200", "PYTHONPATH": str(ROOT)})
    env.pop("DUKUNG_INGEST__ORCHESTRATOR", None)  # as users run it: the Prefect flow
    return env


def test_typer_and_click_chrome_is_indonesian():
    helped = invoke(["check", "--help"]).output
    assert "Cara pakai: dukung check [OPSI]" in helped
    assert "Opsi" in helped and "Tampilkan bantuan ini" in helped
    assert "Usage" not in helped and "Options" not in helped and "Show this message" not in helped
    root = invoke(["--help"]).output
    assert "Perintah" in root and "PERINTAH [ARGUMEN]..." in root and "Commands" not in root

    missing = invoke(["upload"])
    assert missing.exit_code == 2
    assert "Argumen 'path' belum diisi." in missing.output and "Galat" in missing.output
    assert "Coba 'dukung upload --help' untuk bantuan." in missing.output
    assert "Missing argument" not in missing.output and "Try " not in missing.output
    bogus = invoke(["check", "--bogus"]).output
    assert "Tidak ada opsi --bogus" in bogus and "No such option" not in bogus
    wrong = invoke(["check", "--period", "dua-ribu"]).output
    assert "Nilai tidak sah untuk '--period'" in wrong and "bilangan bulat" in wrong and "Invalid value" not in wrong
    unknown = invoke(["cek"]).output
    assert "Tidak ada perintah 'cek'" in unknown and "No such command" not in unknown


def test_a_wrong_unit_code_is_one_line_without_a_traceback(cli_env, evidence_folder):
    """It printed Prefect's ~60-line traceback of the failed flow run before the Indonesian message."""
    done = _cli(["upload", str(evidence_folder), "--unit", "TIDAK-ADA", "--period", "2025"], cli_env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output and "File \"" not in output and "Flow run" not in output
    galat = [line for line in output.splitlines() if line.startswith("Galat:")]
    assert len(galat) == 1 and "TIDAK-ADA" in galat[0] and "belum terdaftar" in output
    assert "dukung unit add" not in output  # what to do, not a shell command


def test_debug_shows_the_traceback(cli_env):
    plain = _cli(["check", "--unit", "TIDAK-ADA", "--period", "2025"], cli_env)
    assert plain.returncode == 1 and "Traceback" not in plain.stdout + plain.stderr
    for args, env in ((["--debug", "check", "--unit", "TIDAK-ADA", "--period", "2025"], cli_env),
                      (["check", "--unit", "TIDAK-ADA", "--period", "2025", "--debug"], cli_env),
                      (["check", "--unit", "TIDAK-ADA", "--period", "2025"], {**cli_env, "DUKUNG_DEBUG": "1"})):
        shown = _cli(args, env)
        assert shown.returncode == 1 and "Traceback" in shown.stdout + shown.stderr, args
        assert "Galat: Unit 'TIDAK-ADA' belum terdaftar" in " ".join(shown.stdout.split()), shown.stdout


def test_an_unexpected_error_is_one_line_that_says_what_to_do(monkeypatch, capsys):
    cli_app = sys.modules["flows.cli.app"]

    def broken():
        raise RuntimeError("koneksi aneh")

    monkeypatch.setattr(cli_app, "app", broken)
    monkeypatch.setattr(sys, "argv", ["dukung", "check"])
    monkeypatch.delenv("DUKUNG_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        cli_app.main()
    out = capsys.readouterr().out
    assert exit_.value.code == 1
    assert "Galat:" in out and "--debug" in out and "koneksi aneh" in out and "Traceback" not in out


def test_unit_codes_are_case_insensitive_and_stored_in_upper_case(runtime):
    from flows.people.accounts import Principal
    from storage.records import repository as repo

    with runtime.records.session() as session:
        assert repo.get_unit(session, "dinkes-jbr").code == "DINKES-JBR"
        assert repo.get_unit(session, " Dinkes-Jbr ").code == "DINKES-JBR"
        new = repo.add_unit(session, "rsud-baru", "RSUD Baru")
        assert new.code == "RSUD-BARU"
        assert repo.add_unit(session, "RSUD-baru", "RSUD Baru").id == new.id  # the same unit
    member = Principal(1, "a@x", "A", "unit", frozenset({"DINKES-JBR"}))
    assert member.can_see("dinkes-jbr") and member.visible(["dinkes-jbr", "PKM-SUMBERSARI"]) == ["dinkes-jbr"]

    result = invoke(["check", "--unit", "dinkes-jbr", "--period", "2025", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"unit": "DINKES-JBR"' in result.output


def test_unit_codes_in_web_urls_and_the_api_are_case_insensitive(runtime):
    from tests.web_helpers import signed_in_site

    with signed_in_site(runtime, {"anggota": {"role": "unit", "units": ["DINKES-JBR"]}}) as site:
        member = site.login("anggota")
        page = member.get("/units/dinkes-jbr?period=2025")
        assert page.status_code == 200 and "DINKES-JBR" in page.text
        api = member.get("/api/units/Dinkes-Jbr/completeness?period=2025")
        assert api.status_code == 200 and api.json()["unit"] == "DINKES-JBR"
        assert member.get("/units/pkm-sumbersari?period=2025").status_code in (403, 404)


def test_the_bucket_inbox_takes_a_unit_folder_in_any_case(runtime):
    import io

    from flows.ingest.sync import find_changes

    runtime.objects.put("inbox/dinkes-jbr/2025/AREA I/catatan.txt", io.BytesIO(b"SK tim kerja 2025"))
    groups, report = find_changes(runtime, "inbox/")
    assert not report.rejected, report.rejected
    assert [unit for unit, _year in groups] == ["dinkes-jbr"]


def test_language_time_zone_and_debug_are_settings(monkeypatch, cli_env):
    """DUKUNG_LOCALE, DUKUNG_TIMEZONE and DUKUNG_DEBUG are known settings (an unknown DUKUNG_* fails)."""
    from config.settings import load_settings

    monkeypatch.setenv("DUKUNG_LOCALE", "en")
    monkeypatch.setenv("DUKUNG_TIMEZONE", "Asia/Makassar")
    monkeypatch.setenv("DUKUNG_DEBUG", "1")
    settings = load_settings()
    assert (settings.locale, settings.timezone, settings.debug) == ("en", "Asia/Makassar", True)
    english = _cli(["check", "--unit", "TIDAK-ADA", "--period", "2025"], {**cli_env, "DUKUNG_LOCALE": "en"})
    assert english.returncode == 1 and "Error:" in english.stdout and "Traceback" not in english.stdout
