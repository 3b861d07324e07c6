"""The periods an admin creates, edits and activates, and the one function every default period comes from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from config.i18n import N_, _
from config.errors import InvalidInputError, NotFoundError
from flows.periods.schedule import DATE_FIELDS, Schedule, check_dates, default_dates, schedule_of
from storage.records import repository as repo
from storage.records.models import Document, Period

MIN_YEAR, MAX_YEAR = repo.MIN_YEAR, repo.MAX_YEAR

NO_ACTIVE_PERIOD = N_("Belum ada periode evaluasi yang aktif. Admin perlu membuat periode (tahun) dan "
                    "mengaktifkannya di halaman Admin › Periode.")


class NoActivePeriodError(NotFoundError):
    """No period is active (none created yet, or none activated)."""

    http_status = 409  # nothing is missing from the request: the data folder has no active period yet

    def __init__(self):
        super().__init__(_(NO_ACTIVE_PERIOD))


@dataclass(frozen=True)
class PeriodInfo:
    year: int
    is_active: bool
    schedule: Schedule
    documents: int = 0

    def as_dict(self) -> dict:
        out = {"year": self.year, "active": self.is_active, "documents": self.documents}
        for window in self.schedule.windows:
            out[window.name] = {"start": _iso(window.start), "end": _iso(window.end)}
        out["tpn_deadline"] = _iso(self.schedule.tpn_deadline)
        return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _info(period: Period, documents: int = 0) -> PeriodInfo:
    return PeriodInfo(period.year, bool(period.is_active), schedule_of(period), documents)


def _check_year(year: int) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInputError(_("Periode tidak valid: %(year)s (tahun %(MIN_YEAR)s–%(MAX_YEAR)s)", year=year,
                                  MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR))
    return year


def _get(session, year: int) -> Period:
    period = session.scalar(select(Period).where(Period.year == year))
    if period is None:
        raise NotFoundError(_("Periode %(year)s belum dibuat.", year=year))
    return period


def list_periods(rt) -> list[PeriodInfo]:
    """Every period, newest first, with its number of current documents."""
    with rt.records.session() as session:
        counts = dict(session.execute(select(Document.period_id, func.count(Document.id))
                                      .where(Document.is_current.is_(True)).group_by(Document.period_id)).all())
        return [_info(p, counts.get(p.id, 0))
                for p in session.scalars(select(Period).order_by(Period.year.desc()))]


def get_period(rt, year: int) -> PeriodInfo:
    with rt.records.session() as session:
        return _info(_get(session, _check_year(year)))


def _dates(year: int, given: dict[str, date | None], base: dict[str, date | None]) -> dict[str, date | None]:
    unknown = set(given) - set(DATE_FIELDS)
    if unknown:
        raise InvalidInputError(_("Tanggal tidak dikenal: %(unknown)s", unknown=', '.join(sorted(unknown))))
    dates = {**base, **given}
    problems = check_dates(dates)
    if problems:
        raise InvalidInputError(_("Jadwal periode %(year)s tidak valid: %(problems)s", year=year,
                                  problems="; ".join(problems)))
    return dates


def create_period(rt, year: int, *, actor: str, activate: bool = False, **dates: date | None) -> PeriodInfo:
    """A new period with its windows and deadlines (the defaults of :mod:`flows.periods.schedule` for any date
    not given). The first period ever created becomes active; ``activate`` makes this one the active one."""
    _check_year(year)
    values = _dates(year, dates, default_dates(year))
    with rt.records.session() as session:
        period = session.scalar(select(Period).where(Period.year == year))
        if period is not None and (period.isian_start or period.revisi_start or period.is_active):
            raise InvalidInputError(_("Periode %(year)s sudah ada; ubah jadwalnya atau aktifkan periode itu.",
                                      year=year))
        if period is None:  # a bare row may exist from before (documents of that year): it gets its schedule
            period = Period(year=year)
            session.add(period)
        for name, value in values.items():
            setattr(period, name, value)
        first = session.scalar(select(func.count(Period.id)).where(Period.is_active.is_(True))) == 0
        session.flush()
        repo.audit(session, actor, "period.create", "period", year, {k: _iso(v) for k, v in values.items()})
        if activate or first:
            _activate(session, period, actor)
        return _info(period)


def edit_period(rt, year: int, *, actor: str, **dates: date | None) -> PeriodInfo:
    """Change some of a period's dates (None clears one: a window needs both its dates or neither)."""
    with rt.records.session() as session:
        period = _get(session, _check_year(year))
        values = _dates(year, dates, {name: getattr(period, name) for name in DATE_FIELDS})
        for name, value in values.items():
            setattr(period, name, value)
        repo.audit(session, actor, "period.edit", "period", year, {k: _iso(v) for k, v in dates.items()})
        return _info(period)


def _activate(session, period: Period, actor: str) -> None:
    previous = session.scalar(select(Period.year).where(Period.is_active.is_(True), Period.id != period.id))
    session.execute(update(Period).where(Period.id != period.id).values(is_active=False))
    period.is_active = True
    repo.audit(session, actor, "period.activate", "period", period.year, {"previous": previous})


def activate_period(rt, year: int, *, actor: str) -> PeriodInfo:
    """Make ``year`` the one active period (the one before it is no longer active)."""
    with rt.records.session() as session:
        period = _get(session, _check_year(year))
        if not period.is_active:
            _activate(session, period, actor)
        return _info(period)


def active_year(rt) -> int | None:
    """The active period's year (None when no period is active)."""
    with rt.records.session() as session:
        return repo.active_period_year(session)


def resolve_period(rt, period: int | None) -> int:
    """THE default period: the one asked for (a plausible year), else the active one — never "the newest with
    documents" (one stray upload to another year would move every default). No active period: a clear error."""
    if period:
        return _check_year(period)
    year = active_year(rt)
    if year is None:
        raise NoActivePeriodError()
    return year


def known_periods(rt, also: int | None = None) -> list[int]:
    """Every period's year (newest first), with ``also`` added (the one being shown): for period pickers."""
    with rt.records.session() as session:
        years = set(session.scalars(select(Period.year)))
    if also:
        years.add(also)
    return sorted(years, reverse=True)


def period_header(year: int, active: int | None) -> str:
    """The line that says which period a command, page or report is about."""
    if active == year:
        return _("Periode %(year)s (aktif)", year=year)
    if active:
        return _("Periode %(year)s — bukan periode aktif (%(active)s)", year=year, active=active)
    return _("Periode %(year)s — bukan periode aktif", year=year)


class InactivePeriodError(InvalidInputError):
    """Something only done for the active period (e-mails) was asked for another one."""


def require_active(rt, year: int, what: str) -> None:
    """Refuse ``what`` (e.g. "E-mail kelengkapan") for any period but the active one, saying why."""
    active = active_year(rt)
    if active is None:
        raise NoActivePeriodError()
    if year != active:
        raise InactivePeriodError(_("%(what)s hanya dikirim untuk periode aktif (%(active)s); periode %(year)s bukan "
                                    "periode aktif. Bila periode %(year)s memang yang sedang berjalan, admin "
                                    "mengaktifkannya dulu di halaman Admin › Periode.", what=_(what), active=active,
                                    year=year))
