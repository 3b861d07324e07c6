"""The learned evidence classifier: title reading, the bundled model, training, the outcome "not evidence"."""

from __future__ import annotations

import numpy as np
import pytest

from indexing.classify import (
    NOT_EVIDENCE_TYPE,
    classify,
    confidence_words,
    default_model,
    read_title,
)
from indexing.classify.model import (
    FORMAT_VERSION,
    IncompatibleModelError,
    ModelCorruptError,
    model_inputs,
)
from indexing.classify.model_file import load_model, save_model
from indexing.classify.training import TrainingExample, train

NEWS = ("SEMARANG - Ratusan pegawai mengikuti apel pagi di halaman kantor gubernur, Senin (14/3/2022). "
        "Dalam kesempatan itu wakil gubernur mengatakan seluruh pejabat harus bekerja dengan jujur. "
        "\"Kami ingin pelayanan makin baik,\" ujarnya kepada wartawan usai acara. Baca juga: Harga cabai "
        "naik menjelang Ramadan. Acara ditutup dengan doa bersama dan ramah tamah. Reporter: Sari. Editor: Dodi.")

SK_STANDAR = ("PEMERINTAH KABUPATEN CONTOH\nDINAS PENANAMAN MODAL\nKEPUTUSAN KEPALA DINAS PENANAMAN MODAL\n"
              "NOMOR 503/045/2025\nTENTANG\nSTANDAR PELAYANAN PERIZINAN BERUSAHA\nKEPALA DINAS PENANAMAN MODAL,\n"
              "Menimbang : a. bahwa dalam rangka memberikan kepastian pelayanan publik perlu ditetapkan standar "
              "pelayanan yang memuat persyaratan, prosedur, waktu, biaya dan produk layanan;\nMengingat : "
              "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik; Peraturan Menteri PANRB Nomor 15 "
              "Tahun 2014 tentang Pedoman Standar Pelayanan;\nMEMUTUSKAN\nMenetapkan : KEPUTUSAN KEPALA DINAS "
              "TENTANG STANDAR PELAYANAN PERIZINAN BERUSAHA.")


def test_title_block_of_a_decree():
    reading = read_title(SK_STANDAR)
    assert reading.kind == "keputusan"
    assert reading.subject.startswith("STANDAR PELAYANAN PERIZINAN BERUSAHA")
    assert reading.heading.startswith("KEPUTUSAN KEPALA DINAS")
    assert "zzjenisawalkeputusan" in reading.feature_words()
    assert "dinas" in reading.genres


def test_title_block_of_an_sop_and_of_a_news_article():
    sop = read_title("STANDAR OPERASIONAL PROSEDUR\nPELAYANAN REKAM MEDIS\nNomor SOP : 01/2025\n"
                     "Tanggal Pembuatan : 2 Januari 2025\nTanggal Efektif : 5 Januari 2025\nDisahkan oleh : Kepala")
    assert sop.kind == "sop" and sop.sop_identity >= 3 and "zzsopidentitas" in sop.feature_words()
    news = read_title(NEWS)
    assert news.kind is None
    assert {"berita", "dateline"} <= set(news.genres)


def test_news_is_not_evidence_with_a_reason(catalog, model):
    result = classify(catalog, "dok_001.pdf", NEWS, model=model)
    assert result.not_evidence
    assert result.questions == []
    assert result.doc_type_codes == [NOT_EVIDENCE_TYPE]
    assert result.not_evidence_reason.startswith("bukan data dukung")
    assert "berita" in result.not_evidence_reason
    assert catalog.document_types[NOT_EVIDENCE_TYPE].label == "Bukan data dukung"
    assert not any(NOT_EVIDENCE_TYPE in item.types for q in catalog.questions() for item in q.evidence.items)


def test_a_decree_on_service_standards_maps_to_its_questions(catalog, model):
    result = classify(catalog, "dok_002.pdf", SK_STANDAR, model=model)
    assert not result.not_evidence
    codes = [q.code for q in result.questions]
    assert codes and codes[0].startswith("A.I.6.i.") and len(codes) <= 2
    top = result.questions[0]
    assert 0.0 <= top.confidence <= 1.0
    assert "judul 'KEPUTUSAN KEPALA DINAS" in top.reason and "keyakinan" in top.reason
    assert result.doc_type == "standar_pelayanan"  # the type the question asks for, read from the content


