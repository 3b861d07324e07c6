"""Tests of the LKE indicator catalog (config/catalog.py) and its generator (tools/build_catalog.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import time
from pathlib import Path

import pytest

from config.catalog import Catalog, CatalogError, clear_cache, load_catalog
from config.errors import NotFoundError

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "config" / "catalogs" / "lke-zi-2021.yaml"
SHARED_JSON = Path(__file__).resolve().parents[2] / "shared" / "domain" / "lke-zi-2021.json"
DOMAIN_JSON = Path(__file__).resolve().parents[1] / "tools" / "domain" / "lke-zi-2021.json"  # the repository's copy


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(BUNDLED)


@pytest.fixture(scope="module")
def domain_rows() -> list[dict]:
    return json.loads(DOMAIN_JSON.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# The bundled catalog
# ---------------------------------------------------------------------------------------------
def test_bundled_catalog_loads(catalog):
    assert catalog.id == "lke-zi-2021"
    assert catalog.regulation == "PermenPANRB Nomor 90 Tahun 2021"
    assert [a.code for a in catalog.aspects] == ["A", "B"]


def test_default_path_is_bundled_catalog(catalog):
    assert load_catalog() is load_catalog(BUNDLED)


def test_question_counts(catalog):
    qs = catalog.questions()
    assert len(qs) == 113
    assert sum(q.aspect_code == "A" for q in qs) == 110
    assert sum(q.aspect_code == "B" for q in qs) == 3
    assert sum(q.component_code == "A.I" for q in qs) == 87
    assert sum(q.component_code == "A.II" for q in qs) == 23


def test_codes_match_domain_json(catalog, domain_rows):
    assert [q.code for q in catalog.questions()] == [r["code"] for r in domain_rows]
    for row in domain_rows:
        q = catalog.question(row["code"])
        assert q.bps_id == row.get("bps_id")
        assert q.weight == pytest.approx(row["question_weight"], abs=1e-6)


def test_weights(catalog):
    assert catalog.total_weight("A") == pytest.approx(60, abs=0.001)
    assert catalog.total_weight("B") == pytest.approx(40, abs=0.001)
    assert catalog.total_weight() == pytest.approx(100, abs=0.001)
    assert [a.weight for a in catalog.aspects] == [60, 40]
    hasil = catalog.aspects[1]
    assert [(c.code, c.weight) for c in hasil.components] == [("B.I", 22.5), ("B.II", 17.5)]
    with pytest.raises(NotFoundError):
        catalog.total_weight("Z")


def test_areas_and_indicators(catalog):
    areas = catalog.areas()
    assert [a.code for a in areas] == [f"A.{c}.{n}" for c in ("I", "II") for n in range(1, 7)]
    assert [a.short for a in areas[:6]] == ["MP", "TT", "SDM", "AK", "PW", "PP"]
    assert [a.weight for a in areas[:6]] == [4.0, 3.5, 5.0, 5.0, 7.5, 5.0]
    mp = areas[0]
    assert {"manajemen perubahan", "area i", "area 1", "mp"} <= set(mp.aliases)
    assert mp.component_code == "A.I"
    assert len(catalog.indicators()) == 42
    lhk = next(i for i in catalog.indicators() if i.code == "A.II.5.iii")
    assert [s.code for s in lhk.sub_indicators] == ["A.II.5.iii.a", "A.II.5.iii.b"]
    assert [q.code for q in lhk.all_questions()] == ["A.II.5.iii.a.a", "A.II.5.iii.b.a"]


def test_lookup_by_code_and_bps_id(catalog):
    q = catalog.question("A.I.1.i.a")
    assert catalog.question("PPA1A") is q
    assert catalog.question("ppa1a") is q
    assert catalog.question(" a.i.1.i.a ") is q
    assert catalog.question("PRE3B").code == "A.II.5.iii.b.a"
    assert catalog.has_question("PRF2A")
    assert not catalog.has_question("A.I.9.i.a")
    with pytest.raises(NotFoundError, match="tidak ditemukan"):
        catalog.question("A.I.9.i.a")


def test_question_context(catalog):
    q = catalog.question("A.I.1.i.a")
    assert (q.aspect_code, q.component_code, q.component_name) == ("A", "A.I", "Pemenuhan")
    assert (q.area_code, q.area_number, q.area_name) == ("A.I.1", 1, "Manajemen Perubahan")
    assert (q.indicator_code, q.indicator_name) == ("A.I.1.i", "Penyusunan Tim Kerja")
    r = catalog.question("PRE3A")
    assert (r.component_name, r.area_number, r.indicator_code, r.sub_indicator_code) == (
        "Reform", 5, "A.II.5.iii", "A.II.5.iii.a")
    h = catalog.question("B.II.a")
    assert (h.aspect_code, h.component_code, h.component_name) == ("B", "B.II", "Pelayanan Publik yang Prima")
    assert h.area_code is None and h.area_number is None and h.indicator_code is None


def test_answer_types_and_options(catalog):
    scores = {"ya_tidak": [1, 0], "abc": [1, 0.5, 0], "abcd": [1, 0.67, 0.33, 0], "abcde": [1, 0.75, 0.5, 0.25, 0]}
    counts: dict[str, int] = {}
    for q in catalog.questions():
        counts[q.answer_type] = counts.get(q.answer_type, 0) + 1
        if q.answer_type in scores:
            assert [o.score for o in q.options] == pytest.approx(scores[q.answer_type]), q.code
        else:
            assert q.options == []
    assert counts == {"abc": 36, "abcd": 33, "ya_tidak": 17, "abcde": 17, "persen": 8, "nilai": 2}
    assert [o.code for o in catalog.question("A.I.1.i.a").options] == ["Ya", "Tidak"]
    assert catalog.question("B.I.b").answer_type == "abcde"
    assert catalog.question("B.I.a").answer_type == "nilai"
    assert [i.label for i in catalog.question("PRA1A").inputs] == ["Jumlah Agen Perubahan", "Jumlah Perubahan yang dibuat"]


def test_document_types_and_evidence(catalog):
    required_vocab = """sk_tim_kerja sk_agen_perubahan keputusan surat_tugas undangan daftar_hadir notulen foto_kegiatan
        tangkapan_layar rencana_kerja laporan_kegiatan laporan_monev laporan_tindak_lanjut pakta_integritas
        piagam_pencanangan sop peta_proses_bisnis kebijakan_kip rencana_kebutuhan_pegawai sk_mutasi pola_mutasi
        analisis_kebutuhan_diklat rencana_pengembangan_kompetensi sertifikat_diklat skp perjanjian_kinerja iku renstra
        laporan_kinerja sk_upg sk_tim_spip manajemen_risiko sk_pengaduan laporan_pengaduan wbs benturan_kepentingan
        surat_pernyataan standar_pelayanan maklumat_pelayanan survei_kepuasan laporan_inovasi sp4n_lapor lhkpn lhkasn
        survei_ipak survei_ipkp kode_etik sk_hukuman_disiplin laporan_assessment reward_punishment kompensasi
        aplikasi""".split()
    assert set(required_vocab) <= set(catalog.document_types)
    dt = catalog.document_type("sk_tim_kerja")
    assert dt.code == "sk_tim_kerja" and "tim kerja pembangunan zona integritas" in dt.keywords
    assert "menimbang" in catalog.document_type("keputusan").keywords
    assert "menimbang" not in dt.keywords
    assert {"notulen", "notula", "notulis"} <= set(catalog.document_type("notulen").keywords)
    with pytest.raises(NotFoundError):
        catalog.document_type("tidak_ada")
    q = catalog.question("A.I.1.i.a")
    assert q.evidence.rule == "all"
    assert q.evidence.items[0].types == ["sk_tim_kerja"]
    assert q.evidence.items[1].types == ["undangan", "daftar_hadir"]
    for q in catalog.questions():
        assert 2 <= len(q.keywords) <= 6, q.code
        assert any(i.required for i in q.evidence.items), q.code
    assert catalog.question("B.I.a").evidence.items[0].types == ["survei_ipak"]
    assert "survei_ipkp" in catalog.question("B.II.a").evidence.items[0].types


def test_cache_by_path_and_mtime(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    first = load_catalog(path)
    assert load_catalog(str(path)) is first
    path.write_text(MINI.replace("title: Mini", "title: Mini 2"), encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    second = load_catalog(path)
    assert second is not first and second.title == "Mini 2"
    clear_cache()
    assert load_catalog(path) is not second


def test_missing_file(tmp_path):
    with pytest.raises(CatalogError, match="tidak ditemukan"):
        load_catalog(tmp_path / "nope.yaml")


# ---------------------------------------------------------------------------------------------
# Validation rules on a small catalog
# ---------------------------------------------------------------------------------------------
MINI = """\
id: mini
title: Mini
regulation: Uji
document_types:
  sk_tim_kerja:
    label: SK Tim Kerja
    keywords: ["tim kerja pembangunan zona integritas"]
    filename_patterns: ['sk[ _.-]*tim']
  undangan:
    label: Undangan
    keywords: ["undangan"]
    filename_patterns: ['undangan']
