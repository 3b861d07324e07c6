"""The reconciler: find work an outage left unfinished and every disagreement between the records,
the object store and the search index, and bring each to a final state.

``find_drift`` only looks; ``reconcile`` repairs and is idempotent (a second run finds nothing).
What is younger than ``older_than`` is left alone: an upload still running owns it. Run by
``dukung reconcile``, on a schedule by ``dukung serve`` (``flows.pipelines.reconcile_flow``), and
counted by ``dukung doctor``.

=====================  ============================================  =====================================
drift                  what it is                                    repair
=====================  ============================================  =====================================
pending                current document without a result, or a       processed (text, then OCR)
                       scan still waiting for its OCR pass
stale_batches          web upload batch processing/errored with      its documents processed, batch closed
                       nothing happening, or open with nothing       (an open one with the reason: "unggahan
                       received for ``upload_stale_hours``           terhenti; 57 dari 78 berkas diterima")
expired_uploads        file partly sent by the resumable upload,     its staged bytes removed
                       nothing more for ``upload_stale_hours``
missing_objects        record whose stored file is gone              marked ``failed`` with the reason
orphan_objects         stored file no record points at               removed (its upload never finished)
missing_from_index     current document not in the search index      indexed
index_without_record   index entry of no current document            removed from the index
queued_mail            e-mail still in the outbox                    delivered
unconfirmed_mail       e-mail handed to the server, result lost      recorded as sent (never sent twice)
=====================  ============================================  =====================================
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from config.errors import DukungError
from config.i18n import _, N_
from flows.mail.outbox import QUEUED, SENDING
from storage.records import unfinished
from storage.records.models import OutboxMessage

log = logging.getLogger(__name__)

BLOBS = "blobs/"
MISSING_OBJECT_REASON = ("Berkas tidak ditemukan di penyimpanan objek (hilang setelah diunggah); unggah ulang "
                         "berkas ini")
#: Above this share of current documents without their file, the store is more likely misconfigured
#: (wrong bucket) than emptied: nothing is marked, the reconciler stops and says so.
MAX_MISSING_SHARE = 0.5

LABELS = {
    "pending": N_("Dokumen tertunda"),
    "stale_batches": N_("Unggahan macet"),
    "expired_uploads": N_("Berkas terkirim sebagian"),
    "missing_objects": N_("Tercatat tanpa berkas"),
    "orphan_objects": N_("Berkas tanpa catatan"),
    "missing_from_index": N_("Tercatat tanpa indeks"),
    "index_without_record": N_("Indeks tanpa catatan"),
    "queued_mail": N_("E-mail antre"),
    "unconfirmed_mail": N_("E-mail tanpa konfirmasi"),
}
EXPLAIN = {
    "pending": N_("dokumen tersimpan yang belum selesai diproses"),
    "stale_batches": N_("unggahan web yang tidak kunjung selesai"),
    "expired_uploads": N_("berkas yang terkirim sebagian dan tidak dilanjutkan"),
    "missing_objects": N_("dokumen tercatat yang berkasnya tidak ada di penyimpanan"),
    "orphan_objects": N_("berkas di penyimpanan yang tidak tercatat"),
    "missing_from_index": N_("dokumen tercatat yang tidak dapat dicari"),
    "index_without_record": N_("hasil pencarian untuk dokumen yang tidak tercatat"),
    "queued_mail": N_("e-mail yang belum terkirim"),
    "unconfirmed_mail": N_("e-mail yang diserahkan ke server tanpa hasil tercatat"),
}


class ReconcileRefused(DukungError):
    """The drift looks like a misconfiguration, not damage: nothing was changed."""


@dataclass
class Drift:
    pending: list[int] = field(default_factory=list)
    stale_batches: list[int] = field(default_factory=list)
    expired_uploads: list[str] = field(default_factory=list)
    missing_objects: list[int] = field(default_factory=list)
    orphan_objects: list[str] = field(default_factory=list)
    missing_from_index: list[int] = field(default_factory=list)
    index_without_record: list[int] = field(default_factory=list)
    queued_mail: list[int] = field(default_factory=list)
    unconfirmed_mail: list[int] = field(default_factory=list)
    #: documents marked failed for a missing file whose file is back: processed again (in ``pending``)
    restored: list[int] = field(default_factory=list)
    #: current documents (to judge whether ``missing_objects`` is plausible)
    current: int = 0

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in LABELS}

    @property
    def clean(self) -> bool:
        return not any(self.counts().values())


@dataclass
class ReconcileReport:
    found: dict[str, int]
    remaining: dict[str, int]
    processed: int = 0
    marked_failed: int = 0
    indexed: int = 0
    unindexed: int = 0
    removed_objects: int = 0
    batches_closed: int = 0
    removed_uploads: int = 0
    mail_sent: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not any(self.remaining.values())

    def as_dict(self) -> dict:
        return asdict(self)


def _cutoff(older_than: timedelta) -> datetime:
    return datetime.now(timezone.utc) - older_than


def _before(moment: datetime | None, cutoff: datetime) -> bool:
    if moment is None:
        return True
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment < cutoff


def default_age(rt) -> timedelta:
    return timedelta(minutes=rt.settings.ingest.stuck_after_minutes)


def find_drift(rt, older_than: timedelta | None = None, *, open_older_than: timedelta | None = None) -> Drift:
    """Everything not in a final state for longer than ``older_than`` (default: the setting), and every
    record/object/index disagreement. Raises the outage error when a server cannot be reached. An open
    upload batch (and a file partly sent) waits ``open_older_than`` — default ``older_than`` if given, else
    ``ingest.upload_stale_hours`` — for its browser to resume it. A batch held by a closed upload window
    (``flows.ingest.batch_window``) is not drift: it waits for the window or an admin, its bytes kept."""
    from flows.ingest.batch_window import held_batch_ids
    from flows.ingest.resumable import expired_part_ids, stale_after

    cutoff = _cutoff(default_age(rt) if older_than is None else older_than)
    if open_older_than is None:
        open_older_than = stale_after(rt) if older_than is None else older_than
    open_cutoff = _cutoff(open_older_than)
    held = held_batch_ids(rt)
    expired = expired_part_ids(rt, open_older_than, keep_batches=held)
    with rt.records.session() as session:
        never = unfinished.unprocessed_ids(session)
        old_never = set(unfinished.unprocessed_ids(session, uploaded_before=cutoff))
        ocr_waiting = unfinished.ocr_waiting_ids(session, extracted_before=cutoff)
        stale = [b for b in unfinished.stale_batch_ids(session, before=cutoff, open_before=open_cutoff)
                 if b not in held]
        current = unfinished.current_object_keys(session)
        referenced = unfinished.referenced_object_keys(session)
        mail = list(session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.status == QUEUED, OutboxMessage.created_at < cutoff).order_by(OutboxMessage.id)))
        unconfirmed = list(session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.status == SENDING, OutboxMessage.created_at < cutoff).order_by(OutboxMessage.id)))
    stored = {o.key: o.modified for o in rt.objects.list(BLOBS)}
    without_file = [d for d, key in current.items() if key not in stored]
    with_file_again = [d for d, key in current.items() if key in stored]
    with rt.records.session() as session:
        reasons = unfinished.extraction_reasons(session, without_file + with_file_again)
    missing = sorted(d for d in without_file if reasons.get(d, ("", None))[1] != MISSING_OBJECT_REASON)
    restored = sorted(d for d in with_file_again if reasons.get(d, ("", None))[1] == MISSING_OBJECT_REASON)
    pending = sorted((old_never | set(ocr_waiting) | set(restored)) - set(missing))
    indexed = rt.search.indexed_ids()
    recent = set(never) - old_never  # an upload still running owns these
    return Drift(
        pending=pending, stale_batches=stale, expired_uploads=expired, missing_objects=missing,
        orphan_objects=sorted(k for k, modified in stored.items()
                              if k not in referenced and _before(modified, cutoff)),
        missing_from_index=sorted(set(current) - indexed - recent),
        index_without_record=sorted(indexed - set(current)),
        queued_mail=mail, unconfirmed_mail=unconfirmed, restored=restored, current=len(current))


def _mark_missing(rt, doc_ids: list[int]) -> int:
    """Record each document's missing file as its final result (classified by its path, still listed)."""
    from flows.ingest.processing import jobs_for, killed_outcome, save_outcomes

    outcomes = [killed_outcome(job, MISSING_OBJECT_REASON) for job in jobs_for(rt, doc_ids)]
    save_outcomes(rt, outcomes)
    return len(outcomes)


