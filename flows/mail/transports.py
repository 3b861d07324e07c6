"""Mail transports: how a finished message leaves Dukung. One small interface, two backends.

* :class:`OutboxFolderTransport` — the embedded default: each message becomes an ``.eml`` file in a
  folder (open it with any mail program), written atomically.
* :class:`SmtpTransport` — an SMTP server with STARTTLS or SSL and optional authentication.

Chosen by configuration in :func:`open_transport`.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Protocol

from config.i18n import _
from config.errors import DukungError
from config.settings import MailSettings


class MailDeliveryError(DukungError):
    """A message could not be handed to the mail transport (it stays queued in the outbox)."""


class MailTransport(Protocol):
    name: str

    def send(self, message: bytes, *, sender: str, recipients: list[str], label: str) -> str:
        """Deliver one RFC 5322 message; returns where it went (file path, server). Raises on failure."""

    def close(self) -> None:
        """Release connections (idempotent)."""


class OutboxFolderTransport:
    """Writes each message as ``<folder>/<timestamp>-<label>.eml``."""

    name = "outbox"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def send(self, message: bytes, *, sender: str, recipients: list[str], label: str) -> str:
        safe = re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-")[:120] or "pesan"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.folder / f"{stamp}-{safe}.eml"
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".eml")
            with os.fdopen(fd, "wb") as fh:
                fh.write(message)
            os.replace(tmp, target)
        except OSError as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            raise MailDeliveryError(_("Gagal menulis pesan ke folder outbox %(folder)s: %(exc)s", folder=self.folder,
                                      exc=exc)) from exc
        return str(target)

    def close(self) -> None:
        pass


class SmtpTransport:
    """Sends through an SMTP server; one connection is reused for a run's messages."""

    name = "smtp"

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self._conn: smtplib.SMTP | None = None

    def _tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file or None)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        port = s.resolved_port
        if s.security == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, port, timeout=s.timeout_s, context=self._tls_context())
        else:
            conn = smtplib.SMTP(s.host, port, timeout=s.timeout_s)
            conn.ehlo()
            if s.security == "starttls":
                conn.starttls(context=self._tls_context())
                conn.ehlo()
        if s.username:
            conn.login(s.username, s.password.get_secret_value())
        return conn

    def send(self, message: bytes, *, sender: str, recipients: list[str], label: str) -> str:
        where = f"{self.settings.host}:{self.settings.resolved_port}"
        try:
            if self._conn is None:
                self._conn = self._connect()
            refused = self._conn.sendmail(sender, recipients, message)
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            self.close()
            raise MailDeliveryError(_("Gagal mengirim ke server SMTP %(where)s: %(exc)s", where=where,
                                      exc=exc)) from exc
        if refused:
            # some recipients were refused: the rest got it; report the refused ones, do not resend to all
            detail = "; ".join(f"{r}: {code} {msg!r}" for r, (code, msg) in refused.items())
            return f"{where} (sebagian ditolak: {detail})"
        return where

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._conn = None


def open_transport(settings) -> MailTransport:
    """The transport named by ``settings.mail.transport`` (``DukungSettings``)."""
    if settings.mail.transport == "smtp":
        return SmtpTransport(settings.mail)
    return OutboxFolderTransport(settings.outbox_path)
