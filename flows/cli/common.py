"""What every `dukung` command module shares: the output formats, the period defaults and the runtime."""

from __future__ import annotations

from enum import Enum


def get_settings():
    """The settings, loaded on first use (pydantic-settings is not imported for ``--help``)."""
    from config.settings import get_settings as load

    return load()


class ListFormat(str, Enum):
    table = "table"
    json = "json"


def _period(rt, period: int | None = None) -> int:
    """The period a command is about — the one asked for, else the active one (a clear error when none is
    active) — and one line saying which (not on JSON output)."""
    from flows.periods.registry import active_year, period_header, resolve_period

    year = resolve_period(rt, period)
    _show_line(period_header(year, active_year(rt)))
    return year


def _runtime(*, initialise: bool = False, header: bool = True):
    """The backends of an initialised data folder (``initialise=True`` only for `init` and `demo`)."""
    from flows.runtime import open_runtime

    settings = get_settings()
    rt = open_runtime(settings, initialise=initialise)
    if header:
        _show_data_header(settings)
    return rt


def _require_data():
    """For commands that reach the data without a runtime: refuse an uninitialised folder, show the header."""
    from flows.runtime import require_initialised

    settings = get_settings()
    require_initialised(settings)
    _show_data_header(settings)
    return settings


def _current_context():
    """The running command's context (Typer >= 0.25 carries its own copy of Click)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # older Typer runs on Click itself
        from click import get_current_context
    return get_current_context(silent=True)


def _json_output(ctx) -> bool:
    fmt = ctx.params.get("fmt") if ctx is not None else None
    return getattr(fmt, "value", fmt) == "json"


def _show_data_header(settings) -> None:
    """One dim line, once per command, naming the data folder (not on JSON output, which stays pure JSON)."""
    from flows.cli.render import console
    from flows.runtime import data_header

    ctx = _current_context()
    if ctx is not None:
        if ctx.meta.get("dukung.header") or _json_output(ctx):
            return
        ctx.meta["dukung.header"] = True
    console.print(data_header(settings), style="dim", highlight=False, soft_wrap=True)


def _show_line(text: str) -> None:
    """A dim header line such as the period's, once per command (not on JSON output)."""
    from flows.cli.render import console

    ctx = _current_context()
    if ctx is not None:
        if ctx.meta.get(f"dukung.line.{text}") or _json_output(ctx):
            return
        ctx.meta[f"dukung.line.{text}"] = True
    console.print(text, style="dim", highlight=False, soft_wrap=True)


def _known_unit(code: str) -> str:
    """The unit's own code for ``code`` typed in any case; an unknown or removed unit is refused here, in
    one line, before a flow starts (a flow that fails on it would log a traceback first)."""
    from storage.records import repository as repo

    with _runtime(header=False) as rt, rt.records.session() as session:
        return repo.require_active_unit(repo.get_unit(session, code)).code
