"""Deterministic sample evidence ("data dukung") for three Zona Integritas work units.

``generate_sample_evidence(target)`` writes a realistic evidence set for three
units of Kabupaten Jember into ``target/<UNIT_CODE>/...``:

* ``DINKES-JBR``     – PN-Serang style folders
  (``AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf``),
* ``PKM-SUMBERSARI`` – BPS Google-Drive style folders
  (``1. Manajemen Perubahan/I. Pemenuhan/i. Penyusunan Tim Kerja/a. .../SK Tim ZI.pdf``),
  some files named with the official LKE code (``A.I.6.iv.a Laporan SKM ...``),
* ``RSUD-SOEBANDI``  – loose folders by area name plus ``Lain-lain/`` whose
  files can only be classified from their content; it also holds the single
  deliberately broken PDF.

Every document is a real PDF (reportlab), DOCX (python-docx) or XLSX
(openpyxl) with Indonesian text carrying the usual cues (KEPUTUSAN, NOMOR,
Menimbang, NOTULEN, DAFTAR HADIR, STANDAR OPERASIONAL PROSEDUR, Survei
Kepuasan Masyarakat, ...).  Content is produced by per-document-type builders
(:data:`_BUILDERS`) from an evidence plan per LKE question (:data:`_PLAN`).

Generation is deterministic and idempotent: the same ``year``/``seed`` always
produce byte-identical files (reportlab ``invariant=1``, fixed OOXML core
properties and zip timestamps), so re-uploading the sample deduplicates.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

__all__ = [
    "SAMPLE_UNITS",
    "SampleDocument",
    "SampleSet",
    "SampleUnit",
    "generate_sample_evidence",
]


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True)
class SampleDocument:
    """One generated file, relative to its unit folder (POSIX separators)."""

    relative_path: str
    question_codes: list[str]
    doc_type: str
    broken: bool = False


@dataclass
class SampleUnit:
    code: str
    name: str
    contacts: list[str]
    folder: Path
    documents: list[SampleDocument] = field(default_factory=list)

    @property
    def covered_codes(self) -> set[str]:
        return {c for d in self.documents for c in d.question_codes}


@dataclass
class SampleSet:
    units: list[SampleUnit]
    #: per unit: pengungkit question codes with NO evidence at all (whole
    #: indicators left empty on purpose plus single unanswered questions).
    gaps: dict[str, list[str]]
    #: per unit: covered question codes that deliberately received only part
    #: of their usual evidence (expected status "sebagian").
    partial: dict[str, list[str]] = field(default_factory=dict)
    #: per unit: indicators (``komponen.area.indikator`` e.g. ``I.5.iv``) without any evidence.
    gap_indicators: dict[str, list[str]] = field(default_factory=dict)

    def unit(self, code: str) -> SampleUnit:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    @property
    def documents(self) -> list[tuple[SampleUnit, SampleDocument]]:
        return [(u, d) for u in self.units for d in u.documents]


SAMPLE_UNITS: tuple[dict, ...] = (
    {
        "code": "DINKES-JBR",
        "name": "Dinas Kesehatan Kabupaten Jember",
        "contacts": ["zi@dinkes.jemberkab.go.id"],
    },
    {
        "code": "PKM-SUMBERSARI",
        "name": "Puskesmas Sumbersari",
        "contacts": ["zi.pkmsumbersari@gmail.com"],
    },
    {
        "code": "RSUD-SOEBANDI",
        "name": "RSUD dr. Soebandi Jember",
        "contacts": ["tim.zi@rsudsoebandi.jemberkab.go.id", "mutu@rsudsoebandi.jemberkab.go.id"],
    },
)

#: The one broken file of the set (relative to the RSUD-SOEBANDI folder); ``{year}`` is formatted.
BROKEN_FILE = "Manajemen Perubahan/Monev/Laporan Monev TW II {year}.pdf"

# --------------------------------------------------------------------------- catalog (from lke-zi-2021.json)

# (code, short question title used by BPS-drive style leaf folders)
_CATALOG_ROWS: tuple[tuple[str, str], ...] = (
    ('A.I.1.i.a', 'Unit Kerja telah Membentuk Tim'),
    ('A.I.1.i.b', 'Penentuan Anggota Tim Dipilih Melalui Prosedur'),
    ('A.I.1.ii.a', 'Terdapat Dokumen Rencana Kerja Pembangunan Zona'),
    ('A.I.1.ii.b', 'Dalam Dokumen Pembangunan Terdapat Target-target Prioritas'),
    ('A.I.1.ii.c', 'Terdapat Mekanisme atau Media untuk Mensosialisasikan'),
    ('A.I.1.iii.a', 'Seluruh Kegiatan Pembangunan sudah Dilaksanakan Sesuai'),
    ('A.I.1.iii.b', 'Terdapat Monitoring dan Evaluasi terhadap Pembangunan'),
    ('A.I.1.iii.c', 'Hasil Monitoring dan Evaluasi telah Ditindaklanjuti'),
    ('A.I.1.iv.a', 'Pimpinan Berperan Sebagai Role Model'),
    ('A.I.1.iv.b', 'Sudah Ditetapkan Agen Perubahan'),
    ('A.I.1.iv.c', 'Telah Dibangun Budaya Kerja dan Pola'),
    ('A.I.1.iv.d', 'Anggota Organisasi Terlibat dalam Pembangunan Zona'),
    ('A.I.2.i.a', 'SOP Mengacu pada Peta Proses Bisnis'),
    ('A.I.2.i.b', 'Prosedur Operasional Tetap telah Diterapkan'),
    ('A.I.2.i.c', 'Prosedur Operasional Tetap telah Dievaluasi'),
    ('A.I.2.ii.a', 'Sistem Pengukuran Kinerja Unit sudah Menggunakan'),
    ('A.I.2.ii.b', 'Operasionalisasi Manajemen SDM sudah Menggunakan Teknologi'),
    ('A.I.2.ii.c', 'Pemberian Pelayanan Kepada Publik sudah Menggunakan'),
    ('A.I.2.ii.d', 'Telah Dilakukan Monitoring dan dan Evaluasi'),
    ('A.I.2.iii.a', 'Kebijakan Tentang Keterbukaan Informasi Publik'),
    ('A.I.2.iii.b', 'Telah Dilakukan Monitoring dan Evaluasi Pelaksanaan'),
    ('A.I.3.i.a', 'Kebutuhan Pegawai yang Disusun oleh Unit'),
    ('A.I.3.i.b', 'Penempatan Pegawai Hasil Rekrutmen Murni Mengacu'),
    ('A.I.3.i.c', 'Telah Dilakukan Monitoring dan dan Evaluasi'),
    ('A.I.3.ii.a', 'Dalam Melakukan Pengembangan Karier Pegawai'),
    ('A.I.3.ii.b', 'Dalam Melakukan Mutasi Pegawai Antar Jabatan'),
    ('A.I.3.ii.c', 'Telah Dilakukan Monitoring dan Evaluasi'),
    ('A.I.3.iii.a', 'Unit Kerja Melakukan Training Need Analysis'),
    ('A.I.3.iii.b', 'Dalam Menyusun Rencana Pengembangan Kompetensi Pegawai'),
    ('A.I.3.iii.c', 'Tingkat Kesenjangan Kompetensi Pegawai yang Ada'),
    ('A.I.3.iii.d', 'Pegawai di Unit Kerja telah Memperoleh'),
    ('A.I.3.iii.e', 'Dalam Pelaksanaan Pengembangan Kompetensi'),
    ('A.I.3.iii.f', 'Telah Dilakukan Monitoring dan Evaluasi'),
    ('A.I.3.iv.a', 'Terdapat Penetapan Kinerja Individu yang Terkait'),
    ('A.I.3.iv.b', 'Ukuran Kinerja Individu telah Memiliki Kesesuaian'),
    ('A.I.3.iv.c', 'Pengukuran Kinerja Individu Dilakukan secara Periodik'),
    ('A.I.3.iv.d', 'Hasil Penilaian Kinerja Individu telah Dijadikan'),
    ('A.I.3.v.a', 'Aturan Disiplin/Kode Etik /'),
    ('A.I.3.vi.a', 'Data Informasi Kepegawaian Unit Kerja'),
    ('A.I.4.i.a', 'Unit Kerja telah Melibatkan Pimpinan'),
    ('A.I.4.i.b', 'Unit Kerja telah Melibatkan secara Langsung'),
    ('A.I.4.i.c', 'Pimpinan Memantau Pencapaian Kinerja secara Berkala'),
    ('A.I.4.ii.a', 'Dokumen Perencanaan Kinerja sudah Ada'),
    ('A.I.4.ii.b', 'Perencanaan Kinerja telah Berorientasi Hasil'),
    ('A.I.4.ii.c', 'Terdapat Penetapan Indikator Kinerja Utama'),
    ('A.I.4.ii.d', 'Indikator Kinerja telah telah Memenuhi Kriteria'),
    ('A.I.4.ii.e', 'Laporan Kinerja telah Disusun Tepat Waktu'),
    ('A.I.4.ii.f', 'Laporan Kinerja telah Memberikan Informasi Tentang'),
    ('A.I.4.ii.g', 'Terdapat Sistem Informasi/Mekanisme Informasi'),
    ('A.I.4.ii.h', 'Unit Kerja telah Berupaya Meningkatkan Kapasitas'),
    ('A.I.5.i.a', 'Telah Dilakukan Public Campaign Tentang Pengendalian'),
    ('A.I.5.i.b', 'Pengendalian Gratifikasi telah Diimplementasikan'),
    ('A.I.5.ii.a', 'Telah Dibangun Lingkungan Pengendalian'),
    ('A.I.5.ii.b', 'Telah Dilakukan Penilaian Risiko atas Pelaksanaan'),
    ('A.I.5.ii.c', 'Telah Dilakukan Kegiatan Pengendalian untuk Meminimalisir'),
    ('A.I.5.ii.d', 'SPI telah Diinformasikan dan Dikomunikasikan Kepada'),
    ('A.I.5.iii.a', 'Kebijakan Pengaduan Masyarakat telah Diimplementasikan'),
    ('A.I.5.iii.b', 'Pengaduan Masyarakat Dtindaklanjuti'),
    ('A.I.5.iii.c', 'Telah Dilakukan Monitoring dan Evaluasi'),
    ('A.I.5.iii.d', 'Hasil Evaluasi atas Penanganan Pengaduan Masyarakat'),
    ('A.I.5.iv.a', 'Whistle Blowing System telah Diterapkan'),
    ('A.I.5.iv.b', 'Telah Dilakukan Evaluasi atas Penerapan Whistle'),
    ('A.I.5.iv.c', 'Hasil Evaluasi atas Penerapan Whistle Blowing'),
    ('A.I.5.v.a', 'Telah Terdapat Identifikasi/Pemetaan Benturan'),
    ('A.I.5.v.b', 'Penanganan Benturan Kepentingan telah Disosialisasikan /'),
    ('A.I.5.v.c', 'Penanganan Benturan Kepentingan telah Diimplementasikan'),
    ('A.I.5.v.d', 'Telah Dilakukan Evaluasi atas Penanganan Benturan'),
    ('A.I.5.v.e', 'Hasil Evaluasi atas Penanganan Benturan Kepentingan'),
    ('A.I.6.i.a', 'Terdapat Kebijakan Standar Pelayanan'),
    ('A.I.6.i.b', 'Standar Pelayanan telah Dimaklumatkan'),
    ('A.I.6.i.c', 'Dilakukan Reviu dan Perbaikan atas Standar'),
    ('A.I.6.i.d', 'Telah Melakukan Publikasi atas Standar Pelayanan'),
    ('A.I.6.ii.a', 'Telah Dilakukan Berbagai Upaya Peningkatan Kemampuan'),
    ('A.I.6.ii.b', 'Informasi Tentang Pelayanan Mudah Diakses Melalui'),
    ('A.I.6.ii.c', 'Telah Terdapat Sistem Pemberian Penghargaan'),
    ('A.I.6.ii.d', 'Telah Terdapat Sistem Pemberian Kompensasi Kepada'),
    ('A.I.6.ii.e', 'Terdapat Sarana Layanan Terpadu/Terintegrasi'),
    ('A.I.6.ii.f', 'Terdapat Inovasi Pelayanan'),
    ('A.I.6.iii.a', 'Terdapat Media Pengaduan dan Konsultasi Pelayanan'),
    ('A.I.6.iii.b', 'Terdapat Unit yang Mengelola Pengaduan'),
    ('A.I.6.iii.c', 'Telah Dilakukan Evaluasi atas Penanganan Keluhan'),
    ('A.I.6.iv.a', 'Telah Dilakukan Survey Kepuasan Masyarakat'),
    ('A.I.6.iv.b', 'Hasil Survei Kepuasan Masyarakat Dapat Diakses'),
    ('A.I.6.iv.c', 'Dilakukan Tindak Lanjut atas Hasil Survei'),
    ('A.I.6.v.a', 'Telah Menerapkan Teknologi Informasi dalam Memberikan'),
    ('A.I.6.v.b', 'Telah Membangun Database Pelayanan yang Terintegrasi'),
    ('A.I.6.v.c', 'Telah Dilakukan Perbaikan secara Terus Menerus'),
    ('A.II.1.i.a', 'Agen Perubahan telah Membuat Perubahan'),
    ('A.II.1.i.b', 'Perubahan yang Dibuat Agen Perubahan'),
    ('A.II.1.ii.a', 'Pimpinan Memiliki Komitmen terhadap Pelaksanaan Reformasi'),
    ('A.II.1.iii.a', 'Instansi Membangun Budaya Kerja Positif'),
    ('A.II.2.i.a', 'Telah Disusun Peta Proses Bisnis'),
    ('A.II.2.ii.a', 'Implementasi SPBE telah Terintegrasi dan Mampu'),
    ('A.II.2.ii.b', 'Implementasi SPBE telah Terintegrasi dan Mampu'),
    ('A.II.2.iii.a', 'Transformasi Digital pada Bidang Proses Bisnis'),
    ('A.II.2.iii.b', 'Transformasi Digital pada Bidang Administrasi Pemerintahan'),
    ('A.II.2.iii.c', 'Transformasi Digital pada Bidang Pelayanan Publik'),
    ('A.II.3.i.a', 'Ukuran Kinerja Individu telah Berorientasi Hasil'),
    ('A.II.3.ii.a', 'Hasil Assement telah Dijadikan Pertimbangan'),
    ('A.II.3.iii.a', 'Penurunan Pelanggaran Disiplin Pegawai'),
    ('A.II.4.i.a', 'Persentase Sasaran dengan Capaian 100%'),
    ('A.II.4.ii.a', 'Hasil Capaian/Monitoring Perjanjian Kinerja'),
    ('A.II.4.iii.a', 'Apakah Terdapat Penjenjangan Kinerja yang Mengacu'),
    ('A.II.5.i.a', 'Telah Dilakukan Mekanisme Pengendalian Aktivitas'),
    ('A.II.5.ii.a', 'Persentase Penanganan Pengaduan Masyarakat'),
    ('A.II.5.iii.a.a', 'Persentase Penyampaian LHKPN'),
    ('A.II.5.iii.b.a', 'Persentase Penyampaian LHKASN'),
    ('A.II.6.i.a', 'Upaya dan/atau Inovasi'),
    ('A.II.6.i.b', 'Upaya dan/atau Inovasi'),
    ('A.II.6.ii.a', 'Penanganan Pengaduan Pelayanan Dilakukan Melalui Berbagai'),
)
_INDICATORS = {
    ('I', 1, 'i'): 'Penyusunan Tim Kerja',
    ('I', 1, 'ii'): 'Rencana Pembangunan Zona Integritas',
    ('I', 1, 'iii'): 'Pemantauan dan Evaluasi Pembangunan WBK/WBBM',
    ('I', 1, 'iv'): 'Perubahan pola pikir dan budaya kerja',
    ('I', 2, 'i'): 'Prosedur Operasional Tetap (SOP) Kegiatan Utama',
    ('I', 2, 'ii'): 'Sistem Pemerintahan Berbasis Elektronik (SPBE)',
    ('I', 2, 'iii'): 'Keterbukaan Informasi Publik',
    ('I', 3, 'i'): 'Perencanaan Kebutuhan Pegawai sesuai dengan Kebutuhan Organisasi',
    ('I', 3, 'ii'): 'Pola Mutasi Internal',
    ('I', 3, 'iii'): 'Pengembangan Pegawai Berbasis Kompetensi',
    ('I', 3, 'iv'): 'Penetapan Kinerja Individu',
    ('I', 3, 'v'): 'Penegakan Aturan Disiplin/Kode Etik/Kode Perilaku Pegawai',
    ('I', 3, 'vi'): 'Sistem Informasi Kepegawaian',
    ('I', 4, 'i'): 'Keterlibatan Pimpinan',
    ('I', 4, 'ii'): 'Pengelolaan Akuntabilitas Kinerja',
    ('I', 5, 'i'): 'Pengendalian Gratifikasi',
    ('I', 5, 'ii'): 'Penerapan Sistem Pengendalian Intern Pemerintah (SPIP)',
    ('I', 5, 'iii'): 'Pengaduan Masyarakat',
    ('I', 5, 'iv'): 'Whistle-Blowing System',
    ('I', 5, 'v'): 'Penanganan Benturan Kepentingan',
    ('I', 6, 'i'): 'Standar Pelayanan',
    ('I', 6, 'ii'): 'Budaya Pelayanan Prima',
    ('I', 6, 'iii'): 'Pengelolaan Pengaduan',
    ('I', 6, 'iv'): 'Penilaian Kepuasan terhadap Pelayanan',
    ('I', 6, 'v'): 'Pemanfaatan Teknologi Informasi',
    ('II', 1, 'i'): 'Komitmen dalam perubahan',
    ('II', 1, 'ii'): 'Komitmen Pimpinan',
    ('II', 1, 'iii'): 'Membangun Budaya Kerja',
    ('II', 2, 'i'): 'Peta Proses Bisnis Mempengaruhi Penyederhanaan Jabatan',
    ('II', 2, 'ii'): 'Sistem Pemerintahan Berbasis Elektronik (SPBE) yang Terintegrasi',
    ('II', 2, 'iii'): 'Transformasi Digital Memberikan Nilai Manfaat',
    ('II', 3, 'i'): 'Kinerja Individu',
    ('II', 3, 'ii'): 'Assessment Pegawai',
    ('II', 3, 'iii'): 'Pelanggaran Disiplin Pegawai',
    ('II', 4, 'i'): 'Meningkatnya capaian kinerja unit kerja',
    ('II', 4, 'ii'): 'Pemberian Reward and Punishment',
    ('II', 4, 'iii'): 'Kerangka Logis Kinerja',
    ('II', 5, 'i'): 'Mekanisme Pengendalian',
    ('II', 5, 'ii'): 'Penanganan Pengaduan Masyarakat',
    ('II', 5, 'iii'): 'Penyampaian Laporan Harta Kekayaan',
    ('II', 6, 'i'): 'Upaya dan/atau Inovasi Pelayanan Publik',
    ('II', 6, 'ii'): 'Penanganan Pengaduan Pelayanan dan Konsultasi',
}

_AREAS = {
    1: "Manajemen Perubahan",
    2: "Penataan Tatalaksana",
    3: "Penataan Sistem Manajemen SDM Aparatur",
    4: "Penguatan Akuntabilitas",
    5: "Penguatan Pengawasan",
    6: "Peningkatan Kualitas Pelayanan Publik",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}

# Loose (RSUD) folder names per indicator.
_LOOSE_FOLDERS = {
    ("I", 1, "i"): "Tim Kerja", ("I", 1, "ii"): "Rencana Kerja ZI", ("I", 1, "iii"): "Monev",
    ("I", 1, "iv"): "Budaya Kerja", ("I", 2, "i"): "SOP", ("I", 2, "ii"): "SPBE",
    ("I", 2, "iii"): "PPID", ("I", 3, "i"): "Kebutuhan Pegawai", ("I", 3, "ii"): "Mutasi",
    ("I", 3, "iii"): "Diklat", ("I", 3, "iv"): "SKP", ("I", 3, "v"): "Disiplin",
    ("I", 3, "vi"): "SIMPEG", ("I", 4, "i"): "Keterlibatan Pimpinan", ("I", 4, "ii"): "SAKIP",
    ("I", 5, "i"): "Gratifikasi", ("I", 5, "ii"): "SPIP", ("I", 5, "iii"): "Pengaduan",
    ("I", 5, "iv"): "WBS", ("I", 5, "v"): "Benturan Kepentingan", ("I", 6, "i"): "Standar Pelayanan",
    ("I", 6, "ii"): "Pelayanan Prima", ("I", 6, "iii"): "SP4N LAPOR", ("I", 6, "iv"): "SKM",
    ("I", 6, "v"): "IT Pelayanan", ("II", 1, "i"): "Agen Perubahan", ("II", 1, "ii"): "Komitmen Pimpinan",
    ("II", 1, "iii"): "Budaya Kerja", ("II", 2, "i"): "Proses Bisnis", ("II", 2, "ii"): "SPBE",
    ("II", 2, "iii"): "Transformasi Digital", ("II", 3, "i"): "Kinerja Individu",
    ("II", 3, "ii"): "Assessment", ("II", 3, "iii"): "Disiplin", ("II", 4, "i"): "Capaian Kinerja",
    ("II", 4, "ii"): "Reward Punishment", ("II", 4, "iii"): "Pohon Kinerja",
    ("II", 5, "i"): "Manajemen Risiko", ("II", 5, "ii"): "Pengaduan", ("II", 5, "iii"): "LHKPN LHKASN",
    ("II", 6, "i"): "Inovasi", ("II", 6, "ii"): "Pengaduan",
}


@dataclass(frozen=True)
class _Question:
    code: str
    komponen: str  # "I" (Pemenuhan) / "II" (Reform)
    area_no: int
    ind: str
    letter: str  # "a", or "a.a" for the LHKPN/LHKASN sub-indicator rows
    short: str

    @property
    def indicator_key(self) -> tuple[str, int, str]:
        return (self.komponen, self.area_no, self.ind)

    @property
    def indicator_name(self) -> str:
        return _INDICATORS[self.indicator_key]


def _questions() -> list[_Question]:
    out = []
    for code, short in _CATALOG_ROWS:
        parts = code.split(".")
        out.append(_Question(code, parts[1], int(parts[2]), parts[3], ".".join(parts[4:]), short))
    return out


_QUESTIONS = _questions()
_QBY = {q.code: q for q in _QUESTIONS}

# --------------------------------------------------------------------------- evidence plan


@dataclass(frozen=True)
class _Ev:
    doc_type: str
    label: str  # short file label, e.g. "SK Tim ZI"
    title: str  # subject used inside the document
    fmt: str = ""  # "", "pdf", "docx", "xlsx", "png"; "" = default of the doc type


def _mtg(label: str, title: str) -> list[_Ev]:
    """Undangan + daftar hadir + notulen of one meeting."""
    return [
        _Ev("undangan", f"Undangan Rapat {label}", title),
        _Ev("daftar_hadir", f"Daftar Hadir Rapat {label}", title),
        _Ev("notulen", f"Notulen Rapat {label}", title),
    ]


_TIM_ZI = "Pembentukan Tim Kerja Pembangunan Zona Integritas Menuju Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani"
_PK = _Ev("perjanjian_kinerja", "Perjanjian Kinerja {year}", "Perjanjian Kinerja Tahun {year}")
_IKU = _Ev("iku", "Indikator Kinerja Utama", "Penetapan Indikator Kinerja Utama")
_LAKIN = _Ev("laporan_kinerja", "LAKIN {prev}", "Laporan Kinerja Instansi Pemerintah Tahun {prev}")
_SKM = _Ev("laporan_skm", "Laporan SKM Semester I", "Survei Kepuasan Masyarakat Semester I Tahun {year}")
_REKAP_ADU = _Ev("rekap", "Rekap Pengaduan Masyarakat {year}", "Rekap Pengaduan Masyarakat {year}", "xlsx")
_SOP = _Ev("sop", "SOP Pelayanan", "Pelayanan Kepada Masyarakat")
_RA = _Ev("rencana_aksi", "Rencana Aksi Pembangunan ZI {year}", "Rencana Aksi Pembangunan Zona Integritas Tahun {year}")

_PLAN: dict[str, list[_Ev]] = {
    "A.I.1.i.a": [_Ev("sk", "SK Tim Zona Integritas", _TIM_ZI), *_mtg("Pembentukan Tim ZI", "Pembentukan Tim Kerja Pembangunan Zona Integritas")[1:]],
    "A.I.1.i.b": [_Ev("kebijakan", "Mekanisme Pemilihan Anggota Tim", "Mekanisme dan Tata Cara Pemilihan Anggota Tim Kerja Pembangunan Zona Integritas"),
                  _Ev("rekap", "Kertas Kerja Penentuan Anggota Tim", "Kertas Kerja Penentuan Anggota Tim Kerja Pembangunan Zona Integritas", "xlsx")],
    "A.I.1.ii.a": [_RA, *_mtg("Penyusunan Rencana Kerja ZI", "Penyusunan Rencana Kerja Pembangunan Zona Integritas")[1:]],
    "A.I.1.ii.b": [_Ev("sk", "SK Rencana Pembangunan ZI dan Target Prioritas", "Rencana Pembangunan Zona Integritas dan Target Prioritas Tahun {year}"), _RA],
    "A.I.1.ii.c": [_Ev("laporan", "Laporan Sosialisasi Pembangunan ZI", "Sosialisasi Pembangunan Zona Integritas Kepada Pegawai dan Masyarakat"),
                   _Ev("dokumentasi", "Dokumentasi Sosialisasi ZI Website dan Medsos", "Publikasi Pembangunan Zona Integritas di Website dan Media Sosial")],
    "A.I.1.iii.a": [_Ev("laporan", "Laporan Pelaksanaan Rencana Aksi ZI", "Pelaksanaan Rencana Aksi Pembangunan Zona Integritas"),
                    _Ev("rekap", "Monitoring Rencana Aksi ZI", "Monitoring Rencana Aksi Pembangunan Zona Integritas {year}", "xlsx")],
    "A.I.1.iii.b": [_Ev("laporan_monev", "Laporan Monev ZI Triwulan I", "Monitoring dan Evaluasi Pembangunan Zona Integritas Triwulan I Tahun {year}"),
                    *_mtg("Evaluasi ZI Triwulan I", "Evaluasi Pelaksanaan Pembangunan Zona Integritas Triwulan I")[2:]],
    "A.I.1.iii.c": [_Ev("laporan", "Laporan Tindak Lanjut Rekomendasi Monev ZI", "Tindak Lanjut Rekomendasi Hasil Monitoring dan Evaluasi Pembangunan Zona Integritas"),
                    _Ev("notulen", "Notulen Rapat Evaluasi ZI Triwulan II", "Evaluasi Pelaksanaan Pembangunan Zona Integritas Triwulan II")],
    "A.I.1.iv.a": [_Ev("laporan", "Laporan Peran Pimpinan sebagai Role Model", "Peran Pimpinan sebagai Role Model Pembangunan Zona Integritas"),
                   _Ev("rekap", "Rekap Absensi Pimpinan", "Rekapitulasi Kehadiran Pimpinan dan Pejabat Struktural {year}", "xlsx")],
    "A.I.1.iv.b": [_Ev("sk", "SK Agen Perubahan", "Penetapan Agen Perubahan"), *_mtg("Pembentukan Agen Perubahan", "Pembentukan Agen Perubahan")[2:]],
    "A.I.1.iv.c": [_Ev("laporan", "Laporan Penerapan Budaya Kerja BerAKHLAK", "Penerapan Budaya Kerja dan Nilai Dasar ASN BerAKHLAK"),
                   _Ev("foto_kegiatan", "Foto Kegiatan Apel Budaya Kerja", "Apel Pagi dan Internalisasi Budaya Kerja BerAKHLAK", "png")],
    "A.I.1.iv.d": [_Ev("pakta_integritas", "Pakta Integritas Pegawai", "Pakta Integritas Pegawai"),
                   _Ev("laporan", "Laporan Kegiatan Pencanangan ZI", "Pencanangan Pembangunan Zona Integritas dan Penandatanganan Pakta Integritas")],
    "A.I.2.i.a": [_Ev("laporan", "Peta Proses Bisnis", "Peta Proses Bisnis Utama"), _SOP],
    "A.I.2.i.b": [_Ev("laporan", "Laporan Penerapan SOP", "Penerapan Standar Operasional Prosedur"), _SOP],
    "A.I.2.i.c": [_Ev("laporan_monev", "Laporan Evaluasi SOP", "Evaluasi Penerapan Standar Operasional Prosedur Tahun {year}"),
                  *_mtg("Evaluasi SOP", "Evaluasi Standar Operasional Prosedur")[1:]],
    "A.I.2.ii.a": [_Ev("dokumentasi", "Screenshot Aplikasi e-Kinerja", "Penggunaan Aplikasi e-Kinerja dan e-SAKIP")],
    "A.I.2.ii.b": [_Ev("dokumentasi", "Screenshot Aplikasi SIMPEG", "Penggunaan Aplikasi SIMPEG dan e-Presensi")],
    "A.I.2.ii.c": [_Ev("laporan", "Laporan Layanan Publik Berbasis TI", "Pemanfaatan Aplikasi Pelayanan Publik"),
                   _Ev("dokumentasi", "Screenshot Website dan Aplikasi Layanan", "Website, Media Sosial dan Aplikasi Layanan")],
    "A.I.2.ii.d": [_Ev("laporan_monev", "Laporan Monev Pemanfaatan TI", "Monitoring dan Evaluasi Pemanfaatan Teknologi Informasi Tahun {year}"),
                   _Ev("notulen", "Notulen Rapat Evaluasi TI", "Evaluasi Pemanfaatan Teknologi Informasi")],
    "A.I.2.iii.a": [_Ev("sk", "SK PPID Pelaksana", "Penunjukan Pejabat Pengelola Informasi dan Dokumentasi (PPID) Pelaksana"),
                    _Ev("kebijakan", "Daftar Informasi Publik", "Daftar Informasi Publik dan Kebijakan Keterbukaan Informasi Publik")],
    "A.I.2.iii.b": [_Ev("laporan_monev", "Laporan Monev Keterbukaan Informasi Publik", "Monitoring dan Evaluasi Pelaksanaan Keterbukaan Informasi Publik Tahun {year}"),
                    _Ev("notulen", "Notulen Rapat Evaluasi KIP", "Evaluasi Pelaksanaan Keterbukaan Informasi Publik")],
    "A.I.3.i.a": [_Ev("laporan", "Rencana Kebutuhan Pegawai berbasis ABK", "Rencana Kebutuhan Pegawai Berdasarkan Peta Jabatan dan Analisis Beban Kerja"),
                  _Ev("surat", "Surat Usulan Kebutuhan Pegawai", "Usulan Kebutuhan Pegawai Tahun {next}")],
    "A.I.3.i.b": [_Ev("sk", "SK Penempatan Pegawai", "Penempatan Pegawai Hasil Rekrutmen"), _Ev("surat", "SPMT Pegawai Baru", "Surat Pernyataan Melaksanakan Tugas")],
    "A.I.3.i.c": [_Ev("laporan_monev", "Laporan Monev Penempatan Pegawai", "Monitoring dan Evaluasi Penempatan Pegawai Tahun {year}")],
    "A.I.3.ii.a": [_Ev("sk", "SK Mutasi Internal", "Mutasi/Rotasi Internal Pegawai"), *_mtg("Mutasi Internal", "Pembahasan Mutasi Internal Pegawai")[2:],
                   _Ev("surat", "Surat Usulan Mutasi", "Usulan Mutasi Internal Pegawai")],
    "A.I.3.ii.b": [_Ev("kebijakan", "Pola Mutasi Internal", "Pola Mutasi Internal Pegawai Berbasis Kompetensi"),
                   _Ev("rekap", "Daftar Kompetensi Pegawai", "Daftar Pegawai dan Kompetensi", "xlsx")],
    "A.I.3.ii.c": [_Ev("laporan_monev", "Laporan Monev Mutasi Pegawai", "Monitoring dan Evaluasi Mutasi Pegawai Tahun {year}")],
    "A.I.3.iii.a": [_Ev("laporan", "Training Need Analysis", "Analisis Kebutuhan Pelatihan (Training Need Analysis) Pegawai"),
                    *_mtg("Penyusunan TNA", "Penyusunan Training Need Analysis")[2:]],
    "A.I.3.iii.b": [_Ev("rencana_aksi", "Rencana Pengembangan Kompetensi Pegawai", "Rencana Pengembangan Kompetensi Pegawai Tahun {year}")],
    "A.I.3.iii.c": [_Ev("laporan", "Laporan Analisis Kesenjangan Kompetensi", "Analisis Kesenjangan Kompetensi Pegawai dengan Standar Kompetensi Jabatan")],
    "A.I.3.iii.d": [_Ev("kebijakan", "Kebijakan Pengembangan Kompetensi", "Kebijakan Pengembangan Kompetensi Pegawai"),
                    _Ev("surat", "Surat Pemanggilan Peserta Pelatihan", "Pemanggilan Peserta Pelatihan Pelayanan Prima")],
    "A.I.3.iii.e": [_Ev("laporan", "Laporan In House Training", "Pelaksanaan In House Training Peningkatan Kompetensi Pegawai"),
                    _Ev("rekap", "Rekap Diklat Pegawai {year}", "Rekapitulasi Pegawai Mengikuti Diklat {year}", "xlsx")],
    "A.I.3.iii.f": [_Ev("laporan_monev", "Laporan Monev Pengembangan Kompetensi", "Monitoring dan Evaluasi Hasil Pengembangan Kompetensi Pegawai {year}")],
    "A.I.3.iv.a": [_PK, _Ev("rekap", "Rekap SKP Pegawai", "Rekapitulasi Sasaran Kinerja Pegawai (SKP) {year}", "xlsx")],
    "A.I.3.iv.b": [_Ev("rekap", "Cascading SKP Berjenjang", "Cascading Kinerja dan SKP Berjenjang {year}", "xlsx")],
    "A.I.3.iv.c": [_Ev("rekap", "Penilaian Kinerja Bulanan", "Pengukuran Kinerja Pegawai Bulanan {year}", "xlsx")],
    "A.I.3.iv.d": [_Ev("sk", "SK Pegawai Teladan", "Penetapan Pegawai Teladan Berdasarkan Hasil Penilaian Kinerja"),
                   _Ev("notulen", "Notulen Penentuan Reward Pegawai", "Penentuan Pemberian Penghargaan Pegawai")],
    "A.I.3.v.a": [_Ev("kebijakan", "Kode Etik dan Kode Perilaku Pegawai", "Kode Etik dan Kode Perilaku Pegawai"),
                  _Ev("laporan", "Laporan Sosialisasi Disiplin Pegawai", "Sosialisasi Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil")],
    "A.I.3.vi.a": [_Ev("laporan", "Laporan Pemutakhiran Data SIMPEG", "Pemutakhiran Data Kepegawaian melalui Aplikasi SIMPEG"),
                   _Ev("rekap", "Rekap Update SIMPEG", "Rekap Pemutakhiran Data SIMPEG {year}", "xlsx")],
    "A.I.4.i.a": [*_mtg("Penyusunan Rencana Kegiatan dan Anggaran", "Penyusunan Rencana Kegiatan dan Anggaran Tahun {next}")[::2],
                  _Ev("kebijakan", "RKA {next}", "Rencana Kerja dan Anggaran Tahun {next}")],
    "A.I.4.i.b": [_Ev("notulen", "Notulen Penyusunan Perjanjian Kinerja", "Penyusunan dan Penetapan Perjanjian Kinerja Tahun {year}"), _PK],
    "A.I.4.i.c": [_Ev("notulen", "Notulen Monitoring Capaian Kinerja TW I", "Monitoring Capaian Kinerja Triwulan I Tahun {year}"),
                  _Ev("rekap", "Monitoring Capaian Kinerja", "Monitoring Capaian Kinerja Triwulanan {year}", "xlsx")],
    "A.I.4.ii.a": [_Ev("kebijakan", "Renstra 2021-2026", "Rencana Strategis Tahun 2021-2026"), _PK],
    "A.I.4.ii.b": [_PK],
    "A.I.4.ii.c": [_IKU],
    "A.I.4.ii.d": [_IKU],
    "A.I.4.ii.e": [_LAKIN, _Ev("dokumentasi", "Bukti Unggah LAKIN e-SAKIP", "Bukti Unggah Laporan Kinerja pada Aplikasi e-SAKIP")],
    "A.I.4.ii.f": [_LAKIN],
    "A.I.4.ii.g": [_Ev("sk", "SK Tim Pengelola Data Kinerja", "Pembentukan Tim Pengumpul dan Pengelola Data Kinerja")],
    "A.I.4.ii.h": [_Ev("laporan", "Laporan Bimtek SAKIP", "Bimbingan Teknis Penyusunan Laporan Kinerja dan SAKIP")],
    "A.I.5.i.a": [_Ev("dokumentasi", "Dokumentasi Kampanye Anti Gratifikasi", "Kampanye Publik Pengendalian Gratifikasi"),
                  *_mtg("Sosialisasi Larangan Gratifikasi", "Sosialisasi Larangan Gratifikasi")[1:]],
    "A.I.5.i.b": [_Ev("sk", "SK Unit Pengendalian Gratifikasi", "Pembentukan Unit Pengendalian Gratifikasi (UPG)"),
                  _Ev("laporan", "Laporan Kegiatan UPG", "Kegiatan Unit Pengendalian Gratifikasi Semester I Tahun {year}")],
    "A.I.5.ii.a": [_Ev("sk", "SK Satgas SPIP", "Pembentukan Satuan Tugas Sistem Pengendalian Intern Pemerintah (SPIP)"),
                   _Ev("laporan", "Laporan Penyelenggaraan SPIP", "Penyelenggaraan Sistem Pengendalian Intern Pemerintah Tahun {year}")],
    "A.I.5.ii.b": [_Ev("rekap", "Register Risiko {year}", "Identifikasi dan Penilaian Risiko (Register Risiko) {year}", "xlsx")],
    "A.I.5.ii.c": [_Ev("rencana_aksi", "Rencana Tindak Pengendalian Risiko", "Rencana Tindak Pengendalian Risiko Tahun {year}")],
    "A.I.5.ii.d": [*_mtg("Internalisasi SPIP", "Internalisasi Sistem Pengendalian Intern Pemerintah")[::2]],
    "A.I.5.iii.a": [_Ev("sk", "SK Petugas Pengaduan Masyarakat", "Penunjukan Petugas Pengelola Pengaduan Masyarakat"),
                    _Ev("dokumentasi", "Foto Kotak dan Banner Pengaduan", "Sarana Penyampaian Pengaduan Masyarakat")],
    "A.I.5.iii.b": [_REKAP_ADU, _Ev("laporan", "Laporan Pengaduan Masyarakat Semester I", "Penanganan Pengaduan Masyarakat Semester I Tahun {year}")],
    "A.I.5.iii.c": [_Ev("laporan_monev", "Laporan Monev Pengaduan Masyarakat", "Monitoring dan Evaluasi Penanganan Pengaduan Masyarakat Tahun {year}"),
                    _Ev("notulen", "Notulen Evaluasi Pengaduan", "Evaluasi Penanganan Pengaduan Masyarakat")],
    "A.I.5.iii.d": [_Ev("laporan", "Tindak Lanjut Evaluasi Pengaduan", "Rencana Aksi Tindak Lanjut Evaluasi Penanganan Pengaduan Masyarakat")],
    "A.I.5.iv.a": [_Ev("dokumentasi", "Screenshot Aplikasi WBS dan Banner", "Whistle Blowing System dan Sarana Pelaporan Pelanggaran")],
    "A.I.5.iv.b": [_Ev("laporan_monev", "Laporan Evaluasi WBS", "Evaluasi Penerapan Whistle Blowing System Tahun {year}")],
    "A.I.5.iv.c": [_Ev("laporan", "Laporan Tindak Lanjut Evaluasi WBS", "Tindak Lanjut Hasil Evaluasi Penerapan Whistle Blowing System")],
    "A.I.5.v.a": [_Ev("rekap", "Pemetaan Benturan Kepentingan", "Identifikasi dan Pemetaan Benturan Kepentingan {year}", "xlsx"),
                  _Ev("kebijakan", "Pedoman Penanganan Benturan Kepentingan", "Pedoman Penanganan Benturan Kepentingan")],
    "A.I.5.v.b": [*_mtg("Internalisasi Benturan Kepentingan", "Internalisasi Penanganan Benturan Kepentingan")[1:]],
    "A.I.5.v.c": [_Ev("surat", "Surat Pernyataan Bebas Benturan Kepentingan", "Surat Pernyataan Bebas dari Benturan Kepentingan")],
    "A.I.5.v.d": [_Ev("laporan_monev", "Laporan Evaluasi Benturan Kepentingan", "Evaluasi Penanganan Benturan Kepentingan Tahun {year}")],
    "A.I.5.v.e": [_Ev("laporan", "Tindak Lanjut Evaluasi Benturan Kepentingan", "Tindak Lanjut Evaluasi Penanganan Benturan Kepentingan")],
    "A.I.6.i.a": [_Ev("standar_pelayanan", "Standar Pelayanan", "Standar Pelayanan Publik"), _Ev("sk", "SK Standar Pelayanan", "Penetapan Standar Pelayanan Publik")],
    "A.I.6.i.b": [_Ev("maklumat_pelayanan", "Maklumat Pelayanan", "Maklumat Pelayanan"),
                  _Ev("dokumentasi", "Foto Maklumat Pelayanan di Ruang Tunggu", "Pemasangan Maklumat Pelayanan di Ruang Pelayanan dan Website")],
    "A.I.6.i.c": [_Ev("laporan", "Laporan Reviu Standar Pelayanan", "Reviu Standar Pelayanan dengan Melibatkan Pemangku Kepentingan"),
                  *_mtg("Reviu Standar Pelayanan", "Reviu dan Perbaikan Standar Pelayanan")[1:]],
    "A.I.6.i.d": [_Ev("maklumat_pelayanan", "Maklumat Pelayanan", "Maklumat Pelayanan"),
                  _Ev("dokumentasi", "Publikasi Standar Pelayanan di Website", "Publikasi Standar Pelayanan dan Maklumat Pelayanan")],
    "A.I.6.ii.a": [_Ev("laporan", "Laporan Pelatihan Pelayanan Prima", "Pelatihan Pelayanan Prima bagi Petugas Pelayanan"),
                   _Ev("rekap", "Jadwal Pelatihan Pelayanan Prima", "Jadwal Sosialisasi dan Pelatihan Pelayanan Prima {year}", "xlsx")],
    "A.I.6.ii.b": [_Ev("dokumentasi", "Capture Informasi Layanan di Media", "Informasi Pelayanan pada Website, Media Sosial dan SIPPN")],
    "A.I.6.ii.c": [_Ev("sk", "SK Reward dan Punishment Petugas Pelayanan", "Sistem Pemberian Penghargaan dan Sanksi bagi Petugas Pelayanan")],
    "A.I.6.ii.d": [_Ev("kebijakan", "Kebijakan Kompensasi Pelayanan", "Sistem Pemberian Kompensasi kepada Penerima Layanan")],
    "A.I.6.ii.e": [_Ev("dokumentasi", "Dokumentasi Layanan Terpadu", "Sarana Layanan Terpadu")],
    "A.I.6.ii.f": [_Ev("laporan", "Profil Inovasi Pelayanan", "Inovasi Pelayanan Publik")],
    "A.I.6.iii.a": [_Ev("dokumentasi", "Screenshot Profil SP4N LAPOR", "Profil Instansi dan Akses Admin SP4N-LAPOR!")],
    "A.I.6.iii.b": [_Ev("sk", "SK Pengelola SP4N LAPOR", "Penunjukan Pengelola Pengaduan Pelayanan Publik SP4N-LAPOR!")],
    "A.I.6.iii.c": [_Ev("laporan_monev", "Laporan Evaluasi Pengaduan dan Konsultasi", "Evaluasi Penanganan Keluhan, Masukan dan Konsultasi Pelayanan Tahun {year}")],
    "A.I.6.iv.a": [_SKM],
    "A.I.6.iv.b": [_Ev("dokumentasi", "Publikasi Hasil SKM", "Publikasi Hasil Survei Kepuasan Masyarakat")],
    "A.I.6.iv.c": [_Ev("laporan", "Tindak Lanjut Hasil SKM", "Rencana Tindak Lanjut dan Perbaikan Pelayanan Hasil Survei Kepuasan Masyarakat")],
    "A.I.6.v.a": [_Ev("laporan", "Laporan Penerapan TI dalam Pelayanan", "Penerapan Teknologi Informasi dalam Pelayanan Publik"),
                  _Ev("dokumentasi", "Screenshot Aplikasi Antrean Online", "Aplikasi Pelayanan dan Antrean Online")],
    "A.I.6.v.b": [_Ev("dokumentasi", "Screenshot Database Pelayanan Terintegrasi", "Database Pelayanan yang Terintegrasi")],
    "A.I.6.v.c": [_Ev("laporan_monev", "Laporan Evaluasi TI Pelayanan", "Evaluasi Penerapan Teknologi Informasi pada Pelayanan Publik Tahun {year}")],
    "A.II.1.i.a": [_Ev("sk", "SK Agen Perubahan", "Penetapan Agen Perubahan"), _Ev("kebijakan", "KAK Proyek Perubahan", "Kerangka Acuan Kerja Proyek Perubahan Agen Perubahan")],
    "A.II.1.i.b": [_Ev("laporan", "Laporan Proyek Perubahan", "Proyek Perubahan Agen Perubahan dan Integrasinya dalam Sistem Manajemen")],
    "A.II.1.ii.a": [_Ev("laporan", "Laporan Pelaksanaan Pembangunan ZI", "Pelaksanaan Pembangunan Zona Integritas Semester I Tahun {year}"), _RA],
    "A.II.1.iii.a": [*_mtg("Internalisasi Nilai BerAKHLAK", "Internalisasi Nilai-Nilai Organisasi dan Core Values ASN BerAKHLAK")[:2],
                     _Ev("sop", "SOP Budaya Kerja", "Penerapan Budaya Kerja 5R dan Apel Pagi")],
    "A.II.2.i.a": [_Ev("laporan", "Peta Proses Bisnis", "Peta Proses Bisnis Utama"), _SOP],
    "A.II.2.ii.a": [_Ev("laporan", "Dokumen Implementasi SPBE", "Implementasi Sistem Pemerintahan Berbasis Elektronik"),
                    _Ev("laporan_monev", "Laporan Monev SPBE", "Monitoring dan Evaluasi Sistem Pemerintahan Berbasis Elektronik Tahun {year}")],
    "A.II.2.ii.b": [_Ev("laporan_monev", "Laporan Monev SPBE", "Monitoring dan Evaluasi Sistem Pemerintahan Berbasis Elektronik Tahun {year}")],
    "A.II.2.iii.a": [_Ev("laporan_monev", "Laporan Monev Transformasi Digital", "Monitoring dan Evaluasi Transformasi Digital Tahun {year}"),
                     _Ev("dokumentasi", "Screenshot Aplikasi Layanan Utama", "Aplikasi Proses Bisnis Utama")],
    "A.II.2.iii.b": [_Ev("dokumentasi", "Screenshot Aplikasi Persuratan Elektronik", "Aplikasi Persuratan dan Tanda Tangan Elektronik"),
                     _Ev("laporan_monev", "Laporan Monev Transformasi Digital", "Monitoring dan Evaluasi Transformasi Digital Tahun {year}")],
    "A.II.2.iii.c": [_Ev("laporan_monev", "Laporan Monev Transformasi Digital", "Monitoring dan Evaluasi Transformasi Digital Tahun {year}")],
    "A.II.3.i.a": [_Ev("sk", "SK Indikator Kinerja Individu", "Penetapan Indikator Kinerja Individu (IKI)"),
                   _Ev("rekap", "Rekap SKP Pegawai", "Rekapitulasi Sasaran Kinerja Pegawai (SKP) {year}", "xlsx")],
    "A.II.3.ii.a": [_Ev("laporan", "Laporan Hasil Assessment Pegawai", "Hasil Assessment Kompetensi Pegawai")],
    "A.II.3.iii.a": [_Ev("laporan", "Laporan Penanganan Pelanggaran Disiplin", "Penanganan Pelanggaran Disiplin Pegawai Tahun {prev}-{year}"),
                     _Ev("sk", "SK Hukuman Disiplin", "Penjatuhan Hukuman Disiplin Tingkat Ringan")],
    "A.II.4.i.a": [_LAKIN],
    "A.II.4.ii.a": [_Ev("rekap", "Kertas Kerja Penilaian Kinerja dan Reward", "Kertas Kerja Penilaian Kinerja dan Reward Punishment {year}", "xlsx"), _PK],
    "A.II.4.iii.a": [_Ev("laporan", "Pohon Kinerja dan Kerangka Logis", "Pohon Kinerja dan Kerangka Logis Kinerja"), _IKU, _PK],
    "A.II.5.i.a": [_Ev("rekap", "Register Risiko {year}", "Identifikasi dan Penilaian Risiko (Register Risiko) {year}", "xlsx"),
                   _Ev("laporan", "Laporan Pengendalian Berjenjang SPIP", "Pelaksanaan Pengendalian Berjenjang dan Manajemen Risiko")],
    "A.II.5.ii.a": [_REKAP_ADU],
    "A.II.5.iii.a.a": [_Ev("laporan", "Laporan Kepatuhan LHKPN", "Kepatuhan Penyampaian Laporan Harta Kekayaan Penyelenggara Negara (LHKPN) Tahun {year}")],
    "A.II.5.iii.b.a": [_Ev("rekap", "Rekap Penyampaian LHKASN", "Rekap Penyampaian Laporan Harta Kekayaan ASN (LHKASN) {year}", "xlsx")],
    "A.II.6.i.a": [_Ev("laporan", "Laporan Penerapan Inovasi Layanan", "Penerapan Inovasi Pelayanan Publik (Sebelum dan Sesudah)")],
    "A.II.6.i.b": [_Ev("rekap", "Daftar Layanan yang Dipermudah", "Daftar Jenis Pelayanan Terdaftar dan yang Telah Dipermudah {year}", "xlsx"), _SKM],
    "A.II.6.ii.a": [_Ev("sk", "SK Tim Pengelola Pengaduan", "Pembentukan Tim Pengelola Pengaduan Pelayanan"), _REKAP_ADU],
}

# Which documents of RSUD go to "Lain-lain/" under a meaningless name (content-only classification).
_RSUD_LAIN_LAIN: dict[str, tuple[str, _Ev]] = {
    "A.I.1.i.b": ("scan_0012.pdf", _Ev("sk", "", "Tim Kerja Pembangunan Zona Integritas dan Mekanisme Pemilihan Anggotanya", "pdf")),
    "A.I.6.iv.a": ("dokumen (3).docx", _Ev("laporan_skm", "", "Survei Kepuasan Masyarakat Semester I Tahun {year}", "docx")),
    "A.I.1.iv.d": ("IMG_20250212_0001.pdf", _Ev("pakta_integritas", "", "Pakta Integritas Pegawai", "pdf")),
    "A.I.5.iii.b": ("Book1.xlsx", _Ev("rekap", "", "Rekap Pengaduan Masyarakat {year}", "xlsx")),
    "A.I.2.i.c": ("baru.docx", _Ev("notulen", "", "Evaluasi Standar Operasional Prosedur", "docx")),
}
#: RSUD questions that are always covered (folder examples and the broken file).
_RSUD_FORCED = ("A.I.1.i.a", "A.I.1.i.b", "A.I.1.iii.b", "A.I.5.i.a", "A.I.5.i.b", "A.I.6.iv.a")

# --------------------------------------------------------------------------- unit profiles

_FIRST = ["Agus", "Siti", "Dwi", "Rina", "Bambang", "Nur", "Eko", "Lilik", "Hadi", "Yuliana", "Moh.", "Fitri",
          "Heru", "Dian", "Sugeng", "Wahyu", "Endang", "Rizal", "Anik", "Slamet", "Novi", "Arif", "Indah", "Joko"]
_LAST = ["Santoso", "Rahmawati", "Prasetyo", "Wulandari", "Hidayat", "Kurniawan", "Susanti", "Setiawan",
         "Handayani", "Firmansyah", "Lestari", "Saputra", "Fauziah", "Hartono", "Maulana", "Puspitasari",
         "Nugroho", "Mufidah", "Wijaya", "Zainuddin"]
_TITLES = ["S.KM.", "S.Kep., Ns.", "A.Md.Keb.", "S.E.", "S.Kom.", "A.Md.Kep.", "S.Farm., Apt.", "S.Sos.", "", "M.Kes.", "S.ST."]

_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@dataclass(frozen=True)
class _Profile:
    code: str
    name: str
    contacts: tuple[str, ...]
    style: str  # "serang" | "bps" | "loose"
    kop: tuple[str, ...]
    head_title: str  # e.g. "KEPALA DINAS KESEHATAN KABUPATEN JEMBER"
    head_name: str
    head_nip: str
    kode: str  # suffix of letter numbers, e.g. "35.09.325"
    short: str  # short name used in sentences
    services: tuple[str, ...]
    innovation: str
    app: str
    website: str
    coverage: tuple[float, float]
    gap_indicators: int


_PROFILES: tuple[_Profile, ...] = (
    _Profile(
        "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember", ("zi@dinkes.jemberkab.go.id",), "serang",
        ("PEMERINTAH KABUPATEN JEMBER", "DINAS KESEHATAN",
         "Jl. Srikoyo No. 3 Patrang, Jember 68111 Telp. (0331) 487577",
         "Laman: dinkes.jemberkab.go.id  Pos-el: dinkes@jemberkab.go.id"),
        "KEPALA DINAS KESEHATAN KABUPATEN JEMBER", "dr. Hendra Wijayakusuma, M.Kes.", "197406182003121004",
        "35.09.325", "Dinas Kesehatan Kabupaten Jember",
        ("Penerbitan Rekomendasi Surat Izin Praktik Tenaga Kesehatan", "Penerbitan Sertifikat Laik Higiene Sanitasi",
         "Pelayanan Informasi dan Data Kesehatan", "Penerbitan Izin Produksi Pangan Industri Rumah Tangga (SPP-IRT)"),
        "SI-CETAR (Sistem Informasi Cepat Tanggap Rekomendasi Perizinan)", "SI-CETAR", "dinkes.jemberkab.go.id",
        (0.60, 0.68), 5,
    ),
    _Profile(
        "PKM-SUMBERSARI", "Puskesmas Sumbersari", ("zi.pkmsumbersari@gmail.com",), "bps",
        ("PEMERINTAH KABUPATEN JEMBER", "DINAS KESEHATAN", "UPTD PUSKESMAS SUMBERSARI",
         "Jl. Letjen Panjaitan No. 42 Sumbersari, Jember 68121 Telp. (0331) 335125"),
        "KEPALA UPTD PUSKESMAS SUMBERSARI", "drg. Ahmad Fauzi Rachman", "198003142009031003",
        "35.09.325.12", "UPTD Puskesmas Sumbersari",
        ("Pelayanan Poli Umum", "Pelayanan Kesehatan Ibu dan Anak serta KB", "Pelayanan Poli Gigi",
         "Pelayanan Imunisasi", "Pelayanan Laboratorium"),
        "SENYUM SUMBERSARI (Sentuhan Layanan Ibu dan Anak Sumbersari)", "SIMPUS Online", "pkmsumbersari.jemberkab.go.id",
        (0.42, 0.50), 6,
    ),
    _Profile(
        "RSUD-SOEBANDI", "RSUD dr. Soebandi Jember",
        ("tim.zi@rsudsoebandi.jemberkab.go.id", "mutu@rsudsoebandi.jemberkab.go.id"), "loose",
        ("PEMERINTAH KABUPATEN JEMBER", "RUMAH SAKIT UMUM DAERAH dr. SOEBANDI",
         "Jl. dr. Soebandi No. 124 Patrang, Jember 68111 Telp. (0331) 487441",
         "Laman: rsdsoebandi.jemberkab.go.id  Pos-el: rsd.soebandi@jemberkab.go.id"),
        "DIREKTUR RSUD dr. SOEBANDI JEMBER", "dr. Nur Hasanah Widyaningrum, Sp.PD., M.M.", "197208172002122006",
        "35.09.611", "RSUD dr. Soebandi Jember",
        ("Pelayanan Rawat Jalan", "Pelayanan Instalasi Gawat Darurat", "Pelayanan Rawat Inap", "Pelayanan Laboratorium",
         "Pelayanan Radiologi", "Pelayanan Farmasi"),
        "SI-DOEL (Sistem Informasi Daftar Online Elektronik)", "SI-DOEL", "rsdsoebandi.jemberkab.go.id",
        (0.52, 0.60), 5,
    ),
)

# --------------------------------------------------------------------------- content model

# A document is a list of blocks, rendered to PDF or DOCX (tables also to XLSX):
#   ("title", text) centred bold · ("center", text) · ("h", text) heading · ("p", text)
#   ("kv", [(key, value), ...]) · ("table", header, rows) · ("sign", [lines]) · ("break",)
Block = tuple


@dataclass
class _Ctx:
    unit: _Profile
    year: int
    title: str
    question: _Question
    rng: random.Random
    people: list[tuple[str, str, str]]  # (name, nip, jabatan)

    def d(self, month: int | None = None) -> date:
        m = month or self.rng.randint(1, 11)
        day = date(self.year, m, self.rng.randint(2, 27))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def nomor(self, prefix: str = "800") -> str:
        return f"{prefix}/{self.rng.randint(12, 980):03d}/{self.unit.kode}/{self.year}"

    def pick(self, n: int) -> list[tuple[str, str, str]]:
        return self.rng.sample(self.people, min(n, len(self.people)))


def _tgl(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _tc(text: str) -> str:
    """Title-case an official title but keep acronyms (RSUD, UPTD) and "dr." intact."""
    out = text.title()
    for a, b in (("Rsud", "RSUD"), ("Uptd", "UPTD"), ("Dr.", "dr.")):
        out = out.replace(a, b)
    return out


def _hari_tgl(d: date) -> str:
    return f"{_DAYS[d.weekday()]}, {_tgl(d)}"


def _kop(c: _Ctx) -> list[Block]:
    return [("title", c.unit.kop[0]), ("title", " ".join(c.unit.kop[1:-2]) if len(c.unit.kop) > 3 else c.unit.kop[1]),
            ("center", c.unit.kop[-2]), ("center", c.unit.kop[-1]), ("rule",)]


def _sign(c: _Ctx, d: date, who: str = "head") -> Block:
    if who == "head":
        return ("sign", [f"Jember, {_tgl(d)}", c.unit.head_title, "", "", c.unit.head_name, f"NIP. {c.unit.head_nip}"])
    name, nip, jab = c.people[0]
    return ("sign", [f"Jember, {_tgl(d)}", jab, "", "", name, f"NIP. {nip}"])


def _attendance_rows(c: _Ctx, n: int) -> list[list[str]]:
    return [[str(i + 1), nm, nip, jab, f"{i + 1}. ........"] for i, (nm, nip, jab) in enumerate(c.pick(n))]


def _b_sk(c: _Ctx) -> list[Block]:
    d = c.d(1 if "Tim Kerja" in c.title else None)
    topic = c.title.upper()
    members = c.pick(8)
    return [
        *_kop(c),
        ("title", f"KEPUTUSAN {c.unit.head_title}"),
        ("center", f"NOMOR: {c.nomor('188.4')}"),
        ("center", "TENTANG"),
        ("title", topic),
        ("center", c.unit.head_title + ","),
        ("kv", [
            ("Menimbang", f"a. bahwa dalam rangka mewujudkan birokrasi yang bersih, akuntabel dan melayani di lingkungan "
                          f"{c.unit.short}, perlu menetapkan {c.title[0].lower() + c.title[1:]}; "
                          "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
                          f"Keputusan {_tc(c.unit.head_title)} tentang {c.title};"),
            ("Mengingat", "1. Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan Negara yang Bersih dan Bebas dari "
                          "Korupsi, Kolusi, dan Nepotisme; 2. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik; "
                          "3. Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design Reformasi Birokrasi 2010-2025; "
                          "4. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun 2021 "
                          "tentang Pembangunan dan Evaluasi Zona Integritas Menuju Wilayah Bebas dari Korupsi dan Wilayah "
                          "Birokrasi Bersih dan Melayani di Instansi Pemerintah;"),
        ]),
        ("center", "MEMUTUSKAN:"),
        ("kv", [
            ("Menetapkan", f"KEPUTUSAN {c.unit.head_title} TENTANG {topic}."),
            ("KESATU", f"Menetapkan {c.title} di lingkungan {c.unit.short} dengan susunan sebagaimana tercantum "
                       "dalam Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan ini."),
            ("KEDUA", "Pihak yang ditetapkan sebagaimana dimaksud dalam Diktum KESATU bertugas menyusun rencana kerja, "
                      "melaksanakan, memantau dan melaporkan pelaksanaannya secara berkala kepada pimpinan."),
            ("KETIGA", f"Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada DPA {c.unit.short} "
                       f"Tahun Anggaran {c.year}."),
            ("KEEMPAT", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ]),
        ("sign", [f"Ditetapkan di Jember", f"pada tanggal {_tgl(d)}", c.unit.head_title, "", "", c.unit.head_name,
                  f"NIP. {c.unit.head_nip}"]),
        ("break",),
        ("h", f"LAMPIRAN KEPUTUSAN {c.unit.head_title}"),
        ("p", f"TENTANG {topic}"),
        ("table", ["No", "Nama", "NIP", "Kedudukan dalam Tim"],
         [[str(i + 1), nm, nip, ["Penanggung Jawab", "Ketua", "Sekretaris"][i] if i < 3 else "Anggota"]
          for i, (nm, nip, _) in enumerate(members)]),
    ]


def _b_undangan(c: _Ctx) -> list[Block]:
    d = c.d()
    rapat = d + timedelta(days=3 if d.weekday() < 2 else 4)
    if rapat.weekday() >= 5:
        rapat += timedelta(days=7 - rapat.weekday())
    return [
        *_kop(c),
        ("kv", [("Nomor", c.nomor("005")), ("Sifat", "Penting"), ("Lampiran", "-"), ("Hal", f"Undangan Rapat {c.title}")]),
        ("p", "Yth. Bapak/Ibu Pejabat Struktural dan Tim Kerja Pembangunan Zona Integritas"),
        ("p", f"di Lingkungan {c.unit.short}"),
        ("p", f"Dalam rangka {c.title.lower()}, bersama ini kami mengundang Bapak/Ibu untuk hadir pada rapat yang akan "
              "dilaksanakan pada:"),
        ("kv", [("Hari/Tanggal", _hari_tgl(rapat)), ("Waktu", f"{c.rng.choice(['08.30', '09.00', '13.00'])} WIB s.d. selesai"),
                ("Tempat", c.rng.choice(["Aula", "Ruang Rapat Utama", "Ruang Rapat Lantai 2"]) + f" {c.unit.short}"),
                ("Acara", c.title)]),
        ("p", "Mengingat pentingnya acara tersebut, dimohon kehadiran tepat waktu. Atas perhatian dan kehadirannya "
              "disampaikan terima kasih."),
        _sign(c, d),
    ]


def _b_daftar_hadir(c: _Ctx) -> list[Block]:
    d = c.d()
    return [
        ("title", "DAFTAR HADIR"),
        ("title", f"RAPAT {c.title.upper()}"),
        ("kv", [("Hari/Tanggal", _hari_tgl(d)), ("Tempat", f"Ruang Rapat {c.unit.short}")]),
        ("table", ["No", "Nama", "NIP", "Jabatan", "Tanda Tangan"], _attendance_rows(c, c.rng.randint(10, 16))),
        _sign(c, d),
    ]


def _b_notulen(c: _Ctx) -> list[Block]:
    d = c.d()
    lead, notulis = c.people[0], c.people[-1]
    points = [
        f"Pimpinan rapat menyampaikan arahan terkait {c.title.lower()} sebagai bagian dari pembangunan Zona Integritas "
        f"menuju WBK/WBBM di {c.unit.short} tahun {c.year}.",
        "Ketua Tim Kerja memaparkan capaian, kendala dan rencana tindak lanjut pada masing-masing area perubahan.",
        "Peserta memberikan masukan terhadap kelengkapan data dukung dan pembagian penanggung jawab kegiatan.",
    ]
    return [
        *_kop(c),
        ("title", "NOTULEN RAPAT"),
        ("kv", [("Hari/Tanggal", _hari_tgl(d)), ("Waktu", "09.00 - 11.30 WIB"), ("Tempat", f"Ruang Rapat {c.unit.short}"),
                ("Acara", c.title), ("Pimpinan Rapat", f"{lead[0]} ({lead[2]})"), ("Notulis", notulis[0]),
                ("Peserta", f"{c.rng.randint(12, 30)} orang (daftar hadir terlampir)")]),
        ("h", "Pembahasan"),
        *[("p", f"{i + 1}. {t}") for i, t in enumerate(points)],
        ("h", "Kesimpulan"),
        ("p", f"Rapat menyepakati pelaksanaan {c.title.lower()} sesuai jadwal dan seluruh bidang wajib melengkapi data "
              "dukung paling lambat akhir bulan berjalan."),
        ("h", "Tindak Lanjut"),
        ("table", ["No", "Tindak Lanjut", "Penanggung Jawab", "Batas Waktu"],
         [[str(i + 1), t, p[2], _tgl(d + timedelta(days=14 * (i + 1)))] for i, (t, p) in enumerate(zip(
             ["Melengkapi data dukung sesuai LKE", "Menyusun laporan pelaksanaan kegiatan", "Mempublikasikan hasil rapat"],
             c.pick(3)))]),
        _sign(c, d, "notulis"),
    ]


def _bab(c: _Ctx, monev: bool) -> list[Block]:
    tw = c.rng.choice(["I", "II", "III"])
    out: list[Block] = [
        ("h", "BAB I PENDAHULUAN"),
        ("h", "A. Latar Belakang"),
        ("p", "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun 2021 mengamanatkan "
              "pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi (WBK) dan Wilayah Birokrasi Bersih dan "
              f"Melayani (WBBM) melalui enam area perubahan. {c.unit.short} berkomitmen melaksanakan {c.title.lower()} "
              f"sebagai bagian dari area {_AREAS[c.question.area_no]}, indikator {c.question.indicator_name}."),
        ("h", "B. Maksud dan Tujuan"),
        ("p", f"Laporan ini disusun untuk memberikan gambaran pelaksanaan {c.title.lower()}, capaian yang telah diperoleh, "
              "kendala yang dihadapi serta rekomendasi perbaikan ke depan."),
        ("h", "C. Ruang Lingkup"),
        ("p", f"Ruang lingkup laporan meliputi seluruh bidang/unit pelayanan di {c.unit.short} pada periode Januari "
              f"s.d. {_MONTHS[c.rng.randint(5, 11)]} {c.year}."),
        ("break",),
        ("h", "BAB II PELAKSANAAN" if not monev else "BAB II HASIL MONITORING DAN EVALUASI"),
    ]
    if monev:
        out += [
            ("p", f"Monitoring dan evaluasi dilaksanakan pada triwulan {tw} tahun {c.year} terhadap realisasi kegiatan "
                  "dibandingkan dengan target dalam rencana kerja. Rincian realisasi disajikan pada tabel berikut."),
            ("table", ["No", "Kegiatan", "Target", "Realisasi", "Capaian (%)", "Kendala"],
             [[str(i + 1), k, "100%", f"{r}%", str(r), kd] for i, (k, r, kd) in enumerate([
                 ("Sosialisasi kepada pegawai", c.rng.randint(80, 100), "-"),
                 ("Penyusunan dokumen pendukung", c.rng.randint(60, 100), "Keterbatasan waktu"),
                 ("Publikasi melalui website dan media sosial", c.rng.randint(70, 100), "-"),
                 ("Evaluasi dan pelaporan", c.rng.randint(50, 95), "Data dari bidang terlambat"),
             ])]),
            ("h", "Kendala"),
            ("p", "Kendala utama adalah keterlambatan pengumpulan data dukung dari bidang dan beban kerja pelayanan yang tinggi."),
            ("h", "Rekomendasi"),
            ("p", "1. Menetapkan jadwal pengumpulan data dukung bulanan. 2. Melakukan pendampingan kepada bidang yang "
                  "capaiannya di bawah target. 3. Menindaklanjuti hasil monitoring dan evaluasi pada triwulan berikutnya."),
        ]
    else:
        out += [
            ("p", f"Kegiatan {c.title.lower()} dilaksanakan pada {_hari_tgl(c.d())} bertempat di {c.unit.short} dan diikuti "
                  f"oleh {c.rng.randint(20, 90)} orang pegawai. Materi disampaikan oleh pimpinan dan narasumber dari "
                  "Inspektorat Kabupaten Jember."),
            ("table", ["No", "Uraian Kegiatan", "Output", "Keterangan"],
             [["1", "Persiapan dan koordinasi", "Undangan, daftar hadir", "Terlaksana"],
              ["2", f"Pelaksanaan {c.title[:60]}", "Notulen, dokumentasi", "Terlaksana"],
              ["3", "Pelaporan kepada pimpinan", "Laporan kegiatan", "Terlaksana"]]),
        ]
    out += [
        ("h", "BAB III PENUTUP"),
        ("p", f"Demikian laporan ini disusun sebagai bahan evaluasi pembangunan Zona Integritas di {c.unit.short}. "
              "Saran dan masukan sangat diharapkan untuk perbaikan di masa mendatang."),
        _sign(c, c.d(12)),
    ]
    return out


def _b_laporan(c: _Ctx) -> list[Block]:
    return [("title", "LAPORAN"), ("title", c.title.upper()), ("center", c.unit.name.upper()),
            ("center", f"TAHUN {c.year}"), *_bab(c, False)]


def _b_laporan_monev(c: _Ctx) -> list[Block]:
    return [("title", "LAPORAN MONITORING DAN EVALUASI"), ("title", c.title.upper()), ("center", c.unit.name.upper()),
            *_bab(c, True)]


def _b_rencana_aksi(c: _Ctx) -> list[Block]:
    rows = []
    for i, (area, keg) in enumerate([
        (_AREAS[1], "Penyusunan SK Tim Kerja dan rencana kerja pembangunan ZI"),
        (_AREAS[2], "Reviu SOP pelayanan dan peta proses bisnis"),
        (_AREAS[3], "Penyusunan rencana pengembangan kompetensi pegawai"),
        (_AREAS[4], "Penyusunan Perjanjian Kinerja dan monitoring capaian"),
        (_AREAS[5], "Sosialisasi pengendalian gratifikasi dan penanganan pengaduan"),
        (_AREAS[6], "Survei Kepuasan Masyarakat dan inovasi pelayanan"),
    ]):
        pj = c.people[i % len(c.people)][2]
        rows.append([str(i + 1), area, keg, "Dokumen/laporan", "100%", f"{_MONTHS[i * 2]} - {_MONTHS[i * 2 + 1]} {c.year}", pj])
    return [
        *_kop(c),
        ("title", c.title.upper()),
        ("p", f"Rencana Kerja/Rencana Aksi ini memuat target prioritas pembangunan Zona Integritas {c.unit.short} pada "
              "enam area perubahan, lengkap dengan output, jadwal dan penanggung jawab."),
        ("table", ["No", "Area Perubahan", "Rencana Aksi", "Output", "Target", "Jadwal", "Penanggung Jawab"], rows),
        _sign(c, c.d(1)),
    ]


def _b_sop(c: _Ctx) -> list[Block]:
    d = c.d(2)
    steps = ["Petugas menerima permohonan/pengguna layanan", "Petugas memverifikasi kelengkapan persyaratan",
             "Petugas memproses layanan sesuai standar", "Kepala unit memeriksa dan menyetujui",
             "Petugas menyerahkan produk layanan dan mencatat dalam register"]
    return [
        *_kop(c),
        ("title", "STANDAR OPERASIONAL PROSEDUR"),
        ("title", c.title.upper()),
        ("kv", [("Nomor SOP", f"SOP/{c.rng.randint(1, 60):03d}/{c.unit.kode}/{c.year}"), ("Tanggal Pembuatan", _tgl(d)),
                ("Tanggal Revisi", "-"), ("Tanggal Efektif", _tgl(d + timedelta(days=7))),
                ("Disahkan oleh", f"{c.unit.head_title} ({c.unit.head_name})"), ("Judul SOP", c.title)]),
        ("kv", [("Dasar Hukum", "1. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik; 2. Peraturan Menteri PANRB "
                                "Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan"),
                ("Kualifikasi Pelaksana", "Memahami tugas pokok dan fungsi; mampu mengoperasikan komputer"),
                ("Keterkaitan", "SOP Penanganan Pengaduan"), ("Peralatan/Perlengkapan", "Komputer, printer, buku register"),
                ("Peringatan", "Apabila SOP tidak dilaksanakan, pelayanan tertunda dan dapat menimbulkan keluhan"),
                ("Pencatatan dan Pendataan", "Register layanan dan arsip elektronik")]),
        ("table", ["No", "Aktivitas", "Pelaksana", "Mutu Baku (Waktu)", "Output"],
         [[str(i + 1), s, ["Petugas", "Petugas", "Petugas", "Kepala Unit", "Petugas"][i], f"{5 * (i + 1)} menit",
           ["Formulir", "Berkas lengkap", "Draf", "Disetujui", "Produk layanan"][i]] for i, s in enumerate(steps)]),
    ]


def _b_standar_pelayanan(c: _Ctx) -> list[Block]:
    blocks: list[Block] = [*_kop(c), ("title", "STANDAR PELAYANAN"), ("center", c.unit.name.upper()),
                           ("center", f"TAHUN {c.year}")]
    for svc in c.unit.services[:3]:
        blocks += [
            ("h", svc),
            ("table", ["No", "Komponen", "Uraian"], [
                ["1", "Dasar Hukum", "Undang-Undang Nomor 25 Tahun 2009; Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan"],
                ["2", "Persyaratan", "KTP/KK, kartu BPJS (bila ada), formulir permohonan"],
                ["3", "Sistem, Mekanisme, dan Prosedur", "Pendaftaran - verifikasi - pelayanan - penyerahan produk"],
                ["4", "Jangka Waktu Penyelesaian", f"{c.rng.choice([15, 30, 60])} menit"],
                ["5", "Biaya/Tarif", "Sesuai Peraturan Daerah Kabupaten Jember tentang Retribusi"],
                ["6", "Produk Pelayanan", svc.replace("Pelayanan ", "Layanan ")],
                ["7", "Penanganan Pengaduan, Saran dan Masukan", "Kotak saran, WhatsApp, SP4N-LAPOR!, pos-el " + c.unit.contacts[0]],
                ["8", "Kompetensi Pelaksana", "Tenaga kesehatan/administrasi sesuai kompetensi"],
                ["9", "Jaminan Pelayanan", "Pelayanan dilaksanakan sesuai Maklumat Pelayanan"],
            ]),
        ]
    blocks.append(_sign(c, c.d(1)))
    return blocks


def _b_maklumat(c: _Ctx) -> list[Block]:
    return [*_kop(c), ("title", "MAKLUMAT PELAYANAN"),
            ("p", "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
                  "ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan "
                  "perundang-undangan yang berlaku."),
            ("p", f"{c.unit.short} siap memberikan pelayanan yang cepat, tepat, ramah dan bebas pungutan liar."),
            _sign(c, c.d(1))]


def _b_skm(c: _Ctx) -> list[Block]:
    unsur = ["Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
             "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana",
             "Penanganan Pengaduan, Saran dan Masukan", "Sarana dan Prasarana"]
    vals = [round(c.rng.uniform(3.05, 3.75), 2) for _ in unsur]
    ikm = round(sum(vals) / len(vals) * 25, 2)
    mutu = "A (Sangat Baik)" if ikm >= 88.31 else "B (Baik)"
    n = c.rng.randint(180, 420)
    return [
        ("title", "LAPORAN SURVEI KEPUASAN MASYARAKAT (SKM)"), ("title", c.title.upper()), ("center", c.unit.name.upper()),
        ("h", "BAB I PENDAHULUAN"),
        ("p", "Survei Kepuasan Masyarakat dilaksanakan berdasarkan Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang "
              "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik untuk mengukur "
              "Indeks Kepuasan Masyarakat (IKM) terhadap sembilan unsur pelayanan."),
        ("h", "BAB II METODOLOGI"),
        ("p", f"Jumlah responden sebanyak {n} orang pengguna layanan ({', '.join(c.unit.services[:3])}), dipilih secara "
              f"accidental sampling pada periode Januari s.d. Juni {c.year} menggunakan kuesioner dan formulir daring."),
        ("break",),
        ("h", "BAB III HASIL SURVEI"),
        ("table", ["No", "Unsur Pelayanan", "Nilai Rata-rata", "Kategori"],
         [[str(i + 1), u, f"{v:.2f}", "Baik" if v < 3.53 else "Sangat Baik"] for i, (u, v) in enumerate(zip(unsur, vals))]),
        ("p", f"Nilai Indeks Kepuasan Masyarakat (IKM) {c.unit.short} adalah {ikm:.2f} dengan mutu pelayanan {mutu}."),
        ("h", "BAB IV RENCANA TINDAK LANJUT"),
        ("p", f"Unsur dengan nilai terendah adalah {unsur[vals.index(min(vals))]}; akan ditindaklanjuti dengan perbaikan "
              "alur layanan dan penambahan sarana ruang tunggu."),
        _sign(c, c.d(7)),
    ]


def _b_pakta(c: _Ctx) -> list[Block]:
    nm, nip, jab = c.people[c.rng.randrange(len(c.people))]
    return [
        *_kop(c), ("title", "PAKTA INTEGRITAS"),
        ("p", "Saya yang bertanda tangan di bawah ini:"),
        ("kv", [("Nama", nm), ("NIP", nip), ("Jabatan", jab), ("Unit Kerja", c.unit.name)]),
        ("p", "dalam rangka pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi (WBK) dan Wilayah Birokrasi "
              "Bersih dan Melayani (WBBM), dengan ini menyatakan bahwa saya: 1. berperan secara pro aktif dalam upaya "
              "pencegahan dan pemberantasan Korupsi, Kolusi dan Nepotisme; 2. tidak meminta atau menerima pemberian "
              "secara langsung atau tidak langsung berupa suap, hadiah, bantuan atau bentuk lainnya (gratifikasi); "
              "3. bersikap transparan, jujur, objektif dan akuntabel dalam melaksanakan tugas; 4. apabila saya "
              "melanggar hal-hal tersebut di atas, saya siap menghadapi konsekuensinya."),
        ("sign", [f"Jember, {_tgl(c.d(1))}", "Yang membuat pernyataan,", "", "", nm, f"NIP. {nip}"]),
    ]


def _b_surat(c: _Ctx) -> list[Block]:
    d = c.d()
    if "Pernyataan" in c.title:
        nm, nip, jab = c.people[1]
        return [*_kop(c), ("title", c.title.upper()), ("kv", [("Nama", nm), ("NIP", nip), ("Jabatan", jab)]),
                ("p", "Dengan ini menyatakan bahwa dalam melaksanakan tugas dan fungsi, saya tidak memiliki benturan "
                      "kepentingan (konflik kepentingan) dan apabila terdapat potensi benturan kepentingan akan "
                      "melaporkannya kepada atasan langsung."),
                ("sign", [f"Jember, {_tgl(d)}", "Yang menyatakan,", "", "", nm, f"NIP. {nip}"])]
    return [*_kop(c),
            ("kv", [("Nomor", c.nomor("800")), ("Sifat", "Biasa"), ("Lampiran", "1 (satu) berkas"), ("Hal", c.title)]),
            ("p", "Yth. Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Jember"),
            ("p", f"Menindaklanjuti hasil analisis beban kerja dan peta jabatan di lingkungan {c.unit.short}, bersama ini "
                  f"kami sampaikan {c.title.lower()} sebagaimana terlampir."),
            ("table", ["No", "Nama", "NIP", "Jabatan"], [[r[0], r[1], r[2], r[3]] for r in _attendance_rows(c, 4)]),
            ("p", "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih."),
            _sign(c, d)]


def _b_kinerja(c: _Ctx) -> list[Block]:
    sasaran = [("Meningkatnya derajat kesehatan masyarakat", "Persentase pelayanan kesehatan sesuai standar", "95%"),
               ("Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat", "85"),
               ("Terwujudnya tata kelola pemerintahan yang akuntabel", "Nilai SAKIP", "BB")]
    rows = [[str(i + 1), s, ind, t, f"{c.rng.randint(92, 108)}%"] for i, (s, ind, t) in enumerate(sasaran)]
    return [*_kop(c), ("title", c.title.upper()),
            ("p", f"Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
                  f"berorientasi pada hasil, {_tc(c.unit.head_title)} menetapkan target kinerja (Indikator Kinerja "
                  "Utama/IKU) yang memenuhi kriteria SMART sebagai berikut."),
            ("table", ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Capaian"], rows),
            _sign(c, c.d(1))]


def _b_lakin(c: _Ctx) -> list[Block]:
    return [("title", "LAPORAN KINERJA INSTANSI PEMERINTAH (LAKIN)"), ("title", c.title.upper()),
            ("center", c.unit.name.upper()),
            ("h", "BAB I PENDAHULUAN"),
            ("p", "Laporan Kinerja disusun sebagai wujud akuntabilitas pelaksanaan tugas dan fungsi sesuai Peraturan "
                  "Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP)."),
            ("h", "BAB II PERENCANAAN KINERJA"), ("p", "Perjanjian Kinerja dan Indikator Kinerja Utama (IKU) ditetapkan pada awal tahun."),
            ("break",), ("h", "BAB III AKUNTABILITAS KINERJA"), *_b_kinerja(c)[-3:-1],
            ("p", "Seluruh sasaran strategis mencapai target 100% atau lebih dibandingkan tahun sebelumnya."),
            ("h", "BAB IV PENUTUP"), _sign(c, c.d(2))]


def _b_kebijakan(c: _Ctx) -> list[Block]:
    return [*_kop(c), ("title", c.title.upper()), ("center", c.unit.name.upper()),
            ("h", "BAB I KETENTUAN UMUM"),
            ("p", f"Dokumen ini menjadi pedoman {c.title.lower()} di lingkungan {c.unit.short} sebagai pelaksanaan "
                  "Peraturan Menteri PANRB Nomor 90 Tahun 2021."),
            ("h", "BAB II MEKANISME"),
            *[("p", f"Pasal {i + 1}: {t}") for i, t in enumerate([
                "Pelaksanaan dikoordinasikan oleh Tim Kerja Pembangunan Zona Integritas.",
                "Setiap bidang menyampaikan data dan laporan secara berkala kepada ketua tim.",
                "Hasil pelaksanaan dievaluasi paling sedikit satu kali dalam satu semester."])],
            ("h", "BAB III PENUTUP"), ("p", "Pedoman ini berlaku sejak tanggal ditetapkan."), _sign(c, c.d(2))]


def _b_dokumentasi(c: _Ctx) -> list[Block]:
    return [("title", "DOKUMENTASI"), ("title", c.title.upper()), ("center", c.unit.name.upper()),
            ("p", f"[Tangkapan layar] Laman {c.unit.website} - menu Zona Integritas / Pelayanan ({c.unit.app})."),
            ("p", f"Keterangan: {c.title} telah dipublikasikan melalui website, Instagram dan Facebook resmi "
                  f"{c.unit.short} serta dipasang di ruang pelayanan pada {_tgl(c.d())}."),
            ("break",),
            ("p", "[Foto] Banner/spanduk dan papan informasi di area pelayanan."),
            ("p", "Mengetahui, Ketua Tim Kerja Pembangunan Zona Integritas")]


def _rekap_table(c: _Ctx) -> tuple[list[str], list[list]]:
    t = c.title.lower()
    r = c.rng
    if "pengaduan" in t:
        kanal = ["SP4N-LAPOR!", "WhatsApp", "Kotak Saran", "Instagram", "Datang Langsung"]
        rows = []
        for i in range(r.randint(14, 26)):
            d = c.d()
            st = r.choice(["Selesai", "Selesai", "Selesai", "Proses"])
            rows.append([i + 1, _tgl(d), r.choice(kanal), r.choice(["Antrean lama", "Petugas kurang ramah",
                         "Informasi jadwal layanan", "Kebersihan toilet", "Parkir", "Obat kosong"]), r.choice(c.unit.services),
                         st, r.randint(1, 5) if st == "Selesai" else ""])
        return ["No", "Tanggal", "Kanal", "Uraian Pengaduan", "Layanan", "Status Tindak Lanjut", "Lama Penyelesaian (hari)"], rows
    if "rencana aksi" in t or "capaian kinerja" in t:
        keg = ["SK Tim Kerja ZI", "Sosialisasi ZI", "Reviu SOP", "Survei Kepuasan Masyarakat", "Sosialisasi Gratifikasi",
               "Pemutakhiran SIMPEG", "Penyusunan PK", "Publikasi Standar Pelayanan"]
        return (["No", "Rencana Aksi", "Target", "Realisasi TW I", "Realisasi TW II", "Capaian (%)", "Keterangan"],
                [[i + 1, k, 100, r.randint(20, 50), r.randint(50, 100), r.randint(60, 100), ""] for i, k in enumerate(keg)])
    if "risiko" in t:
        risks = ["Antrean pelayanan melebihi standar waktu", "Data pasien tidak lengkap", "Penerimaan gratifikasi oleh petugas",
                 "Keterlambatan pelaporan kinerja", "Kerusakan aplikasi layanan"]
        return (["No", "Risiko", "Penyebab", "Kemungkinan", "Dampak", "Level Risiko", "Rencana Tindak Pengendalian (RTP)"],
                [[i + 1, k, "SDM/sistem", r.randint(1, 5), r.randint(1, 5), r.choice(["Rendah", "Sedang", "Tinggi"]),
                  "Penyusunan SOP dan monitoring berkala"] for i, k in enumerate(risks)])
    head = ["No", "Nama", "NIP", "Jabatan", "Keterangan"]
    ket = {"diklat": lambda: r.choice(["Pelatihan Pelayanan Prima", "Bimtek SAKIP", "Pelatihan PPI", "Latsar CPNS"]),
           "simpeg": lambda: r.choice(["Data mutakhir", "Update pendidikan", "Update riwayat jabatan"]),
           "lhkasn": lambda: r.choice(["Sudah lapor", "Sudah lapor", "Sudah lapor", "Belum lapor"]),
           "skp": lambda: r.choice(["Sangat Baik", "Baik", "Baik"]),
           "benturan": lambda: r.choice(["Pengadaan barang/jasa", "Perizinan", "Tidak ada potensi"]),
           "hadir": lambda: "Hadir"}
    f = next((v for k, v in ket.items() if k in t), lambda: r.choice(["Ya", "Sesuai", "Terpenuhi"]))
    return head, [[i + 1, nm, nip, jab, f()] for i, (nm, nip, jab) in enumerate(c.pick(r.randint(10, 18)))]


def _b_rekap(c: _Ctx) -> list[Block]:
    head, rows = _rekap_table(c)
    return [("title", c.title.upper()), ("center", c.unit.name), ("table", head, [[str(x) for x in row] for row in rows])]


_BUILDERS: dict[str, Callable[[_Ctx], list[Block]]] = {
    "sk": _b_sk, "undangan": _b_undangan, "daftar_hadir": _b_daftar_hadir, "notulen": _b_notulen,
    "laporan": _b_laporan, "laporan_monev": _b_laporan_monev, "rencana_aksi": _b_rencana_aksi, "sop": _b_sop,
    "standar_pelayanan": _b_standar_pelayanan, "maklumat_pelayanan": _b_maklumat, "laporan_skm": _b_skm,
    "pakta_integritas": _b_pakta, "surat": _b_surat, "perjanjian_kinerja": _b_kinerja, "iku": _b_kinerja,
    "laporan_kinerja": _b_lakin, "kebijakan": _b_kebijakan, "dokumentasi": _b_dokumentasi, "rekap": _b_rekap,
    "foto_kegiatan": _b_dokumentasi,
}
_DEFAULT_FMT = {"notulen": "docx", "rencana_aksi": "docx", "daftar_hadir": "xlsx", "rekap": "xlsx", "foto_kegiatan": "png"}

# --------------------------------------------------------------------------- renderers


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render_pdf(blocks: list[Block], meta_title: str, author: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import HRFlowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=ss["Normal"], fontName="Helvetica", fontSize=10.5, leading=14, spaceAfter=5)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11, spaceAfter=0)
    title = ParagraphStyle("t", parent=body, fontName="Helvetica-Bold", fontSize=12, alignment=TA_CENTER, spaceAfter=2)
    center = ParagraphStyle("c", parent=body, alignment=TA_CENTER, spaceAfter=2)
    head = ParagraphStyle("h", parent=body, fontName="Helvetica-Bold", fontSize=11, spaceBefore=6)
    sign = ParagraphStyle("s", parent=body, leftIndent=9 * cm, spaceAfter=0)
    width = A4[0] - 4 * cm
    story: list = []
    for b in blocks:
        kind = b[0]
        if kind == "title":
            story.append(Paragraph(_esc(b[1]), title))
        elif kind == "center":
            story.append(Paragraph(_esc(b[1]), center))
        elif kind == "h":
            story.append(Paragraph(_esc(b[1]), head))
        elif kind == "p":
            story.append(Paragraph(_esc(b[1]), body))
        elif kind == "rule":
            story += [HRFlowable(width="100%", thickness=1.5, color=colors.black), Spacer(1, 8)]
        elif kind == "break":
            story.append(PageBreak())
        elif kind == "kv":
            rows = [[Paragraph(_esc(k), body), Paragraph(":", body), Paragraph(_esc(v), body)] for k, v in b[1]]
            t = Table(rows, colWidths=[3.6 * cm, 0.4 * cm, width - 4 * cm])
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1)]))
            story.append(t)
        elif kind == "table":
            header, rows = b[1], b[2]
            data = [[Paragraph(f"<b>{_esc(h)}</b>", small) for h in header]]
            data += [[Paragraph(_esc(str(x)), small) for x in row] for row in rows]
            n = len(header)
            first = 0.9 * cm
            t = Table(data, colWidths=[first] + [(width - first) / (n - 1)] * (n - 1), repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
            story += [t, Spacer(1, 8)]
        elif kind == "sign":
            story.append(Spacer(1, 10))
            story += [Paragraph(_esc(line) if line else "&nbsp;", sign) for line in b[1]]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=meta_title, author=author, subject="Data dukung Zona Integritas",
                            creator="Dukung sample generator", producer="ReportLab", invariant=1)
    doc.build(story)
    return buf.getvalue()


def _fixed_dt(year: int) -> datetime:
    return datetime(year, 1, 2, 8, 0, 0)


def _normalize_zip(data: bytes, year: int) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps and core-property dates (byte-identical reruns)."""
    stamp = f"{year}-01-02T08:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = blob.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stamp}\g<2>", text)
                blob = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=(year, 1, 2, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, blob)
    return out.getvalue()


