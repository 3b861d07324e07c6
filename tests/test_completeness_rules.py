"""Completeness rules from the catalog: all/any, min counts, recency, content checks, reviewer overrides.

Real behaviour throughout: a small catalog written as YAML and loaded by the real loader, facts
computed by ``indexing.facts.document_facts`` from real text, records written through the repository
into a temporary SQLite database, and real PDF/DOCX files ingested through the pipeline.
"""

from __future__ import annotations

import hashlib
import importlib.util
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from config.catalog import load_catalog
from config.errors import CatalogError
from flows.completeness.check import (
    BELUM_ADA,
    DITANDAI,
    LENGKAP,
    SEBAGIAN,
    SupportingDocument,
    assess_question,
    check_completeness,
    evaluate_question,
)
from flows.completeness.evidence_rules import RuleContext
from flows.ingest.pipeline import ingest, reprocess
from indexing.facts import document_facts
from storage.records import repository as repo
from storage.records.models import AuditEntry, Document
from tests.builders import make_docx, make_pdf
from tests.conftest import SK_TIM

REPO = Path(__file__).resolve().parents[1]
DOMAIN_JSON = REPO / "tools" / "domain" / "lke-zi-2021.json"  # the repository's copy of ../shared/domain

RULES = """\
id: aturan
title: Katalog uji aturan kelengkapan
completeness:
  undated: accept
  recency: {within: period}
content_checks:
  sk_ditetapkan:
    kind: ditetapkan
    label: SK ditetapkan dan bertanggal
    message: belum ditetapkan dengan tanggal
  susunan_tim:
    kind: phrases
    match: all
    phrases: ["ketua", "anggota"]
    label: Memuat susunan tim
    message: tidak memuat ketua dan anggota
  menyebut_zi:
    kind: phrases
    phrases: ["zona integritas", "wbk"]
    label: Menyebut ZI
    message: tidak menyebut zona integritas
  bernomor:
    kind: regex
    pattern: '^\\s*nomor\\s*:?\\s*\\d+'
    label: Bernomor
    message: nomor surat tidak ditemukan
  mencakup_periode:
    kind: covers_period
    label: Mencakup periode evaluasi
    message: tidak menyebut tahun periode evaluasi
  menyatakan_indeks:
    kind: states_index
    phrases: ["indeks kepuasan masyarakat", "ikm"]
    min_value: 0
    max_value: 100
    label: Menyatakan nilai indeks
    message: nilai indeks tidak ditemukan
document_types:
  sk_tim:
    label: SK Tim Kerja
    recency: {within: period, grace_months: 12}
    checks: ["sk_ditetapkan", "susunan_tim"]
  notulen:
    label: Notulen
  sop:
    label: SOP
    recency: {within: months, months: 36}
  piagam:
    label: Piagam Pencanangan
    recency: {within: any}
  laporan_monev:
    label: Laporan Monev
    checks: ["mencakup_periode"]
  survei:
    label: Laporan Survei
    checks: ["menyatakan_indeks"]
  surat:
    label: Surat
    checks: ["bernomor", "menyebut_zi"]
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
            indicators:
              - code: A.I.1.i
                numeral: i
                name: Uji
                weight: 60
                questions:
                  - {code: A.I.1.i.a, letter: a, text: Tim dibentuk, answer_type: persen, weight: 10, evidence: {rule: all, items: [{types: [sk_tim], description: SK Tim Kerja}, {types: [notulen], min: 2, description: Notulen rapat}]}}
                  - {code: A.I.1.i.b, letter: b, text: Prosedur, answer_type: persen, weight: 10, evidence: {rule: any, items: [{types: [sop]}, {types: [piagam]}]}}
                  - {code: A.I.1.i.c, letter: c, text: Monev, answer_type: persen, weight: 10, evidence: {items: [{types: [laporan_monev]}]}}
                  - {code: A.I.1.i.d, letter: d, text: Survei, answer_type: persen, weight: 10, evidence: {items: [{types: [survei], description: Laporan survei}]}}
                  - {code: A.I.1.i.e, letter: e, text: Surat, answer_type: persen, weight: 10, evidence: {items: [{types: [surat]}]}}
                  - {code: A.I.1.i.f, letter: f, text: Tim lama, answer_type: persen, weight: 10, evidence: {items: [{types: [sk_tim], recency: {within: any}, checks: []}]}}
  - code: B
    name: Hasil
    weight: 40
    components:
      - code: B.I
        name: Hasil
        weight: 40
        questions:
          - {code: B.I.a, letter: a, text: Nilai, answer_type: nilai, weight: 40, evidence: {items: [{types: [survei]}]}}
"""

