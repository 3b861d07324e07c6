"""What the learned classifier does with documents it has never seen (texts written for these tests, not
copied from the dev set): news about a ZI event is not evidence, a decree forming the ZI team lands on
its question, a weak mapping is a suggestion, and the model's parts behave as documented."""

from __future__ import annotations

import numpy as np

from indexing.classify import NOT_EVIDENCE_TYPE, classify
from indexing.classify.genre import STYLE_NAMES, style_vector
from indexing.classify.model import area_of, model_inputs
from indexing.classify.reasons import confidence_words
from indexing.classify.training import TrainingExample, fit_temperature, train
from tests.test_classifier_model import small_training_set

ZI_NEWS = (
    "MAKASSAR \u2013 Kantor Pelayanan Pajak Pratama Contoh menggelar pencanangan Zona Integritas menuju "
    "Wilayah Bebas dari Korupsi (WBK) di aula kantor, Kamis (12/5). Kegiatan yang dihadiri seluruh pegawai "
    "itu ditandai penandatanganan pakta integritas oleh kepala kantor.\n"
    "\u201cKami ingin seluruh pegawai menjaga integritas dan melayani wajib pajak dengan sepenuh hati,\u201d "
    "kata Kepala Kantor, Budi Santoso, usai acara.\n"
    "Menurutnya, pembangunan zona integritas bukan sekadar seremoni. \u201cIni komitmen bersama,\u201d ujarnya.\n"
    "Baca juga: Warga Antusias Ikuti Jalan Sehat HUT Kota\n"
    "Acara ditutup dengan ramah tamah. (Humas)\nEditor: Rina")

SK_TIM_ZI = (
    "KEMENTERIAN AGAMA REPUBLIK INDONESIA\nKANTOR KEMENTERIAN AGAMA KABUPATEN CONTOH\n"
    "KEPUTUSAN KEPALA KANTOR KEMENTERIAN AGAMA KABUPATEN CONTOH\nNOMOR 112 TAHUN 2025\nTENTANG\n"
    "PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI DAN WILAYAH "
    "BIROKRASI BERSIH DAN MELAYANI\nKEPALA KANTOR KEMENTERIAN AGAMA KABUPATEN CONTOH,\n"
    "Menimbang : a. bahwa dalam rangka pembangunan zona integritas menuju WBK dan WBBM perlu dibentuk tim "
    "kerja pembangunan zona integritas; b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a "
    "perlu menetapkan Keputusan Kepala Kantor tentang Pembentukan Tim Kerja Pembangunan Zona Integritas;\n"
    "Mengingat : 1. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun "
    "2021 tentang Pembangunan dan Evaluasi Zona Integritas Menuju Wilayah Bebas dari Korupsi dan Wilayah "
    "Birokrasi Bersih dan Melayani di Instansi Pemerintah;\nMEMUTUSKAN:\nMenetapkan : KESATU : Membentuk Tim "
    "Kerja Pembangunan Zona Integritas dengan susunan keanggotaan sebagaimana tercantum dalam lampiran.\n"
    "KEDUA : Tim kerja bertugas menyusun rencana kerja pembangunan zona integritas, melaksanakan dan "
    "memantau keenam area perubahan.")


def test_a_news_article_about_a_zi_event_is_not_evidence(catalog, model):
    result = classify(catalog, "unggahan/dok_031.pdf", ZI_NEWS, model=model)
    assert result.not_evidence and result.questions == []
    assert result.doc_type_codes == [NOT_EVIDENCE_TYPE]
    assert "berita" in result.not_evidence_reason
    assert model.gate_prob(model.predict(ZI_NEWS)) < 0.5


def test_a_decree_forming_the_zi_team_lands_on_its_question(catalog, model):
    result = classify(catalog, "unggahan/dok_032.pdf", SK_TIM_ZI, model=model)
    assert not result.not_evidence
    codes = [q.code for q in result.questions]
    assert codes and area_of(codes[0]) == "1"
    assert "A.I.1.i.a" in codes
    top = result.questions[0]
    assert "judul 'KEPUTUSAN KEPALA KANTOR" in top.reason and "PEMBENTUKAN TIM KERJA" in top.reason


def test_the_folder_still_decides_when_it_names_the_question(catalog, model):
    """A path reading wins over the content: the news article filed under the team's question stays there."""
    result = classify(catalog, "1. Manajemen Perubahan/1.i.a SK Tim/berita.pdf", ZI_NEWS, model=model)
    assert [q.code for q in result.questions][:1] == ["A.I.1.i.a"] and not result.not_evidence


