"""What ZI teams read (issue 16): causes they can act on instead of parser errors, the «Proses ulang»
button instead of `dukung retry`, labels instead of internal codes, confidence in words — checked on
the pages and the gap e-mail over the sample evidence."""

from __future__ import annotations

import re

import pytest

from indexing.extract.causes import failure_cause
from tests.web_helpers import csrf, signed_in_site

#: shell commands of the `dukung` CLI as they appeared in reasons, hints, e-mails and pages
SHELL = re.compile(r"\bdukung (retry|assign|unit|user|check|tag|untag|confirm|reject|upload|suggestions|init|"
                   r"reindex|reconcile|token)\b")
RAW_CONFIDENCE = re.compile(r"keyakinan \d|\d[.,]\d\d \(<")

PDFIUM = ("Berkas PDF rusak: Data format error (PDFium: FPDF_ERR_FORMAT); pypdf: PdfReadError: EOF marker "
          "not found")


@pytest.mark.parametrize(("status", "reason", "cause"), [
    ("failed", PDFIUM, "rusak"),
    ("failed", "Gagal membaca DOCX: BadZipFile: File is not a zip file", "rusak"),
    ("encrypted", "PDF terkunci kata sandi; unggah versi tanpa kata sandi", "terkunci_sandi"),
    ("unsupported", "Format Word lama (.doc) tidak dapat dibaca: LibreOffice (soffice) tidak terpasang di server",
     "format_lama"),
    ("needs_ocr", "Gambar tanpa lapisan teks; perlu OCR", "pindaian_tak_terbaca"),
    ("empty", "Tidak ada teks yang dapat dibaca, juga dengan OCR", "pindaian_tak_terbaca"),
    ("empty", "Berkas kosong (0 byte)", "kosong"),
    ("unsupported", "Berkas melebihi batas ukuran (250 MB > 200 MB); disimpan tetapi tidak dibaca", "terlalu_besar"),
    ("failed", "Pembacaan dihentikan: melebihi batas waktu 60 detik (berkas terlalu berat)", "terlalu_besar"),
    ("unsupported", "Format berkas tidak dikenali (application/x-msdownload)", "tidak_didukung"),
    ("failed", "Proses pembaca tidak dapat dimulai (BrokenProcessPool)", "gangguan"),
])
def test_parser_failures_become_causes_a_team_can_act_on(status, reason, cause):
    found = failure_cause(status, reason)
    assert found.code == cause
    assert found.label and found.action and "dukung " not in found.action
    assert failure_cause("ok", None) is None


def test_the_document_page_shows_the_cause_and_a_retry_button_not_the_parser_error(runtime, evidence_folder):
    from flows.ingest.pipeline import ingest
    from flows.upload_jobs import wait_reprocessing
    from storage.records.models import AuditEntry, Document

    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    with runtime.records.session() as s:
        broken = next(d.id for d in s.query(Document) if d.file_name == "5.iii.c LAPORAN MONEV RUSAK.pdf")
        good = next(d.id for d in s.query(Document) if d.file_name.startswith("1.i.a SK TIM"))
    people = {"anggota": {"role": "unit", "units": ["DINKES-JBR"]}, "lain": {"role": "unit", "units": ["PKM-SUMBERSARI"]},
              "reviewer": {"role": "reviewer", "all_units": True}}
    with signed_in_site(runtime, people) as site:
        member = site.login("anggota")
        page = member.get(f"/documents/{broken}").text
        assert 'data-cause="rusak"' in page and "Berkas rusak atau tidak dapat dibuka" in page
        assert "Proses ulang" in page and "Unggah ulang" in page
        assert "pypdf" not in page and "PDFium" not in page and "Rincian teknis" not in page  # not for the team
        reviewer = site.login("reviewer").get(f"/documents/{broken}").text
        assert "<details" in reviewer and "Rincian teknis" in reviewer and "pypdf" in reviewer  # folded away
        assert 'id="retry"' not in member.get(f"/documents/{good}").text  # read fine: nothing to retry
        again = re.search(r'href="(/upload\?[^"]+)"[^>]*>Unggah ulang', page).group(1).replace("&amp;", "&")
        upload_page = member.get(again).text  # «Unggah ulang» opens the upload page on the unit and period
        assert '<option value="DINKES-JBR" selected>' in upload_page and 'value="2025"' in upload_page

        # someone of another unit may not retry it; the member may, and it is recorded
        other = site.login("lain")
        refused = other.post(f"/documents/{broken}/retry", data={"csrf_token": csrf(other)}, follow_redirects=False)
        assert refused.status_code in (403, 404)
        done = member.post(f"/documents/{broken}/retry", data={"csrf_token": csrf(member)}, follow_redirects=False)
        assert done.status_code == 303
        wait_reprocessing(broken, 120)
        assert "diproses ulang" in member.get(done.headers["location"]).text
    with runtime.records.session() as s:
        assert s.query(AuditEntry).filter_by(action="document_reprocess", entity_id=str(broken)).count() == 1