def test_the_operating_point_can_be_chosen_per_call(catalog, model):
    shipped = classify(catalog, "dok_002.pdf", SK_STANDAR, model=model)
    assert shipped.questions and not shipped.not_evidence
    # a document is evidence only when P(evidence) reaches evidence_min: no probability reaches above 1
    strict = classify(catalog, "dok_002.pdf", SK_STANDAR, model=model, evidence_min=1.01)
    assert strict.not_evidence and strict.questions == []
    loose = classify(catalog, "dok_001.pdf", NEWS, model=model, evidence_min=0.0, propose_confidence=0.0)
    assert loose.questions  # with no thresholds even the news report gets its best questions


def test_operating_points_count_the_targets_met():
    from benchmarks.classification_operating import targets_met

    good = {"top1_area": 0.95, "question_hit": 0.9, "codes_per_evidence_file": 1.5, "only_wrong_share": 0.03,
            "non_evidence_unmapped_share": 0.95}
    assert len(targets_met(good)) == 5
    assert targets_met({**good, "only_wrong_share": 0.051, "codes_per_evidence_file": 2.0}) == [
        "top1_area", "question_hit", "codes_per_evidence_file", "non_evidence_unmapped_share"]


def test_prediction_is_deterministic_and_confidences_are_probabilities(model):
    first = model.predict(SK_STANDAR)
    again = model.predict(SK_STANDAR)
    assert first.candidates == again.candidates
    for rank in range(len(first.candidates)):
        assert 0.0 <= model.calibrated(first, rank) <= 1.0
    assert 0.0 <= first.evidence_prob <= 1.0


def test_fast_features_equal_scikit_learn(model):
    body, head = model_inputs(SK_STANDAR)
    expected = model.features([body], [head]).toarray()[0]
    cols, vals = model._row(body, head)
    got = np.zeros_like(expected)
    got[cols] = vals
    assert np.allclose(got, expected, atol=1e-6)


def test_one_document_is_scored_as_the_batch_scores_it(model):
    from indexing.classify.genre import style_vector

    for text in (SK_STANDAR, NEWS):
        prediction = model.predict(text)
        body, head = model_inputs(text)
        X = model.features([body], [head])
        evidence = model.evidence_scores(X, np.array([style_vector(text)]))[0]
        assert prediction.evidence_score == pytest.approx(evidence, abs=1e-4)
        margins = model.question_margins(X)[0]
        assert prediction.margins == pytest.approx([margins[model.codes.index(c)] for c, _ in prediction.candidates],
                                                   abs=1e-4)
        areas = model.kind_probs(X)[0] @ model.kind_areas
        assert [prediction.area_probs[a] for a in model.areas] == pytest.approx(areas.tolist(), abs=1e-4)


def test_confidence_in_words():
    assert confidence_words(0.95, 0.65) == "yakin"
    assert confidence_words(0.7, 0.65) == "cukup yakin"
    assert confidence_words(0.5, 0.65) == "perlu konfirmasi"


def small_training_set(news: str, name: str) -> list[TrainingExample]:
    """Six standar pelayanan decrees, six survey reports and six copies of ``news`` (``name`` numbered in
    each): enough for every part of the model to be trained in a second."""
    sk = "KEPUTUSAN KEPALA DINAS TENTANG STANDAR PELAYANAN {} persyaratan prosedur waktu biaya produk layanan"
    skm = "LAPORAN SURVEI KEPUASAN MASYARAKAT {} indeks kepuasan masyarakat responden unsur pelayanan nilai"
    out = []
    for i in range(6):
        out.append(TrainingExample(sk.format(i), questions=("A.I.6.i.a",), doc_type="standar_pelayanan",
                                   source=f"t:sk{i}"))
        out.append(TrainingExample(skm.format(i), questions=("A.I.6.iv.a",), doc_type="survei_kepuasan",
                                   source=f"t:skm{i}"))
        out.append(TrainingExample(news.replace(name, f"{name} {i}"), not_evidence=True, source=f"t:news{i}"))
    return out


def _examples() -> list[TrainingExample]:
    return small_training_set(NEWS, "Sari")


def test_training_is_reproducible_and_the_file_round_trips(tmp_path):
    first = train(_examples())
    second = train(list(reversed(_examples())))
    assert np.array_equal(first.coef, second.coef) and first.training_hash == second.training_hash
    path = save_model(first, tmp_path / "m.npz")
    loaded = load_model(path)
    text = "LAPORAN SURVEI KEPUASAN MASYARAKAT 2025 indeks kepuasan masyarakat responden"
    assert loaded.predict(text).candidates[0][0] == "A.I.6.iv.a"
    assert [c for c, _ in loaded.predict(text).candidates] == [c for c, _ in first.predict(text).candidates]
    assert load_model(tmp_path / "none.npz") is None


