"""The upload gate for a web batch that stays open while its period's upload window closes.

A batch is admitted when it is opened (``flows.periods.gate``), but a resumable upload may run for hours:
so the window is asked again when a file of the batch is created, when a file is complete (it joins the
batch) and when the batch is finished. Outside the window the batch is *held*: no new file, no file joins,
it cannot be finished while bytes wait — and nothing is thrown away. Bytes already received stay staged
(``flows.ingest.resumable``), the files received in time stay stored, and the reconciler neither closes a
held batch nor removes its staged bytes. The batch continues when the window opens again (the next resume
joins what waits) or when an admin accepts it outside the window (recorded in the audit log, as an
override when a batch is opened).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from config.i18n import _
from flows.periods.dates import today
from flows.periods.gate import UploadWindowClosedError, batch_overridden, refusal_in
from storage.records.models import UploadBatch, UploadPart


def held_message(batch_id: int, reason: str) -> str:
    return reason + " " + _("Unggahan #%(batch_id)s ditahan: berkas yang sudah terkirim tetap tersimpan dan "
                            "diterima begitu masa unggah dibuka lagi atau admin menerima unggahan ini.",
                            batch_id=batch_id)


def batch_refusal(session, batch: UploadBatch, day: date) -> str | None:
    """Why a file of this batch is refused on ``day`` (None: accepted — the window is open, or an admin
    accepted the batch outside it)."""
    reason = refusal_in(session, batch.period.year, day)
    if reason is None or batch_overridden(session, batch.id):
        return None
    return reason


def require_window(rt, session, batch: UploadBatch) -> None:
    """Raise :class:`UploadWindowClosedError` (with the reason and what happens to the batch) when a file
    of this batch may not come in today."""
    reason = batch_refusal(session, batch, today(rt.settings.mail.timezone))
    if reason is not None:
        raise UploadWindowClosedError(held_message(batch.id, reason))


def staged_parts(session, batch_id: int) -> int:
    """Files of the batch whose bytes (some or all) wait in the staging folder."""
    return session.scalar(select(func.count(UploadPart.id)).where(
        UploadPart.batch_id == batch_id, UploadPart.status == "receiving")) or 0


def held_reason(rt, session, batch: UploadBatch) -> str | None:
    """For the upload page: why this open batch is held (None when it is not)."""
    if batch.status != "open":
        return None
    reason = batch_refusal(session, batch, today(rt.settings.mail.timezone))
    return held_message(batch.id, reason) if reason else None


def held_batch_ids(rt) -> set[int]:
    """Open batches held by a closed window with staged bytes waiting: the reconciler keeps them as they are."""
    day = today(rt.settings.mail.timezone)
    with rt.records.session() as session:
        waiting = session.scalars(select(UploadPart.batch_id).where(UploadPart.status == "receiving").distinct())
        held = set()
        for batch_id in waiting:
            batch = session.get(UploadBatch, batch_id)
            if batch is not None and batch.status == "open" and batch_refusal(session, batch, day):
                held.add(batch_id)
        return held
