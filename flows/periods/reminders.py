"""Countdown reminders before a period's deadlines, for the weekly gap e-mail and the reviewers' digest:
"Batas isian LKE: 12 hari lagi (31 Mei 2027)"."""

from __future__ import annotations

from datetime import date

from config.i18n import _
from flows.periods.dates import tanggal, today
from flows.periods.schedule import Schedule, schedule_of
from storage.records import repository as repo


def _countdown(days_left: int) -> str:
    if days_left == 0:
        return _("hari ini")
    if days_left == 1:
        return _("besok")
    return _("%(n)s hari lagi", n=days_left)


def deadline_reminders(schedule: Schedule, day: date, reminder_days: list[int]) -> list[str]:
    """A line for each deadline at most ``max(reminder_days)`` days ahead (the e-mail goes out weekly, so a
    deadline stays in every e-mail from the first reminder day until it passes), soonest first."""
    horizon = max(reminder_days, default=0)
    lines = []
    for label, deadline in schedule.deadlines():
        left = (deadline - day).days
        if 0 <= left <= horizon:
            lines.append(f"{_(label)}: {_countdown(left)} ({tanggal(deadline)})")
    return lines


def period_reminders(rt, year: int, day: date | None = None) -> list[str]:
    """The reminders of the period ``year`` today (none for a period without a schedule)."""
    mail = rt.settings.mail
    with rt.records.session() as session:
        period = repo.find_period(session, year)
        if period is None:
            return []
        schedule = schedule_of(period)
    return deadline_reminders(schedule, day or today(mail.timezone), list(mail.reminder_days))