def _render_docx(blocks: list[Block], meta_title: str, author: str, year: int) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    for b in blocks:
        kind = b[0]
        if kind in ("title", "center"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(b[1])
            run.bold = kind == "title"
        elif kind == "h":
            doc.add_heading(b[1], level=2)
        elif kind == "p":
            doc.add_paragraph(b[1])
        elif kind == "break":
            doc.add_page_break()
        elif kind == "kv":
            t = doc.add_table(rows=0, cols=3)
            for k, v in b[1]:
                cells = t.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = k, ":", v
        elif kind == "table":
            header, rows = b[1], b[2]
            t = doc.add_table(rows=1, cols=len(header))
            t.style = "Table Grid"
            for cell, h in zip(t.rows[0].cells, header):
                cell.text = h
                for r in cell.paragraphs[0].runs:
                    r.bold = True
            for row in rows:
                for cell, x in zip(t.add_row().cells, row):
                    cell.text = str(x)
            doc.add_paragraph()
        elif kind == "sign":
            for line in b[1]:
                p = doc.add_paragraph(line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = meta_title, author, author
    cp.subject, cp.keywords = "Data dukung Zona Integritas", "LKE ZI, WBK, WBBM"
    cp.created = cp.modified = cp.last_printed = _fixed_dt(year)
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue(), year)


def _render_xlsx(blocks: list[Block], meta_title: str, author: str, year: int, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for b in blocks:
        kind = b[0]
        if kind in ("title", "center", "h", "p"):
            ws.append([b[1]])
            if kind == "title":
                ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
        elif kind == "kv":
            for k, v in b[1]:
                ws.append([k, v])
        elif kind == "table":
            ws.append([])
            ws.append(list(b[1]))
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
            for row in b[2]:
                ws.append([int(x) if isinstance(x, str) and x.isdigit() and len(x) < 6 else x for x in row])
        elif kind == "sign":
            ws.append([])
            for line in b[1]:
                ws.append(["", "", "", line])
    for col, w in zip("ABCDEFG", (6, 32, 22, 30, 22, 18, 18)):
        ws.column_dimensions[col].width = w
    wb.properties.creator = wb.properties.lastModifiedBy = author
    wb.properties.title = meta_title
    wb.properties.created = wb.properties.modified = _fixed_dt(year)
    buf = io.BytesIO()
    wb.save(buf)
    return _normalize_zip(buf.getvalue(), year)


def _render_png(caption: str, unit: str, rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 420), (214, 224, 235))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 300, 640, 420], fill=(120, 110, 95))  # floor
    draw.rectangle([150, 40, 490, 120], fill=(190, 20, 30))  # banner
    draw.text((170, 60), "SOSIALISASI ZONA INTEGRITAS", fill=(255, 255, 255))
    draw.text((170, 85), "MENUJU WBK / WBBM", fill=(255, 255, 255))
    for i in range(9):  # participants
        x = 40 + i * 65 + rng.randint(-8, 8)
        draw.ellipse([x, 215, x + 30, 245], fill=(90, 60, 40))
        draw.rectangle([x - 5, 245, x + 35, 320], fill=rng.choice([(30, 80, 160), (240, 240, 240), (60, 120, 60)]))
    draw.rectangle([0, 385, 640, 420], fill=(0, 0, 0))
    draw.text((10, 398), f"foto kegiatan sosialisasi - {caption} - {unit}", fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


# --------------------------------------------------------------------------- layout


def _safe(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("/", "-").replace(":", "").replace("\\", "-")).strip()


def _with_year(label: str, year: int) -> str:
    return label if str(year) in label or re.search(r"\b20\d\d\b", label) else f"{label} {year}"


def _doc_path(p: _Profile, q: _Question, label: str, ext: str, year: int, rng: random.Random) -> str:
    area, ind = q.area_no, q.ind
    if p.style == "serang":
        base = f"AREA {_ROMAN[area]}"
        if q.komponen == "II":
            base += "/REFORM"
            prefix = f"R.{area}.{ind}.{q.letter}"
        else:
            prefix = f"{area}.{ind}.{q.letter}"
        return f"{base}/{ind}. {_safe(q.indicator_name)}/{prefix} {_safe(_with_year(label, year).upper())}.{ext}"
    if p.style == "bps":
        komp = "I. Pemenuhan" if q.komponen == "I" else "II. Reform"
        leaf = f"{q.letter.split('.')[0]}. {_safe(q.short)}"
        folder = f"{area}. {_AREAS[area]}/{komp}/{ind}. {_safe(q.indicator_name)}/{leaf}"
        name = _safe(label)
        if q.code == "A.I.6.iv.a" or rng.random() < 0.2:
            name = f"{q.code} {name}"
        return f"{folder}/{name}.{ext}"
    return f"{_AREAS[area]}/{_LOOSE_FOLDERS[q.indicator_key]}/{_safe(label)}.{ext}"


_LABEL_OVERRIDES = {
    ("bps", "SK Tim Zona Integritas"): "SK Tim ZI",
    ("loose", "SK Tim Zona Integritas"): "SK Tim Pembangunan ZI",
    ("bps", "Rencana Aksi Pembangunan ZI {year}"): "Rencana Aksi ZI {year}",
}
_FORCED = {
    "DINKES-JBR": ("A.I.1.i.a", "A.I.1.ii.a", "A.I.1.iv.c"),
    "PKM-SUMBERSARI": ("A.I.1.i.a", "A.I.6.iv.a"),
    "RSUD-SOEBANDI": _RSUD_FORCED,
}
_JABATAN = {
    "DINKES-JBR": ["Sekretaris Dinas", "Kepala Bidang Pelayanan Kesehatan", "Kepala Bidang Kesehatan Masyarakat",
                   "Kepala Sub Bagian Umum dan Kepegawaian", "Kepala Sub Bagian Perencanaan", "Perencana Ahli Muda",
                   "Administrator Kesehatan Ahli Muda", "Epidemiolog Kesehatan Ahli Pertama", "Analis Kepegawaian",
                   "Pranata Komputer Ahli Pertama", "Bendahara Pengeluaran", "Pengadministrasi Umum"],
    "PKM-SUMBERSARI": ["Kepala Sub Bagian Tata Usaha", "Dokter Ahli Madya", "Dokter Gigi Ahli Muda", "Bidan Ahli Muda",
                       "Perawat Ahli Pertama", "Apoteker Ahli Pertama", "Pranata Laboratorium Kesehatan",
                       "Sanitarian Terampil", "Nutrisionis Terampil", "Pengelola Keuangan", "Petugas Pendaftaran"],
    "RSUD-SOEBANDI": ["Wakil Direktur Pelayanan", "Wakil Direktur Umum dan Keuangan", "Kepala Bagian Tata Usaha",
                      "Kepala Bidang Keperawatan", "Kepala Instalasi Rawat Jalan", "Ketua Komite Mutu",
                      "Dokter Spesialis", "Perawat Ahli Madya", "Analis Kepegawaian Ahli Muda",
                      "Pranata Komputer Ahli Muda", "Kepala Instalasi Farmasi", "Kepala Sub Bagian Hukum dan Humas"],
}


def _people(p: _Profile, seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(f"{seed}:{p.code}:people")
    out, used = [], set()
    jab = _JABATAN[p.code]
    for i in range(20):
        while True:
            nm = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            if nm not in used:
                used.add(nm)
                break
        t = rng.choice(_TITLES)
        birth = date(rng.randint(1968, 1996), rng.randint(1, 12), rng.randint(1, 28))
        tmt = (min(birth.year + rng.randint(23, 30), 2023), rng.choice([1, 2, 3, 12]))
        nip = f"{birth:%Y%m%d}{tmt[0]}{tmt[1]:02d}{rng.choice('12')}{rng.randint(1, 20):03d}"
        out.append((f"{nm}, {t}" if t else nm, nip, jab[i] if i < len(jab) else rng.choice(jab[5:])))
    return out


def _fmt_text(s: str, year: int) -> str:
    return s.format(year=year, prev=year - 1, next=year + 1)


# --------------------------------------------------------------------------- generator


def generate_sample_evidence(target: Path, *, year: int = 2025, seed: int = 2025) -> SampleSet:
    """Write the three-unit sample evidence set into ``target/<UNIT_CODE>/...``.

    Deterministic for a given ``year``/``seed`` (byte-identical files on every run).
    ``SampleDocument.relative_path`` is relative to the unit folder, with ``/`` separators.
    """
    target = Path(target)
    units: list[SampleUnit] = []
    gaps: dict[str, list[str]] = {}
    partial: dict[str, list[str]] = {}
    gap_inds: dict[str, list[str]] = {}
    for p in _PROFILES:
        unit, g, part, gi = _generate_unit(p, target / p.code, year, seed)
        units.append(unit)
        gaps[p.code], partial[p.code], gap_inds[p.code] = g, part, gi
    return SampleSet(units=units, gaps=gaps, partial=partial, gap_indicators=gap_inds)


def _generate_unit(p: _Profile, folder: Path, year: int, seed: int):
    rng = random.Random(f"{seed}:{p.code}:coverage")
    forced = _FORCED[p.code]
    forced_inds = {_QBY[c].indicator_key for c in forced}
    indicators = list(dict.fromkeys(q.indicator_key for q in _QUESTIONS))
    candidates = [k for k in indicators if k not in forced_inds]
    gap_keys = set(rng.sample(candidates, p.gap_indicators))
    eligible = [q.code for q in _QUESTIONS if q.indicator_key not in gap_keys and q.code not in forced]
    target_n = round(len(_QUESTIONS) * rng.uniform(*p.coverage))
    chosen = set(forced) | set(rng.sample(eligible, max(0, min(len(eligible), target_n - len(forced)))))
    covered = [q for q in _QUESTIONS if q.code in chosen]

    people = _people(p, seed)
    docs: dict[str, dict] = {}  # relative path -> spec
    by_ev: dict[tuple, str] = {}
    partial: list[str] = []

    def add(q: _Question, ev: _Ev, rel: str | None = None, broken: bool = False) -> None:
        ev = _Ev(ev.doc_type, _fmt_text(_LABEL_OVERRIDES.get((p.style, ev.label), ev.label), year),
                 _fmt_text(ev.title, year), ev.fmt)
        key = (ev.doc_type, ev.label, ev.title)
        if rel is None and key in by_ev:
            docs[by_ev[key]]["codes"].append(q.code)
            return
        fmt = ev.fmt or _DEFAULT_FMT.get(ev.doc_type, "pdf")
        doc_type = ev.doc_type
        if doc_type == "foto_kegiatan" and p.code != "DINKES-JBR":
            doc_type, fmt = "dokumentasi", "pdf"
        if rel is None:
            if fmt == "pdf" and doc_type in ("laporan", "laporan_monev", "kebijakan", "notulen", "laporan_skm"):
                if rng.random() < (0.35 if p.style == "bps" else 0.15) and q.code != "A.I.6.iv.a":
                    fmt = "docx"
            if doc_type == "daftar_hadir" and rng.random() < 0.5:
                fmt = "docx"
            rel = _doc_path(p, q, ev.label, fmt, year, rng)
        base, n = rel, 2
        while rel in docs:
            stem, ext = base.rsplit(".", 1)
            rel, n = f"{stem} ({n}).{ext}", n + 1
        docs[rel] = {"ev": ev, "q": q, "codes": [q.code], "fmt": fmt, "doc_type": doc_type, "broken": broken}
        if not broken and rel.count("/") and not rel.startswith("Lain-lain/"):
            by_ev[key] = rel

    for q in covered:
        plan = _PLAN[q.code]
        if p.code == "RSUD-SOEBANDI" and q.code == "A.I.1.iii.b":
            add(q, _Ev("laporan_monev", "", "Monitoring dan Evaluasi Pembangunan Zona Integritas Triwulan II Tahun {year}", "pdf"),
                rel=_fmt_text(BROKEN_FILE, year), broken=True)
            add(q, plan[1])
            continue
        if p.code == "RSUD-SOEBANDI" and q.code in _RSUD_LAIN_LAIN:
            name, ev = _RSUD_LAIN_LAIN[q.code]
            add(q, ev, rel=f"Lain-lain/{name}")
            plan = plan[1:]
            if not plan:
                continue
        k = len(plan)
        if k > 1 and q.code not in forced and rng.random() < 0.35:
            k = rng.randint(1, k - 1)
            partial.append(q.code)
        for ev in plan[:k]:
            add(q, ev)

    folder.mkdir(parents=True, exist_ok=True)
    documents: list[SampleDocument] = []
    for rel in sorted(docs):
        spec = docs[rel]
        data = _render(p, spec, rel, year, seed, people)
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        documents.append(SampleDocument(rel, sorted(set(spec["codes"]), key=_order), spec["doc_type"], spec["broken"]))
    covered_codes = {c for d in documents for c in d.question_codes}
    gaps = [q.code for q in _QUESTIONS if q.code not in covered_codes]
    unit = SampleUnit(p.code, p.name, list(p.contacts), folder, documents)
    gap_ind_names = [f"{k[0]}.{k[1]}.{k[2]}" for k in indicators if k in gap_keys]
    return unit, gaps, [c for c in partial if c in covered_codes], gap_ind_names


_ORDER = {q.code: i for i, q in enumerate(_QUESTIONS)}


def _order(code: str) -> int:
    return _ORDER[code]


def _render(p: _Profile, spec: dict, rel: str, year: int, seed: int, people) -> bytes:
    ev: _Ev = spec["ev"]
    crng = random.Random(f"{seed}:{p.code}:{rel}")
    ctx = _Ctx(p, year, ev.title, spec["q"], crng, people)
    meta_title = f"{ev.title} - {p.name}"
    fmt = spec["fmt"]
    if fmt == "png":
        return _render_png(ev.title, p.short, crng)
    blocks = _BUILDERS[spec["doc_type"]](ctx)
    if fmt == "xlsx":
        sheet = {"daftar_hadir": "Daftar Hadir"}.get(spec["doc_type"], "Rekap")
        return _render_xlsx(blocks, meta_title, p.short, year, sheet)
    if fmt == "docx":
        return _render_docx(blocks, meta_title, p.short, year)
    data = _render_pdf(blocks, meta_title, p.short)
    if spec["broken"]:
        junk = bytes(crng.getrandbits(8) for _ in range(2048))
        return data[:300] + b"\x00\x00" + junk
    return data
