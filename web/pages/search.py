"""The search page: a query box, facets with counts, highlighted snippets, pages, sort; filters in the URL.

Results and facet counts come from ``web.api.search_for``, which restricts both to the units the
person may see.
"""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request

from config.errors import InvalidInputError
from config.i18n import N_, _
from flows.completeness.check import TAG_WORDS
from flows.people.accounts import Principal
from web.access import runtime
from web.api import search_for
from web.security import page_principal
from web.templating import render

router = APIRouter(include_in_schema=False)
Who = Annotated[Principal, Depends(page_principal)]
PER_PAGE = 20
# facet key of the search result → (URL parameter, heading)
FACETS = [("unit", "unit", N_("Unit")), ("area", "area", N_("Area")),
          ("question", "question", N_("Pertanyaan LKE")),
          ("doc_type", "doc_type", N_("Jenis dokumen")), ("year", "year", N_("Tahun dokumen")),
          ("period", "period", N_("Periode")), ("tag", "tag", N_("Tag reviewer"))]
TAG_LABELS = {**TAG_WORDS, "bukan_data_dukung": N_("bukan data dukung")}
SORTS = {"relevance": N_("Relevansi"), "date": N_("Tanggal dokumen")}
ListParam = Annotated[list[str] | None, Query()]


def _area_names(catalog) -> dict[str, str]:
    return {a.code: a.name for asp in catalog.aspects for c in asp.components for a in c.areas}


def facet_label(catalog, key: str, value: str) -> str:
    if key == "area":
        return f"{value} {_area_names(catalog).get(value, '')}".strip()
    if key == "doc_type":
        dt = catalog.document_types.get(value)
        return dt.label if dt else value
    if key == "tag":
        return _(TAG_LABELS[value]) if value in TAG_LABELS else value
    return value


def _url(params: list[tuple[str, str]]) -> str:
    return "/search" + ("?" + urlencode(params) if params else "")


def _ints(values: list[str] | None) -> list[int] | None:
    out = [int(v) for v in values or [] if v.strip().lstrip("-").isdigit()]
    return out or None


@router.get("/search")
def search_page(request: Request, who: Who, q: str = "", unit: ListParam = None, area: ListParam = None,
                question: ListParam = None, doc_type: ListParam = None, tag: ListParam = None,
                year: ListParam = None, period: ListParam = None, sort: str = "relevance", page: int = 1):
    rt = runtime(request)
    sort = sort if sort in SORTS else "relevance"
    page = max(page, 1)
    chosen = {"unit": unit or [], "area": area or [], "question": question or [], "doc_type": doc_type or [],
              "tag": tag or [], "year": year or [], "period": period or []}
    base = [("q", q)] if q else []
    for param, values in chosen.items():
        base += [(param, v) for v in values]
    error, result = None, None
    try:
        result = search_for(rt, who, q=q, unit=unit or None, area=area or None, question=question or None,
                            doc_type=doc_type or None, tag=tag or None, year=_ints(year), period=_ints(period),
                            page=page, per_page=PER_PAGE, sort=sort)
    except InvalidInputError as exc:
        error = str(exc)
    facets = []
    if result is not None:
        for key, param, heading in FACETS:
            values = []
            for value, count in result.facets.get(key, []):
                on = value in chosen[param]
                params = [p for p in base if p != (param, value)] if on else base + [(param, value)]
                values.append({"value": value, "label": facet_label(rt.catalog, key, value), "count": count,
                               "on": on, "url": _url(params)})
            if values:
                facets.append({"key": key, "heading": heading, "values": values})
    pages = math.ceil(result.total / PER_PAGE) if result else 0
    with_sort = [p for p in base] + ([("sort", sort)] if sort != "relevance" else [])
    return render(request, "search.html", q=q, result=result, facets=facets, error=error, sort=sort, sorts=SORTS,
                  page=page, pages=pages, chosen=chosen, facet_label=lambda k, v: facet_label(rt.catalog, k, v),
                  page_url=lambda n: _url(with_sort + ([("page", str(n))] if n > 1 else [])),
                  sort_url=lambda s: _url(base + ([("sort", s)] if s != "relevance" else [])),
                  remove_url=lambda param, value: _url([p for p in with_sort if p != (param, value)]),
                  doc_types={k: v.label for k, v in rt.catalog.document_types.items()})
