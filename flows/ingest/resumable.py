"""Files of a web upload batch that arrive in pieces (the tus protocol, ``web/tus.py``), and closing a batch
before all its files came (cancelled by the unit, or stalled).

A part is a row in ``upload_parts`` (who may append, which batch and path, the full length) and a file in
the data folder's staging folder (``settings.upload_staging_path``) whose size is the offset received so
far — so a web restart loses nothing that was written. Appending holds an exclusive ``flock`` on that file
(two requests for one upload never interleave, across processes too). When the last byte is in, the file
joins its batch exactly as a file sent in one piece does (``flows.ingest.uploads.add_file``: stored,
recorded, processed when the batch finishes) and the staged copy is removed.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from config.i18n import _
from config.errors import DukungError, InvalidInputError, NotFoundError
from flows.ingest.batch_window import batch_refusal, require_window
from flows.ingest.uploads import add_file, finish_batch, received_summary
from flows.periods.dates import today
from flows.periods.gate import record_override
from storage.records.models import UploadBatch, UploadPart

RECEIVING, JOINED = "receiving", "joined"


class PartGone(DukungError):
    """The upload expired or its batch was closed: start the file again in a new upload."""

    http_status = 410


class PartBusy(DukungError):
    """Another request is appending to this upload right now (the client retries)."""

    http_status = 423


class TooLarge(DukungError):
    http_status = 413


class Conflict(DukungError):
    """The client's offset is not where the upload stands (it asks again with HEAD)."""

    http_status = 409


@dataclass(frozen=True)
class PartView:
    id: str
    batch_id: int
    relative_path: str
    length: int
    offset: int
    status: str
    expires_at: datetime


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive UTC; PostgreSQL an aware time in the session's zone
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def stale_after(rt) -> timedelta:
    return timedelta(hours=rt.settings.ingest.upload_stale_hours)


def max_bytes(rt) -> int:
    return rt.settings.web.upload_max_mb * 1024 * 1024


def part_path(rt, part_id: str) -> Path:
    if not part_id.isalnum():
        raise NotFoundError(_("Unggahan tidak ditemukan"))
    return rt.settings.upload_staging_path / part_id


def _offset(rt, part: UploadPart) -> int:
    if part.status == JOINED:
        return part.length
    path = part_path(rt, part.id)
    return path.stat().st_size if path.exists() else 0


def _view(rt, part: UploadPart) -> PartView:
    return PartView(part.id, part.batch_id, part.relative_path, part.length, _offset(rt, part), part.status,
                    _aware(part.updated_at) + stale_after(rt))


def _touch(session, part: UploadPart) -> None:
    part.updated_at = _now()
    batch = session.get(UploadBatch, part.batch_id)
    batch.last_activity_at = part.updated_at


def create_part(rt, batch_id: int, owner_id: int, relative_path: str, length: int) -> PartView:
    """A new, empty upload of one file of an open batch. A part of the same path this person left
    unfinished in the batch is replaced (the browser lost it: it starts that file again)."""
    if length < 0:
        raise InvalidInputError(_("Panjang berkas tidak valid"))
    if length > max_bytes(rt):
        raise TooLarge(_("Berkas terlalu besar: maksimum %(mb)s MB per berkas", mb=rt.settings.web.upload_max_mb))
    relative_path = relative_path.strip()
    if not relative_path:
        raise InvalidInputError(_("Nama berkas kosong"))
    staging = rt.settings.upload_staging_path
    staging.mkdir(parents=True, exist_ok=True)
    with rt.records.session() as session:
        batch = session.get(UploadBatch, batch_id)
        if batch is None:
            raise NotFoundError(_("Unggahan #%(batch_id)s tidak ditemukan", batch_id=batch_id))
        if batch.status != "open":
            raise InvalidInputError(_("Unggahan #%(batch_id)s sudah ditutup: mulai unggahan baru", batch_id=batch_id))
        require_window(rt, session, batch)  # the window may have closed since the batch was opened
        old = list(session.scalars(select(UploadPart).where(
            UploadPart.batch_id == batch_id, UploadPart.owner_id == owner_id,
            UploadPart.relative_path == relative_path[:1024], UploadPart.status == RECEIVING)))
        part = UploadPart(id=secrets.token_hex(16), batch_id=batch_id, owner_id=owner_id,
                          relative_path=relative_path[:1024], length=length, status=RECEIVING)
        session.add(part)
        part_path(rt, part.id).touch()
        _touch(session, part)
        for stale in old:
            session.delete(stale)
        session.flush()
        view = _view(rt, part)
    for stale in old:
        part_path(rt, stale.id).unlink(missing_ok=True)
    return view


