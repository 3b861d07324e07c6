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

    pages = public_page_examples(SOURCE_PUBLIC_PAGES)
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
