"""Everyday documents of a ZI unit whose kind the dev set may not hold (an SK forming the ZI team, an SK of
the complaints team, a maklumat, a survey report, a work plan, an SOP): what their title says decides,
through the catalog's own texts, not a rule for any one document."""

from __future__ import annotations

import pytest

from indexing.classify import classify
from indexing.classify.title_match import question_jenis, title_named
from tests.everyday_documents import EVERYDAY
from tests.test_classifier_behaviour import SK_TIM_ZI


def _asking_for(catalog, doc_type: str) -> set[str]:
    return {q.code for q in catalog.questions() if any(doc_type in item.types for item in q.evidence.items)}


def test_the_sk_forming_the_zi_team_is_counted_for_the_team_question_and_not_for_the_work_plan(catalog, model):
    """The blind spot: the kind model read the decree as a ZI guideline and was sure of the work plan's
    question (0.95) while the title names the team (0.37, a suggestion)."""
    threshold = catalog.completeness.min_confidence
    result = classify(catalog, "unggahan/dok_032.pdf", SK_TIM_ZI, model=model)
    assert result.questions and result.questions[0].code == "A.I.1.i.a"
    assert result.questions[0].confidence >= threshold
    for other in result.questions[1:]:
        assert other.confidence < threshold, other
        assert "perlu konfirmasi" in other.reason and "judul menunjuk pertanyaan lain" in other.reason


@pytest.mark.parametrize("name,text,doc_type", EVERYDAY, ids=[e[0] for e in EVERYDAY])
def test_an_everyday_document_is_counted_for_a_question_that_asks_for_its_kind(catalog, model, name, text,
                                                                              doc_type):
    result = classify(catalog, f"unggahan/{name}.pdf", text, model=model)
    assert not result.not_evidence, result.not_evidence_reason
    counted = [q for q in result.questions if q.confidence >= catalog.completeness.min_confidence]
    assert counted, [(q.code, q.confidence) for q in result.questions]
    assert counted[0].code in _asking_for(catalog, doc_type), [(q.code, q.confidence) for q in result.questions]


def test_the_jenis_naskah_a_question_expects_comes_from_its_document_types_labels(catalog):
    jenis = question_jenis(catalog)
    assert "keputusan" in jenis["A.I.1.i.a"]  # "SK Tim Kerja Pembangunan ZI" is a Surat Keputusan
    assert "rencana" in jenis["A.I.1.ii.a"] and "keputusan" not in jenis["A.I.1.ii.a"]
    assert "sop" in jenis["A.I.2.i.c"]


def test_the_title_decides_only_when_jenis_and_subject_both_agree(catalog):
    subject = frozenset({"A.I.1.i.a", "A.I.1.ii.a"})
    assert title_named(catalog, "keputusan", subject) == {"A.I.1.i.a"}
    assert title_named(catalog, "rencana", subject) == {"A.I.1.ii.a"}
    assert title_named(catalog, "notulen", subject) == frozenset()
    assert title_named(catalog, "keputusan", frozenset()) == frozenset()
    assert title_named(catalog, None, subject) == frozenset()
