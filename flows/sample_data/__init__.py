"""Deterministic sample evidence ("data dukung") for three Zona Integritas work units; imports `config` only.

``generate_sample_evidence(target)`` writes a realistic evidence set for three
units of Kabupaten Jember into ``target/<UNIT_CODE>/...``:

* ``DINKES-JBR``     – PN-Serang style folders
  (``AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf``),
* ``PKM-SUMBERSARI`` – BPS Google-Drive style folders
  (``1. Manajemen Perubahan/I. Pemenuhan/i. Penyusunan Tim Kerja/a. .../SK Tim ZI.pdf``),
  some files named with the official LKE code (``A.I.6.iv.a Laporan SKM ...``),
* ``RSUD-SOEBANDI``  – loose folders by area name plus ``Lain-lain/`` whose
  files can only be classified from their content; it also holds the single
  deliberately broken PDF.

One document is deliberately stale: DINKES-JBR's SK Tim Kerja is dated two years before the
period (``plan._STALE``, ``SampleSet.stale``), so the recency rule of the catalog keeps it out.

Every document is a real PDF (reportlab), DOCX (python-docx) or XLSX
(openpyxl) with Indonesian text carrying the usual cues (KEPUTUSAN, NOMOR,
Menimbang, NOTULEN, DAFTAR HADIR, STANDAR OPERASIONAL PROSEDUR, Survei
Kepuasan Masyarakat, ...).  Content is produced by per-document-type builders
(:data:`content._BUILDERS`) from an evidence plan per LKE question (:data:`plan._PLAN`).

Generation is deterministic and idempotent: the same ``year``/``seed`` always
produce byte-identical files (reportlab ``invariant=1``, fixed OOXML core
properties and zip timestamps), so re-uploading the sample deduplicates.

Modules: ``model`` (result dataclasses), ``questions`` (LKE questions from the
project catalog), ``plan`` (evidence per question), ``units`` (unit profiles and
staff), ``paths`` (folder styles), ``context``/``content`` (document builders),
``render`` (PDF/DOCX/XLSX/PNG); this module runs the generation.
"""

from __future__ import annotations

import random
from pathlib import Path

from flows.sample_data.content import _BUILDERS, _DEFAULT_FMT
from flows.sample_data.context import _Ctx
from flows.sample_data.model import SampleDocument, SampleSet, SampleUnit
from flows.sample_data.paths import _LABEL_OVERRIDES, _doc_path
from flows.sample_data.plan import _FORCED, _PLAN, _RSUD_LAIN_LAIN, _STALE, BROKEN_FILE, _Ev, _fmt_text
from flows.sample_data.questions import _question_order, _Question, _questions, _questions_by_code
from flows.sample_data.render import _render_docx, _render_pdf, _render_png, _render_xlsx
from flows.sample_data.units import _PROFILES, SAMPLE_UNITS, _people, _Profile

__all__ = [
    "BROKEN_FILE",
    "SAMPLE_UNITS",
    "SampleDocument",
    "SampleSet",
    "SampleUnit",
    "generate_sample_evidence",
]


def __getattr__(name: str):
    # ``(code, short title)`` of every pengungkit question, derived from the catalog on first
    # use (the old module kept a copy of it; tests fall back to it without the LKE JSON).
    if name == "_CATALOG_ROWS":
        return tuple((q.code, q.short) for q in _questions())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- generator


def generate_sample_evidence(target: Path, *, year: int = 2025, seed: int = 2025) -> SampleSet:
    """Write the three-unit sample evidence set into ``target/<UNIT_CODE>/...``.

    Deterministic for a given ``year``/``seed`` (byte-identical files on every run).
    ``SampleDocument.relative_path`` is relative to the unit folder, with ``/`` separators.
    """
    target = Path(target)
    units: list[SampleUnit] = []
    gaps: dict[str, list[str]] = {}
    partial: dict[str, list[str]] = {}
    gap_inds: dict[str, list[str]] = {}
    stale: dict[str, list[str]] = {}
    for p in _PROFILES:
        unit, g, part, gi = _generate_unit(p, target / p.code, year, seed)
        units.append(unit)
        gaps[p.code], partial[p.code], gap_inds[p.code] = g, part, gi
        stale[p.code] = sorted({c for d in unit.documents if d.stale for c in d.question_codes}, key=_order)
    return SampleSet(units=units, gaps=gaps, partial=partial, gap_indicators=gap_inds, stale=stale)


