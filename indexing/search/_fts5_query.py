"""FTS5 query building: a parsed query as a MATCH expression made only of quoted strings (user input never reaches
FTS5 syntax), and the filters of a :class:`SearchQuery` as SQL conditions on ``docs d``."""

from __future__ import annotations

from config.i18n import _
from indexing.search.base import InvalidQueryError, SearchQuery
from indexing.search.query import _ParsedQuery, _Term


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


def _fts_string(term: _Term) -> str:
    return '"' + " ".join(term.stems).replace('"', '""') + '"'


def to_match_expression(parsed: _ParsedQuery) -> str | None:
    """FTS5 MATCH expression built only from quoted strings, or None for match-all."""
    if parsed.is_empty:
        return None
    if not parsed.groups:
        raise InvalidQueryError(
            _("Kueri hanya berisi pengecualian (-kata); tambahkan minimal satu kata yang dicari.")
        )
    parts = []
    for group in parsed.groups:
        alts = list(dict.fromkeys(_fts_string(t) for t in group))
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = " AND ".join(parts)
    if parsed.excluded:
        negs = list(dict.fromkeys(_fts_string(t) for t in parsed.excluded))
        expr = f"({expr}) NOT ({' OR '.join(negs)})"
    return expr


def sql_filters(q: SearchQuery) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []

    def column(col: str, values: list | None, cast=str) -> None:
        if values:
            vals = list(dict.fromkeys(cast(v) for v in values))
            where.append(f"d.{col} IN ({_placeholders(len(vals))})")
            params.extend(vals)

    def side(table: str, col: str, values: list | None) -> None:
        if values:
            vals = list(dict.fromkeys(str(v) for v in values))
            where.append(
                f"EXISTS (SELECT 1 FROM {table} s WHERE s.doc_id = d.doc_id"
                f" AND s.{col} IN ({_placeholders(len(vals))}))"
            )
            params.extend(vals)

    column("unit", q.units)
    column("period", q.periods, int)
    column("year", q.years, int)
    column("doc_type", q.doc_types)
    side("doc_areas", "area", q.areas)
    side("doc_questions", "question_code", q.questions)
    side("doc_tags", "tag", q.tags)
    return where, params