def _close_stale_batches(rt, batch_ids: list[int]) -> tuple[int, set[int]]:
    """Process what each batch received and close it; an open one (its browser never came back) says why."""
    from flows.ingest.pipeline import process_documents
    from flows.ingest.resumable import STALLED, close_unfinished
    from flows.ingest.uploads import complete_batch, finish_batch
    from storage.records.models import UploadBatch

    closed, processed = 0, set()
    for batch_id in batch_ids:
        with rt.records.session() as session:
            still_open = session.get(UploadBatch, batch_id).status == "open"
        if still_open:
            ids = close_unfinished(rt, batch_id, STALLED, actor="rekonsiliasi")
        else:
            ids = finish_batch(rt, batch_id, actor="rekonsiliasi")
        report = process_documents(rt, ids)
        processed |= set(ids) - set(report.deferred)
        if report.deferred or report.unindexed:
            complete_batch(rt, batch_id, "layanan tidak tersedia; dilanjutkan oleh rekonsiliasi berikutnya")
        else:
            complete_batch(rt, batch_id)
            closed += 1
    return closed, processed


def _remove_orphans(rt, keys: list[str]) -> int:
    """Delete stored files nobody recorded — checked once more, as an upload may have recorded one since."""
    with rt.records.session() as session:
        referenced = unfinished.referenced_object_keys(session)
    removed = 0
    for key in keys:
        if key not in referenced:
            rt.objects.delete(key)
            removed += 1
    return removed


