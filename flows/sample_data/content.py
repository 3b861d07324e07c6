"""Document-type builders: turn a :class:`_Ctx` into a list of content blocks."""

from __future__ import annotations

from datetime import timedelta
from typing import Callable

from flows.sample_data.context import _MONTHS, Block, _Ctx, _attendance_rows, _hari_tgl, _kop, _sign, _tc, _tgl
from flows.sample_data.questions import _area_names
from flows.sample_data.reports import _b_kinerja, _b_lakin, _b_rekap, _b_skm


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
              f"sebagai bagian dari area {c.question.area_name}, indikator {c.question.indicator_name}."),
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
    areas = _area_names()
    rows = []
    for i, (area, keg) in enumerate([
        (areas[1], "Penyusunan SK Tim Kerja dan rencana kerja pembangunan ZI"),
        (areas[2], "Reviu SOP pelayanan dan peta proses bisnis"),
        (areas[3], "Penyusunan rencana pengembangan kompetensi pegawai"),
        (areas[4], "Penyusunan Perjanjian Kinerja dan monitoring capaian"),
        (areas[5], "Sosialisasi pengendalian gratifikasi dan penanganan pengaduan"),
        (areas[6], "Survei Kepuasan Masyarakat dan inovasi pelayanan"),
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


_BUILDERS: dict[str, Callable[[_Ctx], list[Block]]] = {
    "sk": _b_sk, "undangan": _b_undangan, "daftar_hadir": _b_daftar_hadir, "notulen": _b_notulen,
    "laporan": _b_laporan, "laporan_monev": _b_laporan_monev, "rencana_aksi": _b_rencana_aksi, "sop": _b_sop,
    "standar_pelayanan": _b_standar_pelayanan, "maklumat_pelayanan": _b_maklumat, "laporan_skm": _b_skm,
    "pakta_integritas": _b_pakta, "surat": _b_surat, "perjanjian_kinerja": _b_kinerja, "iku": _b_kinerja,
    "laporan_kinerja": _b_lakin, "kebijakan": _b_kebijakan, "dokumentasi": _b_dokumentasi, "rekap": _b_rekap,
    "foto_kegiatan": _b_dokumentasi,
}
_DEFAULT_FMT = {"notulen": "docx", "rencana_aksi": "docx", "daftar_hadir": "xlsx", "rekap": "xlsx", "foto_kegiatan": "png"}
