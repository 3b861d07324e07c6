"""Composing the completeness e-mails: a unit's gaps (or all-clear) and the reviewers' digest.

Each message is HTML (readable on a phone) with a plain-text part and the XLSX report attached.
Its *content hash* covers what it says and to whom, not when it was made, so the outbox can tell
a re-run of the same check from news.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import css_inline

from config.i18n import _, use_locale
from flows.completeness.changes import Changes, report_hash
from flows.completeness.check import CompletenessReport
from flows.mail.reports import write_xlsx
from flows.mail.reports_html import (DigestEntry, render_digest_html, render_digest_text, render_unit_html,
                                render_unit_text)

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
UNIT_GAPS = "unit_gaps"
UNIT_ALL_CLEAR = "unit_all_clear"
REVIEWER_DIGEST = "reviewer_digest"


@dataclass
class ComposedMessage:
    message: EmailMessage
    kind: str
    unit_code: str | None
    content_hash: str


def _xlsx_bytes(reports: list[CompletenessReport]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="dukung-mail-") as tmp:
        path = write_xlsx(reports, Path(tmp) / "laporan.xlsx")
        return path.read_bytes()


def inline_css(html: str) -> str:
    """``html`` with its <style> rules moved into style attributes: Gmail strips a <style> block in many
    views and Outlook ignores most of it, so an e-mail that relies on one loses its layout there."""
    return css_inline.inline(html)


#: Gap questions (and units in the digest) listed in an e-mail when the settings name no number.
TOP_DEFAULT = 10


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# Line breaks and other control characters (C0, C1, Unicode line/paragraph separators): in a header they
# are refused (ValueError) or, worse, start a header of their own.
_HEADER_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_text(value: str) -> str:
    """``value`` fit for one header line: every run of control characters becomes one space."""
    return " ".join(_HEADER_CONTROL.sub(" ", value).split())


def _base(sender: str, to: list[str], subject: str, slot: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = header_text(sender)
    msg["To"] = ", ".join(header_text(a) for a in to)
    msg["Subject"] = header_text(subject)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="dukung.local")
    msg["X-Dukung-Check"] = header_text(slot)
    msg["Auto-Submitted"] = "auto-generated"
    return msg


def unit_subject(report: CompletenessReport) -> str:
    n = len(report.gaps)
    if n:
        return "[Dukung] " + _("%(name)s (%(unit)s): %(n)s pertanyaan LKE belum lengkap — periode %(year)s",
                               name=report.unit_name, unit=report.unit, n=n, year=report.year)
    return "[Dukung] " + _("%(name)s (%(unit)s): semua pertanyaan LKE sudah berbukti — periode %(year)s",
                           name=report.unit_name, unit=report.unit, year=report.year)


def compose_unit_message(report: CompletenessReport, changes: Changes | None, *, sender: str, to: list[str],
                         slot: str, public_url: str = "", top: int = TOP_DEFAULT,
                         reminders: tuple[str, ...] = (), locale: str | None = None) -> ComposedMessage:
    """The unit's message: a one-line summary, a button to the unit's page, its ``top`` most important
    gaps (all of them in the XLSX attached and on the page), or a short all-clear; ``reminders``: the
    countdown lines of the period's deadlines — in the recipients' language (``locale``; None: the
    process's, ``DUKUNG_LOCALE``, Indonesian by default)."""
    with use_locale(locale):
        return _compose_unit_message(report, changes, sender=sender, to=to, slot=slot, public_url=public_url,
                                     top=top, reminders=reminders)


def _compose_unit_message(report: CompletenessReport, changes: Changes | None, *, sender: str, to: list[str],
                          slot: str, public_url: str, top: int, reminders: tuple[str, ...]) -> ComposedMessage:
    kind = UNIT_GAPS if report.gaps else UNIT_ALL_CLEAR
    msg = _base(sender, to, unit_subject(report), slot)
    msg["X-Dukung-Unit"] = header_text(report.unit)
    msg.set_content(render_unit_text(report, changes, public_url=public_url, top=top, reminders=reminders))
    msg.add_alternative(inline_css(render_unit_html(report, changes, public_url=public_url, top=top,
                                                    reminders=reminders)),
                        subtype="html")
    if report.gaps:
        msg.add_attachment(_xlsx_bytes([report]), maintype=XLSX[0], subtype=XLSX[1],
                           filename=f"kelengkapan-{report.unit}-{report.year}.xlsx")
    return ComposedMessage(msg, kind, report.unit, _hash(kind, ",".join(sorted(to)), report_hash(report),
                                                         *reminders))


def digest_subject(entries: list[DigestEntry], year: int) -> str:
    gaps = sum(len(e.report.gaps) for e in entries)
    units_open = sum(1 for e in entries if e.report.gaps)
    return "[Dukung] " + _("Ringkasan kelengkapan data dukung %(year)s: %(gaps)s pertanyaan belum lengkap "
                           "di %(open)s dari %(units)s unit", year=year, gaps=gaps, open=units_open,
                           units=len(entries))


def compose_digest(entries: list[DigestEntry], year: int, *, sender: str, to: list[str], slot: str,
                   public_url: str = "", top: int = TOP_DEFAULT, reminders: tuple[str, ...] = (),
                   locale: str | None = None) -> ComposedMessage:
    """The reviewers' digest: a summary, a button to the gaps page, the ``top`` units with the most gaps;
    every unit's report in one XLSX (in ``locale``)."""
    with use_locale(locale):
        return _compose_digest(entries, year, sender=sender, to=to, slot=slot, public_url=public_url, top=top,
                               reminders=reminders)


def _compose_digest(entries: list[DigestEntry], year: int, *, sender: str, to: list[str], slot: str,
                    public_url: str, top: int, reminders: tuple[str, ...]) -> ComposedMessage:
    msg = _base(sender, to, digest_subject(entries, year), slot)
    msg.set_content(render_digest_text(entries, year, public_url=public_url, top=top, reminders=reminders))
    msg.add_alternative(inline_css(render_digest_html(entries, year, public_url=public_url, top=top,
                                                      reminders=reminders)),
                        subtype="html")
    msg.add_attachment(_xlsx_bytes([e.report for e in entries]), maintype=XLSX[0], subtype=XLSX[1],
                       filename=f"kelengkapan-semua-unit-{year}.xlsx")
    content = _hash(REVIEWER_DIGEST, ",".join(sorted(to)), *sorted(report_hash(e.report) for e in entries),
                    *reminders)
    return ComposedMessage(msg, REVIEWER_DIGEST, None, content)
