"""What every `dukung` command module shares: the output formats, the period defaults and the runtime."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from config.settings import get_settings


class ListFormat(str, Enum):
    table = "table"
    json = "json"


def _this_year() -> int:
    return dt.date.today().year


def _latest_period(rt) -> int:
    """The newest evaluation period that has documents (this year if none): what a check is about."""
    from storage.records import repository as repo

    with rt.records.session() as session:
        return repo.latest_period_year(session) or _this_year()


def _runtime():
    from flows.runtime import open_runtime

    return open_runtime(get_settings())