aspects:
  - code: A
    name: Pengungkit
    weight: 60
    components:
      - code: A.I
        name: Pemenuhan
        weight: 60
        areas:
          - code: A.I.1
            number: 1
            name: Manajemen Perubahan
            short: MP
            weight: 60
            aliases: ["manajemen perubahan", "area i"]
            indicators:
              - code: A.I.1.i
                numeral: i
                name: Penyusunan Tim Kerja
                weight: 60
                aliases: ["tim kerja"]
                keywords: ["tim kerja"]
                questions:
                  - code: A.I.1.i.a
                    letter: a
                    bps_id: PPA1A
                    text: Unit kerja telah membentuk tim
                    explanation: ""
                    answer_type: ya_tidak
                    weight: 30
                    options:
                      - {code: "Ya", text: "Ya", score: 1.0}
                      - {code: "Tidak", text: "Tidak", score: 0.0}
                    inputs: []
                    keywords: ["pembentukan tim kerja", "sk tim kerja"]
                    evidence:
                      rule: all
                      items:
                        - types: [sk_tim_kerja]
                          min: 1
                          required: true
                          description: SK Tim Kerja
                        - types: [undangan]
                          required: false
                          description: Undangan rapat
                  - code: A.I.1.i.b
                    letter: b
                    bps_id: PPA1B
                    text: Penentuan anggota tim
                    answer_type: abc
                    weight: 30
                    options:
                      - {code: A, text: Jelas, score: 1}
                      - {code: B, text: Sebagian, score: 0.5}
                      - {code: C, text: Tidak, score: 0}
                    keywords: ["anggota tim", "mekanisme pemilihan"]
                    evidence:
                      items:
                        - types: [undangan]
  - code: B
    name: Hasil
    weight: 40
    components:
      - code: B.I
        name: Birokrasi yang Bersih dan Akuntabel
        weight: 40
        questions:
          - code: B.I.a
            letter: a
            text: Nilai IPAK
            answer_type: nilai
            weight: 40
            options: []
            keywords: ["ipak", "persepsi anti korupsi"]
            evidence:
              items:
                - types: [undangan]
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not in text"
    return hits[occurrence - 1]


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[str, CatalogError]:
    assert MINI.count(old) >= count, old
    text = MINI.replace(old, new, count)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert info.value.path == str(path.resolve())
    return text, info.value


