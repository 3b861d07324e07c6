"""The three sample units: public definitions, letterhead/service profiles and staff."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

#: Public definition of the three sample units (code, name, contact addresses).
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

_FIRST = ["Agus", "Siti", "Dwi", "Rina", "Bambang", "Nur", "Eko", "Lilik", "Hadi", "Yuliana", "Moh.", "Fitri",
          "Heru", "Dian", "Sugeng", "Wahyu", "Endang", "Rizal", "Anik", "Slamet", "Novi", "Arif", "Indah", "Joko"]
_LAST = ["Santoso", "Rahmawati", "Prasetyo", "Wulandari", "Hidayat", "Kurniawan", "Susanti", "Setiawan",
         "Handayani", "Firmansyah", "Lestari", "Saputra", "Fauziah", "Hartono", "Maulana", "Puspitasari",
         "Nugroho", "Mufidah", "Wijaya", "Zainuddin"]
_TITLES = ["S.KM.", "S.Kep., Ns.", "A.Md.Keb.", "S.E.", "S.Kom.", "A.Md.Kep.", "S.Farm., Apt.", "S.Sos.", "", "M.Kes.", "S.ST."]


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