SK_2022 = SK_TIM.replace("2025", "2022").replace("6 Januari 2022", "3 Januari 2022") + "\nKetua: Ahmad\nAnggota: Budi"
SK_2025 = SK_TIM + "\nKetua: Ahmad\nAnggota: Budi"
SK_UNSIGNED = SK_2025.replace("Ditetapkan di Jember\npada tanggal 6 Januari 2025", "(draf)")
SKM = ("LAPORAN SURVEI KEPUASAN MASYARAKAT SEMESTER I TAHUN 2025\nResponden sebanyak 312 orang.\n"
       "Nilai Indeks Kepuasan Masyarakat (IKM) Dinas Kesehatan adalah 86,25 dengan mutu pelayanan B.")


@pytest.fixture(scope="module")
def rules_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("aturan") / "aturan.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cat(rules_path):
    return load_catalog(rules_path)


_ids = iter(range(1, 10_000))


def doc(catalog, types, text="", when=None, name=None, facts=True) -> SupportingDocument:
    """A document as the completeness check sees it; facts computed from ``text`` by the real function."""
    n = next(_ids)
    return SupportingDocument(document_id=n, path=f"unit/{name or f'd{n}.pdf'}", doc_types=list(types),
                              confidence=0.9, reason="uji", source="auto", doc_date=when,
                              facts=document_facts(text, catalog, doc_date=when) if facts else None)


def run(catalog, code, docs, year=2025, today=date(2026, 6, 1)):
    return evaluate_question(catalog, catalog.question(code), docs, year=year, today=today)


# -- all / any / min ---------------------------------------------------------------------------------

def test_all_rule_needs_every_required_item_and_min_counts(cat):
    sk = doc(cat, ["sk_tim"], SK_2025, date(2025, 1, 6))
    n1, n2 = doc(cat, ["notulen"], "notulen", date(2025, 2, 1)), doc(cat, ["notulen"], "notulen", date(2025, 3, 1))
    assert run(cat, "A.I.1.i.a", [])[0] == BELUM_ADA
    status, coverage, satisfied, missing, why = run(cat, "A.I.1.i.a", [sk, n1])
    assert (status, coverage) == (SEBAGIAN, 0.5) and satisfied == ["SK Tim Kerja"]
    assert missing == ["Notulen rapat (perlu 2, ada 1)"] and "1 dari 2" in why
    status, coverage, _, missing, _ = run(cat, "A.I.1.i.a", [sk, n1, n2])
    assert (status, coverage, missing) == (LENGKAP, 1.0, [])


def test_min_count_counts_only_documents_that_pass_their_rules(cat):
    sk = doc(cat, ["sk_tim"], SK_2025, date(2025, 1, 6))
    old = doc(cat, ["notulen"], "notulen", date(2023, 5, 2), name="notulen-2023.docx")
    status, _, _, missing, _ = run(cat, "A.I.1.i.a", [sk, doc(cat, ["notulen"], "x", date(2025, 2, 1)), old])
    assert status == SEBAGIAN
    assert missing == ["Notulen rapat (perlu 2, ada 1): ada 'notulen-2023.docx', tetapi bertanggal 2 Mei 2023 "
                       "(di luar periode 2025)"]


def test_any_rule_one_item_suffices(cat):
    status, coverage, _, missing, why = run(cat, "A.I.1.i.b", [doc(cat, ["piagam"], "piagam", date(2019, 3, 1))])
    assert (status, coverage, missing) == (LENGKAP, 1.0, []) and "salah satu" in why


# -- recency -----------------------------------------------------------------------------------------

def test_recency_period_with_grace_a_2022_sk_does_not_prove_a_2025_team(cat):
    notulen = [doc(cat, ["notulen"], "n", date(2025, 2, 1)), doc(cat, ["notulen"], "n", date(2025, 3, 1))]
    last_year = doc(cat, ["sk_tim"], SK_2025, date(2024, 2, 1))
    assert run(cat, "A.I.1.i.a", [last_year, *notulen])[0] == LENGKAP  # within the 12 months' grace
    stale = doc(cat, ["sk_tim"], SK_2022, date(2022, 1, 3), name="SK_Tim_2022.pdf")
    status, _, _, missing, why = run(cat, "A.I.1.i.a", [stale, *notulen])
    assert status == SEBAGIAN
    assert missing == ["SK Tim Kerja: ada 'SK_Tim_2022.pdf', tetapi bertanggal 3 Januari 2022 "
                       "(di luar periode 2025; paling awal 1 Januari 2024)"]
    # the rule is named by the type's label, never its code (issue 16)
    assert "aturan tanggal SK Tim Kerja (bertanggal tahun 2025 atau 12 bulan sebelumnya)" in why
    assert "sk_tim" not in why
    assert stale.counted is False and stale.findings[0].ok is False


