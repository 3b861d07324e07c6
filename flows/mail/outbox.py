"""The durable outbox: every message is recorded before it is sent and stays until it is delivered.

``enqueue`` stores a composed message unless the same message (same check, audience and content
hash) was already queued or sent — a re-run of the same scheduled check sends nothing twice.
``deliver_pending`` hands queued messages to the transport, oldest first, committing each result,
so a failure leaves the message queued (with the error and attempt count) for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP

from sqlalchemy import select

from flows.mail.transports import MailDeliveryError, MailTransport, open_transport
from storage.records.models import OutboxMessage, utcnow

QUEUED = "queued"
#: handed to the transport, its result not yet recorded: the records database went away between the
#: hand-over and the record (``flows.recovery.reconcile`` settles it as sent — never a second copy)
SENDING = "sending"
SENT = "sent"


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    delivered: list[dict] = field(default_factory=list)  # id, kind, unit, recipients, where

    @property
    def pending(self) -> int:
        return self.failed

    def as_dict(self) -> dict:
        return {"sent": self.sent, "failed": self.failed, "errors": self.errors, "delivered": self.delivered}


def enqueue(session, message: EmailMessage, *, dedupe_key: str, content_hash: str, kind: str,
            unit_code: str | None, force: bool = False) -> OutboxMessage | None:
    """Queue ``message`` unless this exact message was already queued or sent (returns None then)."""
    if not force:
        existing = session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key == dedupe_key, OutboxMessage.content_hash == content_hash).limit(1)).first()
        if existing is not None:
            return None
    recipients = [a for h in ("To", "Cc", "Bcc") for a in _addresses(message, h)]
    del message["Bcc"]
    row = OutboxMessage(dedupe_key=dedupe_key[:255], content_hash=content_hash, kind=kind, unit_code=unit_code,
                        recipients=recipients, subject=str(message["Subject"])[:512],
                        message=message.as_bytes(policy=SMTP), status=QUEUED, attempts=0)
    session.add(row)
    session.flush()
    return row


def _addresses(message: EmailMessage, header: str) -> list[str]:
    value = message.get(header)
    if value is None:
        return []
    return [a.addr_spec for a in value.addresses]


def deliver_pending(rt, transport: MailTransport | None = None, *, limit: int | None = None) -> DeliveryReport:
    """Send every queued message (oldest first); each outcome is committed on its own."""
    own = transport is None
    transport = transport or open_transport(rt.settings)
    report = DeliveryReport()
    sender = rt.settings.mail.sender
    try:
        with rt.records.session() as session:
            stmt = select(OutboxMessage.id).where(OutboxMessage.status == QUEUED).order_by(OutboxMessage.id)
            ids = list(session.scalars(stmt.limit(limit) if limit else stmt))
        for msg_id in ids:
            with rt.records.session() as session:  # claimed and committed before it leaves
                row = session.get(OutboxMessage, msg_id)
                if row is None or row.status != QUEUED:
                    continue  # delivered meanwhile by another run
                row.attempts += 1
                row.status = SENDING
                message, recipients, label = row.message, list(row.recipients), \
                    f"{row.id}-{row.kind}-{row.unit_code or 'semua'}"
                kind, unit, subject = row.kind, row.unit_code, row.subject
            try:
                where = transport.send(message, sender=_envelope_sender(sender), recipients=recipients, label=label)
            except MailDeliveryError as exc:
                with rt.records.session() as session:
                    row = session.get(OutboxMessage, msg_id)
                    row.status, row.last_error = QUEUED, str(exc)[:2000]
                report.failed += 1
                report.errors.append(f"pesan #{msg_id} ({subject}): {exc}")
                continue
            with rt.records.session() as session:
                row = session.get(OutboxMessage, msg_id)
                row.status, row.sent_at, row.transport, row.last_error = SENT, utcnow(), transport.name, None
            report.sent += 1
            report.delivered.append({"id": msg_id, "kind": kind, "unit": unit, "recipients": recipients,
                                     "where": where})
    finally:
        if own:
            transport.close()
    return report


def _envelope_sender(sender: str) -> str:
    from email.utils import parseaddr

    return parseaddr(sender)[1] or sender


def list_messages(rt, *, status: str | None = None, limit: int = 200) -> list[dict]:
    """The outbox, newest first (for `dukung outbox`)."""
    with rt.records.session() as session:
        stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        if status:
            stmt = stmt.where(OutboxMessage.status == status)
        return [{"id": m.id, "status": m.status, "kind": m.kind, "unit": m.unit_code, "recipients": m.recipients,
                 "subject": m.subject, "attempts": m.attempts, "last_error": m.last_error,
                 "created_at": m.created_at, "sent_at": m.sent_at, "transport": m.transport,
                 "dedupe_key": m.dedupe_key}
                for m in session.scalars(stmt)]


def settle_unconfirmed(rt, before) -> int:
    """Messages left ``sending`` (handed to the transport, the database gone before the result was
    recorded) are recorded as sent: the transport had them, and a second copy is worse than none."""
    from sqlalchemy import update

    with rt.records.session() as session:
        result = session.execute(update(OutboxMessage).where(
            OutboxMessage.status == SENDING, OutboxMessage.created_at < before).values(
            status=SENT, sent_at=utcnow(),
            last_error="dikirim; konfirmasi tidak tercatat karena basis data terputus saat itu"))
        return result.rowcount or 0
