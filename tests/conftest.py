"""Shared fixtures: an isolated Dukung home per test, a small real evidence folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.builders import make_docx, make_pdf, make_xlsx

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# A developer's `.env` (for docker compose) or data folder never reaches the tests: no env file, and
# the default data folder (the user's data directory) moved under a throw-away XDG_DATA_HOME.
os.environ["DUKUNG_ENV_FILE"] = ""
os.environ.pop("DUKUNG_HOME", None)
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="dukung-tests-xdg-")

SK_TIM = """PEMERINTAH KABUPATEN JEMBER
DINAS KESEHATAN
KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN JEMBER
NOMOR: 440/123/35.09.325/2025
TENTANG
PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI
KEPALA DINAS KESEHATAN KABUPATEN JEMBER,
Menimbang : a. bahwa dalam rangka pembangunan zona integritas perlu dibentuk tim kerja;
Mengingat : 1. Peraturan Menteri PANRB Nomor 90 Tahun 2021;
MEMUTUSKAN:
Menetapkan : KEPUTUSAN TENTANG PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS.
KESATU : Membentuk Tim Kerja Pembangunan Zona Integritas dengan susunan keanggotaan terlampir.
Ditetapkan di Jember
pada tanggal 6 Januari 2025
KEPALA DINAS KESEHATAN KABUPATEN JEMBER"""

NOTULEN = [
    "NOTULEN RAPAT PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS",
    "Pimpinan Rapat: Kepala Dinas Kesehatan",
    "Notulis: Sekretaris",
    "Pembahasan: pembentukan tim kerja dan pembagian tugas per area.",
    "Kesimpulan: tim kerja pembangunan zona integritas ditetapkan dengan SK Kepala Dinas.",
    "Masyarakat dapat mengadukan layanan melalui kotak aduan.",
]

LAPORAN_PENGADUAN = """LAPORAN PENGADUAN MASYARAKAT SEMESTER I TAHUN 2025
BAB I PENDAHULUAN
Latar Belakang: penanganan pengaduan masyarakat merupakan bagian dari penguatan pengawasan.
Rekap pengaduan masyarakat: 12 aduan diterima melalui kotak pengaduan dan SP4N-LAPOR!,
seluruhnya telah ditindaklanjuti. Jember, 30 Juni 2025"""


@pytest.fixture
def blank_env(tmp_path, monkeypatch):
    """An isolated DUKUNG_HOME that does not exist yet, direct orchestration, one parser process."""
    from config.settings import get_settings

    home = tmp_path / "home"
    monkeypatch.setenv("DUKUNG_HOME", str(home))
    monkeypatch.setenv("DUKUNG_INGEST__ORCHESTRATOR", "direct")
    monkeypatch.setenv("DUKUNG_INGEST__WORKERS", "1")
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def dukung_env(blank_env):
    """``blank_env`` set up as `dukung init` does (folder created, database migrated)."""
    from flows.runtime import open_runtime

    open_runtime().close()
    return blank_env


@pytest.fixture
def runtime(dukung_env):
    from flows.runtime import open_runtime
    from storage.records import repository as repo

    rt = open_runtime()
    with rt.records.session() as session:
        repo.add_unit(session, "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember", ["zi@dinkes.example.go.id"])
        repo.add_unit(session, "PKM-SUMBERSARI", "Puskesmas Sumbersari", [])
    yield rt
    rt.close()


@pytest.fixture
def evidence_folder(tmp_path) -> Path:
    """A small unit folder in the PN-Serang style, with one broken file."""
    root = tmp_path / "evidence"
    tim = root / "AREA I" / "i. Penyusunan Tim Kerja"
    tim.mkdir(parents=True)
    make_pdf(tim / "1.i.a SK TIM ZONA INTEGRITAS 2025.pdf", [SK_TIM])
    make_docx(tim / "1.i.a NOTULEN RAPAT PEMBENTUKAN TIM.docx", NOTULEN)
    make_xlsx(tim / "1.i.a DAFTAR HADIR RAPAT.xlsx",
              {"Daftar Hadir": [["DAFTAR HADIR RAPAT PEMBENTUKAN TIM KERJA"], ["No", "Nama", "NIP", "Jabatan", "Tanda Tangan"],
                                [1, "Ahmad", "198003142009031003", "Kepala Dinas", ""]]})
    aduan = root / "AREA V" / "iii. Pengaduan Masyarakat"
    aduan.mkdir(parents=True)
    make_pdf(aduan / "5.iii.b LAPORAN PENGADUAN 2025.pdf", [LAPORAN_PENGADUAN])
    (aduan / "5.iii.c LAPORAN MONEV RUSAK.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + b"\x00garbage" * 50)
    (root / "Thumbs.db").write_bytes(b"ignored")
    return root


@pytest.fixture(scope="session")
def catalog():
    """The bundled LKE catalog (read once)."""
    from config.catalog import load_catalog

    return load_catalog()


@pytest.fixture(scope="session")
def model():
    """The bundled evidence model (indexing/classify/model), loaded once."""
    from indexing.classify import default_model

    loaded = default_model()
    assert loaded is not None, "the bundled model file is missing (make train)"
    return loaded
