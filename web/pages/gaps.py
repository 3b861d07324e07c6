"""Open gaps across the units the signed-in person may see, with filters, and the same rows as XLSX."""

from __future__ import annotations

import io
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from flows.people.accounts import Principal, unit_codes
from flows.completeness.check import LENGKAP, STATUS_LABEL
from flows.completeness.gaps import SOURCE_LABEL, GapFilter, component_names, gap_rows
from flows.periods.registry import known_periods, resolve_period
from flows.mail.reports import write_gaps_xlsx
from web.access import runtime, visible_units
from web.security import page_principal
from web.templating import render

router = APIRouter(include_in_schema=False)
Who = Annotated[Principal, Depends(page_principal)]
PER_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter(request: Request, who: Principal, unit: str, period: int, area: str, status: str, component: str,
            source: str) -> GapFilter:
    rt = runtime(request)
    return GapFilter(year=resolve_period(rt, period), units=visible_units(rt, who, [unit] if unit else None),
                     area=area, status=status, component=component, source=source)


@router.get("/gaps")
def gaps(request: Request, who: Who, unit: str = "", period: int = 0, area: str = "", status: str = "",
         component: str = "", source: str = "", page: int = 1):
    rt = runtime(request)
    flt = _filter(request, who, unit, period, area, status, component, source)
    rows = gap_rows(rt, flt)
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(page, 1), pages)
    units = visible_units(rt, who, None)
    return render(request, "gaps.html", rows=rows[(page - 1) * PER_PAGE: page * PER_PAGE], total=len(rows),
                  page=page, pages=pages, f=flt, unit=unit, year=flt.year,
                  periods=known_periods(rt, flt.year), unit_choices=unit_codes(rt) if units is None else units,
                  areas=rt.catalog.areas(), components=component_names(rt.catalog),
                  statuses={k: v for k, v in STATUS_LABEL.items() if k != LENGKAP}, sources=SOURCE_LABEL,
                  query=request.url.query)


@router.get("/gaps.xlsx")
def gaps_xlsx(request: Request, who: Who, unit: str = "", period: int = 0, area: str = "", status: str = "",
              component: str = "", source: str = ""):
    flt = _filter(request, who, unit, period, area, status, component, source)
    buf = io.BytesIO()
    write_gaps_xlsx(gap_rows(runtime(request), flt), buf)
    name = f"celah-{re.sub(r'[^A-Za-z0-9_-]', '', unit) or 'semua-unit'}-{flt.year}.xlsx"
    return Response(buf.getvalue(), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})
