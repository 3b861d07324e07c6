"""Facet counts of the FTS5 backend: per facet value the number of matching documents, from cached bitsets of
doc_ids (fast) or GROUP BY over the match set (sparse ids). A mixin of :class:`._fts5.Fts5SearchIndex`, whose
``_conn`` and ``_facet_bits`` it uses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from indexing.search._fts5_schema import _SIDE_TABLES
from indexing.search.base import FACET_FIELDS


class _Fts5Facets:
    _conn: sqlite3.Connection
    _facet_bits: _FacetBits | None

    def _facets(self, whole: bool) -> dict[str, list[tuple[str, int]]]:
        """Counts per value over the match set (``temp._hits``), or over everything.

        Fast path: AND + popcount of the match set's bitset with one cached bitset per facet
        value (microseconds per value instead of a GROUP BY sort over the whole match set);
        the SQL path counts the same rows and serves sparse doc_ids.
        """
        bits = self._facet_bitsets()
        if bits is None:
            return self._facets_sql(whole)
        if whole:
            return {k: _sorted_facet((v, b.bit_count()) for v, b in bits.values[k].items())
                    for k in FACET_FIELDS}
        hit_ids = self._conn.execute("SELECT doc_id FROM temp._hits").fetchall()
        return self._facets_of_ids([i for (i,) in hit_ids], bits)

    def _facets_of_ids(self, ids: list[int], bits: "_FacetBits | None" = None) -> dict[str, list[tuple[str, int]]]:
        """Facet counts over the given doc_ids, from the cached bitsets (which must be available)."""
        bits = bits or self._facet_bitsets()
        hits = _bitset(ids, bits.nbytes)
        out: dict[str, list[tuple[str, int]]] = {}
        for k in FACET_FIELDS:
            counts = []
            for v, b in bits.values[k].items():
                n = (b & hits).bit_count()
                if n:
                    counts.append((v, n))
            out[k] = _sorted_facet(counts)
        return out

    def _facet_bitsets(self) -> _FacetBits | None:
        """Per facet value, the bitset of its doc_ids (cached until the index changes).

        Called inside the search's read transaction, so the cache is (re)built from, and checked
        against, the same snapshot: ``PRAGMA data_version`` changes when another connection
        commits; our own writes drop the cache.  None when doc_ids are negative or too sparse
        for bitsets.
        """
        c = self._conn
        version = c.execute("PRAGMA data_version").fetchone()[0]
        cached = self._facet_bits
        if cached is not None and cached.version == version:
            return cached
        lo, hi, n = c.execute("SELECT min(doc_id), max(doc_id), count(*) FROM docs").fetchone()
        if n and (lo < 0 or hi > _BITSET_MAX_RATIO * n + _BITSET_SLACK):
            self._facet_bits = None
            return None
        nbytes = (hi or 0) // 8 + 1
        groups: dict[str, dict[object, list[int]]] = {k: {} for k in FACET_FIELDS}
        for doc_id, unit, period, doc_type, year in c.execute(
            "SELECT doc_id, unit, period, doc_type, year FROM docs"
        ):
            for key, v in (("unit", unit), ("period", period), ("doc_type", doc_type), ("year", year)):
                if v is not None:
                    groups[key].setdefault(v, []).append(doc_id)
        for key, (table, col) in zip(("question", "area", "tag"), _SIDE_TABLES):
            g = groups[key]
            for v, doc_id in c.execute(f"SELECT {col}, doc_id FROM {table}"):
                g.setdefault(v, []).append(doc_id)
        values = {k: {v: _bitset(ids, nbytes) for v, ids in g.items()} for k, g in groups.items()}
        self._facet_bits = _FacetBits(version, nbytes, values)
        return self._facet_bits

    def _facets_sql(self, whole: bool) -> dict[str, list[tuple[str, int]]]:
        """GROUP BY counts over the match set (``temp._hits``), or over everything."""
        c = self._conn
        out: dict[str, list[tuple[str, int]]] = {}
        src = "docs" if whole else "temp._hits"
        for key in ("unit", "period", "doc_type", "year"):
            rows = c.execute(
                f"SELECT {key}, count(*) FROM {src} WHERE {key} IS NOT NULL GROUP BY {key}"
            ).fetchall()
            out[key] = _sorted_facet(rows)
        for key, (table, col) in zip(("question", "area", "tag"), _SIDE_TABLES):
            if whole:
                sql = f"SELECT {col}, count(*) FROM {table} GROUP BY {col}"
            else:
                sql = (
                    # CROSS JOIN pins the (small) match set as the outer loop.
                    f"SELECT s.{col}, count(*) FROM temp._hits h"
                    f" CROSS JOIN {table} s ON s.doc_id = h.doc_id GROUP BY s.{col}"
                )
            out[key] = _sorted_facet(c.execute(sql).fetchall())
        return {k: out[k] for k in FACET_FIELDS}


# Bitsets need non-negative doc_ids and cost max(doc_id)/8 bytes per facet value: beyond this
# sparsity the SQL facets are used instead.
_BITSET_MAX_RATIO = 16
_BITSET_SLACK = 1 << 20


@dataclass
class _FacetBits:
    version: int  # PRAGMA data_version it was built at
    nbytes: int
    values: dict[str, dict[object, int]]  # facet key -> raw SQL value -> bitset of doc_ids


def _bitset(ids: Iterable[int], nbytes: int) -> int:
    buf = bytearray(nbytes)
    for i in ids:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _sorted_facet(rows: Iterable[tuple[object, int]]) -> list[tuple[str, int]]:
    return sorted(((str(v), int(n)) for v, n in rows), key=lambda t: (-t[1], t[0]))
