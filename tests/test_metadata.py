"""Heuristic metadata of Indonesian government documents."""

from __future__ import annotations

import datetime as dt

import pytest

from indexing.metadata import DocumentMetadata, extract_metadata

SK_TEXT = """\
PEMERINTAH KABUPATEN JEMBER
DINAS KESEHATAN
Jalan Srikoyo No. 3 Patrang, Jember 68111, Telp. (0331) 487577

KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN JEMBER
NOMOR : 800/123/35.09.311/2024

TENTANG

PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS
MENUJU WILAYAH BEBAS DARI KORUPSI DAN WILAYAH BIROKRASI
BERSIH DAN MELAYANI DI LINGKUNGAN DINAS KESEHATAN
KABUPATEN JEMBER TAHUN 2024

DENGAN RAHMAT TUHAN YANG MAHA ESA

KEPALA DINAS KESEHATAN KABUPATEN JEMBER,

Menimbang : a. bahwa dalam rangka percepatan reformasi birokrasi perlu
dibangun Zona Integritas menuju Wilayah Bebas dari Korupsi (WBK) dan
Wilayah Birokrasi Bersih dan Melayani (WBBM);
b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a,
perlu menetapkan Keputusan Kepala Dinas Kesehatan tentang Pembentukan
Tim Kerja Pembangunan Zona Integritas;
Mengingat : 1. Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan
Negara yang Bersih dan Bebas dari Korupsi, Kolusi dan Nepotisme;
2. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi
Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas
Menuju Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani
di Instansi Pemerintah, yang diundangkan tanggal 29 Desember 2021;

MEMUTUSKAN:

Menetapkan :
KESATU : Membentuk Tim Kerja Pembangunan Zona Integritas dengan susunan
sebagaimana tercantum dalam Lampiran Keputusan ini.
KEDUA : Keputusan ini mulai berlaku pada tanggal ditetapkan.

Ditetapkan di Jember
pada tanggal 5 Februari 2024

KEPALA DINAS KESEHATAN
KABUPATEN JEMBER,

ttd

dr. HENDRO SOELISTIJONO, M.M., M.Kes.
Pembina Utama Muda
NIP. 19660220 199703 1 004
"""

REPORT_TEXT = """\
PEMERINTAH KABUPATEN JEMBER
DINAS KESEHATAN

LAPORAN MONITORING DAN EVALUASI
PEMBANGUNAN ZONA INTEGRITAS TRIWULAN I
TAHUN 2025

BAB I PENDAHULUAN
Monitoring dilaksanakan pada tanggal 3 Maret 2025 sampai dengan 7 Maret 2025
terhadap enam area perubahan.

Jember, 12 Maret 2025
SEKRETARIS DINAS KESEHATAN
KABUPATEN JEMBER,

Drs. AHMAD FAUZI, M.Si.
NIP. 19700101 199503 1 002
"""

NOTULEN_TEXT = """\
NOTULEN RAPAT
Nomor: 005/NOT/ZI/III/2025

Hari/Tanggal : Senin, 10 Mar 2025
Waktu : 09.00 WIB s.d. selesai
Tempat : Ruang Rapat Lantai 2
Acara : Pembahasan Rencana Kerja Tim Zona Integritas
Pimpinan Rapat : Sekretaris Dinas

Hasil rapat:
1. Penyusunan LKE ZI paling lambat 31/03/2025.
2. Setiap area perubahan mengunggah data dukung.

Notulis,
ttd
Rina Marlina, S.Kom.
"""


def test_sk_decree_all_fields():
    meta = extract_metadata(SK_TEXT)
    assert meta.date == dt.date(2024, 2, 5)
    assert meta.date_text == "5 Februari 2024"
    assert meta.number == "800/123/35.09.311/2024"
    assert meta.title == (
        "PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI "
        "DAN WILAYAH BIROKRASI BERSIH DAN MELAYANI DI LINGKUNGAN DINAS KESEHATAN KABUPATEN JEMBER TAHUN 2024"
    )
    assert meta.issuer == "Kepala Dinas Kesehatan Kabupaten Jember"


