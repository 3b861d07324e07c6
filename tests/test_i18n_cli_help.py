"""What `dukung` says before and around a command speaks the reader's language too: the ``--help`` of the root
and of every command, `dukung doctor`'s lines and the settings errors an admin meets at start-up. Indonesian by
default, reading exactly as before; English when ``DUKUNG_LOCALE=en`` (environment or `.env` file). Each check
runs `dukung` in a child process, as a person does: the help texts are translated as the command modules are
imported, so the locale must be chosen before that."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELPS = [["--help"], ["upload", "--help"], ["period", "--help"], ["period", "create", "--help"], ["check", "--help"],
         ["search", "--help"], ["doctor", "--help"], ["unit", "add", "--help"]]
#: Words of the Indonesian help that no English help should still carry (the LKE's window names, `isian`,
#: `revisi`, and the command name `dukung` are the same in both languages, so they are not here).
INDONESIAN = re.compile(r"\b(dan|atau|yang|untuk|dengan|Tampilkan|bawaan|periode|Periode|berkas|Unggah|kosong|"
                        r"mis|Tahun|Kode|pertanyaan|dokumen|Periksa|Daftar|wajib|Opsi|Perintah|Argumen|Cara pakai)\b")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUKUNG_DEBUG", "DUKUNG_LOCALE"))}
    env.update({"COLUMNS": "200", "PYTHONPATH": str(ROOT), "DUKUNG_ENV_FILE": ""}, **extra)
    return env


def _dukung(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def _help(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> str:
    done = _dukung(args, env, cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return " ".join(done.stdout.replace("│", " ").split())  # one line: Rich wraps long help at any word


def test_every_help_is_english_under_dukung_locale_en():
    env = _env(DUKUNG_LOCALE="en")
    root = _help(["--help"], env)
    assert "Dukung — Integrity Zone evidence workflow" in root
    assert "Upload an evidence folder: store it, extract text, classify into the LKE and index." in root
    assert "Evaluation periods (years)" in root and "Show Dukung's version and exit." in root
    assert "Commands" in root and "Show this message and exit." in root  # Click's own words, in English
    upload = _help(["upload", "--help"], env)
    assert "Evaluation period year (empty = the active period)" in upload and "Unit code" in upload
    assert "Admin: accept the upload outside the isian/revisi window" in upload
    create = _help(["period", "create", "--help"], env)
    assert "Start of the LKE isian window. Date (YYYY-MM-DD)" in create and "Make it the active period" in create
    for args in HELPS:
        text = _help(args, env)
        assert not INDONESIAN.findall(text), (args, INDONESIAN.findall(text), text)


def test_help_stays_indonesian_by_default_and_a_dotenv_locale_chooses_english(tmp_path):
    root = _help(["--help"], _env())
    assert "Dukung — alur kerja data dukung Zona Integritas (LKE ZI, PermenPANRB 90/2021)." in root
    assert "Unggah folder data dukung: simpan, ekstrak teks, klasifikasikan ke LKE, dan indeks." in root
    assert "Perintah" in root and "Tampilkan bantuan ini lalu keluar." in root
    upload = _help(["upload", "--help"], _env())
    assert "Cara pakai: python -m flows.cli upload [OPSI]" in upload
    assert "Tahun periode evaluasi (kosong = periode aktif) [bawaan: 0]" in upload and "Kode unit [wajib]" in upload
    period = _help(["period", "--help"], _env())
    assert "Periode evaluasi (tahun): masa isian, verifikasi TPI, revisi dan batas waktunya; satu periode aktif." \
        in period
    assert "Buat periode evaluasi; tanggal yang tidak diisi memakai jadwal bawaan" in period
    for text in (root, upload, period):
        assert "Upload an evidence folder" not in text and "Show this message" not in text
        assert "Evaluation period" not in text and "Options" not in text

    dotenv = tmp_path / ".env"  # the language the settings will read, chosen from the file before the help
    dotenv.write_text("DUKUNG_LOCALE=en\n")
    english = _help(["upload", "--help"], _env(DUKUNG_ENV_FILE=str(dotenv)), cwd=tmp_path)
    assert "Upload an evidence folder" in english and "Unit code" in english and "Kode unit" not in english


@pytest.fixture
def data_env(dukung_env):
    """A child process's environment over the test's initialised data folder."""
    return _env()


def test_doctor_speaks_english_under_dukung_locale_en(data_env):
    english = _dukung(["doctor"], {**data_env, "DUKUNG_LOCALE": "en"})
    assert english.returncode == 0, english.stdout + english.stderr
    out = english.stdout
    for line in ("Data folder:", "LKE catalog: ", " questions, lke-zi-2021.yaml", "Object store: ", "Database: revision ",
                 "(latest)", "Search index: 0 documents indexed (fts5)", "Active period: no active period yet",
                 "Pending documents: 0", "Stuck uploads: 0", "Partly sent files: 0", "Held uploads: 0", "OCR: ", "Links in e-mails: "):
        assert line in out, (line, out)
    for word in ("pertanyaan", "terindeks", "Basis data", "Folder data", "Tautan", "belum", "Unggahan", "revisi "):
        assert word not in out, (word, out)

    indonesian = _dukung(["doctor"], data_env).stdout  # the default reads as before
    for line in ("Folder data:", "Katalog LKE: ", " pertanyaan, lke-zi-2021.yaml", "Basis data: revisi ",
                 "(terbaru)", "Indeks pencarian: 0 dokumen terindeks (fts5)", "Periode aktif: belum ada periode aktif",
                 "Unggahan macet: 0", "Unggahan tertahan: 0", "Tautan di e-mail: "):
        assert line in indonesian, (line, indonesian)


def test_a_wrong_setting_is_explained_in_english_under_dukung_locale_en():
    wrong = {"DUKUNG_SEARCH__BACKEND": "lucene"}
    english = _dukung(["doctor"], _env(DUKUNG_LOCALE="en", **wrong))
    said = " ".join((english.stdout + english.stderr).split())
    assert english.returncode == 1
    assert "Error: Invalid settings:" in said
    assert "DUKUNG_SEARCH__BACKEND not recognised: 'lucene' (choices: fts5, elasticsearch)" in said
    assert "tidak dikenal" not in said and "Pengaturan" not in said
    typo = _dukung(["doctor"], _env(DUKUNG_LOCALE="en", DUKUNG_SERCH__BACKEND="fts5"))
    assert "Unknown environment variables: DUKUNG_SERCH__BACKEND (see docs/configuration.md)" in " ".join(
        (typo.stdout + typo.stderr).split())

    indonesian = _dukung(["doctor"], _env(**wrong))
    said = " ".join((indonesian.stdout + indonesian.stderr).split())
    assert "Galat: Pengaturan tidak valid:" in said
    assert "DUKUNG_SEARCH__BACKEND tidak dikenal: 'lucene' (pilihan: fts5, elasticsearch)" in said
