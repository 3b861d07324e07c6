"""E-mails about an account: the password-reset link (and the invitation to set a first password).

These messages go straight to the configured transport (outbox folder or SMTP) instead of the durable
outbox table: the link is a secret that the records database must not keep (it stores only the token's
hash). A failed delivery is reported to the caller; the person can simply ask for a new link.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape

from config.formatting import format_time
from config.i18n import _, current_locale
from flows.mail.compose import header_text
from flows.mail.transports import open_transport
from flows.people.password_reset import ResetTicket

def _when(moment: datetime) -> str:
    """``2 Desember 2026 14.05 WIB`` (the settings' zone, labelled; :mod:`config.formatting`)."""
    return format_time(moment)


def compose_reset_message(ticket: ResetTicket, link: str, *, sender: str) -> EmailMessage:
    """A short message, readable on a phone: one button, the same link as text, when it expires."""
    if ticket.invitation:
        subject = "[Dukung] " + _("Atur kata sandi akun Anda")
        lead = _("Akun Dukung telah dibuatkan untuk Anda. Atur kata sandi Anda untuk mulai masuk:")
        button = _("Atur kata sandi")
    else:
        subject = "[Dukung] " + _("Atur ulang kata sandi")
        lead = _("Ada permintaan untuk mengatur ulang kata sandi akun Dukung Anda. Buat kata sandi baru di sini:")
        button = _("Buat kata sandi baru")
    until = _when(ticket.expires_at)
    hello, or_open = _("Halo %(name)s,", name=ticket.name), _("Atau buka:")
    once = _("Tautan ini hanya bisa dipakai sekali dan berlaku sampai %(until)s. Jika Anda tidak memintanya, "
             "abaikan pesan ini: kata sandi Anda tidak berubah.", until=until)
    text = f"{hello}\n\n{lead}\n\n{link}\n\n{once}\n\n— Dukung\n"
    html = (f'<!DOCTYPE html><html lang="{current_locale()}"><body style="font-family:Arial,sans-serif;'
            f'font-size:15px;color:#1f2328;max-width:560px;margin:0 auto;padding:12px">'
            f"<p>{escape(hello)}</p><p>{escape(lead)}</p>"
            f'<p><a href="{escape(link)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;'
            f'color:#ffffff;text-decoration:none;border-radius:6px">{escape(button)}</a></p>'
            f'<p style="font-size:13px;color:#59636e;word-break:break-all">{escape(or_open)} '
            f"{escape(link)}</p><p>{escape(once)}</p><p>— Dukung</p></body></html>")
    msg = EmailMessage()
    msg["From"] = header_text(sender)
    msg["To"] = header_text(ticket.email)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="dukung.local")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def reset_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/password/reset?token={token}"


def send_reset_message(settings, ticket: ResetTicket, base_url: str) -> str:
    """Compose and deliver the link's e-mail; returns where it went (raises ``MailDeliveryError``)."""
    from email.policy import SMTP
    from email.utils import parseaddr

    message = compose_reset_message(ticket, reset_link(base_url, ticket.token), sender=settings.mail.sender)
    transport = open_transport(settings)
    try:
        return transport.send(message.as_bytes(policy=SMTP), sender=parseaddr(settings.mail.sender)[1]
                              or settings.mail.sender, recipients=[ticket.email], label="atur-kata-sandi")
    finally:
        transport.close()
