"""``make eval HELDOUT=<dir>``: a labelled set the model never saw, scored like the dev set, through the
pipeline. The set here is written from scratch (the everyday documents of a unit and a news report),
plus one dev-set document, which must be left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import classification
from benchmarks.classification_heldout import HeldoutError, in_devset, read_heldout
from indexing.classify.loading import PACKAGED_MODEL
from indexing.classify.training_data import read_devset
from tests.everyday_documents import LAPORAN_SKM, MAKLUMAT, SOP_PELAYANAN

NEWS = """Kabupaten Sukamaju - Puluhan pegawai Dinas Kependudukan mengikuti apel pagi yang digelar di halaman
kantor, Senin (14/3). Dalam sambutannya kepala dinas mengatakan bahwa pelayanan harus semakin cepat.
"Kami ingin warga pulang dengan senyum," ujarnya kepada wartawan usai acara. Baca juga: Jalan rusak di
perbatasan mulai diperbaiki. Editor: Redaksi"""


def _write_set(folder: Path, rows: list[tuple[dict, str]]) -> Path:
    (folder / "texts").mkdir(parents=True)
    with open(folder / "labels.jsonl", "w", encoding="utf-8") as out:
        for label, text in rows:
            out.write(json.dumps(label) + "\n")
            (folder / "texts" / f"{label['id']}.txt").write_text(text, encoding="utf-8")
    return folder


def _label(id_: str, doc_type: str, area: str, questions: list[str]) -> dict:
    return {"id": id_, "doc_type": doc_type, "zi_area": area, "expected_questions": questions}


@pytest.fixture
def heldout(tmp_path):
    devset = read_devset(classification.DEVSET)
    copied = devset[0]
    return _write_set(tmp_path / "set", [
        (_label("h1", "maklumat_pelayanan", "pelayanan_publik", ["A.I.6.i.a", "A.I.6.i.b", "A.I.6.i.c"]), MAKLUMAT),
        (_label("h2", "survei_kepuasan", "pelayanan_publik", ["A.I.6.iv.a", "A.I.6.iv.b", "A.I.6.iv.c"]),
         LAPORAN_SKM),
        (_label("h3", "sop", "penataan_tatalaksana", ["A.I.2.i.a", "A.I.2.i.b", "A.I.2.i.c"]), SOP_PELAYANAN),
        (_label("h4", "not_evidence", "none", []), NEWS),
        (_label("copy", copied["doc_type"], copied["zi_area"], copied["expected_questions"]),
         "  " + copied["text"].upper() + "\n"),
    ])


def _results(stem: Path) -> tuple[dict, str]:
    return (json.loads(stem.with_suffix(".json").read_text(encoding="utf-8")),
            stem.with_suffix(".md").read_text(encoding="utf-8"))


def test_a_heldout_set_goes_through_the_pipeline_and_is_scored_like_the_devset(heldout, tmp_path):
    stem = tmp_path / "out" / "heldout"
    classification.main(["--heldout", str(heldout), "--rotation", "--model", str(PACKAGED_MODEL),
                         "--output", str(stem), "--workers", "1"])
    result, page = _results(stem)
    assert result["left_out_in_devset"] == ["copy"]  # the same text, whatever its case and spacing
    assert result["documents"] == 4
    assert result["formats"] == {"docx": 1, "pdf": 2, "scan": 1}  # one format per document, in turn
    assert result["ocr"] == {"scans": 1, "scans_with_text": 1}
    everything = result["new"]["all"]
    assert everything["evidence_files"] == 3 and everything["non_evidence_files"] == 1
    assert everything["non_evidence_unmapped"] == 1  # the news report is not evidence
    assert everything["question_hit"] >= 2 / 3  # the model's figures, measured (not a copy of the baseline)
    assert result["baseline"]["all"]["evidence_files"] == 3
    assert "Held out against the dev set" in page and "| question hit | ≥ 0.85 |" in page
    # the operating points re-classify the stored texts: at the shipped thresholds they are the run's figures
    points = result["operating_points"]
    shipped = [p for p in points if p["shipped"]]
    assert len(shipped) == 1
    assert {k: shipped[0][k] for k in everything if k != "sure_only"} == {
        k: v for k, v in everything.items() if k != "sure_only"}
    loosest = min(points, key=lambda p: (p["evidence_min"], p["propose_confidence"]))
    strictest = max(points, key=lambda p: (p["evidence_min"], p["propose_confidence"]))
    assert strictest["codes_per_evidence_file"] <= loosest["codes_per_evidence_file"]
    assert "## Operating points" in page and "targets are met together" in page


def test_without_a_model_the_heldout_run_trains_one_on_the_whole_devset(heldout, tmp_path):
    stem = tmp_path / "heldout-text"
    classification.main(["--heldout", str(heldout), "--text", "--output", str(stem)])
    result, _ = _results(stem)
    assert result["model"] == "trained on the whole dev set in this run" and result["timings_s"]["train_s"] > 0
    assert result["formats"] == {"text": 4}
    assert result["new"]["all"]["non_evidence_unmapped"] == 1


def test_a_wrong_label_is_reported_row_by_row_before_anything_runs(tmp_path, catalog, capsys):
    folder = _write_set(tmp_path / "bad", [
        (_label("a", "sop", "tatalaksana", ["A.I.2.i.a"]), SOP_PELAYANAN),
        (_label("b", "sop", "penataan_tatalaksana", ["A.I.9.z"]), SOP_PELAYANAN),
        (_label("c", "not_evidence", "none", ["A.I.2.i.a"]), NEWS),
    ])
    (folder / "labels.jsonl").open("a", encoding="utf-8").write(json.dumps(_label("d", "sop", "penataan_tatalaksana",
                                                                                     ["A.I.2.i.a"])) + "\n")
    with pytest.raises(HeldoutError) as caught:
        read_heldout(folder, catalog)
    message = str(caught.value)
    assert "line 1 (id a): zi_area 'tatalaksana' is not one of" in message
    assert "line 2 (id b): questions not in the catalog: A.I.9.z" in message
    assert "line 3 (id c): a not_evidence document has no expected_questions" in message
    assert "line 4 (id d):" in message and "d.txt not found" in message
    with pytest.raises(SystemExit) as exited:
        classification.main(["--heldout", str(folder), "--text", "--output", str(tmp_path / "never")])
    assert exited.value.code == 2
    assert "questions not in the catalog" in capsys.readouterr().err
    assert not (tmp_path / "never.json").exists()


def test_a_devset_document_is_found_by_its_source_as_well(catalog):
    devset = read_devset(classification.DEVSET)
    other = {"id": "x", "text": "another opening entirely", "source_url": devset[3]["source_url"]}
    assert in_devset([other, {"id": "y", "text": "new", "source_url": "https://example.org/new"}], devset) == ["x"]