def test_recency_period_without_grace(cat):
    ok = run(cat, "A.I.1.i.c", [doc(cat, ["laporan_monev"], "Laporan TW I 2025", date(2025, 4, 2))])
    late_last_year = run(cat, "A.I.1.i.c", [doc(cat, ["laporan_monev"], "Laporan 2024", date(2024, 12, 30))])
    assert ok[0] == LENGKAP and late_last_year[0] == SEBAGIAN
    assert "bertanggal 30 Desember 2024 (di luar periode 2025)" in late_last_year[3][0]


def test_recency_months_window(cat):
    inside = doc(cat, ["sop"], "sop", date(2023, 1, 1))
    outside = doc(cat, ["sop"], "sop", date(2022, 12, 31), name="sop-lama.pdf")
    assert run(cat, "A.I.1.i.b", [inside])[0] == LENGKAP
    status, _, _, missing, _ = run(cat, "A.I.1.i.b", [outside])
    assert status == SEBAGIAN and "lebih dari 36 bulan sebelum akhir periode 2025" in missing[0]


def test_recency_any_and_item_override(cat):
    assert run(cat, "A.I.1.i.b", [doc(cat, ["piagam"], "p", date(2015, 1, 1))])[0] == LENGKAP
    # A.I.1.i.f overrides sk_tim's rules: any date and no content checks
    assert run(cat, "A.I.1.i.f", [doc(cat, ["sk_tim"], "tanpa isi", date(2019, 1, 1))])[0] == LENGKAP
    plain = doc(cat, ["sk_tim"], "tanpa isi", date(2025, 1, 1), name="sk.pdf")
    status, _, _, missing, _ = run(cat, "A.I.1.i.a", [plain, *_notulen(cat)])
    assert status == SEBAGIAN and missing == [
        "SK Tim Kerja: ada 'sk.pdf', tetapi belum ditetapkan dengan tanggal; tidak memuat ketua dan anggota"]


def test_documents_dated_after_the_period_or_today_do_not_count(cat):
    after = doc(cat, ["piagam"], "p", date(2026, 1, 5))
    status, _, _, missing, _ = run(cat, "A.I.1.i.b", [after])
    assert status == SEBAGIAN and missing == [
        "SOP", "Piagam Pencanangan: ada 'd{}.pdf', tetapi bertanggal 5 Januari 2026, setelah akhir periode 2025".format(
            after.document_id)]
    future = doc(cat, ["piagam"], "p", date(2025, 9, 1))
    status, _, _, missing, _ = run(cat, "A.I.1.i.b", [future], today=date(2025, 6, 30))
    assert status == SEBAGIAN and "bertanggal 1 September 2025, setelah hari ini (30 Juni 2025)" in missing[1]
    assert run(cat, "A.I.1.i.b", [future], today=date(2025, 9, 1))[0] == LENGKAP


def test_undated_documents_accepted_with_a_reason_or_rejected(cat, tmp_path):
    undated = doc(cat, ["laporan_monev"], "Laporan monev triwulan II tahun 2025", None, name="monev.pdf")
    a = assess_question(cat, cat.question("A.I.1.i.c"), [undated], RuleContext.of(cat, 2025))
    assert a.status == LENGKAP and a.warnings == ["'monev.pdf': tanggal dokumen tidak terbaca"]
    strict = load_catalog(_write(tmp_path, RULES.replace("undated: accept", "undated: reject")))
    status, _, _, missing, _ = run(strict, "A.I.1.i.c", [doc(strict, ["laporan_monev"], "2025", None, "monev.pdf")])
    assert status == SEBAGIAN and missing == ["Laporan Monev: ada 'monev.pdf', tetapi tanggal dokumen tidak terbaca"]


# -- content checks ------------------------------------------------------------------------------------

def _notulen(cat):
    return [doc(cat, ["notulen"], "n", date(2025, 2, 1)), doc(cat, ["notulen"], "n", date(2025, 3, 1))]


def test_ditetapkan_check(cat):
    signed = doc(cat, ["sk_tim"], SK_2025, date(2025, 1, 6))
    assert run(cat, "A.I.1.i.a", [signed, *_notulen(cat)])[0] == LENGKAP
    assert signed.findings[1].detail == "tertulis 'ditetapkan di', tanggal 6 Januari 2025"
    draft = doc(cat, ["sk_tim"], SK_UNSIGNED, date(2025, 1, 6), name="draf-sk.pdf")
    status, _, _, missing, why = run(cat, "A.I.1.i.a", [draft, *_notulen(cat)])
    assert status == SEBAGIAN and missing == ["SK Tim Kerja: ada 'draf-sk.pdf', tetapi belum ditetapkan dengan tanggal"]
    assert "pemeriksaan isi «SK ditetapkan dan bertanggal»" in why and "sk_ditetapkan" not in why
    # "ditetapkan di" is written, but no date could be read
    no_date = doc(cat, ["sk_tim"], SK_2025, None)
    assert no_date.facts["checks"]["sk_ditetapkan"] == {
        "ok": False, "h": cat.content_check("sk_ditetapkan").fingerprint, "phrase": True,
        "detail": "tertulis 'ditetapkan di', tetapi tanggalnya tidak terbaca"}
    # a person sets the date later (Document.doc_date_manual): the check passes without re-processing
    no_date.doc_date = date(2025, 1, 6)
    assert run(cat, "A.I.1.i.a", [no_date, *_notulen(cat)])[0] == LENGKAP
    assert no_date.findings[1].detail == "ditetapkan, tanggal 6 Januari 2025"


