"""Completeness reports as HTML: a unit's report (the gap e-mail's body, readable on a phone) and the
reviewers' digest of all units; plus plain-text versions for the e-mails' text part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from flows.completeness.changes import Changes
from flows.completeness.check import ESTIMATE_NOTE, STATUS_LABEL, CompletenessReport

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class DigestEntry:
    """One unit's line in the reviewers' digest."""

    report: CompletenessReport
    changes: Changes | None = None

    @property
    def component_coverage(self) -> dict[str, float]:
        """Weighted evidence coverage per pengungkit component (Pemenuhan, Reform)."""
        sums: dict[str, list[float]] = {}
        for q in self.report.questions:
            if q.code.startswith("A."):
                s = sums.setdefault(q.component, [0.0, 0.0])
                s[0] += q.weight * q.coverage
                s[1] += q.weight
        return {k: (v[0] / v[1] if v[1] else 0.0) for k, v in sums.items()}


def pct(x: float) -> str:
    return f"{x * 100:.0f} %"


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.do"])
    env.globals.update(pct=pct, status_labels=STATUS_LABEL)
    return env


def _now() -> str:
    return datetime.now().astimezone().strftime("%d-%m-%Y %H:%M %Z")


def gaps_by_area(report: CompletenessReport) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for q in report.gaps:
        name = f"{q.area_name} ({q.component})" if q.area_name else f"Hasil — {q.component}"
        groups.setdefault(name, []).append(q)
    return list(groups.items())


def render_unit_html(report: CompletenessReport, changes: Changes | None = None, *, public_url: str = "",
                     reminders: tuple[str, ...] = ()) -> str:
    return _env().get_template("report_unit.html").render(
        title=f"Kelengkapan data dukung {report.unit} {report.year}", r=report, gaps=report.gaps,
        gaps_by_area=gaps_by_area(report), changes=changes, public_url=public_url, generated_at=_now(),
        reminders=reminders)


def render_digest_html(entries: list[DigestEntry], year: int, *, public_url: str = "",
                       reminders: tuple[str, ...] = ()) -> str:
    return _env().get_template("report_digest.html").render(
        title=f"Ringkasan kelengkapan data dukung {year}", entries=entries, year=year,
        total_gaps=sum(len(e.report.gaps) for e in entries), note=ESTIMATE_NOTE, public_url=public_url,
        generated_at=_now(), reminders=reminders)


def render_unit_text(report: CompletenessReport, changes: Changes | None = None, *,
                     reminders: tuple[str, ...] = ()) -> str:
    """The plain-text part of a unit's e-mail (for mail clients that do not show HTML)."""
    lines = [f"{report.unit_name} ({report.unit}) — kelengkapan data dukung LKE ZI, periode {report.year}", ""]
    lines += [*reminders, ""] if reminders else []
    gaps = report.gaps
    if gaps:
        lines.append(f"{len(gaps)} pertanyaan LKE belum lengkap:")
    else:
        lines.append(f"Semua {len(report.questions)} pertanyaan LKE sudah didukung bukti.")
    lines.append(", ".join(f"{STATUS_LABEL[k]}: {v}" for k, v in report.counts.items()))
    if changes is not None and not changes.first_check:
        lines.append(f"Sejak {changes.previous_slot}: +{len(changes.new_documents)} dokumen, "
                     f"{len(changes.newly_complete)} baru lengkap, {len(changes.new_gaps)} celah baru.")
    for area, rows in gaps_by_area(report):
        lines += ["", area]
        for q in rows:
            lines.append(f"- {q.code} [{STATUS_LABEL[q.status]}] {q.question}")
            lines += [f"    belum ada: {m}" for m in q.missing]
            lines += [f"    perlu konfirmasi: {d.name} — {d.reason} (belum dihitung)" for d in q.suggestions]
            lines += [f"    reviewer: {n}" for n in q.reviewer_notes]
    lines += ["", report.note]
    return "\n".join(lines) + "\n"


def render_digest_text(entries: list[DigestEntry], year: int, *, reminders: tuple[str, ...] = ()) -> str:
    lines = [f"Ringkasan kelengkapan data dukung LKE ZI — periode {year}", ""]
    lines += [*reminders, ""] if reminders else []
    for e in entries:
        cov = e.component_coverage
        lines.append(f"- {e.report.unit} {e.report.unit_name}: {len(e.report.gaps)} belum lengkap; "
                     f"Pemenuhan {pct(cov.get('Pemenuhan', 0))}, Reform {pct(cov.get('Reform', 0))}")
    lines += ["", ESTIMATE_NOTE]
    return "\n".join(lines) + "\n"


def write_html(reports: list[CompletenessReport], path: Path, changes: dict[str, Changes] | None = None) -> Path:
    """One unit: its report; several: the digest."""
    changes = changes or {}
    if len(reports) == 1:
        html = render_unit_html(reports[0], changes.get(reports[0].unit))
    else:
        html = render_digest_html([DigestEntry(r, changes.get(r.unit)) for r in reports],
                                  reports[0].year if reports else 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
