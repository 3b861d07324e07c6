"""Times, dates and numbers as the reader writes them — one module for web pages, e-mails and the CLI.

Times are shown in the audience's zone (``DUKUNG_TIMEZONE``, WIB by default) and labelled with it:
``1 Desember 2026 14.05 WIB``; numbers in the locale's form (``1.234,5`` in Indonesian). A naive
datetime is UTC (how the records database keeps them). Babel does the locale work.
"""

from __future__ import annotations

from datetime import date, datetime, timezone as _utc_tz
from zoneinfo import ZoneInfo

from config.i18n import audience

#: Indonesia's zones by their own names; other zones are labelled by Babel's short name.
ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_label(tz: str) -> str:
    if tz in ZONE_LABELS:
        return ZONE_LABELS[tz]
    return datetime.now(ZoneInfo(tz)).strftime("%Z") or tz


def to_local(value: datetime) -> datetime:
    """``value`` in the audience's zone (naive = UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_utc_tz.utc)
    return value.astimezone(ZoneInfo(audience().timezone))


def parse_when(value) -> datetime | date | None:
    """A datetime, a date, or an ISO string of either (how JSON and some records carry them)."""
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        return value
    text = str(value).strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
    except ValueError:
        return None


def format_date(value, form: str = "long") -> str:
    """``1 Desember 2026`` (``form="short"``: ``01/12/26``); a datetime is first moved to the local zone."""
    from babel.dates import format_date as babel_date

    when = parse_when(value)
    if when is None:
        return "" if value in (None, "") else str(value)
    if isinstance(when, datetime):
        when = to_local(when).date()
    return babel_date(when, format=form, locale=audience().locale)


def format_time(value, *, with_date: bool = True) -> str:
    """``1 Desember 2026 14.05 WIB`` (or ``14.05 WIB``): always in the local zone, always labelled."""
    from babel.dates import format_time as babel_time

    when = parse_when(value)
    if when is None:
        return "" if value in (None, "") else str(value)
    if not isinstance(when, datetime):
        return format_date(when)
    local = to_local(when)
    clock = babel_time(local.timetz(), format="HH.mm" if audience().locale == "id" else "HH:mm",
                       locale=audience().locale)
    label = f"{clock} {zone_label(audience().timezone)}"
    return f"{format_date(local.date())} {label}" if with_date else label


def format_number(value, decimals: int | None = None) -> str:
    """``1.234,5`` in Indonesian, ``1,234.5`` in English; ``decimals`` fixes the digits after the comma."""
    from babel.numbers import format_decimal

    if value is None:
        return ""
    pattern = None if decimals is None else ("#,##0" + ("." + "0" * decimals if decimals else ""))
    return format_decimal(value, format=pattern, locale=audience().locale)


def format_percent(fraction, decimals: int = 0) -> str:
    """``0.425`` → ``43 %`` (``decimals=1``: ``42,5 %``)."""
    return f"{format_number((fraction or 0) * 100, decimals)} %"


def format_size(n_bytes: int | None) -> str:
    """A file size in KB/MB with the locale's decimal comma."""
    if n_bytes is None:
        return ""
    if n_bytes < 1024 * 1024:
        return f"{format_number(max(1, round(n_bytes / 1024)), 0)} KB"
    return f"{format_number(n_bytes / 1024 / 1024, 1)} MB"
