"""The LKE indicator catalog: typed loader and validation.

``load_catalog()`` reads ``config/catalogs/lke-zi-2021.yaml`` (or the file named by
``DUKUNG_CATALOG__PATH``), validates it and returns a :class:`Catalog`.  Every problem is
collected and raised together as one :class:`config.errors.CatalogError`; each message names
the YAML line, e.g. ``"baris 123: kode pertanyaan duplikat 'A.I.1.i.a'"``.

Validation rules, beyond the pydantic structure, are listed in :mod:`config.catalog_validation`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError

from config.catalog_models import (
    Area,
    Aspect,
    Catalog,
    CompletenessRules,
    Component,
    ContentCheck,
    DocumentType,
    Evidence,
    EvidenceItem,
    Indicator,
    Option,
    Question,
    QuestionContext,
    QuestionInput,
    Recency,
    SubIndicator,
)
from config.catalog_validation import _pydantic_errors, _Validator
from config.errors import CatalogError

__all__ = [
    "Area", "Aspect", "Catalog", "CompletenessRules", "Component", "ContentCheck", "DocumentType", "Evidence",
    "EvidenceItem", "Indicator", "Option", "Question", "QuestionContext", "QuestionInput", "Recency",
    "SubIndicator",
    "load_catalog", "parse_catalog", "clear_cache",
]

_CACHE: dict[str, tuple[int, Catalog]] = {}


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and validate the catalog (cached by resolved path and modification time)."""
    if path is None:
        from config.settings import get_settings

        path = get_settings().catalog_path
    p = Path(path).expanduser().resolve()
    try:
        mtime = p.stat().st_mtime_ns
    except OSError:
        raise CatalogError(str(p), ["berkas katalog tidak ditemukan atau tidak dapat dibaca"]) from None
    cached = _CACHE.get(str(p))
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(str(p), [f"berkas katalog tidak dapat dibaca: {exc}"]) from None
    catalog = parse_catalog(text, source=str(p))
    _CACHE[str(p)] = (mtime, catalog)
    return catalog


def clear_cache() -> None:
    _CACHE.clear()


def parse_catalog(text: str, source: str = "<teks>") -> Catalog:
    """Parse and validate catalog YAML text; raise CatalogError listing every problem.

    A valid catalog is read with the fast C loader; only when something is wrong is it read again
    with the round-trip loader, which knows the line of every node for the error messages.
    """
    try:
        data = YAML(typ="safe").load(text)
        catalog = Catalog.model_validate(data)
        if not _Validator(catalog, data).run():
            return catalog
    except Exception:  # noqa: BLE001 - any problem: take the slow path to report it with lines
        pass
    return _parse_with_lines(text, source)


def _parse_with_lines(text: str, source: str) -> Catalog:
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise CatalogError(source, [f"baris {line}: YAML tidak valid: {exc.problem or exc.context}"]) from None
    except Exception as exc:  # noqa: BLE001 - any parser failure is a catalog problem
        raise CatalogError(source, [f"YAML tidak valid: {exc}"]) from None
    if not isinstance(data, CommentedMap):
        raise CatalogError(source, ["baris 1: katalog harus berupa mapping YAML (id, title, aspects, …)"])
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(source, _pydantic_errors(exc, data)) from None
    problems = _Validator(catalog, data).run()
    if problems:
        raise CatalogError(source, problems)
    return catalog