def test_unusable_model_files_raise_clear_errors(tmp_path):
    path = save_model(train(_examples()), tmp_path / "m.npz")
    with np.load(path) as data:
        arrays = dict(data)
    import json

    header = json.loads(bytes(arrays["header"]).decode())
    header["format_version"] = FORMAT_VERSION + 1
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(IncompatibleModelError):
        load_model(tmp_path / "old.npz")
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(ModelCorruptError):
        load_model(tmp_path / "bad.npz")
    assert default_model(str(tmp_path / "bad.npz")) is None  # the classifier falls back to its rules


def test_title_block_of_text_whose_line_breaks_were_lost():
    flat = ("Unduh dokumen ini PERATURAN BUPATI CONTOH NOMOR 7 TAHUN 2024 TENTANG KODE ETIK PEGAWAI DI "
            "LINGKUNGAN PEMERINTAH KABUPATEN CONTOH DENGAN RAHMAT TUHAN YANG MAHA ESA BUPATI CONTOH, Menimbang")
    reading = read_title(flat)
    assert reading.kind == "peraturan"
    assert reading.subject == "KODE ETIK PEGAWAI DI LINGKUNGAN PEMERINTAH KABUPATEN CONTOH"
    assert read_title("peraturan ini mengatur banyak hal").kinds == ("peraturan",)  # a line start counts in any case
    assert "peraturan" not in read_title("Sesuai dengan peraturan yang berlaku, kami").kinds


def test_the_ingest_step_records_not_evidence_as_a_type_with_its_reason():
    from config.settings import DukungSettings, StorageSettings
    from flows.ingest.processing import DocumentJob, JobOutcome, _read_text
    from indexing.extract import ParseContext

    job = DocumentJob(doc_id=1, object_key="k", sha256="0" * 64, relative_path="unggahan/dok_001.pdf",
                      explicit_question=None, objects_url="", storage=StorageSettings(),
                      catalog_path=str(DukungSettings().catalog_path), context=ParseContext())
    outcome = JobOutcome(doc_id=1, status="ok", reason=None, page_count=1, extractor="test", duration_s=0.0)
    _read_text(job, outcome, NEWS)
    assert outcome.doc_types == [NOT_EVIDENCE_TYPE]
    assert outcome.questions == []
    assert outcome.doc_type_reason.startswith("bukan data dukung")
    _read_text(job, outcome, SK_STANDAR)
    assert outcome.doc_types[0] == "standar_pelayanan" and outcome.questions[0][0].startswith("A.I.6.i.")


def test_dev_set_types_learn_as_the_catalog_types_that_ask_for_the_same_documents(catalog):
    """A dev-set type the catalog names otherwise (``anjab_abk``) is learned and reported as the catalog's
    type, so the type a document gets is one the catalog's questions ask for (what completeness matches)."""
    from indexing.classify.training_data import DEVSET_TYPES, devset_example

    asked = {t: set() for t in catalog.document_types}
    for q in catalog.questions():
        for item in q.evidence.items:
            for t in item.types:
                asked[t].add(q.code)
    for dev_type, catalog_type in DEVSET_TYPES.items():
        assert catalog_type in catalog.document_types, catalog_type
        assert not catalog.document_types[catalog_type].generic
    row = {"id": "x", "text": "ANALISIS JABATAN DAN ANALISIS BEBAN KERJA", "doc_type": "anjab_abk",
           "zi_area": "penataan_sdm", "expected_questions": ["A.I.3.i.a"]}
    example = devset_example(row)
    assert example.kind == "analisis_beban_kerja"
    assert "A.I.3.i.a" in asked[example.kind]


def test_a_title_names_questions_by_their_specific_one_word_keywords(catalog):
    """``TENTANG GRATIFIKASI`` names the gratification questions; a word the catalog gives to many
    questions (``pedoman``, ``kinerja``) names none by itself."""
    from indexing.classify.training_data import SPECIFIC_WORD_QUESTIONS, subject_phrases

    phrases = subject_phrases(catalog)
    named = {code for code, words in phrases.items() if "gratifikasi" in words}
    assert named and all(code.startswith(("A.I.5.i.", "A.II.5")) for code in named)
    assert len(named) <= SPECIFIC_WORD_QUESTIONS + 2  # the word's questions, plus those of its document type
    for generic in ("pedoman", "kinerja", "laporan", "pelayanan"):
        assert not any(generic in words for words in phrases.values()), generic


