"""Completeness: the catalog's evidence rules applied per question; area coverage; reviewer tags."""

from __future__ import annotations

import pytest

from flows.completeness.check import (
    BELUM_ADA,
    DITANDAI,
    LENGKAP,
    SEBAGIAN,
    SupportingDocument,
    check_completeness,
    evaluate_question,
)
from flows.ingest.pipeline import ingest
from storage.records import repository as repo


def _doc(n, *types):
    return SupportingDocument(document_id=n, path=f"d{n}.pdf", doc_types=list(types), confidence=0.9,
                              reason="uji", source="auto")


def _required_types(q):
    return [item.types[0] for item in q.evidence.items if item.required]


def test_all_rule_statuses(catalog):
    q = catalog.question("A.I.1.i.a")
    assert q.evidence.rule == "all"
    needed = _required_types(q)
    assert len(needed) >= 2
    assert evaluate_question(catalog, q, [])[0] == BELUM_ADA
    status, coverage, satisfied, missing, why = evaluate_question(catalog, q, [_doc(1, needed[0])])
    assert status == SEBAGIAN and 0 < coverage < 1 and satisfied and missing
    assert f"1 dari {len(needed)}" in why
    status, coverage, _, missing, _ = evaluate_question(catalog, q, [_doc(i, t) for i, t in enumerate(needed)])
    assert (status, coverage, missing) == (LENGKAP, 1.0, [])


def test_document_of_unexpected_type_is_partial_with_reason(catalog):
    q = catalog.question("A.I.1.i.a")
    status, coverage, _, _, why = evaluate_question(catalog, q, [_doc(1, "lhkpn")])
    assert status == SEBAGIAN and coverage == 0
    assert "jenisnya belum sesuai" in why


def test_any_rule(catalog):
    q = next(q for q in catalog.questions() if q.evidence.rule == "any")
    one = _required_types(q)[0]
    status, coverage, *_ = evaluate_question(catalog, q, [_doc(1, one)])
    assert status == LENGKAP and coverage == 1.0


def test_min_count_is_enforced(catalog):
    q = next((q for q in catalog.questions() for i in q.evidence.items if i.required and i.min > 1), None)
    if q is None:
        pytest.skip("the catalog has no evidence item needing more than one document")
    item = next(i for i in q.evidence.items if i.required and i.min > 1)
    _, _, _, missing, _ = evaluate_question(catalog, q, [_doc(1, item.types[0])])
    assert any(f"perlu {item.min}, ada 1" in m for m in missing)


def test_unit_report_from_ingested_folder(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    report = check_completeness(runtime, "DINKES-JBR", 2025)
    by_code = {q.code: q for q in report.questions}
    assert len(report.questions) == 113
    tim = by_code["A.I.1.i.a"]
    assert tim.status in (LENGKAP, SEBAGIAN) and len(tim.documents) == 3
    assert by_code["A.I.2.i.a"].status == BELUM_ADA and by_code["A.I.2.i.a"].missing
    area1 = next(a for a in report.areas if a.code == "A.I.1")
    assert 0 < area1.coverage < 1 and area1.component == "Pemenuhan"
    assert len(report.areas) == 12  # six areas, Pemenuhan and Reform separately
    assert 0 < report.pengungkit_estimate < 60
    assert "bukan nilai evaluasi" in report.note
    # another unit sees nothing of this unit's evidence
    other = check_completeness(runtime, "PKM-SUMBERSARI", 2025)
    assert all(q.status == BELUM_ADA for q in other.questions)


def test_reviewer_tags_override_and_irrelevant_documents_drop_out(runtime, evidence_folder):
    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    with runtime.records.session() as s:
        unit = repo.get_unit(s, "DINKES-JBR")
        period = repo.get_or_create_period(s, 2025)
        repo.add_tag(s, unit=unit, period=period, label="gap", actor="tpi", question_code="A.I.1.i.a",
                     note="SK belum ditandatangani")
        repo.add_tag(s, unit=unit, period=period, label="ok", actor="tpi", question_code="A.I.2.i.a")
        laporan = next(d for d in repo.list_documents(s, unit_codes=["DINKES-JBR"])
                       if d.file_name.startswith("5.iii.b"))
        repo.add_tag(s, unit=unit, period=period, label="tidak_relevan", actor="tpi", document=laporan,
                     question_code="A.I.5.iii.b")
    report = check_completeness(runtime, "DINKES-JBR", 2025)
    by_code = {q.code: q for q in report.questions}
    assert by_code["A.I.1.i.a"].status == DITANDAI
    assert by_code["A.I.1.i.a"].automatic_status in (LENGKAP, SEBAGIAN)
    assert any("SK belum ditandatangani" in n for n in by_code["A.I.1.i.a"].reviewer_notes)
    assert by_code["A.I.2.i.a"].status == LENGKAP and by_code["A.I.2.i.a"].automatic_status == BELUM_ADA
    assert all(d.document_id != laporan.id for d in by_code["A.I.5.iii.b"].documents)
