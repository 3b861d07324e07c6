"""The evidence plan: which documents each LKE question gets.

:data:`_PLAN` maps every pengungkit question code to the documents (:class:`_Ev`) a unit
would file for it; :data:`_RSUD_LAIN_LAIN` lists the RSUD files dumped under meaningless
names in ``Lain-lain/``; :data:`_FORCED` the questions each unit always covers.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The one broken file of the set (relative to the RSUD-SOEBANDI folder); ``{year}`` is formatted.
BROKEN_FILE = "Manajemen Perubahan/Monev/Laporan Monev TW II {year}.pdf"


@dataclass(frozen=True)
class _Ev:
    doc_type: str
    label: str  # short file label, e.g. "SK Tim ZI"
    title: str  # subject used inside the document
    fmt: str = ""  # "", "pdf", "docx", "xlsx", "png"; "" = default of the doc type
    years_back: int = 0  # dated this many years before the period (a stale document)


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
#: Per unit: questions that are always covered (examples the tests and the docs rely on).
_FORCED = {
    "DINKES-JBR": ("A.I.1.i.a", "A.I.1.ii.a", "A.I.1.iv.c"),
    "PKM-SUMBERSARI": ("A.I.1.i.a", "A.I.6.iv.a"),
    "RSUD-SOEBANDI": _RSUD_FORCED,
}


#: Per unit: questions whose FIRST planned document is replaced by a stale one, dated this many years
#: before the period (the recency rule then keeps it out: expected status "sebagian").
_STALE: dict[str, dict[str, int]] = {
    "DINKES-JBR": {"A.I.1.i.a": 2},  # "1.i.a SK TIM ZONA INTEGRITAS 2023.pdf" for the 2025 team
}


def _fmt_text(s: str, year: int) -> str:
    return s.format(year=year, prev=year - 1, next=year + 1)
