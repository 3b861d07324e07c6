"""Public pages that are not evidence, kept as the terms the model reads (not as text), teach the model
exactly what their text would, and are never held out as uploads when calibrating."""

from __future__ import annotations

from collections import Counter

import numpy as np

from indexing.classify.features import PageTerms, _vectorizer, model_inputs
from indexing.classify.genre import style_vector
from indexing.classify.training import TrainingExample, held_out_documents, train

from tests.test_classifier_model import NEWS, SK_STANDAR, small_training_set

ADVERT = ("Bimtek penyusunan standar pelayanan publik angkatan {} bagi instansi pemerintah daerah. Daftar sekarang: "
          "biaya investasi Rp 4.750.000 per peserta, hubungi WhatsApp panitia. Jadwal pelatihan di Jakarta, "
          "Bandung dan Denpasar, sertifikat dan materi disediakan. Anda akan belajar menyusun persyaratan, "
          "prosedur, waktu penyelesaian, biaya dan produk layanan bersama narasumber kementerian.")


def _terms(text: str, keep=lambda pair: True) -> PageTerms:
    body, head = model_inputs(text)
    return PageTerms.of(body, head, style_vector(text), keep_bigram=keep)


def test_kept_terms_are_the_terms_scikit_learn_reads_of_the_text():
    for text in (NEWS, SK_STANDAR, ADVERT.format(3)):
        body, head = model_inputs(text)
        terms = _terms(text)
        for block in ("word", "char"):
            analyze = _vectorizer(block).analyzer.analyze  # scikit-learn's own analyzer of the block
            assert Counter(terms.terms(block)) == Counter(analyze(body)), block
        assert terms.head == head
        assert PageTerms.from_json(terms.to_json()) == terms
    # a pair left out is left out of the word terms only
    few = _terms(NEWS, keep=lambda pair: pair.startswith("pegawai"))
    assert {t for t in few.terms("word") if " " in t} == {"pegawai mengikuti"}
    assert Counter(few.terms("char")) == Counter(_terms(NEWS).terms("char"))


def _public(make, n: int = 6) -> list[TrainingExample]:
    return [make(ADVERT.format(i), i) for i in range(n)]


def test_a_page_kept_as_terms_teaches_what_its_text_teaches():
    base = small_training_set(NEWS, "Sari")
    as_text = train(base + _public(lambda t, i: TrainingExample(t, not_evidence=True, public=True,
                                                                source=f"public:{i}")))
    as_terms = train(base + _public(lambda t, i: TrainingExample("", not_evidence=True, public=True,
                                                                 source=f"public:{i}", terms=_terms(t))))
    assert as_terms.vocabularies == as_text.vocabularies
    assert np.allclose(as_terms.coef, as_text.coef) and np.allclose(as_terms.evidence_coef, as_text.evidence_coef)
    assert np.allclose(as_terms.gate, as_text.gate) and np.allclose(as_terms.calibrator, as_text.calibrator)
    advert = ADVERT.format("baru").replace("Denpasar", "Makassar")
    without = train(base)
    assert as_terms.gate_prob(as_terms.predict(advert)) < 0.5 < without.gate_prob(without.predict(advert))
    assert as_terms.gate_prob(as_terms.predict(SK_STANDAR)) > 0.5
    assert as_terms.training_hash != without.training_hash


def test_public_pages_are_never_held_out_as_uploads():
    """The calibrator and the gate's scaling are fitted on held-out uploads: a public page is not one (its
    share among them would make every probability that of a collection, not of a unit's folder)."""
    base = small_training_set(NEWS, "Sari")
    pages = _public(lambda t, i: TrainingExample("", not_evidence=True, public=True, source=f"public:{i}",
                                                 terms=_terms(t)))
    held = held_out_documents(base + pages)
    assert {e.source for e in held} == {e.source for e in base}


def test_the_bundled_public_pages_load_as_not_evidence():
    from flows.ingest.classifier_training import SOURCE_PUBLIC_PAGES
    from indexing.classify.training_data import public_page_examples

    pages = [p for p in public_page_examples(SOURCE_PUBLIC_PAGES) if p.doc_type is None]
    assert len(pages) >= 50
    assert all(p.not_evidence and p.public and p.terms is not None and p.text == "" for p in pages)
    assert len({p.source for p in pages}) == len(pages)
    assert all(sum(n for _, n in p.terms.words) >= 50 for p in pages)