def get_part(rt, part_id: str, owner_id: int) -> PartView:
    """The part, for its owner only (anyone else: not found, as for an id that does not exist)."""
    with rt.records.session() as session:
        part = session.get(UploadPart, part_id) if part_id.isalnum() else None
        if part is None or part.owner_id != owner_id:
            raise NotFoundError(_("Unggahan tidak ditemukan"))
        view = _view(rt, part)
        batch_open = session.get(UploadBatch, part.batch_id).status == "open"
    if view.status == RECEIVING and (not batch_open or view.expires_at < _now()):
        raise PartGone(_("Unggahan berkas ini kedaluwarsa atau sudah ditutup: unggah ulang berkasnya"))
    return view


@contextmanager
def appending(rt, part_id: str, owner_id: int, offset: int) -> Iterator[tuple[PartView, object]]:
    """Hold the part for appending at ``offset``: yields (part, binary file open at its end). Raises
    ``PartBusy`` while another request holds it and ``Conflict`` when ``offset`` is not where it stands."""
    view = get_part(rt, part_id, owner_id)
    if view.status == JOINED:
        raise Conflict(_("Berkas sudah diterima lengkap (offset %(length)s)", length=view.length))
    try:
        fh = open(part_path(rt, part_id), "r+b")  # never re-created: a part discarded meanwhile stays gone
    except FileNotFoundError as exc:
        raise PartGone(_("Unggahan berkas ini sudah ditutup: unggah ulang berkasnya")) from exc
    with fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PartBusy(_("Berkas ini sedang dikirim oleh permintaan lain; coba lagi sebentar lagi")) from exc
        try:
            current = fh.seek(0, os.SEEK_END)  # under the lock: where the last writer stopped
            if current != offset:
                raise Conflict(_("Offset %(offset)s tidak cocok: server sudah menerima %(current)s bita", offset=offset,
                                 current=current))
            yield view, fh
        finally:
            fh.flush()
            os.fsync(fh.fileno())
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def progressed(rt, part_id: str) -> None:
    """Record that bytes came (the batch is not idle)."""
    with rt.records.session() as session:
        part = session.get(UploadPart, part_id)
        if part is not None:
            _touch(session, part)


def join_if_complete(rt, part_id: str, *, actor: str) -> dict | None:
    """When every byte is in: the file joins its batch (stored, recorded) and the staged copy goes.
    Returns the batch file's row (``add_file``), or None while bytes are missing or if already joined."""
    path = part_path(rt, part_id)
    with rt.records.session() as session:
        part = session.get(UploadPart, part_id)
        if part is None or part.status != RECEIVING or not path.exists() or path.stat().st_size != part.length:
            return None
        batch_id, relative_path = part.batch_id, part.relative_path
    with open(path, "rb") as fh:  # one joiner at a time (a retried request may come meanwhile)
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PartBusy(_("Berkas ini sedang disimpan; coba lagi sebentar lagi")) from exc
        with rt.records.session() as session:
            if session.get(UploadPart, part_id).status != RECEIVING:
                return None
        row = add_file(rt, batch_id, path, relative_path, actor=actor)
        with rt.records.session() as session:
            part = session.get(UploadPart, part_id)
            part.status = JOINED
            _touch(session, part)
    path.unlink(missing_ok=True)
    return row