def test_ditetapkan_date_wins_over_earlier_dates():
    # SK_TEXT mentions 29 Desember 2021 before the ditetapkan date.
    assert extract_metadata(SK_TEXT).date == dt.date(2024, 2, 5)


def test_berlaku_pada_tanggal_ditetapkan_is_not_the_enactment_line():
    text = (
        "KEDUA : Keputusan ini mulai berlaku pada tanggal ditetapkan.\n"
        "KETIGA : Biaya dibebankan pada DPA tahun anggaran sejak 1 Januari 2024.\n\n"
        "Ditetapkan di Jember\npada tanggal 5 Februari 2024\n"
    )
    assert extract_metadata(text).date == dt.date(2024, 2, 5)


def test_ditetapkan_with_labels_on_separate_lines():
    text = "Ditetapkan di : Jember\nPada tanggal : 17 Agustus 2023\nBUPATI JEMBER,\nttd\nH. HENDY SISWANTO"
    meta = extract_metadata(text)
    assert meta.date == dt.date(2023, 8, 17)
    assert meta.date_text == "17 Agustus 2023"


def test_report_heading_title_signature_date_and_issuer():
    meta = extract_metadata(REPORT_TEXT)
    assert meta.title == "LAPORAN MONITORING DAN EVALUASI PEMBANGUNAN ZONA INTEGRITAS TRIWULAN I TAHUN 2025"
    # The signature date wins over the earlier dates in the body.
    assert meta.date == dt.date(2025, 3, 12)
    assert meta.date_text == "12 Maret 2025"
    assert meta.issuer == "Sekretaris Dinas Kesehatan Kabupaten Jember"
    assert meta.number is None


def test_notulen():
    meta = extract_metadata(NOTULEN_TEXT)
    assert meta.title == "NOTULEN RAPAT"
    assert meta.number == "005/NOT/ZI/III/2025"
    assert meta.date == dt.date(2025, 3, 10)  # first full date, abbreviated month
    assert meta.date_text == "10 Mar 2025"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tanggal 5-2-2024", dt.date(2024, 2, 5)),
        ("pada tanggal 05/02/2024 pukul 10.00", dt.date(2024, 2, 5)),
        ("dilaksanakan 5.2.2024", dt.date(2024, 2, 5)),
        ("Kegiatan 1 Januari 2024", dt.date(2024, 1, 1)),
        ("Kegiatan 2 Feb 2024", dt.date(2024, 2, 2)),
        ("Kegiatan 15 Pebruari 2024", dt.date(2024, 2, 15)),
        ("Kegiatan 20 Mei 2024", dt.date(2024, 5, 20)),
        ("Kegiatan 17 Agu 2024", dt.date(2024, 8, 17)),
        ("Kegiatan 17 Agustus 1945", dt.date(1945, 8, 17)),
        ("Kegiatan 28 Okt 2024", dt.date(2024, 10, 28)),
        ("Kegiatan 10 Nopember 2024", dt.date(2024, 11, 10)),
        ("Kegiatan 25 Des 2024", dt.date(2024, 12, 25)),
        ("Kegiatan 25-Des-2024", dt.date(2024, 12, 25)),
        ("Kegiatan 25 DESEMBER 2024", dt.date(2024, 12, 25)),
        ("diunggah 2024-06-30", dt.date(2024, 6, 30)),
    ],
)
def test_date_formats(text, expected):
    assert extract_metadata(text).date == expected


@pytest.mark.parametrize(
    "text",
    ["31 Februari 2024", "32/01/2024", "5/13/2024", "nomor 800/123/2024", "Versi 1.2.20245", "12 Maret 20245", ""],
)
def test_impossible_or_absent_dates_are_ignored(text):
    assert extract_metadata(text).date is None


