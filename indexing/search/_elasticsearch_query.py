"""Elasticsearch query building: a parsed query as match/match_phrase clauses on the stemmed fields (user input
never reaches query_string syntax), the filters as terms clauses, and the facets as terms aggregations."""

from __future__ import annotations

from indexing.search.base import BODY_WEIGHT, FACET_FIELDS, PATH_WEIGHT, TITLE_WEIGHT, SearchQuery
from indexing.search.query import _ParsedQuery, _Term

FACET_SIZE = 5000
#: The stemmed fields a term is looked for in, with their boosts (the title most, then folders and file name).
_TEXT_FIELDS = (("title_stems", TITLE_WEIGHT), ("path_stems", PATH_WEIGHT), ("text_stems", BODY_WEIGHT))

# facet key -> indexed field
_FACET_SOURCE = {
    "unit": "unit",
    "period": "period",
    "area": "areas",
    "question": "question_codes",
    "doc_type": "doc_type",
    "tag": "tags",
    "year": "year",
}


def _term_query(term: _Term) -> dict:
    text = " ".join(term.stems)
    if len(term.stems) == 1:
        should = [{"match": {f: {"query": text, "operator": "and", "boost": boost}}} for f, boost in _TEXT_FIELDS]
    else:
        should = [{"match_phrase": {f: {"query": text, "boost": boost}}} for f, boost in _TEXT_FIELDS]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _filters(q: SearchQuery) -> list[dict]:
    out: list[dict] = []

    def terms(field: str, values, cast=str) -> None:
        if values:
            out.append({"terms": {field: list(dict.fromkeys(cast(v) for v in values))}})

    terms("unit", q.units)
    terms("period", q.periods, int)
    terms("year", q.years, int)
    terms("doc_type", q.doc_types)
    terms("areas", q.areas)
    terms("question_codes", q.questions)
    terms("tags", q.tags)
    return out


def build_query(parsed: _ParsedQuery, q: SearchQuery) -> dict:
    """The bool query for a parsed text + filters (never contains user syntax)."""
    must: list[dict] = []
    for group in parsed.groups:
        alts = [_term_query(t) for t in dict.fromkeys(group)]
        must.append(alts[0] if len(alts) == 1 else {"bool": {"should": alts, "minimum_should_match": 1}})
    query: dict = {"bool": {"filter": _filters(q)}}
    if must:
        query["bool"]["must"] = must
    if parsed.excluded:
        query["bool"]["must_not"] = [_term_query(t) for t in dict.fromkeys(parsed.excluded)]
    return query


def facet_aggregations() -> dict:
    """One terms aggregation per facet: counts over the whole filtered match set."""
    return {
        key: {"terms": {"field": field, "size": FACET_SIZE, "order": [{"_count": "desc"}, {"_key": "asc"}]}}
        for key, field in _FACET_SOURCE.items()
    }


def facets_of(aggs: dict) -> dict[str, list[tuple[str, int]]]:
    """The aggregations of a response as :attr:`SearchResult.facets`: (value, count), most frequent first."""
    return {
        key: sorted(
            ((str(b.get("key_as_string", b["key"])), int(b["doc_count"])) for b in aggs.get(key, {}).get("buckets", [])),
            key=lambda t: (-t[1], t[0]),
        )
        for key in FACET_FIELDS
    }