def test_training_reads_the_pages_the_tool_keeps(tmp_path, catalog):
    """``tools/public_pages.py`` keeps a collected page's terms (never its text), and ``dukung classifier
    train`` learns from the pages it finds next to the dev set."""
    import json

    from flows.ingest.classifier_training import train_classifier
    from tools.public_pages import distinct_pages, page_rows

    job = ("Pemerintah provinsi membuka pendaftaran seleksi PPPK tenaga kesehatan tahun ini. Pelamar mengunggah "
           "ijazah, surat lamaran dan pas foto melalui portal SSCASN paling lambat akhir bulan, kata kepala BKD.")
    collected = [{"url": "https://contoh.test/iklan", "genre": "training_ad", "text": ADVERT.format(1)},
                 {"url": "https://contoh.test/berita", "genre": "news", "text": NEWS},
                 {"url": "https://contoh.test/lowongan", "genre": "job_ad", "text": job},
                 {"url": "https://contoh.test/iklan-lagi", "genre": "training_ad", "text": ADVERT.format(2)},
                 {"url": "https://contoh.test/salinan-sk", "genre": "other", "text": SK_STANDAR}]
    kept, dropped = distinct_pages(collected, [SK_STANDAR])
    assert dropped == [("https://contoh.test/iklan-lagi", "another page"), ("https://contoh.test/salinan-sk", "dev set")]
    rows = page_rows(kept, [SK_STANDAR])
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    stored = (folder / "pages.jsonl").read_text(encoding="utf-8")
    assert "ujarnya kepada wartawan" not in stored and "Daftar sekarang" not in stored
    with_pages = train_classifier(catalog, output=tmp_path / "a.npz", devset=None, public_pages=folder)
    without = train_classifier(catalog, output=tmp_path / "b.npz", devset=None, public_pages=None)
    assert with_pages.public == 3 and without.public == 0
    assert with_pages.examples == without.examples + 3
    # the command line names the pages it learned from
    from typer.testing import CliRunner

    from flows.cli import app

    result = CliRunner().invoke(app, ["classifier", "train", "--no-records", "--devset", str(tmp_path / "none"),
                                      "--public-pages", str(folder), "-o", str(tmp_path / "c.npz")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "halaman publik bukan data dukung 3" in " ".join(result.output.split())
    assert (tmp_path / "c.npz").read_bytes() == (tmp_path / "a.npz").read_bytes()


def test_public_pages_teach_the_gate_not_the_kinds():
    """The kind and question models learn from uploads and the catalog; a public page teaches the gate only.
    With no upload that is not evidence, the kinds hold no "not evidence" class, yet the gate rejects an advert."""
    uploads = [e for e in small_training_set(NEWS, "Sari") if not e.not_evidence]
    pages = _public(lambda t, i: TrainingExample("", not_evidence=True, public=True, source=f"public:{i}",
                                                 terms=_terms(t)))
    pages += [TrainingExample("", not_evidence=True, public=True, source=f"public:news{i}",
                              terms=_terms(NEWS.replace("Sari", f"Sari {i}"))) for i in range(6)]
    model = train(uploads + pages)
    assert "none" not in model.kinds and sorted(model.kinds) == sorted({e.kind for e in uploads})
    advert = ADVERT.format("baru").replace("Denpasar", "Makassar")
    assert model.evidence_scores(*_row(model, advert)) < 0 < model.evidence_scores(*_row(model, SK_STANDAR))


def _row(model, text: str):
    body, head = model_inputs(text)
    return model.features([body], [head]), np.array([style_vector(text)])


# -- public documents of a type (evidence.jsonl)

SOP_TEXT = ("STANDAR OPERASIONAL PROSEDUR {} pelaksana mutu baku kualifikasi pelaksana keterkaitan peralatan "
            "perlengkapan peringatan pencatatan pendataan uraian prosedur kegiatan waktu output keterangan")


def _public_sop(i, text=SOP_TEXT) -> TrainingExample:
    return TrainingExample("", doc_type="sop", public=True, source=f"public:sop{i}", terms=_terms(text.format(i)))


def test_a_public_document_is_evidence_for_the_questions_of_the_uploads_of_its_type():
    from indexing.classify.training import with_type_questions

    uploads = [TrainingExample(SOP_TEXT.format(f"u{i}"), questions=codes, doc_type="sop", source=f"t:sop{i}")
               for i, codes in enumerate([("A.I.2.i.a", "A.I.2.i.b"), ("A.I.2.i.a",), ("A.I.2.i.a", "A.I.2.i.c")])]
    other = TrainingExample("", doc_type="wbs", public=True, source="public:wbs", terms=_terms(ADVERT.format(1)))
    out = with_type_questions(uploads + [_public_sop(1), other])
    assert out[:3] == uploads
    # the wbs document is left out: no upload of its type says what it is evidence for
    assert [(e.source, e.questions, e.kind) for e in out[3:]] == [("public:sop1", ("A.I.2.i.a",), "sop")]
    # with no question shared by half of them, the type's most common one
    split = [replace_questions(u, (c,)) for u, c in zip(uploads, ["A.I.2.i.b", "A.I.2.i.c", "A.I.2.i.c"])]
    assert with_type_questions(split + [_public_sop(1)])[-1].questions == ("A.I.2.i.c",)


def replace_questions(example: TrainingExample, questions) -> TrainingExample:
    from dataclasses import replace

    return replace(example, questions=tuple(questions))


def test_public_documents_teach_the_kinds_and_are_never_held_out():
    """A public document of a type teaches the kind and question models what its type reads like (here: a
    wording no upload of the type has), the gate that it is evidence, and is never held out as an upload."""
    base = small_training_set(NEWS, "Sari")
    base += [TrainingExample(f"STANDAR OPERASIONAL PROSEDUR {i} uraian prosedur", questions=("A.I.2.i.a",),
                             doc_type="sop", source=f"t:sop{i}") for i in range(6)]
    wording = ("Bagan alir prosedur layanan {}: pelaksana mutu baku kualifikasi pelaksana keterkaitan peralatan "
               "perlengkapan peringatan pencatatan pendataan kegiatan waktu output")
    pages = [_public_sop(i, wording) for i in range(6)]
    assert {e.source for e in held_out_documents(base + pages)} == {e.source for e in base}
    with_pages, without = train(base + pages), train(base)
    text = wording.format("baru")
    prediction = with_pages.predict(text)
    assert prediction.kind == "sop" and prediction.candidates[0][0] == "A.I.2.i.a"
    assert without.predict(text).kind != "sop"
    assert with_pages.gate_prob(prediction) > 0.5


def test_the_bundled_public_documents_load_with_their_type():
    from flows.ingest.classifier_training import SOURCE_PUBLIC_PAGES
    from indexing.classify.training_data import DEVSET_TYPES, public_page_examples

    documents = [p for p in public_page_examples(SOURCE_PUBLIC_PAGES) if not p.not_evidence]
    assert len(documents) >= 50
    assert all(p.public and p.doc_type and not p.questions and p.terms is not None for p in documents)
    assert not {p.doc_type for p in documents} & set(DEVSET_TYPES)  # the catalog's name of a type


def test_the_tool_keeps_documents_of_a_type_apart_and_drops_copies_of_dev_documents(tmp_path):
    import json

    from tools.public_pages import main

    dev = tmp_path / "devset"
    (dev / "texts").mkdir(parents=True)
    (dev / "labels.jsonl").write_text(json.dumps({"id": "001", "source_url": "https://dev.test/sk",
                                                  "doc_type": "standar_pelayanan"}) + "\n", encoding="utf-8")
    (dev / "texts" / "001.txt").write_text(SK_STANDAR, encoding="utf-8")
    # the same decree from another site, cut after its first paragraph: over a third in common with the dev
    # text (below the bar for a page that is not evidence, above the one for a document of a type)
    copy = SK_STANDAR[:260] + (" Keputusan ini berlaku sejak tanggal ditetapkan dan apabila di kemudian hari terdapat "
                               "kekeliruan akan diadakan perbaikan sebagaimana mestinya; salinan disampaikan kepada "
                               "Bupati, Sekretaris Daerah, Inspektur dan camat se-kabupaten.")
    collected = [{"url": "https://contoh.test/iklan", "genre": "training_ad", "text": ADVERT.format(1)},
                 {"url": "https://contoh.test/sop", "doc_type": "sop", "text": SOP_TEXT.format("PPID") * 4},
                 {"url": "https://contoh.test/sk", "doc_type": "standar_pelayanan", "text": copy}]
    source = tmp_path / "collected.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in collected), encoding="utf-8")
    main([str(source), "-o", str(tmp_path / "out" / "pages.jsonl"), "--devset", str(dev)])
    pages = [json.loads(line) for line in (tmp_path / "out" / "pages.jsonl").read_text().splitlines()]
    documents = [json.loads(line) for line in (tmp_path / "out" / "evidence.jsonl").read_text().splitlines()]
    assert [(p["url"], p["genre"]) for p in pages] == [("https://contoh.test/iklan", "training_ad")]
    assert [(d["url"], d["doc_type"]) for d in documents] == [("https://contoh.test/sop", "sop")]
    assert "uraian prosedur kegiatan" not in (tmp_path / "out" / "evidence.jsonl").read_text()
