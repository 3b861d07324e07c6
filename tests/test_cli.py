"""The `dukung` CLI: every command has help; JSON shapes are stable; errors are one clear line."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()
COMMANDS = ["init", "unit", "unit add", "unit list", "upload", "retry", "check", "search", "documents", "catalog",
            "reindex", "reconcile", "demo", "doctor", "sync", "serve", "web", "tag", "untag", "tags", "assign", "review", "outbox",
            "outbox list", "outbox send", "user", "user add", "user list", "token", "token create",
            "token revoke", "backup", "restore", "period", "period create", "period list", "period activate",
            "period edit"]


def run(*args):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Cara pakai" in result.output and len(result.output) > 100


def test_catalog_question_json():
    result = run("catalog", "--question", "A.I.1.i.a", "--format", "json")
    data = json.loads(result.output)
    assert data["code"] == "A.I.1.i.a" and data["area_name"] == "Manajemen Perubahan"
    assert any("sk_tim_kerja" in item["types"] for item in data["evidence"]["items"])


def test_catalog_tree_lists_every_area():
    result = run("catalog")
    for name in ("Manajemen Perubahan", "Penguatan Pengawasan", "Peningkatan Kualitas Pelayanan Publik"):
        assert name in result.output
    assert "A.II.5.iii.a.a" in result.output


def test_unknown_question_is_a_clear_error():
    from flows.cli import main

    import sys

    argv = sys.argv
    sys.argv = ["dukung", "catalog", "--question", "Z.9"]
    try:
        with pytest.raises(SystemExit) as exc:
            main()
    finally:
        sys.argv = argv
    assert exc.value.code == 1


def test_upload_check_search_documents(dukung_env, evidence_folder, tmp_path):
    assert run("unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan", "--contact", "zi@x.go.id").exit_code == 0
    units = json.loads(run("unit", "list", "--format", "json").output)
    assert units == [{"code": "DINKES-JBR", "name": "Dinas Kesehatan", "contacts": ["zi@x.go.id"]}]

    up = run("upload", str(evidence_folder), "--unit", "DINKES-JBR", "--period", "2025", "--format", "json")
    assert up.exit_code == 0, up.output
    result = json.loads(up.output)
    assert result["new"] == 5 and result["processed"] == 5 and result["statuses"] == {"ok": 4, "failed": 1}

    docs = json.loads(run("documents", "--unit", "DINKES-JBR", "--format", "json").output)
    assert len(docs) == 5
    sk = next(d for d in docs if d["path"].endswith("SK TIM ZONA INTEGRITAS 2025.pdf"))
    assert set(sk) >= {"id", "unit", "path", "extraction", "doc_type", "questions", "sha256"}
    assert sk["doc_type"] == "sk_tim_kerja" and sk["questions"][0]["code"] == "A.I.1.i.a"
    failed = json.loads(run("documents", "--status", "failed", "--format", "json").output)
    assert [d["path"].rsplit("/", 1)[-1] for d in failed] == ["5.iii.c LAPORAN MONEV RUSAK.pdf"]

    check = json.loads(run("check", "--unit", "DINKES-JBR", "--period", "2025", "--format", "json").output)
    assert check[0]["unit"] == "DINKES-JBR" and len(check[0]["questions"]) == 113
    xlsx = tmp_path / "laporan.xlsx"
    assert run("check", "--unit", "DINKES-JBR", "--period", "2025", "--format", "xlsx", "-o", str(xlsx)).exit_code == 0
    wb = load_workbook(xlsx)
    assert wb.sheetnames[0] == "Ringkasan" and "Manajemen Perubahan" in wb.sheetnames
    assert wb["Manajemen Perubahan"].freeze_panes == "A2"

    table = run("check", "--unit", "DINKES-JBR", "--period", "2025")
    assert "Belum ada" in table.output and "bukan nilai evaluasi" in table.output

    found = json.loads(run("search", "mengadukan", "--format", "json").output)
    assert found["total"] >= 2 and any("<mark>" in h["snippet"] for h in found["hits"])
    assert set(found["facets"]) >= {"unit", "question", "doc_type"}

    assert "Indeks dibangun ulang: 5 dokumen" in run("reindex").output
    healthy = run("doctor")
    assert healthy.exit_code == 0 and "5 dokumen terindeks" in healthy.output
    assert "sudah mutakhir" in run("reindex", "--if-needed").output


def test_search_finds_file_names_and_reindex_brings_an_old_index_up(dukung_env, tmp_path):
    """`dukung search "sk tim"` finds files by their names and marks them; an index of the schema before
    paths were searched is refused with a clear line until `dukung reindex --if-needed` rebuilds it."""
    import sqlite3

    from config.settings import get_settings
    from tests.builders import make_pdf

    folder = tmp_path / "unggah"
    for sub in ("AREA I", "Manajemen Perubahan"):
        (folder / sub).mkdir(parents=True)
    make_pdf(folder / "AREA I" / "1.i.a SK TIM ZI [final].pdf", ["KEPUTUSAN KEPALA DINAS TENTANG KELOMPOK KERJA"])
    make_pdf(folder / "Manajemen Perubahan" / "SKTimKerja_2025.pdf", ["KEPUTUSAN KEPALA DINAS NOMOR 2"])
    make_pdf(folder / "AREA I" / "1.i.b NOTULEN RAPAT.pdf", ["NOTULEN RAPAT KOORDINASI"])
    run("unit", "add", "U1")
    assert run("upload", str(folder), "--unit", "U1", "--period", "2025", "--format", "json").exit_code == 0

    found = json.loads(run("search", "sk tim", "--format", "json").output)
    assert sorted(h["path"] for h in found["hits"]) == ["AREA I/1.i.a SK TIM ZI [final].pdf",
                                                       "Manajemen Perubahan/SKTimKerja_2025.pdf"]
    table = run("search", "sk tim").output
    assert "2 dokumen cocok" in table and "AREA I/1.i.a SK TIM ZI [final].pdf" in table  # Rich markup escaped
    assert "Manajemen Perubahan/SKTimKerja_2025.pdf" in table and "NOTULEN" not in table
    assert [h["path"] for h in json.loads(run("search", "1.i.b", "--format", "json").output)["hits"]] == [
        "AREA I/1.i.b NOTULEN RAPAT.pdf"]

    con = sqlite3.connect(get_settings().search_path)
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    old = runner.invoke(app, ["search", "sk tim"])
    assert old.exit_code == 1 and "pembangunan ulang indeks" in str(old.exception)  # main() prints it in one line
    assert "Indeks dibangun ulang: 3 dokumen" in run("reindex", "--if-needed").output
    assert json.loads(run("search", "sk tim", "--format", "json").output)["total"] == 2


def test_upload_to_unknown_unit_fails_cleanly(dukung_env, evidence_folder):
    result = runner.invoke(app, ["upload", str(evidence_folder), "--unit", "NOPE", "--period", "2025"])
    assert result.exit_code != 0
    assert "belum terdaftar" in str(result.exception)


def test_doctor_reports_drift_between_records_and_index(dukung_env, evidence_folder):
    run("unit", "add", "U1")
    run("upload", str(evidence_folder), "--unit", "U1", "--period", "2025", "--format", "json")
    from config.settings import get_settings
    from indexing.search import open_search_index

    index = open_search_index("fts5", path=get_settings().search_path)
    index.delete([1])
    index.close()
    result = run("doctor")
    assert result.exit_code == 1
    assert "5 dokumen tercatat tetapi 4 terindeks" in result.output
    run("reindex")
    assert run("doctor").exit_code == 0


def test_version_is_the_package_version():
    import tomllib
    from pathlib import Path

    expected = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]["version"]
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"dukung {expected}"