def test_phrases_check_all_and_any(cat):
    no_members = doc(cat, ["sk_tim"], SK_TIM.replace("susunan keanggotaan", ""), date(2025, 1, 6), name="sk.pdf")
    status, _, _, missing, _ = run(cat, "A.I.1.i.a", [no_members, *_notulen(cat)])
    assert status == SEBAGIAN and missing == ["SK Tim Kerja: ada 'sk.pdf', tetapi tidak memuat ketua dan anggota"]
    only_chair = document_facts(SK_TIM + "\nKetua: Ahmad", cat, doc_date=date(2025, 1, 6))
    assert only_chair["checks"]["susunan_tim"]["ok"] is False and "'anggota'" in only_chair["checks"]["susunan_tim"]["detail"]
    surat = "Nomor: 800/12/2025\nHal: pembangunan Zona Integritas"
    assert run(cat, "A.I.1.i.e", [doc(cat, ["surat"], surat, date(2025, 5, 5))])[0] == LENGKAP
    lain = doc(cat, ["surat"], "Nomor: 800/12/2025\nHal: rapat", date(2025, 5, 5), name="surat.pdf")
    assert run(cat, "A.I.1.i.e", [lain])[3] == ["Surat: ada 'surat.pdf', tetapi tidak menyebut zona integritas"]


def test_regex_check(cat):
    nameless = doc(cat, ["surat"], "Hal: Zona Integritas", date(2025, 5, 5), name="surat.pdf")
    assert run(cat, "A.I.1.i.e", [nameless])[3] == ["Surat: ada 'surat.pdf', tetapi nomor surat tidak ditemukan"]
    assert document_facts("  NOMOR : 12 tahun 2025", cat)["checks"]["bernomor"]["ok"] is True


def test_covers_period_check(cat):
    by_text = doc(cat, ["laporan_monev"], "Monev triwulan I tahun 2025", date(2025, 4, 1))
    assert run(cat, "A.I.1.i.c", [by_text])[0] == LENGKAP
    # the text names another year, but the document is dated in the period
    by_date = doc(cat, ["laporan_monev"], "Monev rencana aksi 2024", date(2025, 1, 20))
    assert run(cat, "A.I.1.i.c", [by_date])[0] == LENGKAP
    undated_other = doc(cat, ["laporan_monev"], "Monev tahun 2023", None, name="monev.pdf")
    status, _, _, missing, _ = run(cat, "A.I.1.i.c", [undated_other])
    assert status == SEBAGIAN and missing == ["Laporan Monev: ada 'monev.pdf', tetapi tidak menyebut tahun periode evaluasi"]


def test_states_index_check(cat):
    skm = doc(cat, ["survei"], SKM, date(2025, 7, 1))
    assert run(cat, "A.I.1.i.d", [skm])[0] == LENGKAP
    assert skm.facts["checks"]["menyatakan_indeks"]["value"] == 86.25
    assert document_facts("Hasil survei: IKM: 3,45", cat)["checks"]["menyatakan_indeks"]["value"] == 3.45
    no_value = doc(cat, ["survei"], "Laporan survei kepuasan 2025. Responden 312 orang.", date(2025, 7, 1),
                   name="skm.pdf")
    assert run(cat, "A.I.1.i.d", [no_value])[3] == ["Laporan survei: ada 'skm.pdf', tetapi nilai indeks tidak ditemukan"]
    # a number far from the label, or out of range, is not the index
    far = document_facts("Indeks Kepuasan Masyarakat diukur terhadap sembilan unsur pelayanan. BAB II METODOLOGI "
                         "Jumlah responden sebanyak 312 orang", cat)
    assert far["checks"]["menyatakan_indeks"]["ok"] is False
    assert document_facts("IKM adalah 312", cat)["checks"]["menyatakan_indeks"]["ok"] is False


