"""Benchmark of the SQLite FTS5 search backend on synthetic Indonesian ZI documents.

Usage: python benchmarks/search_fts5.py [N_DOCS] [--repeat R] [--db PATH]

Builds an index of N synthetic documents (default 10 000), measures the build
rate and the latency of a fixed query mix (single words, phrases, filtered,
browse/faceted, unit-restricted), writes ``benchmarks/results/search_fts5.json``
and prints a table.  Every search returns facets, so every query is "faceted".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from indexing.search import IndexDocument, SearchQuery, open_search_index

# Topic clusters: each document is about 1-2 topics (70% of its words) plus general
# words, so a topic word matches a realistic fraction of the corpus instead of all of it.
TOPICS = {
    "pengaduan": "pengaduan mengadukan aduan kanal sp4n lapor penanganan tindak lanjut penyelesaian "
                 "whistleblowing pelapor terlapor kotak saran respons keluhan masyarakat",
    "survei": "survei kepuasan masyarakat indeks persepsi responden kuesioner skm ikm ipak "
              "hasil analisis sampel nilai rata-rata unsur layanan",
    "gratifikasi": "gratifikasi pengendalian upg benturan kepentingan hadiah penerimaan penolakan "
                   "pelaporan kpk larangan suap pungutan liar saber pungli",
    "tim": "tim kerja pembangunan zona integritas surat keputusan ketua anggota sekretaris "
           "pembentukan susunan tugas rapat koordinasi agen perubahan role model",
    "sop": "standar operasional prosedur sop maklumat pelayanan alur waktu biaya tarif persyaratan "
           "produk mekanisme penyusunan reviu penetapan",
    "sdm": "kepegawaian pegawai aparatur sipil negara asn mutasi promosi rotasi jabatan analisis "
           "beban kerja formasi rekrutmen seleksi merit disiplin penghargaan sanksi",
    "anggaran": "anggaran realisasi belanja barang jasa pengadaan elektronik lpse keuangan "
                "pertanggungjawaban dipa rka pagu revisi penyerapan",
    "pelatihan": "pelatihan diklat bimbingan teknis workshop seminar peserta narasumber materi modul "
                 "kompetensi pengembangan sertifikat jam pelajaran",
    "monev": "monitoring evaluasi pemantauan capaian indikator kinerja target realisasi triwulan "
             "semester laporan lakip sakip perjanjian renstra renja",
    "inovasi": "inovasi pelayanan publik aplikasi daring digitalisasi website media sosial "
               "terobosan kreativitas replikasi kompetisi",
    "sarpras": "sarana prasarana ruang tunggu loket antrean difabel ramah disabilitas ruang "
               "laktasi pojok baca parkir toilet kursi roda",
    "lhkpn": "lhkpn lhkasn harta kekayaan penyelenggara negara pelaporan wajib lapor kepatuhan "
             "pengisian verifikasi",
    "audit": "audit inspektorat bpk bpkp temuan rekomendasi perbaikan pengawasan internal "
             "reviu evaluasi akuntabilitas",
    "risiko": "manajemen risiko register mitigasi identifikasi pengukuran efektivitas "
              "pengendalian intern spip peta",
    "arsip": "arsip kearsipan tata naskah dinas persuratan nomor agenda disposisi retensi "
             "penyimpanan digital",
}
GENERAL = """
yang dan di ke dari untuk dengan dalam pada oleh sebagai telah akan secara serta atau
bahwa tersebut adalah ini itu juga masih sudah belum agar supaya setiap seluruh para
kegiatan kegiatan-kegiatan pelaksanaan dilaksanakan melaksanakan menyusun disusun menetapkan
ditetapkan meningkatkan ditingkatkan perencanaan rencana aksi perubahan reformasi birokrasi
kementerian lembaga daerah kantor wilayah unit satuan kerja bagian bidang seksi kepala
tahun periode bulan tanggal nomor lampiran halaman dokumen bukti dukung data informasi
pelayanan publik zona integritas wilayah bebas korupsi birokrasi bersih melayani
kebijakan peraturan menteri pedoman petunjuk teknis edaran instruksi arahan
""".split()
VOCAB = sorted({w for t in TOPICS.values() for w in t.split()} | set(GENERAL))

UNITS = [f"UNIT{i:02d}" for i in range(1, 31)]
PERIODS = [2022, 2023, 2024, 2025]
AREAS = [f"A.{r}.{i}" for r in ("I", "II", "III", "IV", "V", "VI") for i in range(1, 5)]
QUESTIONS = [f"{a[2:]}.{c}" for a in AREAS for c in "abc"]
DOC_TYPES = ["laporan", "sk", "notulen", "sop", "surat", "foto", "daftar_hadir", "lainnya"]
TAGS = ["pengaduan", "survei", "gratifikasi", "tim", "sop", "inovasi", "monitoring", "lhkpn",
        "pelatihan", "maklumat", "pakta", "audit", "wbs", "anggaran", "kepegawaian"]
TITLE_HEADS = ["Laporan", "SK", "Notulen Rapat", "SOP", "Surat Edaran", "Dokumentasi",
               "Daftar Hadir", "Rencana Aksi", "Hasil Survei", "Pedoman"]


def make_docs(n: int, seed: int = 42):
    rnd = random.Random(seed)
    topic_words = {k: v.split() for k, v in TOPICS.items()}
    topic_names = list(TOPICS)
    gen_w = [1.0 / (i + 1) ** 0.8 for i in range(len(GENERAL))]  # Zipf-like
    base = date(2022, 1, 1)
    for doc_id in range(1, n + 1):
        length = int(rnd.lognormvariate(6.0, 0.7))  # median ~400 words
        length = max(30, min(length, 8000))
        topics = rnd.sample(topic_names, rnd.choice((1, 1, 2)))
        pool = [w for t in topics for w in topic_words[t]]
        n_topic = int(length * 0.7)
        words = rnd.choices(pool, k=n_topic) + rnd.choices(GENERAL, gen_w, k=length - n_topic)
        rnd.shuffle(words)
        order = pool  # title words come from the topics
        # Sentences of 8-20 words.
        parts, i = [], 0
        while i < len(words):
            k = rnd.randint(8, 20)
            sent = " ".join(words[i : i + k])
            parts.append(sent[:1].upper() + sent[1:] + ".")
            i += k
        text = " ".join(parts)
        title = f"{rnd.choice(TITLE_HEADS)} {' '.join(rnd.choices(order, k=rnd.randint(2, 5)))}"
        d = base + timedelta(days=rnd.randint(0, 4 * 365))
        area = rnd.sample(AREAS, rnd.randint(1, 2))
        # A folder per area and topic, the file named with a code and its title, as units name them
        # (derived from values drawn above: the rest of the corpus is the same as before paths were searched).
        _a, roman, ind = area[0].split(".")
        file_name = f"{ind}.{'abc'[doc_id % 3]} {title.upper()} {d.year}.pdf"
        yield IndexDocument(
            doc_id=doc_id,
            unit=rnd.choice(UNITS),
            period=rnd.choice(PERIODS),
            title=title.title(),
            file_name=file_name,
            path=f"AREA {roman}/{ind}. {topics[0].title()}/{file_name}",
            text=text,
            doc_type=rnd.choice(DOC_TYPES),
            question_codes=[f"{a[2:]}.{rnd.choice('abc')}" for a in area],
            areas=area,
            tags=rnd.sample(TAGS, rnd.randint(0, 3)),
            doc_date=d,
            year=d.year,
            uploaded_at=datetime(d.year, d.month, d.day, 9, 0) + timedelta(days=rnd.randint(0, 30)),
            ocr=rnd.random() < 0.15,
        )


QUERY_MIX: dict[str, list[SearchQuery]] = {
    "single_word": [SearchQuery(t) for t in
                    ["pengaduan", "gratifikasi", "survei", "monitoring", "kepegawaian",
                     "inovasi", "lhkpn", "difabel", "whistleblowing", "perencanaan"]],
    "multi_word": [SearchQuery(t) for t in
                   ["pelayanan publik", "survei kepuasan masyarakat", "pengendalian gratifikasi",
                    "tindak lanjut audit", "gratifikasi OR lhkpn", "pelayanan -antrean"]],
    "phrase": [SearchQuery(t) for t in
               ['"tim kerja"', '"zona integritas"', '"survei kepuasan"', '"standar operasional prosedur"']],
    "filtered": [
        SearchQuery("pengaduan", units=["UNIT01"]),
        SearchQuery("pelayanan", periods=[2024], doc_types=["laporan"]),
        SearchQuery("gratifikasi", areas=["A.III.1", "A.III.2"], years=[2023, 2024]),
        SearchQuery('"tim kerja"', units=["UNIT05", "UNIT06"], tags=["tim"]),
        SearchQuery("survei", questions=["II.1.a"], sort="date"),
    ],
    "browse_faceted": [
        SearchQuery("", units=["UNIT03"]),
        SearchQuery("", periods=[2025], doc_types=["sop"]),
        SearchQuery("", areas=["A.I.1"], sort="date"),
        SearchQuery(""),
    ],
    "paged": [SearchQuery("pelayanan", page=5), SearchQuery("dokumen", page=50, per_page=50)],
    "file_name": [SearchQuery(t) for t in ["sk tim", "2.b", "sop pelayanan", "area iii"]],
}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", nargs="?", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=20, help="runs of the whole query mix")
    ap.add_argument("--db", type=Path, default=None, help="index file (default: temp dir)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "search_fts5.json")
    args = ap.parse_args(argv)

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "search.db"
    else:
        db = args.db
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)

    ix = open_search_index("fts5", path=db)
    gen_t0 = time.perf_counter()
    text_bytes = sum(len(d.text.encode()) for d in make_docs(args.n))
    gen_s = time.perf_counter() - gen_t0

    t0 = time.perf_counter()
    n = ix.index(make_docs(args.n))
    build_s = time.perf_counter() - t0 - gen_s  # exclude synthetic generation
    t0 = time.perf_counter()
    ix.optimize()
    optimize_s = time.perf_counter() - t0
    size = sum(os.path.getsize(str(db) + s) for s in ("", "-wal") if os.path.exists(str(db) + s))

    # Warm-up (page cache, stemmer cache), then timed runs.
    for qs in QUERY_MIX.values():
        for q in qs:
            ix.search(q)
    lat: dict[str, list[float]] = {k: [] for k in QUERY_MIX}
    totals: dict[str, list[int]] = {k: [] for k in QUERY_MIX}
    for _ in range(args.repeat):
        for cat, qs in QUERY_MIX.items():
            for q in qs:
                t = time.perf_counter()
                r = ix.search(q)
                lat[cat].append((time.perf_counter() - t) * 1000)
                if len(totals[cat]) < len(qs):
                    totals[cat].append(r.total)
    ix.close()
    if tmp is not None:
        tmp.cleanup()

    all_lat = [v for vs in lat.values() for v in vs]
    rows = {
        cat: {
            "queries": len(QUERY_MIX[cat]),
            "median_total_hits": int(statistics.median(totals[cat])),
            "p50_ms": round(pct(vs, 50), 2),
            "p95_ms": round(pct(vs, 95), 2),
            "p99_ms": round(pct(vs, 99), 2),
        }
        for cat, vs in lat.items()
    }
    rows["ALL"] = {
        "queries": sum(len(q) for q in QUERY_MIX.values()),
        "median_total_hits": None,
        "p50_ms": round(pct(all_lat, 50), 2),
        "p95_ms": round(pct(all_lat, 95), 2),
        "p99_ms": round(pct(all_lat, 99), 2),
    }
    result = {
        "backend": "fts5",
        "n_docs": n,
        "text_mb": round(text_bytes / 1e6, 1),
        "build_s": round(build_s, 2),
        "build_docs_per_s": round(n / build_s, 1),
        "optimize_s": round(optimize_s, 2),
        "index_mb": round(size / 1e6, 1),
        "repeat": args.repeat,
        "latency": rows,
        "env": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
        },
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")

    print(f"FTS5: {n} docs, {result['text_mb']} MB text -> index {result['index_mb']} MB")
    print(f"build {build_s:.1f} s ({result['build_docs_per_s']} docs/s), optimize {optimize_s:.2f} s")
    print(f"{'category':<16}{'queries':>8}{'hits(med)':>11}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for cat, r in rows.items():
        hits = "" if r["median_total_hits"] is None else r["median_total_hits"]
        print(f"{cat:<16}{r['queries']:>8}{hits:>11}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}")
    print(f"-> {args.out}")
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
