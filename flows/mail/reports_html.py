"""Completeness reports as HTML: a unit's report (the gap e-mail's body, readable on a phone) and the
reviewers' digest of all units; plus plain-text versions for the e-mails' text part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

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


#: Gaps shown first: a reviewer's flag, then no evidence at all, then partial evidence.
_STATUS_RANK = {"ditandai_reviewer": 0, "belum_ada": 1, "sebagian": 2}


def most_important_gaps(report: CompletenessReport, top: int | None) -> list:
    """The unit's open questions, at most ``top`` of them (None: all, in LKE order — the full report file):
    those a reviewer flagged first (a person asked for them), then the heaviest in the LKE (catalog weight),
    no evidence before partial evidence, then LKE order."""
    if top is None:
        return list(report.gaps)
    order = {q.code: i for i, q in enumerate(report.questions)}
    ranked = sorted(report.gaps, key=lambda q: (q.status != "ditandai_reviewer", -q.weight,
                                                _STATUS_RANK.get(q.status, 3), order[q.code]))
    return ranked[:top]


@dataclass(frozen=True)
class Links:
    """Where the e-mail's buttons go in the web app (empty without ``DUKUNG_MAIL__PUBLIC_URL``)."""

    home: str = ""
    unit: str = ""
    gaps: str = ""

    @classmethod
    def of(cls, public_url: str, unit: str | None = None, year: int | None = None) -> "Links":
        base = (public_url or "").rstrip("/")
        if not base:
            return cls()
        q = f"period={year}" if year else ""
        if unit is None:
            return cls(base + "/", "", f"{base}/gaps?{q}")
        code = quote(unit, safe="")
        return cls(base + "/", f"{base}/units/{code}?{q}", f"{base}/gaps?unit={code}&{q}")


def waiting_count(report: CompletenessReport) -> int:
    """Documents suggested for an open question that wait for a person's confirmation."""
    return sum(len(q.suggestions) for q in report.gaps)


def unit_summary(report: CompletenessReport) -> str:
    """The e-mail's first line: "12 pertanyaan belum lengkap, 3 dokumen perlu konfirmasi"."""
    if not report.gaps:
        return _("Semua %(n)s pertanyaan LKE sudah didukung bukti", n=len(report.questions))
    words = _("%(n)s pertanyaan belum lengkap", n=len(report.gaps))
    waiting = waiting_count(report)
    return words + (_(", %(n)s dokumen perlu konfirmasi", n=waiting) if waiting else "")


def render_unit_html(report: CompletenessReport, changes: Changes | None = None, *, public_url: str = "",
                     top: int | None = None, reminders: tuple[str, ...] = ()) -> str:
    shown = most_important_gaps(report, top)
    return _env().get_template("report_unit.html").render(
        title=_("Kelengkapan data dukung %(unit)s %(year)s", unit=report.unit, year=report.year), r=report, gaps=report.gaps, shown=shown,
        more=len(report.gaps) - len(shown), summary=unit_summary(report), waiting=waiting_count(report),
        links=Links.of(public_url, report.unit, report.year), changes=changes, public_url=public_url,
        generated_at=_now(), reminders=reminders)


def digest_order(entries: list[DigestEntry], top: int | None) -> list[DigestEntry]:
    """The units with the most open questions first, at most ``top`` (None: all, as given)."""
    if top is None:
        return list(entries)
    return sorted(entries, key=lambda e: -len(e.report.gaps))[:top]


def render_digest_html(entries: list[DigestEntry], year: int, *, public_url: str = "",
                       top: int | None = None, reminders: tuple[str, ...] = ()) -> str:
    shown = digest_order(entries, top)
    return _env().get_template("report_digest.html").render(
        title=_("Ringkasan kelengkapan data dukung %(year)s", year=year), entries=entries, shown=shown,
        more=len(entries) - len(shown), year=year, total_gaps=sum(len(e.report.gaps) for e in entries),
        units_open=sum(1 for e in entries if e.report.gaps), note=ESTIMATE_NOTE,
        links=Links.of(public_url, None, year), public_url=public_url, generated_at=_now(), reminders=reminders)


def render_unit_text(report: CompletenessReport, changes: Changes | None = None, *, public_url: str = "",
                     top: int | None = None, reminders: tuple[str, ...] = ()) -> str:
    """The plain-text part of a unit's e-mail (for mail clients that do not show HTML)."""
    links = Links.of(public_url, report.unit, report.year)
    lines = [_("%(name)s — kelengkapan data dukung LKE ZI, periode %(year)s", name=report.unit_name,
               year=report.year), "", unit_summary(report) + "."]
    if links.unit:
        lines.append(_("Buka halaman unit di Dukung: %(link)s", link=links.unit))
    lines += ["", *reminders] if reminders else []
    if changes is not None and not changes.first_check:
        lines.append(_("Sejak %(slot)s: +%(docs)s dokumen, %(done)s baru lengkap, %(new)s celah baru.",
                       slot=changes.previous_slot, docs=len(changes.new_documents),
                       done=len(changes.newly_complete), new=len(changes.new_gaps)))
    shown = most_important_gaps(report, top)
    if shown:
        lines += ["", _("Yang paling penting dilengkapi:") if top is not None else _("Pertanyaan yang belum lengkap:")]
    for q in shown:
        lines.append(f"- {q.code} [{_(STATUS_LABEL[q.status])}] {q.question}")
        lines += ["    " + _("belum ada: %(what)s", what=m) for m in q.missing]
        lines += ["    " + _("perlu konfirmasi: %(name)s — %(reason)s (belum dihitung)", name=d.name,
                              reason=d.reason) for d in q.suggestions]
        lines += ["    " + _("reviewer: %(note)s", note=n) for n in q.reviewer_notes]
    more = len(report.gaps) - len(shown)
    if more:
        where = _(": %(link)s", link=links.gaps) if links.gaps else ""
        lines += ["", _("… dan %(n)s lainnya — lihat semua di Dukung%(where)s dan di lampiran XLSX.", n=more,
                        where=where)]
    lines += ["", report.note]
    return "\n".join(lines) + "\n"


def render_digest_text(entries: list[DigestEntry], year: int, *, public_url: str = "",
                       top: int | None = None, reminders: tuple[str, ...] = ()) -> str:
    links = Links.of(public_url, None, year)
    total = sum(len(e.report.gaps) for e in entries)
    units_open = sum(1 for e in entries if e.report.gaps)
    lines = [_("Ringkasan kelengkapan data dukung LKE ZI — periode %(year)s", year=year), "",
             _("%(total)s pertanyaan belum lengkap di %(open)s dari %(units)s unit.", total=total, open=units_open,
               units=len(entries))]
    if links.gaps:
        lines.append(_("Lihat semua celah di Dukung: %(link)s", link=links.gaps))
    lines += ["", *reminders] if reminders else []
    lines.append("")
    shown = digest_order(entries, top)
    for e in shown:
        cov = e.component_coverage
        lines.append("- " + _("%(name)s (%(unit)s): %(n)s belum lengkap; Pemenuhan %(p)s, Reform %(r)s",
                              name=e.report.unit_name, unit=e.report.unit, n=len(e.report.gaps),
                              p=pct(cov.get("Pemenuhan", 0)), r=pct(cov.get("Reform", 0))))
    if len(entries) > len(shown):
        lines.append(_("… dan %(n)s unit lainnya (lihat lampiran XLSX).", n=len(entries) - len(shown)))
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