def test_documents_without_facts_or_with_outdated_checks_say_how_to_fix(cat, tmp_path):
    old = doc(cat, ["survei"], "", date(2025, 7, 1), name="lama.pdf", facts=False)
    a = assess_question(cat, cat.question("A.I.1.i.d"), [old], RuleContext.of(cat, 2025))
    # the way out is a button of the web app, not a shell command (issue 16)
    assert a.status == LENGKAP and "«Proses ulang»" in a.warnings[0] and "dukung " not in a.warnings[0]
    # the check was edited in the YAML after the document was processed
    edited = load_catalog(_write(tmp_path, RULES.replace('phrases: ["indeks kepuasan masyarakat", "ikm"]',
                                                         'phrases: ["ikm"]'), "diubah.yaml"))
    stale = doc(cat, ["survei"], SKM, date(2025, 7, 1), name="skm.pdf")
    a = assess_question(edited, edited.question("A.I.1.i.d"), [stale], RuleContext.of(edited, 2025))
    assert "belum dijalankan dengan aturan katalog saat ini" in a.warnings[0]
    strict = load_catalog(_write(tmp_path, RULES.replace("undated: accept", "undated: accept\n  unchecked: reject"),
                                 "ketat.yaml"))
    old = doc(strict, ["survei"], "", date(2025, 7, 1), name="lama.pdf", facts=False)
    assert run(strict, "A.I.1.i.d", [old])[0] == SEBAGIAN


