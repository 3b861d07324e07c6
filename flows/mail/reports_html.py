"""Completeness reports as HTML: a unit's report (the gap e-mail's body, readable on a phone) and the
reviewers' digest of all units; plus plain-text versions for the e-mails' text part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from config.formatting import format_percent, format_time
from config.i18n import _
from config.jinja_i18n import install_i18n

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
    return format_percent(x)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.do"])
    install_i18n(env)
    env.globals.update(status_labels=STATUS_LABEL)
    return env


def _now() -> str:
    """When the message was made, in the reader's zone and labelled (``1 Desember 2026 07.00 WIB``)."""
    return format_time(datetime.now(timezone.utc))


def gaps_by_area(report: CompletenessReport) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for q in report.gaps:
        name = f"{q.area_name} ({q.component})" if q.area_name else f"Hasil — {q.component}"
        groups.setdefault(name, []).append(q)
    return list(groups.items())


def render_unit_html(report: CompletenessReport, changes: Changes | None = None, *, public_url: str = "",
                     reminders: tuple[str, ...] = ()) -> str:
    return _env().get_template("report_unit.html").render(
        title=_("Kelengkapan data dukung %(unit)s %(year)s", unit=report.unit, year=report.year), r=report,
        gaps=report.gaps, gaps_by_area=gaps_by_area(report), changes=changes, public_url=public_url,
        unit_url=f"{public_url.rstrip('/')}/units/{report.unit}" if public_url else "", generated_at=_now(),
        reminders=reminders)


def render_digest_html(entries: list[DigestEntry], year: int, *, public_url: str = "",
                       reminders: tuple[str, ...] = ()) -> str:
    return _env().get_template("report_digest.html").render(
        title=_("Ringkasan kelengkapan data dukung %(year)s", year=year), entries=entries, year=year,
        total_gaps=sum(len(e.report.gaps) for e in entries), note=ESTIMATE_NOTE, public_url=public_url,
        generated_at=_now(), reminders=reminders)


def render_unit_text(report: CompletenessReport, changes: Changes | None = None, *,
                     reminders: tuple[str, ...] = ()) -> str:
    """The plain-text part of a unit's e-mail (for mail clients that do not show HTML)."""
    lines = [_("%(name)s (%(unit)s) — kelengkapan data dukung LKE ZI, periode %(year)s", name=report.unit_name,
               unit=report.unit, year=report.year), ""]
    lines += [*reminders, ""] if reminders else []
    gaps = report.gaps
    if gaps:
        lines.append(_("%(n)s pertanyaan LKE belum lengkap:", n=len(gaps)))
    else:
        lines.append(_("Semua %(n)s pertanyaan LKE sudah didukung bukti.", n=len(report.questions)))
    lines.append(", ".join(f"{_(STATUS_LABEL[k])}: {v}" for k, v in report.counts.items()))
    if changes is not None and not changes.first_check:
        lines.append(_("Sejak %(slot)s: +%(docs)s dokumen, %(done)s baru lengkap, %(new)s celah baru.",
                       slot=changes.previous_slot, docs=len(changes.new_documents),
                       done=len(changes.newly_complete), new=len(changes.new_gaps)))
    for area, rows in gaps_by_area(report):
        lines += ["", area]
        for q in rows:
            lines.append(f"- {q.code} [{_(STATUS_LABEL[q.status])}] {q.question}")
            lines += ["    " + _("belum ada: %(what)s", what=m) for m in q.missing]
            lines += ["    " + _("perlu konfirmasi: %(name)s — %(reason)s (belum dihitung)", name=d.name,
                                  reason=d.reason) for d in q.suggestions]
            lines += ["    " + _("reviewer: %(note)s", note=n) for n in q.reviewer_notes]
    lines += ["", report.note]
    return "\n".join(lines) + "\n"


def render_digest_text(entries: list[DigestEntry], year: int, *, reminders: tuple[str, ...] = ()) -> str:
    lines = [_("Ringkasan kelengkapan data dukung LKE ZI — periode %(year)s", year=year), ""]
    lines += [*reminders, ""] if reminders else []
    for e in entries:
        cov = e.component_coverage
        lines.append("- " + _("%(unit)s %(name)s: %(n)s belum lengkap; Pemenuhan %(p)s, Reform %(r)s",
                              unit=e.report.unit, name=e.report.unit_name, n=len(e.report.gaps),
                              p=pct(cov.get("Pemenuhan", 0)), r=pct(cov.get("Reform", 0))))
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