def assert_error(err: CatalogError, line: int, fragment: str) -> None:
    wanted = [e for e in err.errors if e.startswith(f"baris {line}:") and fragment in e]
    assert wanted, f"no error 'baris {line}: …{fragment}…' in {err.errors}"


def test_mini_catalog_is_valid(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    cat = load_catalog(path)
    assert [q.code for q in cat.questions()] == ["A.I.1.i.a", "A.I.1.i.b", "B.I.a"]
    assert cat.question("B.I.a").evidence.rule == "all"


def test_duplicate_question_code(tmp_path):
    text, err = broken(tmp_path, "code: A.I.1.i.b", "code: A.I.1.i.a")
    assert_error(err, line_of(text, "code: A.I.1.i.a", 2), "kode pertanyaan duplikat 'A.I.1.i.a'")


def test_duplicate_bps_id(tmp_path):
    text, err = broken(tmp_path, "bps_id: PPA1B", "bps_id: ppa1a")
    assert_error(err, line_of(text, "bps_id: ppa1a"), "id BPS duplikat")


def test_duplicate_area_and_indicator_codes(tmp_path):
    extra_area = """          - code: A.I.1
            number: 2
            name: Tatalaksana
            short: TT
            weight: 0
            aliases: []
            indicators: []
"""
    text, err = broken(tmp_path, "  - code: B\n", extra_area + "  - code: B\n")
    assert_error(err, line_of(text, "name: Tatalaksana") - 2, "kode area duplikat 'A.I.1'")
    text, err = broken(tmp_path, "                questions:\n",
                       "                questions: []\n              - code: A.I.1.i\n                numeral: i\n"
                       "                name: Dup\n                weight: 0\n                questions:\n")
    assert_error(err, line_of(text, "- code: A.I.1.i", 2), "kode indikator duplikat 'A.I.1.i'")


def test_duplicate_document_type_key(tmp_path):
    text, err = broken(tmp_path, "aspects:\n", "  undangan:\n    label: Lagi\naspects:\n")
    assert_error(err, line_of(text, "  undangan:", 2), "YAML tidak valid")


def test_code_must_start_with_parent_code(tmp_path):
    text, err = broken(tmp_path, "code: A.I.1.i.b", "code: A.I.2.i.b")
    assert_error(err, line_of(text, "code: A.I.2.i.b"), "tidak diawali kode induknya 'A.I.1.i'")


def test_question_weights_must_sum_to_aspect_weight(tmp_path):
    text, err = broken(tmp_path, "weight: 30\n", "weight: 20\n")
    assert_error(err, line_of(text, "weight: 60"), "jumlah bobot pertanyaan aspek A 50 ≠ bobot 60")
    # the indicator level reports the same gap on its own line
    assert_error(err, line_of(text, "weight: 60", 4), "indikator A.I.1.i")


def test_aspects_must_sum_to_100(tmp_path):
    text, err = broken(tmp_path, "    weight: 40\n", "    weight: 50\n")
    assert_error(err, line_of(text, "aspects:"), "jumlah bobot aspek 110 ≠ 100")


def test_tolerance_accepts_rounded_weights(tmp_path):
    text = MINI.replace("weight: 30\n", "weight: 29.9996\n", 1).replace("weight: 30\n", "weight: 30.0002\n", 1)
    path = tmp_path / "rounded.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_catalog(path).total_weight("A") == pytest.approx(59.9998)


def test_choice_question_needs_matching_option_count(tmp_path):
    text, err = broken(tmp_path, "                      - {code: C, text: Tidak, score: 0}\n", "")
    assert_error(err, line_of(text, "options:", 2), "bertipe abc harus memiliki 3 opsi, ditemukan 2")


def test_option_score_in_range(tmp_path):
    text, err = broken(tmp_path, "{code: B, text: Sebagian, score: 0.5}", "{code: B, text: Sebagian, score: 1.5}")
    assert_error(err, line_of(text, "score: 1.5"), "harus di antara 0 dan 1")


def test_persen_and_nilai_have_no_options(tmp_path):
    text, err = broken(tmp_path, "answer_type: abc", "answer_type: persen")
    assert_error(err, line_of(text, "options:", 2), "bertipe persen tidak boleh memiliki opsi")
    text, err = broken(tmp_path, "            options: []\n", "            options:\n              - {code: A, text: a, score: 1}\n")
    assert_error(err, line_of(text, "{code: A, text: a, score: 1}") - 1, "bertipe nilai tidak boleh memiliki opsi")


def test_question_needs_a_required_evidence_item(tmp_path):
    text, err = broken(tmp_path, "                          required: true\n", "                          required: false\n")
    assert_error(err, line_of(text, "evidence:"), "A.I.1.i.a tidak memiliki item data dukung wajib")


def test_evidence_type_must_exist(tmp_path):
    text, err = broken(tmp_path, "- types: [sk_tim_kerja]", "- types: [sk_hilang]")
    assert_error(err, line_of(text, "sk_hilang"), "jenis dokumen tidak dikenal 'sk_hilang'")


def test_filename_pattern_must_compile(tmp_path):
    text, err = broken(tmp_path, "['sk[ _.-]*tim']", "['sk[tim']")
    assert_error(err, line_of(text, "'sk[tim'"), "bukan regex yang valid")


def test_keywords_lowercase_and_non_empty(tmp_path):
    text, err = broken(tmp_path, '["pembentukan tim kerja", "sk tim kerja"]', '["Pembentukan Tim Kerja", ""]')
    line = line_of(text, "Pembentukan Tim Kerja")
    assert_error(err, line, "harus huruf kecil: 'Pembentukan Tim Kerja'")
    assert_error(err, line, "kata kunci pertanyaan kosong")
    text, err = broken(tmp_path, 'keywords: ["undangan"]', 'keywords: ["Undangan"]')
    assert_error(err, line_of(text, '["Undangan"]'), "kata kunci jenis dokumen 'undangan' harus huruf kecil")


def test_pydantic_errors_carry_line_numbers(tmp_path):
    text, err = broken(tmp_path, "answer_type: ya_tidak", "answer_type: ya")
    assert_error(err, line_of(text, "answer_type: ya"), "nilai 'ya' tidak diizinkan untuk 'answer_type'")
    text, err = broken(tmp_path, "                    text: Penentuan anggota tim\n", "")
    assert_error(err, line_of(text, "- code: A.I.1.i.b"), "kolom wajib 'text' tidak ada")
    text, err = broken(tmp_path, "            text: Nilai IPAK\n", "            text: Nilai IPAK\n            colour: red\n")
    assert_error(err, line_of(text, "colour: red"), "kolom tidak dikenal 'colour'")
    text, err = broken(tmp_path, "weight: 30\n", "weight: banyak\n")
    assert_error(err, line_of(text, "weight: banyak"), "tipe nilai 'weight' tidak valid")
    text, err = broken(tmp_path, "rule: all", "rule: most")
    assert_error(err, line_of(text, "rule: most"), "'rule'")


def test_all_errors_are_collected(tmp_path):
    text = MINI.replace("- types: [sk_tim_kerja]", "- types: [sk_hilang]").replace(
        "{code: B, text: Sebagian, score: 0.5}", "{code: B, text: Sebagian, score: -1}")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    errors = info.value.errors
    assert any("sk_hilang" in e for e in errors) and any("score" in e or "skor" in e for e in errors)
    assert "Katalog indikator tidak valid" in str(info.value)


def test_yaml_syntax_error_has_line(tmp_path):
    text, err = broken(tmp_path, "    name: Pengungkit\n", "    name: [Pengungkit\n")
    assert any(e.startswith("baris ") and "YAML tidak valid" in e for e in err.errors), err.errors


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------
def test_generator_output_validates(tmp_path, domain_rows):
    spec = importlib.util.spec_from_file_location("build_catalog", REPO / "tools" / "build_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "generated.yaml"
    assert module.main([str(DOMAIN_JSON), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# LKE ZI") and "GENERATED" in text and "\\u" not in text
    generated = load_catalog(out)
    assert [q.code for q in generated.questions()] == [r["code"] for r in domain_rows]


def test_the_repositorys_domain_copy_is_the_teams_file():
    """tools/domain/ is a copy of ../shared/domain/lke-zi-2021.json (the source of truth) where that exists."""
    copy = DOMAIN_JSON.read_bytes()
    assert json.loads(copy)  # the copy itself is always there and readable
    if SHARED_JSON.exists():
        assert copy == SHARED_JSON.read_bytes(), "tools/domain/lke-zi-2021.json differs from ../shared/domain: copy it again"
