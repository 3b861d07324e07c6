"""Completeness e-mails: check every unit, tell each unit its gaps and the reviewers all units.

Plain functions (the Prefect flow in :mod:`flows.pipelines` and ``dukung check --send`` call them):

1. :func:`queue_completeness_mail` checks each unit, records the check's snapshot (for "what
   changed"), composes the unit's message and the reviewers' digest and queues them in the durable
   outbox — skipping any message this check already queued or sent.
2. :func:`flows.mail.outbox.deliver_pending` sends what is queued, including messages left over
   from an earlier run whose server was down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from config.i18n import N_, _
from flows.completeness.changes import changes_since_previous, save_snapshot, today_slot
from flows.completeness.check import check_units
from flows.mail.compose import TOP_DEFAULT, compose_digest, compose_unit_message
from flows.mail.outbox import DeliveryReport, deliver_pending, enqueue
from flows.mail.reports_html import DigestEntry
from flows.periods.registry import require_active
from flows.periods.reminders import period_reminders
from storage.records import repository as repo

log = logging.getLogger(__name__)


@dataclass
class NotifyReport:
    year: int
    slot: str
    queued: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)  # already queued/sent by this check: not again
    skipped: list[dict] = field(default_factory=list)  # unit, why (no contacts, all clear and `skip`)
    errors: list[dict] = field(default_factory=list)  # unit (None: the digest), why its message was not queued
    delivery: DeliveryReport | None = None

    def as_dict(self) -> dict:
        return {"year": self.year, "slot": self.slot, "queued": self.queued, "duplicates": self.duplicates,
                "skipped": self.skipped, "errors": self.errors,
                "delivery": self.delivery.as_dict() if self.delivery else None}


def _dedupe_key(slot: str, audience: str, year: int) -> str:
    return f"{slot}|{audience}|{year}"


def queue_completeness_mail(rt, year: int, units: list[str] | None = None, *, slot: str | None = None,
                            force: bool = False, digest: bool | None = None) -> NotifyReport:
    """Check the units (all if None) and queue their messages and the reviewers' digest.

    The digest goes out when all units are checked (``digest=None``), or when asked for explicitly. Only
    the active period is mailed: asking for another refuses with the reason (one stray upload to another
    year must never send every unit an e-mail about that year). Each message carries the countdown to the
    period's next deadlines (:mod:`flows.periods.reminders`).
    """
    require_active(rt, year, N_("E-mail kelengkapan"))
    reminders = tuple(period_reminders(rt, year))
    digest = units is None if digest is None else digest
    mail = rt.settings.mail
    slot = slot or today_slot(mail.timezone)
    with rt.records.session() as session:
        known = repo.list_units(session, include_archived=True)
        all_units = {u.code: list(u.contacts or []) for u in known}
        codes = units or sorted(u.code for u in known if u.archived_at is None)  # removed units get no mail
        for code in codes:
            if code not in all_units:
                repo.get_unit(session, code)  # raises the clear "unit tidak ditemukan"
    result = NotifyReport(year=year, slot=slot)
    entries: list[DigestEntry] = []
    composing: _Composing | None = None
    for part in _chunks(codes, CHECK_CHUNK):
        jobs: list[_ComposeJob] = []
        by_code = {r.unit: r for r in check_units(rt, part, year)}
        for report in (by_code[code] for code in part):
            changes = changes_since_previous(rt, report, slot)
            save_snapshot(rt, report, slot)
            entries.append(DigestEntry(report, changes))
            contacts = all_units[report.unit]
            if not contacts:
                result.skipped.append({"unit": report.unit, "why": "unit belum punya alamat e-mail kontak "
                                                                   "(isi di halaman Admin → Unit)"})
                continue
            if not report.gaps and mail.all_clear == "skip":
                result.skipped.append({"unit": report.unit,
                                       "why": "tidak ada celah terbuka (DUKUNG_MAIL__ALL_CLEAR=skip)"})
                continue
            jobs.append(_ComposeJob(report, changes, mail.sender, contacts, slot, mail.public_url, mail.top_gaps,
                                    reminders, rt.settings.locale, rt.settings.timezone))
        following = _Composing.start(rt, jobs)  # the workers compose this chunk while the last one is queued
        if composing is not None:
            composing.queue_all(rt, year, force, result)
        composing = following
    digest_message = None
    if digest and mail.reviewers and entries:  # composed here while the workers finish the units' messages
        try:
            digest_message = compose_digest(entries, year, sender=mail.sender, to=list(mail.reviewers),
                                            slot=slot, public_url=mail.public_url, top=mail.top_gaps,
                                            reminders=reminders, locale=rt.settings.locale)
        except Exception as exc:  # noqa: BLE001 - the units' messages still go out; the run reports it
            log.exception("composing the reviewers' digest failed")
            result.errors.append({"unit": None, "why": _compose_error(exc)})
    if composing is not None:
        composing.queue_all(rt, year, force, result)
    if digest_message is not None:
        _queue(rt, digest_message, _dedupe_key(slot, "reviewers", year), force, result)
    elif digest and entries and not mail.reviewers:
        result.skipped.append({"unit": None, "why": "ringkasan reviewer tidak dikirim: DUKUNG_MAIL__REVIEWERS kosong"})
    return result


#: Units checked (two queries) and handed to the composing workers at a time.
CHECK_CHUNK = 100
#: Seconds one unit's message may take to compose before it is composed again in this process.
COMPOSE_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class _ComposeJob:
    report: object
    changes: object
    sender: str
    to: list[str]
    slot: str
    public_url: str
    top: int = TOP_DEFAULT
    reminders: tuple[str, ...] = ()
    locale: str = "id"  # the recipients' language (no per-recipient one yet: DUKUNG_LOCALE)
    timezone: str = "Asia/Jakarta"


def _compose(job: _ComposeJob):
    """Compose one unit's message (runs in a worker process: HTML, text and the XLSX attachment)."""
    from config.i18n import use_locale

    with use_locale(job.locale, job.timezone):  # a worker process has no defaults of its own
        return compose_unit_message(job.report, job.changes, sender=job.sender, to=job.to, slot=job.slot,
                                    public_url=job.public_url, top=job.top, reminders=job.reminders,
                                    locale=job.locale)


