"""What changed since the previous completeness check: snapshots of each check and their difference.

A check is named by its *slot* (the day of a manual check, the scheduled day of a scheduled one;
ISO dates, so they sort).
Re-running the same slot replaces that slot's snapshot and is still compared with the check before
it, so a retried scheduled run reports — and hashes — exactly what the first attempt did.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from flows.completeness.check import LENGKAP, CompletenessReport
from storage.records import repository as repo
from storage.records.models import CompletenessSnapshot, Document


@dataclass
class ChangedDocument:
    document_id: int
    path: str


@dataclass
class Changes:
    """The difference between this check and the previous one of the same unit and period."""

    previous_slot: str | None
    previous_at: str | None
    new_documents: list[ChangedDocument] = field(default_factory=list)
    newly_complete: list[str] = field(default_factory=list)  # question codes
    new_gaps: list[str] = field(default_factory=list)  # question codes that were lengkap, or are newly tagged

    @property
    def first_check(self) -> bool:
        return self.previous_slot is None

    @property
    def empty(self) -> bool:
        return not (self.new_documents or self.newly_complete or self.new_gaps)

    def as_dict(self) -> dict:
        return {**asdict(self), "first_check": self.first_check}


def today_slot(timezone: str = "Asia/Jakarta", at: datetime | None = None) -> str:
    """The slot of a check made now (or at ``at``): its day in the installation's time zone."""
    moment = (at or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(timezone))
    return moment.date().isoformat()


def report_hash(report: CompletenessReport) -> str:
    """A hash of what a report says (not when it was made): equal hashes mean nothing to tell anew."""
    payload = [report.unit, report.year, [
        (q.code, q.status, q.automatic_status, sorted(d.document_id for d in q.documents), q.missing,
         q.reviewer_notes, sorted(d.document_id for d in q.suggestions)) for q in report.questions]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, default=str).encode()).hexdigest()


def changes_since_previous(rt, report: CompletenessReport, slot: str) -> Changes:
    """Compare ``report`` with the snapshot of the latest earlier slot of the same unit and period."""
    with rt.records.session() as session:
        unit = repo.get_unit(session, report.unit)
        period = repo.get_or_create_period(session, report.year)
        previous = session.scalars(
            select(CompletenessSnapshot)
            .where(CompletenessSnapshot.unit_id == unit.id, CompletenessSnapshot.period_id == period.id,
                   CompletenessSnapshot.slot < slot)
            .order_by(CompletenessSnapshot.slot.desc())
            .limit(1)).first()
        if previous is None:
            return Changes(previous_slot=None, previous_at=None)
        known = set(previous.document_ids or [])
        # documents of the unit and period that are current and were not there at the previous check
        current = session.execute(
            select(Document.id, Document.relative_path)
            .where(Document.unit_id == unit.id, Document.period_id == period.id, Document.is_current.is_(True))
        ).all()
        new_docs = [ChangedDocument(i, p) for i, p in sorted(current, key=lambda r: r[1]) if i not in known]
        before = previous.statuses
        prev_slot, prev_at = previous.slot, previous.created_at.isoformat(timespec="seconds")
    now = {q.code: q.status for q in report.questions}
    newly_complete = [c for c, s in now.items() if s == LENGKAP and before.get(c) not in (None, LENGKAP)]
    new_gaps = [c for c, s in now.items() if s != LENGKAP and before.get(c) == LENGKAP
                or (s != before.get(c) and s == "ditandai_reviewer")]
    return Changes(previous_slot=prev_slot, previous_at=prev_at, new_documents=new_docs,
                   newly_complete=newly_complete, new_gaps=new_gaps)


def save_snapshot(rt, report: CompletenessReport, slot: str) -> None:
    """Record this check as the snapshot of ``slot`` (replacing an earlier one of the same slot)."""
    with rt.records.session() as session:
        unit = repo.get_unit(session, report.unit)
        period = repo.get_or_create_period(session, report.year)
        all_docs = list(session.scalars(
            select(Document.id).where(Document.unit_id == unit.id, Document.period_id == period.id,
                                      Document.is_current.is_(True))))
        snap = session.scalars(select(CompletenessSnapshot).where(
            CompletenessSnapshot.unit_id == unit.id, CompletenessSnapshot.period_id == period.id,
            CompletenessSnapshot.slot == slot)).first()
        if snap is None:
            snap = CompletenessSnapshot(unit_id=unit.id, period_id=period.id, slot=slot)
            session.add(snap)
        snap.statuses = {q.code: q.status for q in report.questions}
        snap.document_ids = sorted(all_docs)  # every current document, supporting a question or not
        snap.content_hash = report_hash(report)
        snap.created_at = datetime.now(ZoneInfo("UTC"))
