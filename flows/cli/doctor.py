"""`dukung doctor`: check paths, backends, the catalog, and drift between records and the index."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from config.i18n import N_, _
from config.errors import DukungError


@dataclass
class Check:
    name: str  # shown as it is: already in the reader's language
    ok: bool
    detail: str
    warning: bool = False  # works, but something people will notice is missing (the exit code stays 0)


def run_checks(settings) -> list[Check]:
    """Every check, each isolated: one failing check never hides the others."""
    checks: list[Check] = []

    def check(name: str, fn) -> object:
        try:
            detail = fn()
            checks.append(Check(name, True, str(detail)))
            return detail
        except (DukungError, OSError, Exception) as exc:  # report, don't crash: that is the point here
            checks.append(Check(name, False, f"{type(exc).__name__}: {exc}"))
            return None

    from config.catalog import load_catalog
    from indexing.search import open_search_index
    from storage.objects import open_object_store
    from storage.records import Records
    from storage.records.database import schema_head, stored_revision

    check(_("Folder data"), lambda: _writable(settings.home))
    check(_("Katalog LKE"), lambda: _("%(n)s pertanyaan, %(file)s", n=len(load_catalog(settings.catalog_path).questions()),
                                      file=settings.catalog_path.name))

    initialised = stored_revision(settings.records_url) is not None

    def not_initialised():
        raise DukungError(_("dilewati: folder data belum disiapkan (jalankan `dukung init`)"))

    def objects():
        if not initialised:
            not_initialised()
        store = open_object_store(settings.objects_url, settings.storage)
        key = f"doctor/{uuid.uuid4().hex}"
        store.put(key, io.BytesIO(b"ok"))
        store.delete(key)
        return settings.objects_url

    check(_("Penyimpanan objek"), objects)

    def records():  # reads the schema version, never migrates (that is `dukung init`'s job)
        revision = stored_revision(settings.records_url)
        if revision is None:
            raise DukungError(_("belum disiapkan: jalankan `dukung init`"))
        if revision != schema_head():
            raise DukungError(_("skema versi %(revision)s, versi ini butuh %(head)s: jalankan `dukung init`",
                                revision=revision, head=schema_head()))
        return _("revisi %(revision)s (terbaru)", revision=revision)

    check(_("Basis data"), records)

    def index():
        from sqlalchemy import func, select

        from storage.records.models import Document

        if not initialised:
            not_initialised()
        search = open_search_index(settings.search.backend, path=settings.search_path, settings=settings.search)
        rec = Records(settings.records_url)
        try:
            if search.needs_rebuild():
                raise DukungError(_("indeks perlu dibangun ulang: jalankan `dukung reindex`"))
            with rec.session() as s:
                current = s.scalar(select(func.count(Document.id)).where(Document.is_current.is_(True))) or 0
            indexed = search.count()
            if indexed != current:
                raise DukungError(_("%(current)s dokumen tercatat tetapi %(indexed)s terindeks: jalankan `dukung reindex`",
                                    current=current, indexed=indexed))
            return _("%(n)s dokumen terindeks (%(backend)s)", n=indexed, backend=settings.search.backend)
        finally:
            search.close()
            rec.dispose()

    check(_("Indeks pencarian"), index)

    def period():  # said, not failed: a folder without periods yet is a step still to take, not a fault
        from flows.periods.dates import tanggal, today
        from flows.periods.gate import refusal_in
        from storage.records import repository as repo

        if not initialised or stored_revision(settings.records_url) != schema_head():
            not_initialised()
        rec = Records(settings.records_url)
        try:
            with rec.session() as s:
                year = repo.active_period_year(s)
                if year is None:
                    return _("belum ada periode aktif (`dukung period create TAHUN --activate`)")
                closed = refusal_in(s, year, today(settings.mail.timezone))
            day = tanggal(today(settings.mail.timezone))
            return (_("%(year)s; unggahan ditutup (%(day)s)", year=year, day=day) if closed
                    else _("%(year)s; unggahan terbuka (%(day)s)", year=year, day=day))
        finally:
            rec.dispose()

    check(_("Periode aktif"), period)
    checks.extend(drift_checks(settings))

    def ocr():
        from flows.ingest.ocr import unavailable_reason
        from indexing.extract.ocr import tesseract_label

        why = unavailable_reason(settings)
        if why:  # not an error: scans wait as needs_ocr until it is there
            return _("tidak tersedia (%(why)s); hasil pindai tetap needs_ocr", why=_(why))  # a stored reason: as known
        return f"{tesseract_label(settings.ingest.ocr_command)} ({settings.ingest.ocr_languages})"

    check(_("OCR"), ocr)
    checks.append(mail_links_check(settings))
    return checks


def mail_links_check(settings) -> Check:
    """E-mails sent without the web app's address carry no button to the unit's page: say what to set."""
    mail = settings.mail
    name = _("Tautan di e-mail")
    if mail.public_url.strip():
        return Check(name, True, _("tombol e-mail menuju %(url)s", url=mail.public_url.strip()))
    if mail.transport != "smtp":
        return Check(name, True, _("alamat aplikasi web belum diisi; e-mail di folder outbox tanpa tombol ke "
                                   "halaman unit"))
    return Check(name, True, _("e-mail dikirim lewat SMTP, tetapi alamat aplikasi web belum diisi, jadi e-mail "
                               "celah tidak memuat tombol ke halaman unit. Isi DUKUNG_MAIL__PUBLIC_URL dengan "
                               "alamat Dukung yang dibuka pengguna (mis. https://dukung.example.go.id)."),
                 warning=True)


def drift_checks(settings) -> list[Check]:
    """One line per kind of unfinished work or disagreement (``flows.recovery.reconcile``), red while non-zero."""
    from datetime import timedelta

    from flows.ingest.batch_window import held_batch_ids
    from flows.ingest.outage import outage_message
    from flows.ingest.resumable import stale_after
    from flows.recovery.reconcile import EXPLAIN, LABELS, find_drift
    from flows.runtime import open_runtime

    try:
        with open_runtime(settings, initialise=False) as rt:
            # an upload still being sent (its batch open, a file partly in) is work in progress, not drift:
            # it counts once it got nothing for the stale timeout, as the reconciler closes it then
            counts = find_drift(rt, timedelta(0), open_older_than=stale_after(rt)).counts()
            held = len(held_batch_ids(rt))
    except Exception as exc:  # noqa: BLE001 - a doctor reports, it does not crash
        return [Check(_("Rekonsiliasi"), False, outage_message(exc) or f"{type(exc).__name__}: {exc}")]
    drift = [Check(_(LABELS[name]), n == 0, _("%(n)s — %(explain)s; diperbaiki oleh `dukung reconcile`", n=n,
                                               explain=_(EXPLAIN[name])) if n else f"{n}")
             for name, n in counts.items()]
    return drift + [Check(_("Unggahan tertahan"), True, _(HELD, n=held) if held else f"{held}", warning=held > 0)]


HELD = N_("%(n)s — masa unggah periodenya sudah ditutup; berkas yang terkirim tetap tersimpan sampai admin "
          "menerimanya di halaman Unggah atau masa unggah dibuka lagi")


def _writable(path) -> str:
    if not path.is_dir():
        raise DukungError(_("%(path)s belum ada: jalankan `dukung init`", path=path.resolve()))
    probe = path / f".doctor-{uuid.uuid4().hex}"
    probe.write_text("ok")
    probe.unlink()
    return str(path.resolve())