def test_impossible_date_skipped_for_next_valid_one():
    meta = extract_metadata("Rapat 30 Februari 2024 ditunda ke 1 Maret 2024")
    assert meta.date == dt.date(2024, 3, 1)


def test_last_signature_date_is_used():
    text = "Surabaya, 1 Januari 2024\nisi surat panjang\nJember, 12 Maret 2025\nKEPALA DINAS\n"
    assert extract_metadata(text).date == dt.date(2025, 3, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nomor : 800/123/2024", "800/123/2024"),
        ("NOMOR 12 TAHUN 2024", "12 TAHUN 2024"),
        ("No. 045/SK/ZI/II/2024", "045/SK/ZI/II/2024"),
        ("Nomor: 188.45/ 27 /35.09.311/2024", "188.45/27/35.09.311/2024"),
        ("   NOMOR : 445/1234/413.25/2025", "445/1234/413.25/2025"),
        ("Nomor Induk Pegawai\nNomor: 01/UPT/2024", "01/UPT/2024"),
    ],
)
def test_numbers(text, expected):
    assert extract_metadata(text).number == expected


def test_number_placeholder_is_not_a_number():
    assert extract_metadata("Nomor : ...........\nTENTANG\nSOP PELAYANAN").number is None


def test_title_on_tentang_line_stops_at_menimbang():
    text = "PERATURAN BUPATI JEMBER\nNOMOR 7 TAHUN 2024\nTENTANG STANDAR PELAYANAN PUBLIK\nMenimbang : bahwa"
    meta = extract_metadata(text)
    assert meta.title == "STANDAR PELAYANAN PUBLIK"
    assert meta.issuer == "Bupati Jember"
    assert meta.number == "7 TAHUN 2024"


def test_title_keeps_original_case():
    text = "Keputusan Kepala Badan Kepegawaian\nNomor 3 Tahun 2024\nTentang\nPedoman Survei Kepuasan\nMasyarakat\n\nMenimbang"
    meta = extract_metadata(text)
    assert meta.title == "Pedoman Survei Kepuasan Masyarakat"
    assert meta.issuer == "Kepala Badan Kepegawaian"


def test_issuer_acronyms_stay_uppercase():
    text = "KEPUTUSAN DIREKTUR RSUD dr. SOEBANDI KABUPATEN JEMBER\nNOMOR : 1/2024\nTENTANG\nSOP"
    assert extract_metadata(text).issuer == "Direktur RSUD dr. Soebandi Kabupaten Jember"


def test_issuer_from_signature_block_with_an():
    text = "SURAT TUGAS\nDitugaskan kepada nama tersebut.\n\na.n. KEPALA DINAS KESEHATAN,\nSekretaris\n\nNIP. 19700101 199503 1 002"
    assert extract_metadata(text).issuer == "Kepala Dinas Kesehatan"


def test_wrapped_legal_reference_is_neither_title_nor_number():
    text = (
        "LAPORAN PELAKSANAAN RENCANA AKSI ZONA INTEGRITAS\n\n"
        "Sesuai Peraturan Menteri PANRB\nNomor 90 Tahun 2021\ntentang Pembangunan dan Evaluasi Zona Integritas,\n"
        "unit kerja menyusun rencana aksi."
    )
    meta = extract_metadata(text)
    assert meta.title == "LAPORAN PELAKSANAAN RENCANA AKSI ZONA INTEGRITAS"
    assert meta.number is None


def test_nothing_found():
    meta = extract_metadata("catatan singkat tanpa apa-apa")
    assert meta == DocumentMetadata(date=None, date_text=None, number=None, title=None, issuer=None)


def test_fast_on_long_text():
    import time

    long_text = SK_TEXT + ("Paragraf isi laporan dengan angka 12.5 dan 3/4 bagian. " * 40 + "\n") * 500
    started = time.perf_counter()
    meta = extract_metadata(long_text)
    assert time.perf_counter() - started < 1.0
    assert meta.number == "800/123/35.09.311/2024"
