"""Builders of the reports and tables among the sample documents: the SKM survey report, the performance
agreement (IKU), the performance report (LAKIN) and the recap lists; used by :mod:`.content`."""

from __future__ import annotations

from flows.sample_data.context import Block, _Ctx, _kop, _sign, _tc, _tgl


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
