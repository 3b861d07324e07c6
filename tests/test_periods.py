"""Evaluation periods as things: windows and deadlines, one active period as every default, uploads refused
outside the isian/revisi windows (an admin's override audited), reminders, and the CLI `dukung period`."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from config.errors import InvalidInputError, NotFoundError
from flows.cli import app
from flows.periods.gate import UploadWindowClosedError, admit_upload, upload_refusal
from flows.periods.registry import (InactivePeriodError, NoActivePeriodError, activate_period, create_period,
                                    edit_period, list_periods, require_active, resolve_period)
from flows.periods.reminders import deadline_reminders
from flows.periods.schedule import check_dates, default_dates, schedule_of
from storage.records.models import AuditEntry, OutboxMessage

runner = CliRunner()
D = date


def audit_actions(rt, action: str) -> list[AuditEntry]:
    with rt.records.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


class _Row:  # a Period row's dates without a database
    def __init__(self, year, **dates):
        self.year = year
        for name, value in {**dict.fromkeys(default_dates(year)), **dates}.items():
            setattr(self, name, value)


def test_default_schedule_ends_with_the_regulations_31_may_and_windows_follow_each_other():
    dates = default_dates(2027)
    assert dates["tpn_deadline"] == D(2027, 5, 31)  # PermenPANRB 90/2021, Lampiran II BAB II
    assert dates["isian_start"] < dates["isian_end"] < dates["verifikasi_start"] < dates["verifikasi_end"]
    assert dates["verifikasi_end"] < dates["revisi_start"] < dates["revisi_end"] < dates["tpn_deadline"]
    assert check_dates(dates) == []


def test_bad_schedules_are_refused_with_the_reason():
    assert "mulai sesudah tanggal selesai" in check_dates({"isian_start": D(2027, 3, 1), "isian_end": D(2027, 2, 1)})[0]
    assert "isi tanggal mulai dan tanggal selesai" in check_dates({"isian_start": D(2027, 3, 1)})[0]
    overlap = {**default_dates(2027), "verifikasi_start": D(2027, 3, 15)}
    assert check_dates(overlap) == ["Verifikasi TPI harus dimulai sesudah Isian LKE selesai"]


def test_uploads_open_in_isian_and_revisi_and_closed_otherwise_with_dates_in_indonesian():
    schedule = schedule_of(_Row(2027, **default_dates(2027)))
    assert upload_refusal(schedule, D(2027, 1, 1)) is None
    assert upload_refusal(schedule, D(2027, 3, 31)) is None  # the last day counts
    assert upload_refusal(schedule, D(2027, 5, 10)) is None  # revisi
    during_review = upload_refusal(schedule, D(2027, 4, 10))
    assert "Sekarang masa Verifikasi TPI (1 April 2027 – 30 April 2027)" in during_review
    assert "Masa Isian LKE (1 Januari 2027 – 31 Maret 2027) sudah berakhir" in during_review
    assert "Masa Revisi dibuka 1 Mei 2027" in during_review
    before = upload_refusal(schedule, D(2026, 12, 2))
    assert "Masa Isian LKE dibuka 1 Januari 2027" in before and "dukung " not in before.replace("data dukung ", "")
    assert "--" not in before
    after = upload_refusal(schedule, D(2027, 6, 1))
    assert "Masa Revisi (1 Mei 2027 – 24 Mei 2027) sudah berakhir" in after
    unscheduled = schedule_of(_Row(2024))
    assert upload_refusal(unscheduled, D(2030, 1, 1)) is None  # never scheduled: not limited


def test_reminders_count_down_to_each_deadline_within_the_largest_reminder_day():
    schedule = schedule_of(_Row(2027, **default_dates(2027)))
    assert deadline_reminders(schedule, D(2027, 3, 19), [14, 7, 3, 1]) == ["Batas isian LKE: 12 hari lagi (31 Maret 2027)"]
    assert deadline_reminders(schedule, D(2027, 3, 30), [14, 7, 3, 1]) == ["Batas isian LKE: besok (31 Maret 2027)"]
    assert deadline_reminders(schedule, D(2027, 5, 24), [14, 7]) == [
        "Batas revisi: hari ini (24 Mei 2027)", "Batas pengajuan ke TPN: 7 hari lagi (31 Mei 2027)"]
    assert deadline_reminders(schedule, D(2027, 3, 1), [14, 7, 3, 1]) == []  # 30 days ahead: not yet
    assert deadline_reminders(schedule, D(2027, 3, 19), []) == []  # reminders switched off


def test_one_period_is_active_and_is_every_default(runtime):
    with pytest.raises(NoActivePeriodError, match="Belum ada periode evaluasi yang aktif"):
        resolve_period(runtime, None)
    create_period(runtime, 2026, actor="admin@x")
    assert resolve_period(runtime, None) == 2026  # the first period becomes active
    create_period(runtime, 2027, actor="admin@x")
    assert resolve_period(runtime, None) == 2026  # a new period does not move the default
    activate_period(runtime, 2027, actor="admin@x")
    assert [(p.year, p.is_active) for p in list_periods(runtime)] == [(2027, True), (2026, False)]
    assert resolve_period(runtime, None) == 2027 and resolve_period(runtime, 2026) == 2026
    with pytest.raises(InvalidInputError):
        create_period(runtime, 2027, actor="admin@x")  # exists
    with pytest.raises(NotFoundError):
        activate_period(runtime, 2030, actor="admin@x")
    with pytest.raises(InvalidInputError, match="tidak valid"):
        edit_period(runtime, 2027, actor="admin@x", isian_end=D(2026, 12, 1))
    info = edit_period(runtime, 2027, actor="admin@x", isian_end=D(2027, 3, 15))
    assert info.schedule.isian.end == D(2027, 3, 15)

    assert [e.entity_id for e in audit_actions(runtime, "period.activate")] == ["2026", "2027"]


def test_an_upload_outside_the_windows_is_refused_and_an_override_is_audited(runtime):

    create_period(runtime, 2027, actor="admin@x")
    with pytest.raises(UploadWindowClosedError, match="Masa Isian LKE dibuka 1 Januari 2027"):
        admit_upload(runtime, 2027, unit="DINKES-JBR", actor="anggota@x", channel="web", day=D(2026, 12, 2))
    admit_upload(runtime, 2027, unit="DINKES-JBR", actor="anggota@x", channel="web", day=D(2027, 2, 1))
    assert audit_actions(runtime, "upload.override") == []
    admit_upload(runtime, 2027, unit="DINKES-JBR", actor="admin@x", channel="cli", override=True, day=D(2026, 12, 2))
    (entry,) = audit_actions(runtime, "upload.override")
    assert entry.actor == "admin@x" and entry.entity_id == "2027"
    assert entry.detail["unit"] == "DINKES-JBR" and "dibuka 1 Januari 2027" in entry.detail["refused_because"]
    with pytest.raises(UploadWindowClosedError, match="Periode 2031 belum dibuat oleh admin; periode yang aktif"):
        admit_upload(runtime, 2031, unit="DINKES-JBR", actor="anggota@x", channel="web")


def test_mail_is_only_for_the_active_period(runtime):
    from flows.mail.notify import queue_completeness_mail

    create_period(runtime, 2026, actor="admin@x")
    create_period(runtime, 2027, actor="admin@x")
    require_active(runtime, 2026, "E-mail kelengkapan")
    with pytest.raises(InactivePeriodError, match=r"hanya dikirim untuk periode aktif \(2026\); periode 2027"):
        queue_completeness_mail(runtime, 2027)


# --- the CLI -------------------------------------------------------------------------------------------------

def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def said(result) -> str:
    """What the person sees: the output, and the one line `main()` prints for a DukungError."""
    return result.output + (str(result.exception) if result.exception else "")


def test_cli_period_create_list_activate_edit(dukung_env):
    created = run("period", "create", "2027", "--tpn", "2027-05-28", "--by", "admin")
    assert created.exit_code == 0, created.output
    assert "periode 2027 (aktif)" in created.output and "28 Mei 2027" in created.output
    assert run("period", "create", "2028", "--isian-start", "2028-01-05", "--isian-end", "2028-03-20").exit_code == 0
    listed = json.loads(run("period", "list", "--format", "json").output)
    assert [(p["year"], p["active"]) for p in listed] == [(2028, False), (2027, True)]
    assert listed[0]["isian"] == {"start": "2028-01-05", "end": "2028-03-20"}
    assert listed[1]["tpn_deadline"] == "2027-05-28"
    assert "periode 2028 (aktif)" in run("period", "activate", "2028").output
    assert "Periode aktif: 2028; unggahan" in run("doctor").output
    edited = run("period", "edit", "2028", "--revisi-end", "2028-05-20")
    assert edited.exit_code == 0 and "20 Mei 2028" in edited.output
    bad = runner.invoke(app, ["period", "edit", "2028", "--isian-end", "31-03-2028"])
    assert bad.exit_code == 1 and isinstance(bad.exception, InvalidInputError) and "tidak dikenali" in said(bad)


def test_cli_without_an_active_period_says_so(dukung_env, evidence_folder):
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1 and "Belum ada periode evaluasi yang aktif" in said(result)
    assert "dukung period create" in runner.invoke(app, ["init"]).output
    up = runner.invoke(app, ["upload", str(evidence_folder), "--unit", "X"])
    assert up.exit_code == 1 and "Belum ada periode evaluasi yang aktif" in said(up)


def test_cli_upload_outside_the_window_is_refused_and_override_recorded(runtime, tmp_path):

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "sk.txt").write_text("Surat Keputusan tim kerja zona integritas", encoding="utf-8")
    future = date.today().year + 2
    assert run("period", "create", str(future), "--activate").exit_code == 0
    refused = runner.invoke(app, ["upload", str(folder), "--unit", "DINKES-JBR"])
    assert refused.exit_code == 1, refused.output
    assert f"Periode {future} (aktif)" in refused.output  # says which period it uses
    assert f"Masa Isian LKE dibuka 1 Januari {future}" in said(refused) and "--override" in said(refused)
    ok = run("upload", str(folder), "--unit", "DINKES-JBR", "--override", "--by", "admin@x", "--format", "json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["year"] == future
    assert [e.actor for e in audit_actions(runtime, "upload.override")] == ["admin@x"]


def test_a_stray_upload_to_another_year_does_not_move_check_send(runtime, tmp_path, monkeypatch):
    """Issue 16: one unit's mistaken upload to a wrong year made `dukung check --send` e-mail every unit
    about that year ("113 pertanyaan LKE belum lengkap — periode 2026"). The active period is mailed."""
    from config.settings import get_settings
    from storage.records import repository as repo

    with runtime.records.session() as s:
        repo.add_unit(s, "PKM-SUMBERSARI", "Puskesmas Sumbersari", ["zi@pkm.example.go.id"])
    folder = tmp_path / "bukti"
    folder.mkdir()
    (folder / "1.i.a SK TIM.txt").write_text("Surat Keputusan tim kerja zona integritas", encoding="utf-8")
    for unit in ("DINKES-JBR", "PKM-SUMBERSARI"):
        assert run("upload", str(folder), "--unit", unit, "--period", "2025", "--format", "json").exit_code == 0
    runner.invoke(app, ["upload", str(folder), "--unit", "PKM-SUMBERSARI", "--period", "2026"])  # the mistake
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("DUKUNG_MAIL__OUTBOX_DIR", str(outbox))
    get_settings.cache_clear()
    sent = run("check", "--send")
    assert sent.exit_code == 0, sent.output
    subjects = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)["Subject"]
                for p in sorted(outbox.glob("*.eml"))]
    assert len(subjects) == 2
    assert all("periode 2025" in s for s in subjects), subjects
    assert not any("2026" in s for s in subjects)


def test_reminder_joins_the_unit_email_and_the_digest(runtime, tmp_path, monkeypatch):
    from config.settings import get_settings
    from flows.mail.notify import queue_completeness_mail
    from flows.periods.dates import tanggal, today

    monkeypatch.setenv("DUKUNG_MAIL__REVIEWERS", "tpi@inspektorat.example.go.id")
    get_settings.cache_clear()
    from flows.runtime import open_runtime

    rt = open_runtime(get_settings())
    try:
        day = today()
        end = day + timedelta(days=12)
        create_period(rt, end.year, actor="admin@x", isian_start=day - timedelta(days=10), isian_end=end,
                      verifikasi_start=end + timedelta(days=1), verifikasi_end=end + timedelta(days=20),
                      revisi_start=end + timedelta(days=21), revisi_end=end + timedelta(days=30),
                      tpn_deadline=end + timedelta(days=35))
        result = queue_completeness_mail(rt, end.year)
        assert len(result.queued) == 2  # the unit with contacts, and the digest
        line = f"Batas isian LKE: 12 hari lagi ({tanggal(end)})"
        with rt.records.session() as s:
            bodies = list(s.scalars(select(OutboxMessage.message)))
        assert len(bodies) == 2
        for raw in bodies:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            assert line in msg.get_body(("plain",)).get_content()
            assert line in msg.get_body(("html",)).get_content()
    finally:
        rt.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request, tmp_path):
    """An empty database of either kind (PostgreSQL: a fresh database on the test server)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.sqlite'}"
        return
    from tests.services.postgres import drop_database, fresh_database
    from tests.services.require import service_env

    base = service_env("DUKUNG_TEST_POSTGRES_URL")["DUKUNG_TEST_POSTGRES_URL"]
    name, url = fresh_database(base, "periods")
    yield url
    drop_database(base, name)


