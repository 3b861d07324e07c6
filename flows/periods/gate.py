"""The upload gate: evidence goes into a period only while its isian or revisi window is open.

Every way in asks here first — `dukung upload`, the web upload, the bucket inbox sync. A refusal says which
window, and when it opens or closed, in words a ZI team reads; an admin may override it, and the override is
written to the audit log (who, which unit, through what, and the reason it would have been refused).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from config.errors import DukungError
from config.i18n import _
from flows.periods.dates import tanggal, today
from flows.periods.schedule import UPLOAD_WINDOWS, Schedule, Window, schedule_of
from storage.records import repository as repo
from storage.records.models import AuditEntry, Period


class UploadWindowClosedError(DukungError):
    """An upload to a period whose upload windows are closed (or to a period nobody created)."""

    http_status = 403


def _span(window: Window) -> str:
    return f"{tanggal(window.start)} – {tanggal(window.end)}"


def upload_refusal(schedule: Schedule, day: date) -> str | None:
    """Why an upload to this period is refused on ``day`` (None: it is accepted)."""
    if not schedule.limits_uploads:
        return None  # never scheduled (a period from before periods had windows that an admin left so)
    upload = [w for w in schedule.windows if w.name in UPLOAD_WINDOWS and w.scheduled]
    if any(w.is_open(day) for w in upload):
        return None
    parts = [_("Unggahan data dukung periode %(year)s sedang ditutup.", year=schedule.year)]
    now = [w for w in schedule.open_windows(day)]
    if now:
        parts.append(_("Sekarang masa %(window)s (%(span)s).", window=_(now[0].label), span=_span(now[0])))
    coming = sorted((w for w in upload if w.start > day), key=lambda w: w.start)
    closed = [w for w in upload if w.end < day]
    for w in closed:
        parts.append(_("Masa %(window)s (%(span)s) sudah berakhir.", window=_(w.label), span=_span(w)))
    if coming:
        parts.append(_("Masa %(window)s dibuka %(day)s.", window=_(coming[0].label), day=tanggal(coming[0].start)))
    parts.append(_("Hubungi admin bila unggahan ini memang perlu diterima."))
    return " ".join(parts)


def refusal_in(session, year: int, day: date) -> str | None:
    """Why an upload to ``year`` is refused on ``day`` (None: accepted), read in an open session."""
    if not session.scalar(select(func.count(Period.id))):
        return None  # a new data folder: its first upload opens its first period
    # read after the count: when the first uploads of a new data folder come at once, the period another
    # one created after our count is seen here too (the other order read "no such period" before it was
    # created and "another period exists" after, and refused a good upload)
    period = repo.find_period(session, year)
    if period is not None:
        return upload_refusal(schedule_of(period), day)
    active = repo.active_period_year(session)
    if active:
        return _("Periode %(year)s belum dibuat oleh admin; periode yang aktif sekarang %(active)s. Periksa kembali "
                 "tahun periode unggahan ini.", year=year, active=active)
    return _("Periode %(year)s belum dibuat oleh admin. Periksa kembali tahun periode unggahan ini.", year=year)


OVERRIDE = "upload.override"  # the audit action of an admin's override


def record_override(session, actor: str, year: int, *, unit: str, channel: str, reason: str, day: date,
                    batch_id: int | None = None) -> None:
    """Write an admin's override to the audit log: of one web batch (it then carries the override for all
    its files) or, without ``batch_id``, of one upload to the period."""
    entity, entity_id = ("upload_batch", batch_id) if batch_id is not None else ("period", year)
    repo.audit(session, actor, OVERRIDE, entity, entity_id,
               {"unit": unit, "period": year, "channel": channel, "refused_because": reason, "day": day.isoformat()})


def batch_overridden(session, batch_id: int) -> bool:
    """Whether an admin accepted this web batch outside the upload windows (recorded in the audit log)."""
    return session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == OVERRIDE, AuditEntry.entity == "upload_batch",
        AuditEntry.entity_id == str(batch_id))) > 0


def overridable_refusal(rt, year: int, *, override: bool = False, day: date | None = None) -> str | None:
    """Raise :class:`UploadWindowClosedError` for an upload to ``year`` outside its upload windows unless
    ``override`` (an admin's); returns the reason an override was needed (None: the window is open). The
    caller records the override (:func:`record_override`)."""
    day = day or today(rt.settings.mail.timezone)
    with rt.records.session() as session:
        reason = refusal_in(session, year, day)
    if reason is not None and not override:
        raise UploadWindowClosedError(reason)
    return reason


def admit_upload(rt, year: int, *, unit: str, actor: str, channel: str, override: bool = False,
                 day: date | None = None) -> None:
    """Refuse (:class:`UploadWindowClosedError`) an upload to ``year`` outside its upload windows, or to a
    period that was never created while others exist; with ``override`` (an admin's) accept it and record
    that in the audit log. ``channel``: cli, web or inbox."""
    day = day or today(rt.settings.mail.timezone)
    reason = overridable_refusal(rt, year, override=override, day=day)
    if reason is not None:
        with rt.records.session() as session:
            record_override(session, actor, year, unit=unit, channel=channel, reason=reason, day=day)
