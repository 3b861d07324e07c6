"""Result types of the sample generator: one file, one unit, the whole set."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SampleDocument", "SampleSet", "SampleUnit"]


@dataclass(frozen=True)
class SampleDocument:
    """One generated file, relative to its unit folder (POSIX separators)."""

    relative_path: str
    question_codes: list[str]
    doc_type: str
    broken: bool = False
    #: dated years before the period on purpose: it does not count under the recency rule
    stale: bool = False


@dataclass
class SampleUnit:
    code: str
    name: str
    contacts: list[str]
    folder: Path
    documents: list[SampleDocument] = field(default_factory=list)

    @property
    def covered_codes(self) -> set[str]:
        return {c for d in self.documents for c in d.question_codes}


@dataclass
class SampleSet:
    units: list[SampleUnit]
    #: per unit: pengungkit question codes with NO evidence at all (whole
    #: indicators left empty on purpose plus single unanswered questions).
    gaps: dict[str, list[str]]
    #: per unit: covered question codes that deliberately received only part
    #: of their usual evidence (expected status "sebagian").
    partial: dict[str, list[str]] = field(default_factory=dict)
    #: per unit: indicators (``komponen.area.indikator`` e.g. ``I.5.iv``) without any evidence.
    gap_indicators: dict[str, list[str]] = field(default_factory=dict)
    #: per unit: covered question codes whose required document is stale (dated years before the
    #: period), so the recency rule makes them "sebagian" although every document type is there.
    stale: dict[str, list[str]] = field(default_factory=dict)

    def unit(self, code: str) -> SampleUnit:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    @property
    def documents(self) -> list[tuple[SampleUnit, SampleDocument]]:
        return [(u, d) for u in self.units for d in u.documents]