def _compose_timeout(_job: _ComposeJob) -> float:
    return COMPOSE_TIMEOUT_S


@dataclass
class _Composing:
    """Units' messages being composed on the worker processes (one per core), in order."""

    jobs: list[_ComposeJob]
    submitted: object

    @classmethod
    def start(cls, rt, jobs: list[_ComposeJob]) -> "_Composing":
        from flows.ingest.sandbox import submit_limited

        settings = rt.settings
        return cls(jobs, submit_limited(_compose, jobs, pool_name="compose", workers=settings.worker_count,
                                        memory_mb=settings.ingest.parse_memory_mb, timeout_of=_compose_timeout))

    def queue_all(self, rt, year: int, force: bool, result: NotifyReport) -> None:
        from flows.ingest.sandbox import Killed, collect_limited

        for job, composed in collect_limited(self.submitted):
            if isinstance(composed, Killed):  # a worker died or timed out: compose it here instead
                log.warning("composing the message of %s in a worker failed: %s", job.report.unit, composed.reason)
                try:
                    composed = _compose(job)
                except Exception as exc:  # noqa: BLE001 - one unit's message never stops the others
                    log.exception("composing the message of %s failed", job.report.unit)
                    result.errors.append({"unit": job.report.unit, "why": _compose_error(exc)})
                    continue
            _queue(rt, composed, _dedupe_key(job.slot, f"unit:{job.report.unit}", year), force, result)


def _compose_error(exc: Exception) -> str:
    return _("pesan tidak dapat disusun: %(detail)s", detail=f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")


def _chunks(codes: list[str], size: int) -> list[list[str]]:
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def _queue(rt, composed, dedupe_key: str, force: bool, result: NotifyReport) -> None:
    info = {"kind": composed.kind, "unit": composed.unit_code, "subject": str(composed.message["Subject"]),
            "recipients": str(composed.message["To"])}
    with rt.records.session() as session:
        row = enqueue(session, composed.message, dedupe_key=dedupe_key, content_hash=composed.content_hash,
                      kind=composed.kind, unit_code=composed.unit_code, force=force)
        if row is None:
            result.duplicates.append(info)
        else:
            result.queued.append({**info, "id": row.id})


def send_completeness_mail(rt, year: int, units: list[str] | None = None, *, slot: str | None = None,
                           force: bool = False, digest: bool | None = None) -> NotifyReport:
    """Queue this check's messages, then deliver everything queued (this run's and earlier ones')."""
    result = queue_completeness_mail(rt, year, units, slot=slot, force=force, digest=digest)
    result.delivery = deliver_pending(rt)
    return result
