"""Everyday evidence documents of a ZI unit, written for the behaviour tests (generic wording of the kinds of
document a unit files; not copied from the dev set): the title block, a short preamble and the opening lines.

Each is paired with the catalog document type its title names (``EVERYDAY``)."""

SK_PENGADUAN = (
    "PEMERINTAH KABUPATEN CONTOH\nDINAS KEPENDUDUKAN DAN PENCATATAN SIPIL\n"
    "KEPUTUSAN KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN CONTOH\nNOMOR 800/45/DISDUKCAPIL/2025\n"
    "TENTANG\nPEMBENTUKAN TIM PENGELOLA PENGADUAN MASYARAKAT\nKEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL,\n"
    "Menimbang : a. bahwa untuk menindaklanjuti setiap pengaduan masyarakat atas pelayanan secara cepat dan "
    "tuntas perlu dibentuk tim yang mengelola pengaduan; b. bahwa berdasarkan pertimbangan tersebut perlu "
    "menetapkan Keputusan Kepala Dinas tentang Pembentukan Tim Pengelola Pengaduan Masyarakat;\n"
    "Mengingat : 1. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik; 2. Peraturan Presiden Nomor 76 "
    "Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik;\nMEMUTUSKAN:\nMenetapkan : KESATU : Membentuk "
    "Tim Pengelola Pengaduan Masyarakat dengan susunan sebagaimana tercantum dalam lampiran.\nKEDUA : Tim "
    "bertugas menerima, mencatat, meneruskan dan memantau tindak lanjut pengaduan melalui SP4N-LAPOR!, kotak "
    "saran dan layanan pesan, serta melaporkannya setiap bulan kepada Kepala Dinas.")

MAKLUMAT = (
    "PUSKESMAS CONTOH\nMAKLUMAT PELAYANAN\n"
    "DENGAN INI KAMI MENYATAKAN SANGGUP MENYELENGGARAKAN PELAYANAN SESUAI STANDAR PELAYANAN YANG TELAH "
    "DITETAPKAN DAN APABILA TIDAK MENEPATI JANJI INI KAMI SIAP MENERIMA SANKSI SESUAI PERATURAN "
    "PERUNDANG-UNDANGAN YANG BERLAKU.\nContoh, 2 Januari 2025\nKepala Puskesmas Contoh\n"
    "dr. Siti Aminah\nNIP. 19800101 200501 2 001")

LAPORAN_SKM = (
    "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT\nKANTOR PELAYANAN CONTOH\nSEMESTER I TAHUN 2025\n"
    "BAB I PENDAHULUAN\nA. Latar Belakang\nSurvei kepuasan masyarakat dilaksanakan untuk mengukur tingkat "
    "kepuasan pengguna layanan terhadap pelayanan yang diberikan, sesuai Peraturan Menteri PANRB Nomor 14 "
    "Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik.\n"
    "B. Metode\nSurvei menggunakan kuesioner sembilan unsur pelayanan: persyaratan, prosedur, waktu pelayanan, "
    "biaya/tarif, produk layanan, kompetensi pelaksana, perilaku pelaksana, penanganan pengaduan, dan sarana "
    "prasarana. Jumlah responden 384 orang.\nBAB II HASIL\nNilai indeks kepuasan masyarakat (IKM) sebesar "
    "84,12 dengan mutu pelayanan B (Baik). Unsur dengan nilai terendah adalah waktu pelayanan.")

RENCANA_KERJA_ZI = (
    "RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI\n"
    "KANTOR PERTANAHAN KABUPATEN CONTOH TAHUN 2025\n"
    "No | Area Perubahan | Kegiatan | Output | Waktu | Penanggung Jawab\n"
    "1 | Manajemen Perubahan | Penyusunan rencana kerja dan target prioritas | Dokumen rencana kerja | Januari | "
    "Ketua Tim\n2 | Manajemen Perubahan | Monitoring dan evaluasi pembangunan ZI | Laporan monev | "
    "Triwulan | Koordinator\n3 | Penataan Tatalaksana | Penyusunan SOP kegiatan utama | SOP | Februari | "
    "Koordinator Tatalaksana\n4 | Peningkatan Kualitas Pelayanan Publik | Survei kepuasan masyarakat | "
    "Laporan SKM | Semester | Koordinator Pelayanan")

SOP_PELAYANAN = (
    "STANDAR OPERASIONAL PROSEDUR\nPELAYANAN PENERBITAN SURAT KETERANGAN\n"
    "Nomor SOP : 065/12/SOP/2025\nTanggal Pembuatan : 6 Januari 2025\nTanggal Revisi : -\n"
    "Tanggal Efektif : 13 Januari 2025\nDisahkan oleh : Camat Contoh\nNama SOP : Pelayanan Penerbitan Surat "
    "Keterangan\nDasar Hukum : Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik\n"
    "Kualifikasi Pelaksana : memahami tata naskah dinas\nKeterkaitan : SOP Pengarsipan\n"
    "Peralatan/Perlengkapan : komputer, printer, formulir\nPeringatan : apabila tidak dilaksanakan, layanan "
    "terlambat\nPencatatan dan Pendataan : buku register\nNo | Kegiatan | Pemohon | Petugas Loket | Kasi | "
    "Camat | Waktu | Output\n1 | Menyerahkan berkas permohonan | | | | | 5 menit | berkas")


#: (name, text, the catalog document type its title names)
EVERYDAY = (
    ("sk_tim_pengaduan", SK_PENGADUAN, "sk_pengaduan"),
    ("maklumat_pelayanan", MAKLUMAT, "maklumat_pelayanan"),
    ("laporan_skm", LAPORAN_SKM, "survei_kepuasan"),
    ("rencana_kerja_zi", RENCANA_KERJA_ZI, "rencana_kerja"),
    ("sop_pelayanan", SOP_PELAYANAN, "sop"),
)