def test_an_existing_database_upgrades_its_periods_the_newest_becomes_active(old_database):
    """Migration 0013 on a database of before: each period gets its year's default schedule, the newest is
    the active one; and back down again."""
    from sqlalchemy import text

    from storage.records.database import make_engine, migrate

    url = old_database
    migrate(url, "0012")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO periods (year) VALUES (2024), (2025), (2023)"))
            # rows that refer to a period (an installation in use): the migration must not drop the table
            conn.execute(text("INSERT INTO units (code, name, contacts, created_at) "
                              "VALUES ('DINKES-JBR', 'Dinas Kesehatan', '[]', CURRENT_TIMESTAMP)"))
            conn.execute(text("INSERT INTO tags (unit_id, period_id, question_code, label, note, created_by, "
                              "created_at, resolved) SELECT u.id, p.id, 'A.I.1.i.a', 'gap', 'belum ada SK', 'tpi', "
                              "CURRENT_TIMESTAMP, false FROM units u, periods p WHERE p.year = 2025"))
        migrate(url, "0013")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT year, is_active, isian_start, revisi_end, tpn_deadline FROM periods "
                                     "ORDER BY year")).all()
        assert [(r[0], bool(r[1])) for r in rows] == [(2023, False), (2024, False), (2025, True)]
        assert [tuple(str(v) for v in r[2:]) for r in rows][2] == ("2025-01-01", "2025-05-24", "2025-05-31")
        migrate(url, "0013")  # nothing to do
        from alembic import command

        from storage.records.database import alembic_config

        command.downgrade(alembic_config(url), "0012")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM periods")).scalar() == 3
            assert conn.execute(text("SELECT count(*) FROM tags")).scalar() == 1
    finally:
        engine.dispose()


