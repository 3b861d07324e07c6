"""Reviewers' tags and manual re-assignment: recorded, audited, shown in completeness and search."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from config.errors import InvalidInputError, NotFoundError


def _ingest(rt, folder):
    from flows.ingest.pipeline import ingest

    ingest(rt, folder, unit_code="DINKES-JBR", year=2025)


def _doc_id(rt, name):
    from storage.records import repository as repo

    with rt.records.session() as s:
        return next(d.id for d in repo.list_documents(s, unit_codes=["DINKES-JBR"]) if d.file_name == name)


def _status(rt, code):
    from flows.completeness.check import check_completeness

    q = next(q for q in check_completeness(rt, "DINKES-JBR", 2025).questions if q.code == code)
    return q.status, q.automatic_status, q.reviewer_notes


def test_question_tags_override_and_are_audited(runtime, evidence_folder):
    from flows.people.review import open_tags, resolve_tag, tag_question
    from storage.records.models import AuditEntry

    _ingest(runtime, evidence_folder)
    auto = _status(runtime, "A.I.1.i.a")[0]
    view = tag_question(runtime, "DINKES-JBR", 2025, "ppa1a", "gap", note="SK belum ditandatangani",
                        actor="tpi@inspektorat")
    assert view.question == "A.I.1.i.a"  # BPS id normalised to the LKE code
    status, automatic, notes = _status(runtime, "A.I.1.i.a")
    assert (status, automatic) == ("ditandai_reviewer", auto)
    assert any("SK belum ditandatangani" in n and "tpi@inspektorat" in n for n in notes)
    assert [t.id for t in open_tags(runtime, "DINKES-JBR")] == [view.id]

    resolve_tag(runtime, view.id, actor="tpi@inspektorat")
    assert _status(runtime, "A.I.1.i.a")[0] == auto and open_tags(runtime) == []
    with runtime.records.session() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.actor == "tpi@inspektorat"))]
    assert actions == ["tag", "resolve_tag"]


def test_not_relevant_document_leaves_the_question_and_the_search_filter(runtime, evidence_folder):
    from flows.people.review import tag_document
    from indexing.search import SearchQuery

    _ingest(runtime, evidence_folder)
    sk = _doc_id(runtime, "1.i.a SK TIM ZONA INTEGRITAS 2025.pdf")
    before = runtime.search.search(SearchQuery(text="tim kerja", questions=["A.I.1.i.a"]))
    assert sk in [h.doc_id for h in before.hits]

    tag_document(runtime, sk, "tidak_relevan", question="A.I.1.i.a", note="bukan SK tim", actor="tpi")
    status, automatic, _ = _status(runtime, "A.I.1.i.a")
    # the SK no longer counts there: the reviewer's word differs from the automatic result
    assert automatic == "lengkap" and status == "sebagian"
    after = runtime.search.search(SearchQuery(text="tim kerja", questions=["A.I.1.i.a"]))
    assert sk not in [h.doc_id for h in after.hits]
    tagged = runtime.search.search(SearchQuery(text="", tags=["tidak_relevan"]))
    assert [h.doc_id for h in tagged.hits] == [sk]


def test_reassignment_moves_a_document_and_survives_reclassification(runtime, evidence_folder):
    from flows.ingest.pipeline import process_batch
    from flows.people.review import reassign_document
    from indexing.search import SearchQuery

    _ingest(runtime, evidence_folder)
    laporan = _doc_id(runtime, "5.iii.b LAPORAN PENGADUAN 2025.pdf")
    reassign_document(runtime, laporan, "A.II.1.i.a", from_question="A.I.5.iii.b", note="salah area",
                      actor="tpi")
    process_batch(runtime, [laporan])  # automatic classification again: the reviewer's word stays
    from flows.completeness.check import check_completeness

    report = {q.code: q for q in check_completeness(runtime, "DINKES-JBR", 2025).questions}
    assert laporan in [d.document_id for d in report["A.II.1.i.a"].documents]
    moved = next(d for d in report["A.II.1.i.a"].documents if d.document_id == laporan)
    assert moved.source == "manual" and "tpi" in moved.reason
    if "A.I.5.iii.b" in report:
        assert laporan not in [d.document_id for d in report["A.I.5.iii.b"].documents]
    hits = runtime.search.search(SearchQuery(text="pengaduan", questions=["A.II.1.i.a"]))
    assert laporan in [h.doc_id for h in hits.hits]


def test_bad_review_input_is_a_clear_error(runtime):
    from flows.people.review import reassign_document, resolve_tag, tag_question

    with pytest.raises(NotFoundError, match="Pertanyaan LKE tidak ditemukan"):
        tag_question(runtime, "DINKES-JBR", 2025, "Z.9", "gap", actor="x")
    with pytest.raises(InvalidInputError, match="Label tag tidak dikenal"):
        tag_question(runtime, "DINKES-JBR", 2025, "A.I.1.i.a", "bagus", actor="x")
    with pytest.raises(InvalidInputError, match="dokumen"):
        tag_question(runtime, "DINKES-JBR", 2025, "A.I.1.i.a", "tidak_relevan", actor="x")
    with pytest.raises(NotFoundError):
        reassign_document(runtime, 999, "A.I.1.i.a", actor="x")
    with pytest.raises(NotFoundError, match="Tag #5"):
        resolve_tag(runtime, 5, actor="x")


def test_approval_is_refused_while_a_gap_tag_is_open_and_can_close_it(runtime, evidence_folder):
    """Anyone's open gap tag on the question blocks `setujui`; closing it with the approval is recorded."""
    from flows.people.accounts import Principal
    from flows.people.review import open_tags, tag_question
    from flows.people.review_workflow import OpenGapError, review_state, transition
    from storage.records.models import AuditEntry

    _ingest(runtime, evidence_folder)
    member = Principal(1, "zi@dinkes", "zi@dinkes", "unit", frozenset({"DINKES-JBR"}))
    reviewer = Principal(2, "tpi@inspektorat", "tpi@inspektorat", "reviewer")
    transition(runtime, member, "DINKES-JBR", 2025, "A.I.1.i.a", "ajukan")
    gap = tag_question(runtime, "DINKES-JBR", 2025, "A.I.1.i.a", "gap", note="SK belum ditandatangani",
                       actor="reviewer-lain@inspektorat")  # another reviewer's tag blocks too
    tag_question(runtime, "DINKES-JBR", 2025, "A.I.1.i.b", "gap", note="lain", actor="x")  # another question: not
    with pytest.raises(OpenGapError) as refused:
        transition(runtime, reviewer, "DINKES-JBR", 2025, "A.I.1.i.a", "setujui")
    assert refused.value.http_status == 409 and refused.value.tag_ids == [gap.id]
    assert "SK belum ditandatangani" in str(refused.value) and "Tutup" in str(refused.value)
    assert review_state(runtime, "DINKES-JBR", 2025, "A.I.1.i.a").state == "diajukan"  # nothing changed

    view = transition(runtime, reviewer, "DINKES-JBR", 2025, "A.I.1.i.a", "setujui", close_gaps=True)
    assert view.state == "disetujui" and f"#{gap.id}" in view.history[-1]["note"]
    assert [t.question for t in open_tags(runtime, "DINKES-JBR")] == ["A.I.1.i.b"]
    with runtime.records.session() as s:
        closed = s.scalars(select(AuditEntry).where(AuditEntry.action == "resolve_tag")).all()
    assert [(a.actor, a.entity_id) for a in closed] == [("tpi@inspektorat", str(gap.id))]


def test_cli_review_refuses_approval_over_an_open_gap(runtime, evidence_folder):
    import subprocess
    import sys

    from typer.testing import CliRunner

    from flows.cli import app
    from flows.people.review import tag_question

    _ingest(runtime, evidence_folder)
    cli = CliRunner()
    args = ["--unit", "DINKES-JBR", "--question", "A.I.1.i.a", "--period", "2025"]
    assert cli.invoke(app, ["review", "ajukan", *args]).exit_code == 0
    tag_question(runtime, "DINKES-JBR", 2025, "A.I.1.i.a", "gap", note="Notulen tidak ditandatangani", actor="tpi")
    refused = subprocess.run([sys.executable, "-m", "flows.cli", "review", "setujui", *args, "--by", "tpi"],
                             capture_output=True, text=True, timeout=120)
    out = refused.stdout + refused.stderr
    assert refused.returncode == 1 and "celah terbuka" in out and "Traceback" not in out, out
    done = cli.invoke(app, ["review", "setujui", *args, "--by", "tpi@inspektorat", "--close-gaps"])
    assert done.exit_code == 0 and "Disetujui" in done.output
