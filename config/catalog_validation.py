"""Validation of the LKE catalog beyond its pydantic structure, each problem named by its YAML line.

Validation rules (beyond the pydantic structure):

* codes are unique (aspects, components, areas, indicators, sub-indicators, questions, BPS ids);
  document-type codes are YAML keys, so duplicates are already rejected by the YAML parser;
* each code starts with its parent's code (``A.I.1.i.a`` under ``A.I.1.i``);
* weights add up: aspects to 100; per aspect the question weights to the aspect weight; and
  along the hierarchy (components → aspect, areas → component, indicators → area,
  sub-indicators/questions → indicator, questions → hasil component);
* choice questions (ya_tidak/abc/abcd/abcde) have 2/3/4/5 options with unique codes and
  scores in [0, 1]; persen/nilai questions have no options;
* every question has at least one required evidence item; every evidence type exists;
* every ``filename_pattern`` compiles; keywords and aliases are non-empty lowercase strings;
* completeness rules: every content check named by a document type or an evidence item exists;
  a check has what its kind needs (``phrases`` for phrases, a compiling ``pattern`` for regex,
  ``min_value`` ≤ ``max_value``); a recency ``within: months`` names ``months``, and ``months`` /
  ``grace_months`` appear only with the ``within`` that uses them.

Weight tolerance: ``max(0.001, 0.0001 × number of summed weights)``.  The generator writes
question weights rounded to 6 decimals (e.g. 0.333333), so pengungkit sums are off by ~6e-6;
the per-term allowance also accepts reviewers who hand-write 4 decimals (0.3333), while a
missing or mistyped question (≥ 0.08) is still caught.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from config.catalog_models import (
    OPTION_COUNTS,
    Area,
    Aspect,
    Catalog,
    Component,
    ContentCheck,
    DocumentType,
    Indicator,
    Question,
    Recency,
)

Path_ = tuple[Any, ...]


# ---------------------------------------------------------------------------------------------
# Line numbers
# ---------------------------------------------------------------------------------------------
def _line(root: Any, path: Iterable[Any]) -> int:
    """1-based YAML line of the deepest node reachable along ``path``."""
    node, line = root, 1
    for key in path:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (AttributeError, KeyError, TypeError, IndexError):
            break
    return line


def _pydantic_errors(exc: ValidationError, data: Any) -> list[str]:
    out: list[tuple[int, str]] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = next((str(k) for k in reversed(loc) if isinstance(k, str)), "katalog")
        kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
        if kind == "missing":
            msg = f"kolom wajib '{field}' tidak ada"
        elif kind == "extra_forbidden":
            msg = f"kolom tidak dikenal '{field}'"
        elif kind == "literal_error":
            msg = f"nilai {value!r} tidak diizinkan untuk '{field}' (pilihan: {ctx.get('expected')})"
        elif kind in ("greater_than_equal", "greater_than"):
            msg = f"nilai '{field}' terlalu kecil: {value!r} (minimal {ctx.get('ge', ctx.get('gt'))})"
        elif kind == "too_short":
            msg = f"'{field}' tidak boleh kosong"
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            msg = f"tipe nilai '{field}' tidak valid: {value!r}"
        else:
            msg = f"nilai '{field}' tidak valid: {err['msg']}"
        out.append((_line(data, loc), msg))
    return [f"baris {line}: {msg}" for line, msg in sorted(out, key=lambda t: t[0])]


# ---------------------------------------------------------------------------------------------
# Semantic validation
# ---------------------------------------------------------------------------------------------
def _tolerance(n_terms: int) -> float:
    return max(0.001, 0.0001 * n_terms)


def _fmt(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


class _Validator:
    def __init__(self, catalog: Catalog, data: Any):
        self.catalog = catalog
        self.data = data
        self.problems: list[tuple[int, str]] = []
        self.seen: dict[str, str] = {}
        self.seen_bps: set[str] = set()

    def add(self, path: Path_, msg: str) -> None:
        self.problems.append((_line(self.data, path), msg))

    def run(self) -> list[str]:
        self.check_recency(("completeness", "recency"), self.catalog.completeness.recency)
        for code, check in self.catalog.content_checks.items():
            self.check_content_check(code, check)
        for code, dt in self.catalog.document_types.items():
            self.check_document_type(code, dt)
        aspects = self.catalog.aspects
        if not aspects:
            self.add(("aspects",), "katalog tidak memiliki aspek")
        total = sum(a.weight for a in aspects)
        if aspects and not math.isclose(total, 100.0, abs_tol=0.001):
            self.add(("aspects",), f"jumlah bobot aspek {_fmt(total)} ≠ 100")
        for i, aspect in enumerate(aspects):
            self.check_aspect(("aspects", i), aspect)
        ordered = sorted(self.problems, key=lambda t: t[0])
        return [f"baris {line}: {msg}" for line, msg in ordered]

    # -- helpers --------------------------------------------------------------------------------
    def unique(self, path: Path_, code: str, kind: str) -> None:
        if code in self.seen:
            self.add(path + ("code",), f"kode {kind} duplikat '{code}'")
        else:
            self.seen[code] = kind

    def child_code(self, path: Path_, code: str, parent: str, kind: str) -> None:
        if not code.startswith(parent + "."):
            self.add(path + ("code",), f"kode {kind} '{code}' tidak diawali kode induknya '{parent}'")

    def weights(self, path: Path_, what: str, expected: float, parts: list[float]) -> None:
        got = sum(parts)
        if not math.isclose(got, expected, abs_tol=_tolerance(len(parts))):
            self.add(path + ("weight",), f"jumlah bobot {what} {_fmt(got)} ≠ bobot {_fmt(expected)}")

    def phrases(self, path: Path_, values: list[str], what: str) -> None:
        for j, value in enumerate(values):
            if not value.strip():
                self.add(path + (j,), f"{what} kosong")
            elif value != value.lower():
                self.add(path + (j,), f"{what} harus huruf kecil: '{value}'")

    # -- levels ---------------------------------------------------------------------------------
    def check_document_type(self, code: str, dt: DocumentType) -> None:
        path = ("document_types", code)
        if dt.code != code:
            self.add(path, f"kode jenis dokumen '{dt.code}' berbeda dengan kuncinya '{code}'")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
            self.add(path, f"kode jenis dokumen harus snake_case huruf kecil: '{code}'")
        self.phrases(path + ("keywords",), dt.keywords, f"kata kunci jenis dokumen '{code}'")
        for j, pattern in enumerate(dt.filename_patterns):
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                self.add(path + ("filename_patterns", j), f"pola nama berkas bukan regex yang valid: '{pattern}' ({exc})")
        if dt.recency is not None:
            self.check_recency(path + ("recency",), dt.recency)
        self.check_names(path + ("checks",), dt.checks, f"jenis dokumen '{code}'")

    # -- completeness rules ----------------------------------------------------------------------
    def check_recency(self, path: Path_, rec: Recency) -> None:
        if rec.within == "months" and rec.months is None:
            self.add(path, "aturan tanggal 'within: months' memerlukan 'months' (jumlah bulan)")
        if rec.within != "months" and rec.months is not None:
            self.add(path + ("months",), f"'months' hanya berlaku dengan 'within: months' (di sini 'within: {rec.within}')")
        if rec.within != "period" and rec.grace_months:
            self.add(path + ("grace_months",),
                     f"'grace_months' hanya berlaku dengan 'within: period' (di sini 'within: {rec.within}')")

    def check_names(self, path: Path_, names: list[str] | None, where: str) -> None:
        seen: set[str] = set()
        for j, name in enumerate(names or []):
            if name not in self.catalog.content_checks:
                known = ", ".join(sorted(self.catalog.content_checks)) or "belum ada content_checks"
                self.add(path + (j,), f"pemeriksaan isi tidak dikenal '{name}' pada {where} (yang ada: {known})")
            elif name in seen:
                self.add(path + (j,), f"pemeriksaan isi '{name}' disebut dua kali pada {where}")
            seen.add(name)

    def check_content_check(self, code: str, check: ContentCheck) -> None:
        path = ("content_checks", code)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
            self.add(path, f"kode pemeriksaan isi harus snake_case huruf kecil: '{code}'")
        for field in ("label", "message"):
            if not getattr(check, field).strip():
                self.add(path + (field,), f"'{field}' pemeriksaan isi '{code}' tidak boleh kosong")
        self.phrases(path + ("phrases",), check.phrases, f"frasa pemeriksaan isi '{code}'")
        if check.kind == "phrases" and not check.phrases:
            self.add(path, f"pemeriksaan isi '{code}' (kind: phrases) memerlukan daftar 'phrases'")
        if check.kind == "regex":
            if not check.pattern:
                self.add(path, f"pemeriksaan isi '{code}' (kind: regex) memerlukan 'pattern'")
            else:
                try:
                    re.compile(check.pattern, re.IGNORECASE)
                except re.error as exc:
                    self.add(path + ("pattern",), f"pola pemeriksaan isi '{code}' bukan regex yang valid: "
                                                  f"'{check.pattern}' ({exc})")
        elif check.pattern is not None:
            self.add(path + ("pattern",), f"'pattern' hanya berlaku untuk kind: regex (pemeriksaan '{code}')")
        if check.kind != "covers_period" and check.years_before:
            self.add(path + ("years_before",), f"'years_before' hanya berlaku untuk kind: covers_period "
                                               f"(pemeriksaan '{code}')")
        if check.kind != "states_index" and (check.min_value is not None or check.max_value is not None):
            self.add(path, f"'min_value'/'max_value' hanya berlaku untuk kind: states_index (pemeriksaan '{code}')")
        if (check.min_value is not None and check.max_value is not None
                and check.min_value > check.max_value):
            self.add(path + ("min_value",), f"min_value {_fmt(check.min_value)} > max_value "
                                            f"{_fmt(check.max_value)} pada pemeriksaan '{code}'")

    def check_aspect(self, path: Path_, aspect: Aspect) -> None:
        self.unique(path, aspect.code, "aspek")
        questions = aspect.all_questions()
        self.weights(path, f"pertanyaan aspek {aspect.code}", aspect.weight, [q.weight for q in questions])
        if aspect.components:
            self.weights(path, f"komponen aspek {aspect.code}", aspect.weight, [c.weight for c in aspect.components])
        for i, comp in enumerate(aspect.components):
            self.check_component(path + ("components", i), comp, aspect.code)

    def check_component(self, path: Path_, comp: Component, parent: str) -> None:
        self.unique(path, comp.code, "komponen")
        self.child_code(path, comp.code, parent, "komponen")
        if comp.areas:
            self.weights(path, f"area komponen {comp.code}", comp.weight, [a.weight for a in comp.areas])
        if comp.questions:
            self.weights(path, f"pertanyaan komponen {comp.code}", comp.weight, [q.weight for q in comp.questions])
        if not comp.areas and not comp.questions:
            self.add(path, f"komponen {comp.code} tidak memiliki area maupun pertanyaan")
        for i, area in enumerate(comp.areas):
            self.check_area(path + ("areas", i), area, comp.code)
        for i, q in enumerate(comp.questions):
            self.check_question(path + ("questions", i), q, comp.code)

    def check_area(self, path: Path_, area: Area, parent: str) -> None:
        self.unique(path, area.code, "area")
        self.child_code(path, area.code, parent, "area")
        self.phrases(path + ("aliases",), area.aliases, "alias area")
        if area.indicators:
            self.weights(path, f"indikator area {area.code}", area.weight, [i.weight for i in area.indicators])
        for i, ind in enumerate(area.indicators):
            self.check_indicator(path + ("indicators", i), ind, area.code)

    def check_indicator(self, path: Path_, ind: Indicator, parent: str) -> None:
        self.unique(path, ind.code, "indikator")
        self.child_code(path, ind.code, parent, "indikator")
        self.phrases(path + ("aliases",), ind.aliases, "alias indikator")
        self.phrases(path + ("keywords",), ind.keywords, "kata kunci indikator")
        if not ind.questions and not ind.sub_indicators:
            self.add(path, f"indikator {ind.code} tidak memiliki pertanyaan")
        parts = [q.weight for q in ind.questions] + [s.weight for s in ind.sub_indicators]
        if parts:
            self.weights(path, f"pertanyaan/sub-indikator indikator {ind.code}", ind.weight, parts)
        for i, q in enumerate(ind.questions):
            self.check_question(path + ("questions", i), q, ind.code)
        for i, sub in enumerate(ind.sub_indicators):
            spath = path + ("sub_indicators", i)
            self.unique(spath, sub.code, "sub-indikator")
            self.child_code(spath, sub.code, ind.code, "sub-indikator")
            if not sub.questions:
                self.add(spath, f"sub-indikator {sub.code} tidak memiliki pertanyaan")
            else:
                self.weights(spath, f"pertanyaan sub-indikator {sub.code}", sub.weight, [q.weight for q in sub.questions])
            for j, q in enumerate(sub.questions):
                self.check_question(spath + ("questions", j), q, sub.code)

    def check_question(self, path: Path_, q: Question, parent: str) -> None:
        self.unique(path, q.code, "pertanyaan")
        self.child_code(path, q.code, parent, "pertanyaan")
        if q.bps_id:
            key = q.bps_id.upper()
            if key in self.seen_bps:
                self.add(path + ("bps_id",), f"id BPS duplikat '{q.bps_id}'")
            self.seen_bps.add(key)
        if q.weight <= 0:
            self.add(path + ("weight",), f"bobot pertanyaan {q.code} harus lebih dari 0")
        self.check_options(path, q)
        self.phrases(path + ("keywords",), q.keywords, "kata kunci pertanyaan")
        self.check_evidence(path + ("evidence",), q)

    def check_options(self, path: Path_, q: Question) -> None:
        expected = OPTION_COUNTS.get(q.answer_type)
        if expected is None:
            if q.options:
                self.add(path + ("options",), f"pertanyaan {q.code} bertipe {q.answer_type} tidak boleh memiliki opsi")
            return
        if len(q.options) != expected:
            self.add(path + ("options",), f"pertanyaan {q.code} bertipe {q.answer_type} harus memiliki {expected} "
                                          f"opsi, ditemukan {len(q.options)}")
        codes: set[str] = set()
        for j, opt in enumerate(q.options):
            if opt.code.lower() in codes:
                self.add(path + ("options", j, "code"), f"kode opsi duplikat '{opt.code}' pada {q.code}")
            codes.add(opt.code.lower())
            if not (0.0 <= opt.score <= 1.0) or math.isnan(opt.score):
                self.add(path + ("options", j, "score"),
                         f"skor opsi '{opt.code}' pada {q.code} harus di antara 0 dan 1, ditemukan {opt.score}")

    def check_evidence(self, path: Path_, q: Question) -> None:
        if not any(item.required for item in q.evidence.items):
            self.add(path, f"pertanyaan {q.code} tidak memiliki item data dukung wajib (required: true)")
        for j, item in enumerate(q.evidence.items):
            for k, t in enumerate(item.types):
                if t not in self.catalog.document_types:
                    self.add(path + ("items", j, "types", k), f"jenis dokumen tidak dikenal '{t}' pada {q.code}")
            if item.recency is not None:
                self.check_recency(path + ("items", j, "recency"), item.recency)
            self.check_names(path + ("items", j, "checks"), item.checks, f"bukti {q.code}")