def terminate_part(rt, part_id: str, owner_id: int) -> None:
    """The client gave this upload up (tus termination): its row and bytes go."""
    get_part(rt, part_id, owner_id)
    remove_parts(rt, [part_id])


def remove_parts(rt, part_ids: list[str]) -> int:
    with rt.records.session() as session:
        for part_id in part_ids:
            part = session.get(UploadPart, part_id)
            if part is not None:
                session.delete(part)
    for part_id in part_ids:
        part_path(rt, part_id).unlink(missing_ok=True)
    return len(part_ids)


def expired_part_ids(rt, older_than: timedelta | None = None, *, keep_batches: set[int] = frozenset()) -> list[str]:
    """Parts still receiving that got nothing for the stale timeout (or ``older_than``), and staged files
    no part owns. Parts of ``keep_batches`` (held by a closed upload window) are kept."""
    cutoff = _now() - (stale_after(rt) if older_than is None else older_than)
    with rt.records.session() as session:
        known = set(session.scalars(select(UploadPart.id)))
        parts = session.scalars(select(UploadPart).where(UploadPart.status == RECEIVING).order_by(UploadPart.id))
        expired = [p.id for p in parts if _aware(p.updated_at) <= cutoff and p.batch_id not in keep_batches]
    staging = rt.settings.upload_staging_path
    strays = sorted(p.name for p in staging.iterdir() if p.name.isalnum() and p.name not in known
                    and datetime.fromtimestamp(p.stat().st_mtime, timezone.utc) <= cutoff) if staging.is_dir() else []
    return expired + strays  # strays: staged bytes whose record never came (the creating request failed)


CANCELLED, STALLED = "dibatalkan", "unggahan terhenti"


def _still_open(session, batch_id: int) -> UploadBatch:
    """The open batch ``batch_id``; a clear error when there is none or it was closed (with why)."""
    batch = session.get(UploadBatch, batch_id)
    if batch is None:
        raise NotFoundError(_("Unggahan #%(batch_id)s tidak ditemukan", batch_id=batch_id))
    if batch.status != "open":
        raise InvalidInputError(_("Unggahan #%(batch_id)s sudah ditutup (%(reason)s)", batch_id=batch_id,
                                  reason=batch.closed_reason or _("selesai dikirim")))
    return batch


def close_unfinished(rt, batch_id: int, why: str, *, actor: str) -> list[int]:
    """Close an open batch before all its files came (``CANCELLED`` by the unit, ``STALLED`` by the
    reconciler): files not complete are discarded, files received stay stored and are processed (the
    returned documents). The reason is kept on the batch for the unit to read."""
    with rt.records.session() as session:
        batch = _still_open(session, batch_id)
        parts = [p.id for p in session.scalars(select(UploadPart).where(UploadPart.batch_id == batch_id))]
        batch.closed_reason = f"{why}; {received_summary(batch)}"
    remove_parts(rt, parts)
    return finish_batch(rt, batch_id, actor=actor)


def accept_outside_window(rt, batch_id: int, *, actor: str) -> int:
    """An admin accepts an open batch held by a closed upload window: the override is recorded in the audit
    log (the batch keeps it for its remaining files) and every file whose bytes all came joins the batch now.
    Returns how many joined."""
    day = today(rt.settings.mail.timezone)
    with rt.records.session() as session:
        batch = _still_open(session, batch_id)
        reason = batch_refusal(session, batch, day)
        if reason is not None:
            record_override(session, actor, batch.period.year, unit=batch.unit.code, channel="web", reason=reason,
                            day=day, batch_id=batch_id)
        waiting = list(session.scalars(select(UploadPart.id).where(
            UploadPart.batch_id == batch_id, UploadPart.status == RECEIVING).order_by(UploadPart.created_at)))
    return sum(1 for part_id in waiting if join_if_complete(rt, part_id, actor=actor) is not None)
