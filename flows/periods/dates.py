"""Dates as Indonesian readers write them ("31 Mei 2027"), and today's date where the units are (WIB)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from config.formatting import format_date

DEFAULT_TZ = "Asia/Jakarta"


def tanggal(day: date) -> str:
    """``day`` as the reader writes it: 31 Mei 2027 (:mod:`config.formatting`, the one formatting module)."""
    return format_date(day)


def today(tz: str = DEFAULT_TZ) -> date:
    """Today's date in ``tz`` (a window closes at the end of its last day there, not in UTC)."""
    return datetime.now(ZoneInfo(tz or DEFAULT_TZ)).date()
