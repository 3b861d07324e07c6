"""Completeness counts only what is sure: automatic mappings below the confirmation threshold are
suggestions ("perlu konfirmasi") — shown with their reason on the question page, the dashboard and in the
gap e-mail, never evidence — until a reviewer or the unit confirms or rejects them (web and CLI); the
decisions are kept as training examples. Documents that are no evidence ("bukan data dukung") are listed,
searchable and never counted."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from flows.completeness.check import BELUM_ADA, LENGKAP, SEBAGIAN, SupportingDocument, check_completeness
from flows.completeness.evidence_rules import RuleContext, is_suggestion
from flows.ingest.pipeline import ingest, reprocess
from flows.mail.reports_html import render_unit_html, render_unit_text
from flows.completeness.suggestions import list_suggestions, not_evidence_documents, review_decisions_as_examples
from storage.records import repository as repo
from storage.records.models import AuditEntry, MappingDecision
from tests.web_helpers import csrf, fast_passwords, signed_in_site

OWN, OTHER, YEAR = "DINKES-JBR", "PKM-SUMBERSARI", 2025
ADUAN = "5.iii.b LAPORAN PENGADUAN 2025.pdf"
PEOPLE = {
    "reviewer": dict(role="reviewer", all_units=True),
    "member": dict(role="unit", units=[OWN]),
    "member_other": dict(role="unit", units=[OTHER]),
}


@pytest.fixture
def strict(monkeypatch, dukung_env):
    """A confirmation threshold above what the folder readings give: every automatic mapping is a suggestion."""
    monkeypatch.setenv("DUKUNG_CLASSIFIER__CONFIRM_THRESHOLD", "0.99")


def _doc_id(rt, name: str) -> int:
    with rt.records.session() as s:
        return next(d.id for d in repo.list_documents(s, unit_codes=[OWN]) if d.file_name == name)


def _aduan_question(rt) -> str:
    """The question the complaints report is mapped to (read from the records, not assumed)."""
    with rt.records.session() as s:
        doc = repo.get_document(s, _doc_id(rt, ADUAN))
        return next(c.question_code for c in doc.classifications if c.question_code)


def _status(rt, code: str):
    return next(q for q in check_completeness(rt, OWN, YEAR).questions if q.code == code)


# -- completeness ------------------------------------------------------------------------------------

def test_the_threshold_decides_what_counts_and_the_upload_choice_is_always_sure():
    from config.catalog import load_catalog

    cat = load_catalog()
    ctx = RuleContext.of(cat, YEAR, min_confidence=0.7)
    weak = SupportingDocument(1, "a.pdf", ["sk_tim_zi"], 0.5, "uji", "auto")
    assert is_suggestion(weak, ctx)
    assert not is_suggestion(SupportingDocument(2, "b.pdf", ["sk_tim_zi"], 0.5, "uji", "auto", given_at_upload=True), ctx)
    assert not is_suggestion(SupportingDocument(3, "c.pdf", ["sk_tim_zi"], 0.5, "uji", "manual"), ctx)
    assert not is_suggestion(SupportingDocument(4, "d.pdf", ["sk_tim_zi"], 0.8, "uji", "auto"), ctx)
    assert RuleContext.of(cat, YEAR).min_confidence == cat.completeness.min_confidence  # the catalog's default


def test_low_confidence_mapping_is_a_suggestion_never_evidence_and_the_email_says_so(strict, runtime,
                                                                                     evidence_folder, monkeypatch):
    ingest(runtime, evidence_folder, unit_code=OWN, year=YEAR)
    code = _aduan_question(runtime)
    q = _status(runtime, code)
    assert q.status == BELUM_ADA and q.automatic_status == BELUM_ADA  # the report was mapped, but not surely
    assert q.documents == [] and [d.name for d in q.suggestions] == [ADUAN]
    assert q.suggestions[0].certainty == "perlu konfirmasi"
    assert "perlu konfirmasi" in q.why
    # the same folder with the catalog's threshold: the mapping is sure and counts
    monkeypatch.delenv("DUKUNG_CLASSIFIER__CONFIRM_THRESHOLD")
    runtime.settings.classifier.confirm_threshold = None
    sure = _status(runtime, code)
    assert sure.status in (LENGKAP, SEBAGIAN) and [d.name for d in sure.documents] == [ADUAN]
    assert sure.documents[0].certainty == "yakin" and not sure.suggestions

    runtime.settings.classifier.confirm_threshold = 0.99
    report = check_completeness(runtime, OWN, YEAR)
    assert code in [g.code for g in report.gaps]
    body = render_unit_html(report)
    row = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', body, re.S).group(1)
    assert f"Perlu konfirmasi — {ADUAN}" in html.unescape(row) and "belum dihitung" in row
    assert "perlu konfirmasi" in body and "0.99" not in body and "0.95" not in body  # words, not numbers
    assert f"perlu konfirmasi: {ADUAN}" in render_unit_text(report)


# -- the web app ---------------------------------------------------------------------------------------

@pytest.fixture
def site(strict, runtime, evidence_folder, monkeypatch):
    fast_passwords(monkeypatch)
    ingest(runtime, evidence_folder, unit_code=OWN, year=YEAR)
    with signed_in_site(runtime, PEOPLE) as site:
        yield site


def _decide(client: TestClient, doc_id: int, code: str, action: str, **data):
    return client.post(f"/documents/{doc_id}/mappings/{code}/{action}",
                       data={"csrf_token": csrf(client), "period": YEAR, **data}, follow_redirects=False)


def _flash(client: TestClient, response) -> str:
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"]).text
    found = re.search(r'<p class="flash (ok|error)"[^>]*>([^<]*)</p>', page)
    return f"{found.group(1)}: {html.unescape(found.group(2))}" if found else ""


def test_question_page_shows_the_suggestion_and_confirming_makes_it_count(site):
    rt, member = site.rt, site.login("member")
    code, doc_id = _aduan_question(rt), _doc_id(rt, ADUAN)
    page = member.get(f"/units/{OWN}/questions/{code}?period={YEAR}").text
    assert f'data-suggestion="{doc_id}"' in page and "Perlu konfirmasi (1)" in page
    assert f'action="/documents/{doc_id}/mappings/{code}/confirm"' in page
    dashboard = member.get(f"/units/{OWN}?period={YEAR}").text
    assert f'data-suggestion="{doc_id}:{code}"' in dashboard
    assert re.search(rf'data-question="{re.escape(code)}"[^>]*data-suggestions="1"', dashboard)

    r = _decide(member, doc_id, code, "confirm", back="question")
    assert r.headers["location"] == f"/units/{OWN}/questions/{code}?period={YEAR}"
    assert _flash(member, r).startswith(f"ok: Dokumen #{doc_id} dikonfirmasi untuk {code}")
    q = _status(rt, code)
    assert [d.name for d in q.documents] == [ADUAN] and not q.suggestions
    assert q.status in (LENGKAP, SEBAGIAN) and q.documents[0].certainty == "ditetapkan orang"
    page = member.get(f"/units/{OWN}/questions/{code}?period={YEAR}").text
    assert f'data-suggestion="{doc_id}"' not in page and f'data-document="{doc_id}"' in page
    with rt.records.session() as s:
        audit = s.query(AuditEntry).filter_by(action="confirm_mapping").one()
        assert (audit.actor, audit.entity_id, audit.detail["question"]) == ("member@example.go.id", str(doc_id), code)
    # kept across re-processing, and handed to the training as an accepted example
    reprocess(rt, unit_code=OWN, everything=True)
    assert [d.name for d in _status(rt, code).documents] == [ADUAN]
    [example] = review_decisions_as_examples(rt)
    assert (example.document_id, example.question_code, example.accepted) == (doc_id, code, True)
    assert "PENGADUAN MASYARAKAT" in example.text and example.doc_type


def test_rejecting_from_the_document_page_removes_it_for_good_and_keeps_a_negative_example(site):
    rt, reviewer = site.rt, site.login("reviewer")
    code, doc_id = _aduan_question(rt), _doc_id(rt, ADUAN)
    page = reviewer.get(f"/documents/{doc_id}").text
    assert f'data-suggestion="{code}"' in page and "perlu konfirmasi" in page
    r = _decide(reviewer, doc_id, code, "reject", note="ini laporan triwulan, bukan rekap semester")
    assert r.headers["location"] == f"/documents/{doc_id}"
    assert _flash(reviewer, r).startswith(f"ok: Saran dokumen #{doc_id} untuk {code} ditolak")
    q = _status(rt, code)
    assert not q.suggestions and not q.documents and q.status == BELUM_ADA
    assert all(s.document_id != doc_id or s.question != code for s in list_suggestions(rt, [OWN], YEAR))
    page = reviewer.get(f"/documents/{doc_id}").text
    assert "ditolak oleh reviewer@example.go.id (ini laporan triwulan, bukan rekap semester)" in page
    reprocess(rt, unit_code=OWN, everything=True)  # the classifier says it again: a person said no
    with rt.records.session() as s:
        assert code not in {c.question_code for c in repo.get_document(s, doc_id).classifications}
        row = s.query(MappingDecision).one()
        assert (row.decision, row.note, row.decided_by) == ("rejected", "ini laporan triwulan, bukan rekap semester",
                                                            "reviewer@example.go.id")
        assert row.reason and row.confidence > 0  # what the classifier had said is kept with the decision
    [example] = review_decisions_as_examples(rt)
    assert (example.question_code, example.accepted) == (code, False)
    assert not rt.search.search(_query(questions=[code])).hits


def _query(**kw):
    from indexing.search import SearchQuery

    return SearchQuery(text="", units=[OWN], **kw)


def test_a_member_of_another_unit_cannot_decide_and_a_form_needs_its_token(site):
    rt = site.rt
    code, doc_id = _aduan_question(rt), _doc_id(rt, ADUAN)
    other = site.login("member_other")
    # another unit's document answers as a missing one (nothing says it exists)
    assert _decide(other, doc_id, code, "confirm").status_code == 404
    assert _decide(other, doc_id, code, "reject").status_code == 404
    assert f"{doc_id}:{code}" not in other.get(f"/suggestions?period={YEAR}").text  # not listed either
    member = site.login("member")
    no_token = member.post(f"/documents/{doc_id}/mappings/{code}/confirm", data={"period": YEAR},
                           follow_redirects=False)
    assert no_token.status_code == 403
    with rt.records.session() as s:
        assert s.query(MappingDecision).count() == 0
    assert [d.name for d in _status(rt, code).suggestions] == [ADUAN]
    listed = member.get(f"/suggestions?period={YEAR}").text
    assert f'data-suggestion="{doc_id}:{code}"' in listed


def test_the_json_api_decides_with_a_token_and_keeps_units_apart(site):
    from flows.people.accounts import create_api_token

    rt = site.rt
    code, doc_id = _aduan_question(rt), _doc_id(rt, ADUAN)
    site.login("member_other"), site.login("member")
    other = {"Authorization": f"Bearer {create_api_token(rt, 'member_other@example.go.id', 'uji')}"}
    own = {"Authorization": f"Bearer {create_api_token(rt, 'member@example.go.id', 'uji')}"}
    url = f"/api/documents/{doc_id}/mappings/{code}"
    assert site.anon.post(f"{url}/confirm", headers=other, json={}).status_code == 404
    r = site.anon.post(f"{url}/confirm", headers=own, json={"note": "benar"})
    assert r.status_code == 200, r.text
    assert r.json() | {"by": None} == {"document_id": doc_id, "unit": OWN, "question": code, "decision": "confirmed",
                                       "label": "dikonfirmasi", "note": "benar", "by": None}
    assert [d.name for d in _status(rt, code).documents] == [ADUAN]


# -- the command line ----------------------------------------------------------------------------------

def test_cli_lists_confirms_and_rejects(strict, runtime, evidence_folder):
    from flows.cli import app

    ingest(runtime, evidence_folder, unit_code=OWN, year=YEAR)
    cli = CliRunner()
    listed = cli.invoke(app, ["suggestions", "--unit", OWN, "--period", str(YEAR), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    code, doc_id = _aduan_question(runtime), _doc_id(runtime, ADUAN)
    assert {"document_id": doc_id, "question": code} in [{k: r[k] for k in ("document_id", "question")} for r in rows]
    others = [r for r in rows if r["document_id"] != doc_id]
    assert others, "the other folder readings are below 0.99 too"

    done = cli.invoke(app, ["confirm", str(doc_id), code, "--by", "tpi@inspektorat"])
    assert done.exit_code == 0, done.output
    assert f"Dokumen #{doc_id} dikonfirmasi untuk {code}" in " ".join(done.output.split())
    no = cli.invoke(app, ["reject", str(others[0]["document_id"]), others[0]["question"], "--note", "salah"])
    assert no.exit_code == 0, no.output
    assert _status(runtime, code).documents[0].name == ADUAN
    gone = _status(runtime, others[0]["question"])
    assert others[0]["document_id"] not in {d.document_id for d in gone.suggestions + gone.documents}
    examples = {(e.document_id, e.question_code): e.accepted for e in review_decisions_as_examples(runtime)}
    assert examples == {(doc_id, code): True, (others[0]["document_id"], others[0]["question"]): False}
    # the next training takes both: the confirmed document as evidence, the rejected one as not evidence
    from flows.ingest.classifier_training import REJECTED_WEIGHT, recorded_examples

    taught = {e.source: e for e in recorded_examples(runtime)}
    confirmed = [e for e in taught.values() if code in e.questions]
    assert confirmed and not confirmed[0].not_evidence and confirmed[0].text.strip()
    rejected = taught[f"rejected:{others[0]['document_id']}"]
    assert rejected.not_evidence and rejected.weight == REJECTED_WEIGHT and rejected.text.strip()
    # a mapping that is not there cannot be confirmed: one clear line, exit code 1
    from flows.cli import main  # noqa: F401  (the entry point turns domain errors into exit 1)

    bad = cli.invoke(app, ["reject", str(doc_id), "A.I.2.i.a"])
    assert bad.exit_code != 0 and "tidak dipetakan" in str(bad.exception)


def test_a_reviewers_not_relevant_tag_teaches_the_next_training(runtime, evidence_folder):
    """A document a reviewer tagged ``tidak_relevan`` for every question is taught as not evidence (at full
    weight: a person said it supports none); one tagged for the question it was mapped to is taught like a
    rejected suggestion (half weight); a resolved tag, or a document someone then assigned by hand, teaches
    nothing of the kind."""
    from flows.ingest.classifier_training import REJECTED_WEIGHT, recorded_examples
    from flows.people.review import reassign_document, resolve_tag, tag_document

    ingest(runtime, evidence_folder, unit_code=OWN, year=YEAR)
    with runtime.records.session() as s:
        docs = [(d.id, d.file_name, next((c.question_code for c in d.classifications if c.question_code), None))
                for d in repo.list_documents(s, unit_codes=[OWN])]
    mapped = [(i, code) for i, _, code in docs if code]
    assert len(mapped) >= 3
    (whole, _), (one, one_code), (later, _) = mapped[:3]
    tag_document(runtime, whole, "tidak_relevan", note="foto makan siang", actor="tpi@inspektorat")
    tag_document(runtime, one, "tidak_relevan", question=one_code, actor="tpi@inspektorat")
    gone = tag_document(runtime, later, "tidak_relevan", actor="tpi@inspektorat")
    resolve_tag(runtime, gone.id, actor="tpi@inspektorat")

    taught = {e.source: e for e in recorded_examples(runtime)}
    assert taught[f"irrelevant:{whole}"].not_evidence and taught[f"irrelevant:{whole}"].weight == 1.0
    assert taught[f"irrelevant:{whole}"].text.strip()
    assert taught[f"rejected:{one}"].not_evidence and taught[f"rejected:{one}"].weight == REJECTED_WEIGHT
    assert not any(source.endswith(f":{later}") for source in taught)

    # assigned by hand afterwards: evidence for the question given, not a negative
    reassign_document(runtime, whole, one_code, actor="tpi@inspektorat")
    taught = {e.source: e for e in recorded_examples(runtime)}
    assert f"irrelevant:{whole}" not in taught
    assert any(one_code in e.questions and not e.not_evidence for e in taught.values())


# -- not evidence -------------------------------------------------------------------------------------

def test_a_document_that_is_no_evidence_is_listed_searchable_and_never_counted(runtime, evidence_folder):
    from flows.cli import app
    from flows.ingest.indexer import index_documents
    from flows.ingest.processing import JobOutcome, save_outcomes

    ingest(runtime, evidence_folder, unit_code=OWN, year=YEAR)
    code, doc_id = _aduan_question(runtime), _doc_id(runtime, ADUAN)
    assert ADUAN in [d.name for d in _status(runtime, code).documents]
    with runtime.records.session() as s:
        doc = repo.get_document(s, doc_id)
        keep = (doc.doc_types, [(c.question_code, c.confidence, c.reason) for c in doc.classifications])
    # what the classifier hands over for "bukan data dukung": a reason; its questions (if any) are not evidence
    save_outcomes(runtime, [JobOutcome(doc_id=doc_id, status="ok", reason=None, page_count=1, extractor="uji",
                                       duration_s=0.0, doc_types=keep[0], questions=keep[1],
                                       not_evidence="berita kegiatan, bukan dokumen yang diminta LKE")])
    index_documents(runtime, [doc_id])
    q = _status(runtime, code)
    assert doc_id not in {d.document_id for d in q.documents + q.suggestions}
    [listed] = not_evidence_documents(runtime, [OWN], YEAR)
    assert (listed.id, listed.reason) == (doc_id, "berita kegiatan, bukan dokumen yang diminta LKE")
    assert not_evidence_documents(runtime, [OTHER], YEAR) == []
    hits = runtime.search.search(_query(tags=["bukan_data_dukung"])).hits
    assert [h.doc_id for h in hits] == [doc_id]
    out = CliRunner().invoke(app, ["documents", "--unit", OWN, "--not-evidence", "--format", "json"])
    assert out.exit_code == 0, out.output
    [row] = json.loads(out.output)
    assert (row["id"], row["evidence_status"]) == (doc_id, "not_evidence")
    out = CliRunner().invoke(app, ["suggestions", "--not-evidence", "--period", str(YEAR), "--format", "json"])
    assert [r["id"] for r in json.loads(out.output)] == [doc_id]
    # a reviewer's word still wins: assigned by hand, it counts
    from flows.people.review import reassign_document

    reassign_document(runtime, doc_id, code, actor="tpi")
    assert doc_id in {d.document_id for d in _status(runtime, code).documents}


def test_the_classifiers_not_evidence_outcome_is_handed_to_the_records(monkeypatch):
    """What the classifier says ("bukan data dukung", with its reason) reaches the job outcome that
    ``save_outcomes`` stores (the classifier itself is i14a's and tested there; here only the hand-over)."""
    from config.settings import get_settings
    from flows.ingest import processing
    from indexing.classify.classifier import ClassificationResult

    said = ClassificationResult(not_evidence=True, not_evidence_reason="berita kegiatan, bukan bukti LKE")
    monkeypatch.setattr(processing, "classify", lambda *a, **k: said)
    job = processing.DocumentJob(doc_id=1, object_key="k", sha256="a" * 64, relative_path="Lain-lain/berita.pdf",
                                 explicit_question=None, objects_url="", storage=get_settings().storage,
                                 catalog_path=str(get_settings().catalog_path), context=None)
    outcome = processing.JobOutcome(doc_id=1, status="ok", reason=None, page_count=1, extractor="", duration_s=0)
    processing._read_text(job, outcome, "Jember (ANTARA) - Dinas Kesehatan menggelar senam bersama.")
    assert outcome.not_evidence == "berita kegiatan, bukan bukti LKE" and outcome.questions == []
    said.not_evidence = False
    processing._read_text(job, outcome, "teks")
    assert outcome.not_evidence is None


def test_the_web_lists_documents_that_are_no_evidence_with_their_reason(site):
    rt = site.rt
    doc_id = _doc_id(rt, ADUAN)
    with rt.records.session() as s:
        repo.save_evidence_status(s, repo.get_document(s, doc_id), "siaran pers, bukan data dukung")
    page = site.login("member").get(f"/suggestions?period={YEAR}").text
    assert f'data-not-evidence="{doc_id}"' in page and "siaran pers, bukan data dukung" in page
    assert f'data-not-evidence="{doc_id}"' not in site.login("member_other").get(f"/suggestions?period={YEAR}").text
    doc_page = site.login("member").get(f"/documents/{doc_id}").text
    assert 'id="not-evidence"' in doc_page and "siaran pers, bukan data dukung" in doc_page


# -- the records (SQLite and PostgreSQL) ---------------------------------------------------------------

from tests.test_records import records  # noqa: E402,F401  (migrated SQLite / PostgreSQL database)


def test_decisions_are_kept_one_per_mapping_and_a_rejection_survives_reclassification(records):
    from storage.records import decisions

    with records.session() as s:
        unit = repo.add_unit(s, "U1", "Unit Satu")
        period = repo.get_or_create_period(s, YEAR)
        doc, _ = repo.record_upload(s, unit, period, repo.UploadedFile(
            relative_path="Lain-lain/dok_012.pdf", file_name="dok_012.pdf", size=10, sha256="a" * 64,
            object_key="blobs/a", media_type="application/pdf"))
        repo.replace_auto_classifications(s, doc, ["laporan_pengaduan"], [
            repo.QuestionRecord("A.V.3.iii.b", 0.4, "teks memuat 'pengaduan'"),
            repo.QuestionRecord("A.V.3.iii.c", 0.3, "teks memuat 'tindak lanjut'")])
        doc_id = doc.id
    with records.session() as s:
        doc = repo.get_document(s, doc_id)
        decisions.reject_mapping(s, doc, "A.V.3.iii.b", actor="tpi", note="salah")
        decisions.confirm_mapping(s, doc, "A.V.3.iii.c", actor="unit")
    with records.session() as s:
        doc = repo.load_documents(s, [doc_id])[0]
        repo.replace_auto_classifications(s, doc, ["laporan_pengaduan"], [  # the classifier says the same again
            repo.QuestionRecord("A.V.3.iii.b", 0.4, "teks memuat 'pengaduan'"),
            repo.QuestionRecord("A.V.3.iii.c", 0.3, "teks memuat 'tindak lanjut'")])
    with records.session() as s:
        doc = repo.get_document(s, doc_id)
        assert {(c.question_code, c.source) for c in doc.classifications} == {("A.V.3.iii.c", "manual")}
        decisions.confirm_mapping(s, doc, "A.V.3.iii.c", actor="unit")  # twice: still one decision
        decisions.reject_mapping(s, doc, "A.V.3.iii.c", actor="tpi", note="berubah pikiran")  # the latest word
    with records.session() as s:
        rows = {r.question_code: (r.decision, r.confidence, r.decided_by)
                for r in s.query(MappingDecision).order_by(MappingDecision.id)}
        assert rows == {"A.V.3.iii.b": ("rejected", 0.4, "tpi"), "A.V.3.iii.c": ("rejected", 0.3, "tpi")}
        assert [a.action for a in s.query(AuditEntry).order_by(AuditEntry.id)] == [
            "reject_mapping", "confirm_mapping", "confirm_mapping", "reject_mapping"]
        s.delete(repo.get_document(s, doc_id))
    with records.session() as s:
        assert s.query(MappingDecision).count() == 0  # gone with their document
