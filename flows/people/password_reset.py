"""Password reset by an e-mailed link: "Lupa kata sandi?" on the sign-in page, or an administrator's button.

* The link carries a random token; only its SHA-256 is stored (``password_reset_tokens``). It works once,
  for :data:`RESET_TTL` (an administrator's invitation to a new account without a password: :data:`INVITE_TTL`),
  and only while it is the account's newest link: a newer request ends the older ones.
* Setting the new password ends every web session of the account and forgets its failed sign-ins.
* A request for an unknown, disabled or removed address does the same work and gets the same answer as
  one for a real account — nobody learns from the page which addresses have an account. Requests are
  limited per account (:data:`MAX_PER_ACCOUNT` an hour: no mail bombing) and per client address, silently.

The caller e-mails the link (:mod:`flows.mail.account_mail`); this module never sends anything.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update

from config.i18n import N_, _
from config.errors import DukungError, InvalidInputError
from flows.people.accounts import set_password
from flows.people.sessions import revoke_user_sessions
from storage.records import repository as repo
from storage.records.models import PasswordResetToken, User

RESET_TTL = timedelta(hours=1)
INVITE_TTL = timedelta(hours=72)
MAX_PER_ACCOUNT = 3  # links an hour
MAX_PER_CLIENT = 10  # links per client address in CLIENT_WINDOW
CLIENT_WINDOW = timedelta(minutes=15)


class InvalidResetLink(DukungError):
    """The link is unknown, used, replaced by a newer one, or expired."""

    http_status = 400


INVALID = N_("Tautan atur ulang kata sandi tidak berlaku lagi (sudah dipakai, sudah diganti tautan yang lebih baru, "
           "atau kedaluwarsa). Minta tautan baru dari halaman masuk.")


@dataclass(frozen=True)
class ResetTicket:
    """What the e-mail needs: to whom, and the token (shown once, in the link)."""

    email: str
    name: str
    token: str
    expires_at: datetime
    invitation: bool = False


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _issue(session, user: User, *, actor: str, client: str, now: datetime, ttl: timedelta) -> ResetTicket:
    session.execute(update(PasswordResetToken).where(PasswordResetToken.user_id == user.id,
                                                     PasswordResetToken.used_at.is_(None)).values(used_at=now))
    token = secrets.token_urlsafe(32)
    expires = now + ttl
    session.add(PasswordResetToken(user_id=user.id, token_hash=_hash(token), client=client[:64],
                                   requested_by=actor[:255], created_at=now, expires_at=expires))
    return ResetTicket(user.email, user.name or user.email, token, expires, invitation=not user.password_hash)


def request_reset(rt, email: str, *, client: str = "", now: datetime | None = None) -> ResetTicket | None:
    """A link for the account of ``email`` if it may have one now; ``None`` otherwise (unknown, inactive,
    over a limit). The caller answers the same either way."""
    email = (email or "").strip().lower()[:255]
    now = now or _now()
    with rt.records.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        known = user is not None and user.active and user.removed_at is None
        ticket, refused = None, ""
        if known:
            recent = session.scalar(select(func.count(PasswordResetToken.id)).where(
                PasswordResetToken.user_id == user.id, PasswordResetToken.created_at >= now - timedelta(hours=1)))
            from_client = session.scalar(select(func.count(PasswordResetToken.id)).where(
                PasswordResetToken.client == client[:64], PasswordResetToken.created_at >= now - CLIENT_WINDOW)) \
                if client else 0
            if (recent or 0) >= MAX_PER_ACCOUNT:
                refused = "account_limit"
            elif (from_client or 0) >= MAX_PER_CLIENT:
                refused = "client_limit"
            else:
                ticket = _issue(session, user, actor=email, client=client, now=now, ttl=RESET_TTL)
        repo.audit(session, email, "password_reset_request", "user", email,
                   {"client": client, "sent": ticket is not None, **({"refused": refused} if refused else {}),
                    **({} if known else {"account": "tidak ada atau tidak aktif"})})
        return ticket


def admin_reset(rt, user_id: int, *, actor: str, now: datetime | None = None) -> ResetTicket:
    """An administrator sends an account a link (a longer-lived invitation if it has no password yet)."""
    now = now or _now()
    with rt.records.session() as session:
        user = session.get(User, user_id)
        if user is None or user.removed_at is not None:
            raise InvalidInputError(_("Pengguna tidak ditemukan"))
        if not user.active:
            raise InvalidInputError(_("Akun ini nonaktif: aktifkan dulu sebelum mengirim tautan kata sandi"))
        ttl = RESET_TTL if user.password_hash else INVITE_TTL
        ticket = _issue(session, user, actor=actor, client="", now=now, ttl=ttl)
        repo.audit(session, actor, "password_reset_admin", "user", user.email, {"invitation": ticket.invitation})
        return ticket


def _valid(session, token: str, now: datetime) -> tuple[PasswordResetToken, User]:
    if not isinstance(token, str) or not token or len(token) > 200:
        raise InvalidResetLink(_(INVALID))
    row = session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == _hash(token)))
    user = session.get(User, row.user_id) if row is not None else None
    if (row is None or user is None or row.used_at is not None or _aware(row.expires_at) <= now or not user.active
            or user.removed_at is not None):
        raise InvalidResetLink(_(INVALID))
    return row, user


def check_link(rt, token: str, *, now: datetime | None = None) -> str:
    """The e-mail address a still-valid link is for (raises :class:`InvalidResetLink`)."""
    with rt.records.session() as session:
        return _valid(session, token, now or _now())[1].email


def reset_password(rt, token: str, password: str, *, client: str = "", now: datetime | None = None) -> str:
    """Set the new password of a valid link, use the link up and end the account's sessions; returns the
    account's e-mail."""
    now = now or _now()
    with rt.records.session() as session:
        row, user = _valid(session, token, now)
        set_password(user, password)  # raises for a too-short password: the link stays usable
        row.used_at = now
        ended = revoke_user_sessions(session, user.id)
        repo.audit(session, user.email, "password_reset", "user", user.email,
                   {"client": client, "sessions_ended": ended})
        return user.email