def test_the_demo_period_is_open_today_and_its_reminder_shows():
    from flows.cli.demo import demo_schedule

    day = D(2026, 12, 2)
    dates = demo_schedule(day)
    assert check_dates(dates) == []
    schedule = schedule_of(_Row(2025, **dates))
    assert upload_refusal(schedule, day) is None
    assert deadline_reminders(schedule, day, [14, 7, 3, 1]) == ["Batas isian LKE: 12 hari lagi (14 Desember 2026)"]


def test_the_first_uploads_at_once_are_not_refused_for_the_period_one_of_them_creates(runtime, monkeypatch):
    """Race of the first uploads of a new data folder: another upload creates the year's period (and so makes
    it active) while this one checks the window. The check must not say "period not created by an admin"."""
    from datetime import date

    from flows.periods import gate
    from storage.records import repository as repo

    real_find = repo.find_period

    def find_then_another_upload_creates_it(session, year):
        found = real_find(session, year)
        with runtime.records.session() as other:  # the other request commits just after our look-up
            if real_find(other, year) is None:
                repo.get_or_create_period(other, year)
        return found

    monkeypatch.setattr(repo, "find_period", find_then_another_upload_creates_it)
    with runtime.records.session() as session:
        assert gate.refusal_in(session, 2025, date(2025, 3, 1)) is None
