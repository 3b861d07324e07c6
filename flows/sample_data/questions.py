"""The LKE pengungkit questions as the generator sees them, taken from the project catalog.

Codes, question texts, area and indicator names all come from the bundled catalog
(``config/catalogs/lke-zi-2021.yaml``, see :func:`config.catalog.load_catalog`); nothing is
copied here.  The bundled file is used rather than ``DUKUNG_CATALOG__PATH`` because the
evidence plan (:data:`flows.sample_data.plan._PLAN`) is written for exactly that catalog and
the output must stay byte-identical whatever catalog a deployment is configured with.

:func:`_short_title` derives the short title of a question used by the BPS-drive style
leaf folders (``a. Unit Kerja telah Membentuk Tim``) from the question text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import config.catalog as _catalog_module

#: The catalog the sample set is written for.
_CATALOG_PATH = Path(_catalog_module.__file__).parent / "catalogs" / "lke-zi-2021.yaml"

#: Components of the pengungkit aspect whose questions get evidence (Pemenuhan, Reform).
_COMPONENTS = ("A.I", "A.II")

#: Words kept lower-case inside a short title and dropped at its end.
_MINOR_WORDS = frozenset(
    ("telah", "dan", "sudah", "atau", "untuk", "yang", "dalam", "secara", "di", "oleh", "pada", "atas", "dengan", "terhadap")
)


@dataclass(frozen=True)
class _Question:
    code: str
    komponen: str  # "I" (Pemenuhan) / "II" (Reform)
    area_no: int
    ind: str  # indicator numeral, e.g. "iii"
    letter: str  # "a", or "a.a"/"b.a" for the LHKPN/LHKASN sub-indicator rows
    short: str
    area_name: str
    indicator_name: str

    @property
    def indicator_key(self) -> tuple[str, int, str]:
        return (self.komponen, self.area_no, self.ind)


def _short_title(text: str, max_words: int = 6) -> str:
    """Short folder title of a question: its first words up to a comma, without parentheses,
    at most ``max_words`` tokens (a ``/`` counts as one), trailing minor words dropped,
    every other word capitalised (``Unit Kerja telah Membentuk Tim``)."""
    head = re.sub(r"\(+[^)]*\)", " ", text.split(",")[0])
    tokens = re.findall(r"/|[^\s/]+", head)[:max_words]
    while tokens and tokens[-1].lower() in _MINOR_WORDS:
        tokens.pop()
    words = [t if i and t.lower() in _MINOR_WORDS else t[:1].upper() + t[1:] for i, t in enumerate(tokens)]
    return re.sub(r" / (?=\S)", "/", " ".join(words))


@lru_cache(maxsize=None)
def _questions() -> tuple[_Question, ...]:
    """Pengungkit questions (components A.I and A.II) in catalog order."""
    from config.catalog import load_catalog

    out = []
    for q in load_catalog(_CATALOG_PATH).questions():
        if q.component_code not in _COMPONENTS:
            continue
        out.append(_Question(
            code=q.code,
            komponen=q.component_code.split(".", 1)[1],
            area_no=q.area_number,
            ind=q.indicator_code.rsplit(".", 1)[1],
            # relative to the indicator, so sub-indicator rows keep their sub-letter ("b.a")
            letter=q.code[len(q.indicator_code) + 1:],
            short=_short_title(q.text),
            area_name=q.area_name,
            indicator_name=q.indicator_name,
        ))
    return tuple(out)


@lru_cache(maxsize=None)
def _questions_by_code() -> dict[str, _Question]:
    return {q.code: q for q in _questions()}


@lru_cache(maxsize=None)
def _question_order() -> dict[str, int]:
    return {q.code: i for i, q in enumerate(_questions())}


@lru_cache(maxsize=None)
def _area_names() -> dict[int, str]:
    """Area number → area name (the six change areas, same in both components)."""
    return {q.area_no: q.area_name for q in reversed(_questions())}