def test_a_mapping_below_the_threshold_is_worded_as_a_suggestion(catalog, model):
    result = classify(catalog, "unggahan/dok_032.pdf", SK_TIM_ZI, model=model)
    strict = catalog.model_copy(update={"completeness": catalog.completeness.model_copy(
        update={"min_confidence": 0.999})})
    again = classify(strict, "unggahan/dok_032.pdf", SK_TIM_ZI, model=model)
    assert [q.code for q in again.questions] == [q.code for q in result.questions]
    for match in again.questions:
        assert match.confidence < 0.999
        assert "perlu konfirmasi" in match.reason
    assert confidence_words(again.questions[0].confidence, 0.999) == "perlu konfirmasi"


def test_style_cues_tell_news_from_a_decree():
    news, decree = dict(zip(STYLE_NAMES, style_vector(ZI_NEWS))), dict(zip(STYLE_NAMES, style_vector(SK_TIM_ZI)))
    for cue in ("kutipan_verba", "tanda_kutip", "dateline", "tanggal_kurung", "kerangka_berita"):
        assert news[cue] > 0 and decree[cue] == 0, cue
    assert decree["naskah_dinas"] > 0 and news["naskah_dinas"] == 0
    assert decree["nomor_naskah"] > 0


def test_fast_features_equal_scikit_learn_on_texts_with_repeated_words(model):
    for text in (ZI_NEWS, SK_TIM_ZI, SK_TIM_ZI + " zona zona integritas " * 5, "a"):
        body, head = model_inputs(text)
        expected = model.features([body], [head]).toarray()[0]
        for _ in range(2):  # the second time the words' n-grams come from the model's cache
            cols, vals = model._row(body, head)
            got = np.zeros_like(expected)
            got[cols] = vals
            assert np.allclose(got, expected, atol=1e-6)


def _examples() -> list[TrainingExample]:
    return small_training_set(ZI_NEWS, "Rina")


def test_training_twice_gives_the_same_model_in_every_part():
    first, second = train(_examples()), train(list(reversed(_examples())))
    assert np.array_equal(first.coef, second.coef)
    assert np.array_equal(first.question_coef, second.question_coef)
    assert np.array_equal(first.evidence_coef, second.evidence_coef)
    assert np.array_equal(first.evidence_style, second.evidence_style)
    assert np.array_equal(first.calibrator, second.calibrator) and np.array_equal(first.gate, second.gate)
    assert first.temperature == second.temperature
    text = "LAPORAN SURVEI KEPUASAN MASYARAKAT 2025 indeks kepuasan masyarakat responden"
    assert first.predict(text).candidates[0][0] == "A.I.6.iv.a"


def test_the_temperature_is_the_one_that_makes_held_out_kinds_likely():
    """Flat margins that still rank the true kind first call for a sharp softmax; margins that rank it
    wrong as often as right call for a soft one."""
    from indexing.classify.model import Model

    def fold(margins, kinds_true):
        m = Model(vocabularies={"word": ["x"], "char": [], "head": []}, idf={}, kinds=["a", "b", "c"],
                  coef=np.eye(3, 1), intercept=np.zeros(3), codes=[], kind_questions=np.zeros((3, 0)), areas=[],
                  kind_areas=np.zeros((3, 0)), calibrator=np.zeros(1))
        m.features = lambda bodies, heads: np.ones((len(bodies), 1))
        m.coef = np.zeros((3, 1))
        examples = [TrainingExample(f"t{i}", questions=("A.I.1.i.a",), doc_type=k) for i, k in enumerate(kinds_true)]
        m.intercept = np.array(margins, dtype=float)
        return m, examples

    sharp = fit_temperature([fold([0.3, 0.0, 0.0], ["a"] * 5)])
    soft = fit_temperature([fold([0.3, 0.0, 0.0], ["a", "b", "c", "b", "c"])])
    assert sharp > soft


def test_what_the_model_reads_from_a_spreadsheet_is_only_a_suggestion(catalog, model):
    """The confidence is calibrated on prose openings; a table of cells read by the model is never counted
    on its own (just below the catalog's threshold, worded "perlu konfirmasi")."""
    table = ("REKAP PENGADUAN MASYARAKAT TAHUN 2025\nNo\tTanggal\tSaluran\tUraian Pengaduan\tTindak Lanjut\tStatus\n"
             "1\t03-01-2025\tSP4N-LAPOR!\tAntrean pendaftaran lama\tPenambahan loket\tSelesai\n"
             "2\t10-01-2025\tKotak saran\tToilet kotor\tJadwal kebersihan diperketat\tSelesai\n"
             "3\t21-01-2025\tWhatsApp\tPetugas tidak ramah\tPembinaan petugas\tSelesai\n") * 3
    threshold = catalog.completeness.min_confidence
    as_pdf = classify(catalog, "Lain-lain/rekap.pdf", table, model=model)
    as_sheet = classify(catalog, "Lain-lain/rekap.xlsx", table, model=model)
    assert {q.code for q in as_sheet.questions} == {q.code for q in as_pdf.questions}
    assert as_sheet.questions, "the recap is read as evidence of some question"
    for match in as_sheet.questions:
        assert match.confidence < threshold and "perlu konfirmasi" in match.reason
