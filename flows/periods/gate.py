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
from storage.records.models import Period


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
    period = repo.find_period(session, year)
    if period is not None:
        return upload_refusal(schedule_of(period), day)
    if not session.scalar(select(func.count(Period.id))):
        return None  # a new data folder: its first upload opens its first period
    active = repo.active_period_year(session)
    if active:
        return _("Periode %(year)s belum dibuat oleh admin; periode yang aktif sekarang %(active)s. Periksa kembali "
                 "tahun periode unggahan ini.", year=year, active=active)
    return _("Periode %(year)s belum dibuat oleh admin. Periksa kembali tahun periode unggahan ini.", year=year)


def admit_upload(rt, year: int, *, unit: str, actor: str, channel: str, override: bool = False,
                 day: date | None = None) -> None:
    """Refuse (:class:`UploadWindowClosedError`) an upload to ``year`` outside its upload windows, or to a
    period that was never created while others exist; with ``override`` (an admin's) accept it and record
    that in the audit log. ``channel``: cli, web or inbox."""
    day = day or today(rt.settings.mail.timezone)
    with rt.records.session() as session:
        reason = refusal_in(session, year, day)
        if reason is None:
            return
        if not override:
            raise UploadWindowClosedError(reason)
        repo.audit(session, actor, "upload.override", "period", year,
                   {"unit": unit, "channel": channel, "refused_because": reason, "day": day.isoformat()})
