"""`dukung doctor` says what is really wrong (issue 16 follow-up).

An upload still being sent (its batch open, a file partly in) is work in progress, not drift between the
records and the object store: it counts once it got nothing for ``ingest.upload_stale_hours``, when the
reconciler closes it. E-mails sent by SMTP without the web app's address carry no button to the unit's
page: the doctor warns, in Indonesian, naming what to set — and the e-mail has no broken button.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()
UNIT = "DINKES-JBR"


def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _open_upload(rt) -> tuple[int, str]:
    """A web batch with one file of 1000 bytes, 400 of them received."""
    from flows.ingest import resumable
    from flows.ingest.uploads import create_batch

    batch = create_batch(rt, UNIT, 2025, actor="anggota@dinkes.go.id", expected_files=2)
    part = resumable.create_part(rt, batch, owner_id=1, relative_path="AREA I/SK Tim.pdf", length=1000)
    with resumable.appending(rt, part.id, 1, 0) as (_view, out):
        out.write(b"x" * 400)
    return batch, part.id


def test_an_upload_in_progress_is_not_drift_until_it_stalls(runtime):
    from storage.records.models import UploadBatch, UploadPart

    batch, part = _open_upload(runtime)
    busy = run("doctor")
    assert busy.exit_code == 0, busy.output
    assert "Unggahan macet: 0" in busy.output and "Berkas terkirim sebagian: 0" in busy.output
    long_ago = datetime.now(timezone.utc) - timedelta(hours=runtime.settings.ingest.upload_stale_hours + 1)
    with runtime.records.session() as session:
        session.get(UploadBatch, batch).last_activity_at = long_ago
        session.get(UploadBatch, batch).created_at = long_ago
        session.get(UploadPart, part).updated_at = long_ago
    stalled = run("doctor")
    assert stalled.exit_code == 1
    assert "Unggahan macet: 1" in stalled.output and "Berkas terkirim sebagian: 1" in stalled.output


def _doctor_with_mail(monkeypatch, **env) -> str:
    from config.settings import get_settings

    for key, value in env.items():
        monkeypatch.setenv(f"DUKUNG_MAIL__{key.upper()}", value)
    get_settings.cache_clear()
    try:
        result = run("doctor")
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output  # a warning, not a failure
    return " ".join(result.output.split())


def test_smtp_without_the_web_address_is_a_warning_that_says_what_to_set(runtime, monkeypatch):
    out = _doctor_with_mail(monkeypatch, transport="smtp", public_url="")
    line = re.search(r"! Tautan di e-mail: [^✓✗!]*", out)
    assert line, out
    assert "tidak memuat tombol ke halaman unit" in line.group(0) and "DUKUNG_MAIL__PUBLIC_URL" in line.group(0)
    out = _doctor_with_mail(monkeypatch, transport="smtp", public_url="https://dukung.example.go.id")
    assert "✓ Tautan di e-mail: tombol e-mail menuju https://dukung.example.go.id" in out
    assert "DUKUNG_MAIL__PUBLIC_URL" not in out


def test_the_gap_email_without_the_web_address_has_no_broken_button(runtime, evidence_folder):
    from flows.completeness.check import check_completeness
    from flows.ingest.pipeline import ingest
    from flows.mail.compose import compose_unit_message

    ingest(runtime, evidence_folder, unit_code=UNIT, year=2025)
    report = check_completeness(runtime, UNIT, 2025)
    assert report.gaps

    def parts(public_url: str) -> tuple[str, str]:
        message = compose_unit_message(report, None, sender="dukung@example.go.id", to=["zi@example.go.id"],
                                       slot="2025-11-03", public_url=public_url).message
        return message.get_body(("html",)).get_content(), message.get_body(("plain",)).get_content()

    html, text = parts("")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("http://", "https://", "mailto:")) for h in hrefs), hrefs  # no empty/relative link
    assert 'class="button"' not in html and "None" not in html
    assert "http" not in text and "Buka halaman unit" not in text
    html, text = parts("https://dukung.example.go.id")  # with it: the button leads to the unit's page
    assert re.search(r'<a class="button"[^>]*href="https://dukung.example.go.id/units/DINKES-JBR\?period=2025"', html)
    assert "https://dukung.example.go.id/units/DINKES-JBR?period=2025" in text