def test_the_calibrator_chooses_its_regularisation_on_documents_it_did_not_see():
    """Noise gets the strongest regularisation; a feature that tells right from wrong gets a weaker one."""
    from indexing.classify.calibration import CALIBRATOR_CS, _calibrator_strength

    rng = np.random.default_rng(0)
    groups = [f"doc{i // 2}" for i in range(240)]
    y = rng.integers(0, 2, 240)
    noise = rng.normal(size=(240, 16))
    assert _calibrator_strength(noise, y, groups) == CALIBRATOR_CS[0]
    telling = noise.copy()
    telling[:, 0] = y * 2.0 - 1.0 + rng.normal(scale=0.5, size=240)
    assert _calibrator_strength(telling, y, groups) > CALIBRATOR_CS[0]


def test_a_document_also_teaches_through_parts_of_its_opening_held_out_with_it():
    """Parts of the opening the model reads, after the title block: same label and source (so a held-out
    document's parts are held out with it), no title, half the weight (never calibrated as documents);
    the training hash stays that of the examples given, so "is the model up to date" still holds."""
    from indexing.classify.features import MODEL_CHARS
    from indexing.classify.training import PART_CHARS, PART_WEIGHT, _sorted, body_parts, training_hash

    body = " ".join(f"kalimat{i} standar pelayanan persyaratan prosedur" for i in range(200))
    doc = TrainingExample("KEPUTUSAN KEPALA DINAS\n" + body, questions=("A.I.6.i.a",),
                          doc_type="standar_pelayanan", source="t:doc", title="KEPUTUSAN KEPALA DINAS")
    parts = body_parts(doc)
    assert 2 <= len(parts) <= MODEL_CHARS // PART_CHARS
    assert all(p.source == doc.source and p.questions == doc.questions and p.doc_type == doc.doc_type
               and p.title is None and p.weight == PART_WEIGHT and len(p.text) <= PART_CHARS for p in parts)
    assert all(p.text in doc.text[:MODEL_CHARS] and not p.text.startswith("KEPUTUSAN") for p in parts)
    assert body_parts(TrainingExample("pendek " * 50, questions=("A.I.6.i.a",))) == []
    examples = _examples()
    assert train(examples).training_hash == training_hash(_sorted(examples))


def test_the_evidence_gate_learns_from_documents_people_rejected():
    """A document people rejected every suggestion for (taught at half weight as not evidence) teaches the
    evidence gate too, not only the kind model: after adverts for a training course were rejected, a new
    advert of the same kind is read as not evidence. Catalog wordings and parts of documents never join the
    gate (they are not documents a unit uploads)."""
    from flows.ingest.classifier_training import REJECTED_WEIGHT

    advert = ("Pelatihan penyusunan standar pelayanan {} untuk instansi pemerintah. Daftar sekarang, kuota "
              "terbatas! Biaya investasi Rp 4.500.000 per peserta, hubungi WhatsApp admin kami. Jadwal bimtek "
              "bulan ini di Yogyakarta, Bandung dan Bali. Anda akan belajar persyaratan, prosedur, waktu, biaya "
              "dan produk layanan bersama narasumber berpengalaman.")
    base = _examples()
    rejected = [TrainingExample(advert.format(i), not_evidence=True, weight=REJECTED_WEIGHT,
                                source=f"rejected:{i}") for i in range(6)]
    before, after = train(base), train(base + rejected)
    new_advert = advert.format("angkatan 7").replace("Yogyakarta", "Makassar")
    p_before = before.gate_prob(before.predict(new_advert))
    p_after = after.gate_prob(after.predict(new_advert))
    assert p_after < 0.5 < p_before, (p_before, p_after)
    # the decrees and the survey reports are still evidence for the gate
    for text in (SK_STANDAR, "LAPORAN SURVEI KEPUASAN MASYARAKAT 2025 indeks kepuasan masyarakat responden"):
        assert after.gate_prob(after.predict(text)) > 0.5


def test_a_candidates_share_of_the_best_probability_is_at_most_one():
    """Candidates are ranked by their questions' margins, so the first need not have the highest probability:
    a candidate's share is of the highest probability among the candidates, never above 1 (a share of a
    near-zero first candidate made a weak second one look sure: an unrelated report of the demo was counted
    for a survey question at 0.73)."""
    from indexing.classify.prediction import Prediction, calibration_features

    prediction = Prediction(area_probs={"6": 0.9, "none": 0.1},
                            candidates=[("A.I.6.v.a", 0.005), ("A.I.6.iv.a", 0.115), ("A.I.6.iv.c", 0.114)],
                            margins=[-0.66, -0.71, -0.71])
    shares = [calibration_features(prediction, rank)[3] for rank in range(3)]
    assert shares == pytest.approx([0.005 / 0.115, 1.0, 0.114 / 0.115])
