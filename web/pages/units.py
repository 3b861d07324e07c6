"""The unit dashboard: the LKE matrix of one unit and period, coloured by completeness, with review states."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from flows.people.accounts import Principal
from flows.completeness.lke_matrix import unit_matrix
from flows.periods.registry import known_periods, resolve_period
from web.access import require_unit, runtime
from web.flash import take_flash
from web.security import page_principal
from web.templating import render

router = APIRouter(include_in_schema=False)
Who = Annotated[Principal, Depends(page_principal)]


@router.get("/units/{code}")
def unit_dashboard(request: Request, who: Who, code: str, period: int = 0):
    require_unit(who, code)
    rt = runtime(request)
    year = resolve_period(rt, period)
    matrix = unit_matrix(rt, code, year)
    return render(request, "unit.html", m=matrix, year=year, periods=known_periods(rt, year), **take_flash(request))