def _write(tmp_path, text, name="katalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- catalog validation -------------------------------------------------------------------------------

def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("old,new,needle,fragment", [
    ('checks: ["sk_ditetapkan", "susunan_tim"]', 'checks: ["sk_ditetapkan", "susunan_tiim"]', "susunan_tiim",
     "pemeriksaan isi tidak dikenal 'susunan_tiim' pada jenis dokumen 'sk_tim'"),
    ("recency: {within: any}, checks: []", "recency: {within: any}, checks: [tidak_ada]", "tidak_ada",
     "pemeriksaan isi tidak dikenal 'tidak_ada' pada bukti A.I.1.i.f"),
    ("{types: [laporan_monev]}", "{types: [laporan_monevv]}", "laporan_monevv",
     "jenis dokumen tidak dikenal 'laporan_monevv' pada A.I.1.i.c"),
    ("recency: {within: months, months: 36}", "recency: {within: months}", "recency: {within: months}",
     "'within: months' memerlukan 'months'"),
    ("pattern: '^\\s*nomor", "pattern: '^\\s*(nomor", "pattern:", "bukan regex yang valid"),
    ('phrases: ["zona integritas", "wbk"]', "phrases: []", "menyebut_zi:", "memerlukan daftar 'phrases'"),
    ("kind: covers_period", "kind: covers_periode", "covers_periode", "tidak diizinkan untuk 'kind'"),
])
def test_catalog_validation_names_the_yaml_line(tmp_path, old, new, needle, fragment):
    assert old in RULES, old
    text = RULES.replace(old, new, 1)
    with pytest.raises(CatalogError) as info:
        load_catalog(_write(tmp_path, text))
    line = _line(text, needle)
    assert any(e.startswith(f"baris {line}:") and fragment in e for e in info.value.errors), info.value.errors


def test_bundled_catalog_rules_and_generator_is_idempotent(tmp_path):
    catalog = load_catalog()
    assert catalog.recency_for("sk_tim_kerja").grace_months == 12
    assert catalog.checks_for("sk_tim_kerja") == ["sk_ditetapkan", "sk_susunan_tim"]
    assert catalog.checks_for("survei_kepuasan") == ["menyatakan_indeks"]
    assert catalog.recency_for("sop").months == 36 and catalog.recency_for("notulen").within == "period"
    assert catalog.completeness.undated == "accept"
    spec = importlib.util.spec_from_file_location("build_catalog", REPO / "tools" / "build_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "lke.yaml"
    module.main([str(DOMAIN_JSON), "-o", str(out)])
    bundled = (REPO / "config" / "catalogs" / "lke-zi-2021.yaml").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == bundled, "edit tools/build_catalog.py and regenerate the YAML"


# -- records, reviewers and the pipeline ---------------------------------------------------------------

@pytest.fixture
def rules_rt(dukung_env, rules_path, monkeypatch):
    from config.settings import get_settings
    from flows.runtime import open_runtime

    monkeypatch.setenv("DUKUNG_CATALOG__PATH", str(rules_path))
    get_settings.cache_clear()
    rt = open_runtime()
    with rt.records.session() as s:
        repo.add_unit(s, "U1", "Unit Satu")
    yield rt
    rt.close()


def _record(rt, path, types, question, text, when):
    """One stored document, written through the repository as the pipeline would."""
    sha = hashlib.sha256(path.encode()).hexdigest()
    with rt.records.session() as s:
        unit, period = repo.get_unit(s, "U1"), repo.get_or_create_period(s, 2025)
        d, _ = repo.record_upload(s, unit, period, repo.UploadedFile(
            relative_path=path, file_name=path.rsplit("/", 1)[-1], size=1, sha256=sha, object_key=f"blobs/{sha}",
            media_type="application/pdf"))
        repo.save_metadata(s, d, doc_date=when, doc_number=None, title=None, issuer=None)
        repo.save_facts(s, d, document_facts(text, rt.catalog, doc_date=when))
        repo.replace_auto_classifications(s, d, types, [repo.QuestionRecord(question, 0.9, "folder")])
        return d.id


def test_reviewer_gap_ok_and_both_statuses_shown(rules_rt):
    _record(rules_rt, "monev.pdf", ["laporan_monev"], "A.I.1.i.c", "monev 2025", date(2025, 3, 3))
    with rules_rt.records.session() as s:
        unit, period = repo.get_unit(s, "U1"), repo.get_or_create_period(s, 2025)
        repo.add_tag(s, unit=unit, period=period, label="gap", actor="tpi", question_code="A.I.1.i.c",
                     note="SK belum ditandatangani")
        repo.add_tag(s, unit=unit, period=period, label="ok", actor="tpi", question_code="A.I.1.i.d",
                     note="diverifikasi di lokasi")
        repo.add_tag(s, unit=unit, period=period, label="ok", actor="tpi", question_code="A.I.1.i.c")
    by = {q.code: q for q in check_completeness(rules_rt, "U1", 2025, today=date(2026, 1, 10)).questions}
    gap = by["A.I.1.i.c"]
    assert (gap.automatic_status, gap.status) == (LENGKAP, DITANDAI)  # gap wins over ok
    assert gap.reviewer_notes[0] == "celah: SK belum ditandatangani — tpi"  # the tag's word, not its code
    assert (gap.reviews[0].label, gap.reviews[0].by, gap.reviews[0].note) == ("gap", "tpi", "SK belum ditandatangani")
    ok = by["A.I.1.i.d"]
    assert (ok.automatic_status, ok.status, ok.coverage) == (BELUM_ADA, LENGKAP, 1.0)


def test_tidak_relevan_and_reassignment(rules_rt):
    d = _record(rules_rt, "survei.pdf", ["survei"], "A.I.1.i.d", SKM, date(2025, 7, 1))
    both = _record(rules_rt, "skm2.pdf", ["survei"], "B.I.a", SKM, date(2025, 7, 1))
    with rules_rt.records.session() as s:
        unit, period = repo.get_unit(s, "U1"), repo.get_or_create_period(s, 2025)
        repo.add_tag(s, unit=unit, period=period, label="tidak_relevan", actor="tpi", note="bukan SKM unit ini",
                     document=repo.get_document(s, d), question_code="A.I.1.i.d")
        repo.add_tag(s, unit=unit, period=period, label="tidak_relevan", actor="tpi", note="duplikat",
                     document=repo.get_document(s, both))  # every question
    by = {q.code: q for q in check_completeness(rules_rt, "U1", 2025).questions}
    q = by["A.I.1.i.d"]
    assert (q.automatic_status, q.status, q.documents) == (LENGKAP, BELUM_ADA, [])
    assert [x.document_id for x in q.excluded] == [d]
    assert "tidak relevan 'survei.pdf': bukan SKM unit ini — tpi" in q.reviewer_notes
    assert by["B.I.a"].status == BELUM_ADA and by["B.I.a"].automatic_status == LENGKAP

    # the reviewer moves the survey to B.I.a; and later back
    with rules_rt.records.session() as s:
        repo.reassign_document(s, repo.get_document(s, d), "B.I.a", from_question="A.I.1.i.d", actor="tpi",
                               note="ini IKM untuk hasil")
    by = {q.code: q for q in check_completeness(rules_rt, "U1", 2025).questions}
    assert [x.document_id for x in by["B.I.a"].documents] == [d]
    assert by["B.I.a"].documents[0].source == "manual" and by["B.I.a"].status == LENGKAP
    assert by["B.I.a"].automatic_status == LENGKAP  # the other survey, before the reviewer's word
    with rules_rt.records.session() as s:
        repo.reassign_document(s, repo.get_document(s, d), "A.I.1.i.d", from_question="B.I.a", actor="tpi")
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [a.action for a in entries if a.entity == "document" and a.entity_id == str(d)] == [
        "tag", "assign", "tag", "reassign", "assign", "tag", "reassign"]
    assert sum(1 for a in entries if a.action == "resolve_tag") == 2  # both tags that kept it from A.I.1.i.d
    by = {q.code: q for q in check_completeness(rules_rt, "U1", 2025).questions}
    assert by["A.I.1.i.d"].status == LENGKAP and by["B.I.a"].status == BELUM_ADA


def test_assigning_by_hand_a_document_tagged_not_relevant_everywhere_counts_there_only(rules_rt):
    """A reviewer's later word wins where it speaks: a document tagged tidak_relevan for every question and
    then assigned by hand to a question counts for that question, and stays not relevant for the others it
    was mapped to (the whole-document tag becomes one per question, audited)."""
    both = _record(rules_rt, "skm2.pdf", ["survei"], "B.I.a", SKM, date(2025, 7, 1))
    with rules_rt.records.session() as s:
        unit, period = repo.get_unit(s, "U1"), repo.get_or_create_period(s, 2025)
        repo.add_tag(s, unit=unit, period=period, label="tidak_relevan", actor="tpi", note="duplikat",
                     document=repo.get_document(s, both))  # every question
    by = {q.code: q for q in check_completeness(rules_rt, "U1", 2025).questions}
    assert by["B.I.a"].status == BELUM_ADA and by["A.I.1.i.d"].documents == []
    with rules_rt.records.session() as s:
        repo.reassign_document(s, repo.get_document(s, both), "A.I.1.i.d", actor="tpi", note="ternyata IKM unit")
    by = {q.code: q for q in check_completeness(rules_rt, "U1", 2025).questions}
    assert [x.document_id for x in by["A.I.1.i.d"].documents] == [both]
    assert by["A.I.1.i.d"].documents[0].source == "manual"
    assert by["B.I.a"].status == BELUM_ADA and [x.document_id for x in by["B.I.a"].excluded] == [both]
    with rules_rt.records.session() as s:
        tags = [(t.question_code, t.resolved) for t in repo.get_document(s, both).tags if t.label == "tidak_relevan"]
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert sorted(tags, key=str) == sorted([(None, True), ("B.I.a", False)], key=str)
    assert "resolve_tag" in actions


def test_facts_are_computed_at_ingest_for_pdf_and_docx(runtime, tmp_path):
    folder = tmp_path / "ZI 2025" / "AREA I" / "i. Penyusunan Tim Kerja"
    folder.mkdir(parents=True)
    make_pdf(folder / "1.i.a SK TIM ZONA INTEGRITAS 2022.pdf", [SK_2022])
    make_docx(folder / "1.i.a SK TIM ZI 2025.docx", SK_2025.split("\n"))
    ingest(runtime, tmp_path / "ZI 2025", unit_code="DINKES-JBR", year=2025)
    with runtime.records.session() as s:
        docs = {d.file_name: d for d in repo.list_documents(s, unit_codes=["DINKES-JBR"])}
        pdf, docx = docs["1.i.a SK TIM ZONA INTEGRITAS 2022.pdf"], docs["1.i.a SK TIM ZI 2025.docx"]
        assert pdf.doc_date == date(2022, 1, 3) and docx.doc_date == date(2025, 1, 6)
        for d in (pdf, docx):
            assert d.facts["v"] == 1 and d.facts["checks"]["sk_ditetapkan"]["ok"] is True
            assert d.facts["checks"]["sk_susunan_tim"]["ok"] is True
        assert 2022 in pdf.facts["years"] and 2025 in docx.facts["years"]
        pdf_id = pdf.id
    tim = next(q for q in check_completeness(runtime, "DINKES-JBR", 2025).questions if q.code == "A.I.1.i.a")
    sk = {d.document_id: d for d in tim.documents}
    assert sk[pdf_id].counted is False and sk[pdf_id].doc_date == date(2022, 1, 3)
    assert any("bertanggal 3 Januari 2022 (di luar periode 2025" in f.detail for f in sk[pdf_id].findings)
    assert not any("SK TIM ZONA INTEGRITAS 2022" in m for m in tim.missing)  # the 2025 SK counts


def test_old_documents_without_facts_are_checked_after_retry_all(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    with runtime.records.session() as s:
        for d in s.scalars(select(Document)):
            d.facts = None  # as ingested before facts existed
    report = check_completeness(runtime, "DINKES-JBR", 2025)
    tim = next(q for q in report.questions if q.code == "A.I.1.i.a")
    assert any("«Proses ulang»" in w for w in tim.warnings) and not any("dukung " in w for w in tim.warnings)
    data = report.as_dict()
    sk = next(d for d in data["questions"][0]["documents"] if "SK TIM" in d["path"])
    assert "facts" not in sk and sk["doc_date"] == "2025-01-06" and sk["counted"] is True
    assert reprocess(runtime, everything=True).processed == 5
    tim = next(q for q in check_completeness(runtime, "DINKES-JBR", 2025).questions if q.code == "A.I.1.i.a")
    assert not any("retry" in w for w in tim.warnings)
    sk = next(d for d in tim.documents if "SK TIM" in d.path)
    assert [(f.rule, f.ok) for f in sk.findings] == [("tanggal", True), ("sk_ditetapkan", True),
                                                      ("sk_susunan_tim", True)]


def test_check_units_reads_many_units_at_once(runtime, evidence_folder):
    from config.errors import NotFoundError
    from flows.completeness.check import check_units

    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    both = check_units(runtime, None, 2025)
    assert [r.unit for r in both] == ["DINKES-JBR", "PKM-SUMBERSARI"]
    one = check_completeness(runtime, "DINKES-JBR", 2025)
    assert [(q.code, q.status, q.missing) for q in both[0].questions] == [
        (q.code, q.status, q.missing) for q in one.questions]
    assert both[1].counts["belum_ada"] == 113
    with pytest.raises(NotFoundError, match="belum terdaftar"):
        check_units(runtime, ["DINKES-JBR", "TIDAK-ADA"], 2025)


def test_document_tags_ok_counts_it_and_gap_flags_the_question(rules_rt):
    stale = _record(rules_rt, "sk-2022.pdf", ["sk_tim"], "A.I.1.i.a", SK_2022, date(2022, 1, 3))
    for n in (1, 2):
        _record(rules_rt, f"notulen{n}.docx", ["notulen"], "A.I.1.i.a", "notulen", date(2025, n, 5))
    survei = _record(rules_rt, "skm.pdf", ["survei"], "A.I.1.i.d", SKM, date(2025, 7, 1))
    with rules_rt.records.session() as s:
        unit, period = repo.get_unit(s, "U1"), repo.get_or_create_period(s, 2025)
        repo.add_tag(s, unit=unit, period=period, label="ok", actor="tpi", note="SK 2022 masih berlaku",
                     document=repo.get_document(s, stale), question_code="A.I.1.i.a")
        repo.add_tag(s, unit=unit, period=period, label="gap", actor="tpi", note="lampiran responden tidak ada",
                     document=repo.get_document(s, survei))
    by = {q.code: q for q in check_completeness(rules_rt, "U1", 2025).questions}
    tim = by["A.I.1.i.a"]
    assert (tim.automatic_status, tim.status) == (SEBAGIAN, LENGKAP)  # the rules alone reject the 2022 SK
    sk = next(d for d in tim.documents if d.document_id == stale)
    assert sk.counted and sk.verified_by == "tpi"
    assert [(f.rule, f.ok) for f in sk.findings][-1] == ("reviewer", True)
    assert "terverifikasi 'sk-2022.pdf': SK 2022 masih berlaku — tpi" in tim.reviewer_notes
    skm = by["A.I.1.i.d"]
    assert (skm.automatic_status, skm.status) == (LENGKAP, DITANDAI)
    assert skm.reviews[0].document_id == survei and skm.reviews[0].note == "lampiran responden tidak ada"


def test_a_file_nobody_can_open_never_counts(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    q = next(q for q in check_completeness(runtime, "DINKES-JBR", 2025).questions if q.code == "A.I.5.iii.c")
    broken = next(d for d in q.documents if d.name == "5.iii.c LAPORAN MONEV RUSAK.pdf")
    assert broken.counted is False and q.status == SEBAGIAN
    assert broken.findings[0].detail.startswith("berkas rusak atau gagal dibaca")
    assert any("berkas rusak" in m for m in q.missing)


@pytest.mark.slow
def test_demo_sample_only_the_stale_sk_and_the_broken_file_fail_the_rules(runtime, tmp_path):
    """The sample set (used by `dukung demo`) is dated in the period and passes its content checks."""
    from flows.completeness.check import check_units
    from flows.sample_data import generate_sample_evidence

    sample = generate_sample_evidence(tmp_path / "sample")
    runtime.settings.ingest.workers = 2
    with runtime.records.session() as s:
        for u in sample.units:
            repo.add_unit(s, u.code, u.name, u.contacts)
    for u in sample.units:
        ingest(runtime, u.folder, unit_code=u.code, year=2025)
    reports = {r.unit: r for r in check_units(runtime, [u.code for u in sample.units], 2025, today=date(2026, 3, 1))}
    failing = {(r.unit, d.path, f.rule) for r in reports.values() for q in r.questions for d in q.documents
               for f in d.findings if f.ok is False and f.rule != "keyakinan"}  # weak mappings: own test
    stale = [(u.code, d.relative_path) for u, d in sample.documents if d.stale]
    broken = [(u.code, d.relative_path) for u, d in sample.documents if d.broken]
    assert failing == {(*stale[0], "tanggal"), (*broken[0], "berkas")}
    for unit, codes in sample.stale.items():
        for code in codes:
            q = next(q for q in reports[unit].questions if q.code == code)
            assert q.status == SEBAGIAN and q.automatic_status == SEBAGIAN
            assert any(stale[0][1].rsplit("/", 1)[-1] in m and "di luar periode 2025" in m for m in q.missing)