def reconcile(rt, older_than: timedelta | None = None) -> ReconcileReport:
    """Repair every drift :func:`find_drift` reports; returns what was found, done, and what remains."""
    from flows.ingest.indexer import index_documents
    from flows.ingest.pipeline import ocr_documents, process_documents
    from flows.mail.outbox import deliver_pending, settle_unconfirmed

    age = default_age(rt) if older_than is None else older_than
    drift = find_drift(rt, older_than)
    report = ReconcileReport(found=drift.counts(), remaining={})
    if drift.current and len(drift.missing_objects) > max(10, MAX_MISSING_SHARE * drift.current):
        raise ReconcileRefused(
            _("%(missing)s dari %(current)s dokumen tidak menemukan berkasnya di penyimpanan "
              "objek: periksa alamat penyimpanan (DUKUNG_STORAGE__URL) sebelum rekonsiliasi. Tidak ada yang diubah.",
              missing=len(drift.missing_objects), current=drift.current))
    if drift.missing_objects:
        report.marked_failed = _mark_missing(rt, drift.missing_objects)
    report.batches_closed, done = _close_stale_batches(rt, drift.stale_batches)
    if drift.expired_uploads:
        from flows.ingest.resumable import remove_parts

        report.removed_uploads = remove_parts(rt, drift.expired_uploads)
    with rt.records.session() as session:
        never = [d for d in unfinished.unprocessed_ids(session, ids=drift.pending) if d not in done]
    ocr_waiting = [d for d in drift.pending if d not in set(never) | done and d not in drift.restored]
    batches = process_documents(rt, never + [d for d in drift.restored if d not in done])
    if ocr_waiting:
        batches.add_ocr(ocr_documents(rt, ocr_waiting))
    report.processed = batches.processed
    report.unindexed = len(batches.unindexed)
    if drift.index_without_record:
        rt.search.delete(drift.index_without_record)
    handled = done | set(never) | set(drift.restored) | set(ocr_waiting)
    to_index = [d for d in drift.missing_from_index if d not in handled or d in batches.unindexed]
    to_index += drift.missing_objects + list(batches.unindexed)
    if to_index:
        report.indexed = index_documents(rt, list(dict.fromkeys(to_index)))
    report.removed_objects = _remove_orphans(rt, drift.orphan_objects)
    if drift.unconfirmed_mail:
        settle_unconfirmed(rt, _cutoff(age))
    if drift.queued_mail:
        delivery = deliver_pending(rt)
        report.mail_sent = delivery.sent
        report.errors += delivery.errors
    report.remaining = find_drift(rt, older_than).counts()
    log.info("reconcile: found %s, remaining %s", report.found, report.remaining)
    return report

