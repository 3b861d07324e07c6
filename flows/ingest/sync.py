"""Sync of the bucket inbox: units drop files under ``inbox/<UNIT>/<YEAR>/…`` (MinIO console, `mc`,
S3 Browser); new or changed objects (by ETag and size) are ingested like an upload.

An object that cannot be taken (unknown unit, a year that is not a year, a period whose upload windows are
closed — see :mod:`flows.periods.gate`) is left where it is and recorded as ``rejected`` with the reason, so
nothing is lost and the report says why; a rejected object is looked at again by every sync (taken once its
period's window opens).
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from flows.ingest.pipeline import BatchReport, chunks_with_next, ocr_documents, process_batch
from flows.ingest.staging import is_system_file, iter_object_files, stage_files
from flows.periods.dates import today
from flows.periods.gate import refusal_in
from storage.records import repository as repo
from storage.records.models import InboxObject, Unit

INBOX = "inbox/"
_YEAR = re.compile(r"^(20\d\d)$")


@dataclass
class SyncReport:
    seen: int = 0
    new_or_changed: int = 0
    unchanged: int = 0
    skipped: int = 0  # system files (Thumbs.db, .DS_Store, ~$ lock files): left in place, never evidence
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (key, reason)
    staged_documents: list[int] = field(default_factory=list)
    batches: BatchReport = field(default_factory=BatchReport)

    def as_dict(self) -> dict:
        return {"seen": self.seen, "new_or_changed": self.new_or_changed, "unchanged": self.unchanged,
                "skipped": self.skipped,
                "rejected": [{"key": k, "reason": r} for k, r in self.rejected],
                "documents": len(self.staged_documents), "processed": self.batches.processed,
                "statuses": dict(self.batches.statuses)}


def _split(key: str, prefix: str) -> tuple[str, str, str] | None:
    parts = key[len(prefix):].split("/", 2)
    if len(parts) < 3 or not parts[2]:
        return None
    return parts[0], parts[1], parts[2]


def find_changes(rt, prefix: str = INBOX) -> tuple[dict[tuple[str, int], list], SyncReport]:
    """Objects under the inbox that are new or changed since the last sync, grouped by (unit, year)."""
    report = SyncReport()
    groups: dict[tuple[str, int], list] = defaultdict(list)
    closed: dict[int, str | None] = {}  # year → why its uploads are refused today (None: accepted)
    day = today(rt.settings.mail.timezone)
    with rt.records.session() as session:
        known = {o.key: o for o in session.scalars(select(InboxObject).where(InboxObject.key.startswith(prefix)))}
        # removed units take no uploads; the folder's unit code may be in any case (inbox/dinkes-jbr/…)
        units = {c.upper() for c in session.scalars(select(Unit.code).where(Unit.archived_at.is_(None)))}
        for info in rt.objects.list(prefix):
            report.seen += 1
            seen = known.get(info.key)
            if (seen is not None and seen.status == "synced" and seen.etag == (info.etag or "")
                    and seen.size == info.size):
                report.unchanged += 1
                continue
            if is_system_file(info.key.rsplit("/", 1)[-1]):
                report.skipped += 1
                row = seen or InboxObject(key=info.key)
                row.etag, row.size, row.status = info.etag or "", info.size, "synced"
                row.reason, row.synced_at = "berkas sistem, bukan data dukung", datetime.now(timezone.utc)
                session.merge(row)
                continue
            parts = _split(info.key, prefix)
            reason = None
            if parts is None:
                reason = "letakkan berkas di inbox/<KODE-UNIT>/<TAHUN>/…"
            elif parts[0].upper() not in units:
                reason = f"unit '{parts[0]}' belum terdaftar atau sudah dihapus"
            elif not _YEAR.match(parts[1]):
                reason = f"'{parts[1]}' bukan tahun periode (mis. 2025)"
            else:  # outside the period's upload windows: refused now, taken when a window opens
                year = int(parts[1])
                if year not in closed:
                    closed[year] = refusal_in(session, year, day)
                reason = closed[year]
            if reason:
                report.rejected.append((info.key, reason))
                row = seen or InboxObject(key=info.key)
                row.etag, row.size, row.status, row.reason = info.etag or "", info.size, "rejected", reason
                row.synced_at = datetime.now(timezone.utc)
                session.merge(row)
                continue
            groups[(parts[0], int(parts[1]))].append(info)
            report.new_or_changed += 1
    return groups, report


def sync_inbox(rt, prefix: str = INBOX, *, uploaded_by: str = "inbox") -> SyncReport:
    """Ingest every new or changed inbox object; a re-run with nothing new does nothing."""
    prefix = prefix.rstrip("/") + "/"
    groups, report = find_changes(rt, prefix)
    for (unit, year), infos in sorted(groups.items()):
        by_key = {i.key: i for i in infos}
        unit_prefix = f"{prefix}{unit}/{year}/"

        def remember(session, relative_path, doc, _unit_prefix=unit_prefix, _by_key=by_key):
            info = _by_key[_unit_prefix + relative_path]
            session.merge(InboxObject(key=info.key, etag=info.etag or "", size=info.size, sha256=doc.sha256,
                                      document_id=doc.id, status="synced", reason=None,
                                      synced_at=datetime.now(timezone.utc)))

        with tempfile.TemporaryDirectory(prefix="dukung-inbox-") as tmp:
            files = ((path, key[len(unit_prefix):])
                     for key, path in iter_object_files(rt, sorted(by_key), Path(tmp)))
            stage = stage_files(rt, files, unit_code=unit, year=year, uploaded_by=uploaded_by,
                                on_recorded=remember)
        report.staged_documents.extend(stage.to_process)
        for path, reason in stage.errors:
            report.rejected.append((unit_prefix + path, reason))
    for batch, following in chunks_with_next(report.staged_documents, rt.settings.ingest.batch_size):
        report.batches.add(process_batch(rt, batch, next_ids=following))
    if report.batches.ocr_pending:  # scans after every text document is recorded
        report.batches.add_ocr(ocr_documents(rt, report.batches.ocr_pending))
    with rt.records.session() as session:
        for key, reason in report.rejected:
            repo.audit(session, uploaded_by, "inbox_rejected", "object", key[:64], {"key": key, "reason": reason})
    return report
