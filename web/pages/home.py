"""The home page: the units the signed-in person may see, each with its completeness at a glance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import func, select

from flows.people.accounts import Principal
from flows.completeness.check import check_units
from flows.periods.registry import NoActivePeriodError, resolve_period
from storage.records import repository as repo
from storage.records.models import Document, Tag, Unit
from web.access import runtime
from web.security import page_principal
from web.templating import render

router = APIRouter(include_in_schema=False)
Who = Annotated[Principal, Depends(page_principal)]


def unit_overview(rt, who: Principal, year: int) -> list[dict]:
    """One row per visible unit: counts per status, coverage per component, last upload, open tags."""
    with rt.records.session() as session:
        units = [u for u in repo.list_units(session) if who.can_see(u.code)]
        codes = [u.code for u in units]
        last = dict(session.execute(select(Unit.code, func.max(Document.uploaded_at))
                                    .join(Document, Document.unit_id == Unit.id).group_by(Unit.code)).all())
        gaps = dict(session.execute(select(Unit.code, func.count(Tag.id)).join(Tag, Tag.unit_id == Unit.id)
                                    .where(Tag.resolved.is_(False), Tag.label == "gap").group_by(Unit.code)).all())
    reports = {r.unit: r for r in check_units(rt, codes, year)} if codes else {}
    rows = []
    for code in codes:
        r = reports[code]
        comp: dict[str, list[float]] = {}
        for a in r.areas:
            c = comp.setdefault(a.component, [0.0, 0.0])
            c[0] += a.coverage * a.weight
            c[1] += a.weight
        rows.append({"code": code, "name": r.unit_name, "counts": r.counts, "gaps": len(r.gaps),
                     "coverage": {k: (v[0] / v[1] if v[1] else 0) for k, v in comp.items()},
                     "last_upload": last.get(code), "open_tags": gaps.get(code, 0)})
    return rows


@router.get("/")
def home(request: Request, who: Who, period: int = 0):
    rt = runtime(request)
    try:
        year = resolve_period(rt, period or None)  # the active period unless one is asked for
    except NoActivePeriodError as exc:
        return render(request, "home.html", year=0, units=[], no_period=str(exc))
    return render(request, "home.html", year=year, units=unit_overview(rt, who, year))