@pytest.mark.slow
def test_no_shell_command_internal_code_or_raw_confidence_in_pages_and_the_gap_email(runtime, tmp_path):
    """The gap e-mail asked for `dukung assign`, rules named `sk_tim_kerja`, reasons said "keyakinan 0,62"."""
    from flows.completeness.check import check_completeness
    from flows.ingest.pipeline import ingest
    from flows.mail.compose import compose_unit_message
    from flows.sample_data import generate_sample_evidence
    from storage.records import repository as repo

    sample = generate_sample_evidence(tmp_path / "demo", year=2025)
    unit = next(u for u in sample.units if sample.stale.get(u.code)) if sample.stale else sample.units[0]
    with runtime.records.session() as s:
        repo.add_unit(s, unit.code, unit.name, unit.contacts)
    ingest(runtime, unit.folder, unit_code=unit.code, year=2025)
    codes = set(runtime.catalog.document_types)

    def problems(text: str) -> list[str]:
        words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        found = [m.group(0) for m in SHELL.finditer(words)] + [m.group(0) for m in RAW_CONFIDENCE.finditer(words)]
        return found + sorted({w for w in re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", words) if w in codes})

    report = check_completeness(runtime, unit.code, 2025)
    message = compose_unit_message(report, None, sender="dukung@example.go.id", to=["zi@example.go.id"],
                                   slot="2025-11-03", public_url="https://dukung.example.go.id").message
    assert report.gaps
    for part in ("html", "plain"):
        assert problems(message.get_body((part,)).get_content()) == [], part

    with signed_in_site(runtime, {"anggota": {"role": "unit", "units": [unit.code]}}) as site:
        member = site.login("anggota")
        unit_page = member.get(f"/units/{unit.code}?period=2025").text
        pages = [f"/units/{unit.code}?period=2025", "/gaps?period=2025", "/suggestions?period=2025",
                 "/search?q=sk+tim", "/upload"]
        pages += [f"/units/{unit.code}/questions/{q.code}?period=2025" for q in report.gaps[:25]]
        pages += sorted({f"/documents/{d}" for d in re.findall(r'href="/documents/(\d+)"',
                                                                member.get("/search?q=sk").text)})[:15]
        assert unit_page
        for path in pages:
            response = member.get(path)
            assert response.status_code == 200, path
            assert problems(response.text) == [], path


def test_reasons_stored_by_older_versions_are_shown_in_words(runtime):
    """Reasons written before said "keyakinan 0,62 (perlu konfirmasi)" and named types by their code."""
    from indexing.classify.reasons import readable_reason

    cat = runtime.catalog
    code = next(iter(cat.document_types))
    old = f"dibaca dari isi; keyakinan 0,62 (perlu konfirmasi); jenis dokumen '{code}' diminta pertanyaan ini"
    shown = readable_reason(cat, old)
    assert "keyakinan: perlu konfirmasi" in shown and "0,62" not in shown
    assert code not in shown and cat.document_types[code].label in shown
    assert readable_reason(cat, "keyakinan 0.60 (< 0.65 …)") == "keyakinan: perlu konfirmasi"
    assert readable_reason(cat, "keyakinan: yakin") == "keyakinan: yakin" and readable_reason(cat, None) is None