def _generate_unit(p: _Profile, folder: Path, year: int, seed: int):
    rng = random.Random(f"{seed}:{p.code}:coverage")
    forced = _FORCED[p.code]
    questions, qby = _questions(), _questions_by_code()
    forced_inds = {qby[c].indicator_key for c in forced}
    indicators = list(dict.fromkeys(q.indicator_key for q in questions))
    candidates = [k for k in indicators if k not in forced_inds]
    gap_keys = set(rng.sample(candidates, p.gap_indicators))
    eligible = [q.code for q in questions if q.indicator_key not in gap_keys and q.code not in forced]
    target_n = round(len(questions) * rng.uniform(*p.coverage))
    chosen = set(forced) | set(rng.sample(eligible, max(0, min(len(eligible), target_n - len(forced)))))
    covered = [q for q in questions if q.code in chosen]

    people = _people(p, seed)
    docs: dict[str, dict] = {}  # relative path -> spec
    by_ev: dict[tuple, str] = {}
    partial: list[str] = []

    def add(q: _Question, ev: _Ev, rel: str | None = None, broken: bool = False) -> None:
        dated = year - ev.years_back
        label = _fmt_text(_LABEL_OVERRIDES.get((p.style, ev.label), ev.label), dated)
        if ev.years_back:
            label += f" {dated}"  # the file name says the year it was issued
        ev = _Ev(ev.doc_type, label, _fmt_text(ev.title, dated), ev.fmt, ev.years_back)
        key = (ev.doc_type, ev.label, ev.title)
        if rel is None and key in by_ev:
            docs[by_ev[key]]["codes"].append(q.code)
            return
        fmt = ev.fmt or _DEFAULT_FMT.get(ev.doc_type, "pdf")
        doc_type = ev.doc_type
        if doc_type == "foto_kegiatan" and p.code != "DINKES-JBR":
            doc_type, fmt = "dokumentasi", "pdf"
        if rel is None:
            if fmt == "pdf" and doc_type in ("laporan", "laporan_monev", "kebijakan", "notulen", "laporan_skm"):
                if rng.random() < (0.35 if p.style == "bps" else 0.15) and q.code != "A.I.6.iv.a":
                    fmt = "docx"
            if doc_type == "daftar_hadir" and rng.random() < 0.5:
                fmt = "docx"
            rel = _doc_path(p, q, ev.label, fmt, year, rng)
        base, n = rel, 2
        while rel in docs:
            stem, ext = base.rsplit(".", 1)
            rel, n = f"{stem} ({n}).{ext}", n + 1
        docs[rel] = {"ev": ev, "q": q, "codes": [q.code], "fmt": fmt, "doc_type": doc_type, "broken": broken}
        if not broken and rel.count("/") and not rel.startswith("Lain-lain/"):
            by_ev[key] = rel

    for q in covered:
        plan = _PLAN[q.code]
        if p.code == "RSUD-SOEBANDI" and q.code == "A.I.1.iii.b":
            add(q, _Ev("laporan_monev", "", "Monitoring dan Evaluasi Pembangunan Zona Integritas Triwulan II Tahun {year}", "pdf"),
                rel=_fmt_text(BROKEN_FILE, year), broken=True)
            add(q, plan[1])
            continue
        if p.code == "RSUD-SOEBANDI" and q.code in _RSUD_LAIN_LAIN:
            name, ev = _RSUD_LAIN_LAIN[q.code]
            add(q, ev, rel=f"Lain-lain/{name}")
            plan = plan[1:]
            if not plan:
                continue
        k = len(plan)
        if k > 1 and q.code not in forced and rng.random() < 0.35:
            k = rng.randint(1, k - 1)
            partial.append(q.code)
        stale_years = _STALE.get(p.code, {}).get(q.code)
        if stale_years:
            plan = [_Ev(plan[0].doc_type, plan[0].label, plan[0].title, plan[0].fmt, stale_years), *plan[1:]]
        for ev in plan[:k]:
            add(q, ev)

    folder.mkdir(parents=True, exist_ok=True)
    documents: list[SampleDocument] = []
    for rel in sorted(docs):
        spec = docs[rel]
        data = _render(p, spec, rel, year, seed, people)
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        documents.append(SampleDocument(rel, sorted(set(spec["codes"]), key=_order), spec["doc_type"], spec["broken"],
                                        stale=spec["ev"].years_back > 0))
    covered_codes = {c for d in documents for c in d.question_codes}
    gaps = [q.code for q in questions if q.code not in covered_codes]
    unit = SampleUnit(p.code, p.name, list(p.contacts), folder, documents)
    gap_ind_names = [f"{k[0]}.{k[1]}.{k[2]}" for k in indicators if k in gap_keys]
    return unit, gaps, [c for c in partial if c in covered_codes], gap_ind_names


def _order(code: str) -> int:
    return _question_order()[code]


def _render(p: _Profile, spec: dict, rel: str, year: int, seed: int, people) -> bytes:
    ev: _Ev = spec["ev"]
    crng = random.Random(f"{seed}:{p.code}:{rel}")
    ctx = _Ctx(p, year - ev.years_back, ev.title, spec["q"], crng, people)
    meta_title = f"{ev.title} - {p.name}"
    fmt = spec["fmt"]
    if fmt == "png":
        return _render_png(ev.title, p.short, crng)
    blocks = _BUILDERS[spec["doc_type"]](ctx)
    if fmt == "xlsx":
        sheet = {"daftar_hadir": "Daftar Hadir"}.get(spec["doc_type"], "Rekap")
        return _render_xlsx(blocks, meta_title, p.short, year, sheet)
    if fmt == "docx":
        return _render_docx(blocks, meta_title, p.short, year)
    data = _render_pdf(blocks, meta_title, p.short)
    if spec["broken"]:
        junk = bytes(crng.getrandbits(8) for _ in range(2048))
        return data[:300] + b"\x00\x00" + junk
    return data
