"""Web sessions kept in the records database: the cookie carries a random id, the database its SHA-256.

A session ends when its owner signs out, when the account's password changes or the account is
disabled, or when ``DUKUNG_WEB__SESSION_HOURS`` have passed — a copy of the cookie kept by anyone
stops working at that moment, not when the cookie's own lifetime runs out.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update

from flows.people.accounts import Principal, principal_of
from storage.records.models import WebSession


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment  # SQLite: naive


def start_session(rt, user_id: int, *, hours: int, client: str = "") -> str:
    """A new session of ``user_id``; returns the id to put in the cookie (shown once, only its hash kept)."""
    token = secrets.token_urlsafe(32)
    now = _now()
    with rt.records.session() as session:
        session.execute(delete(WebSession).where(WebSession.expires_at < now - timedelta(days=1)))
        session.add(WebSession(user_id=user_id, token_hash=_hash(token), client=client[:64], created_at=now,
                               expires_at=now + timedelta(hours=hours)))
    return token


def principal_for_session(rt, token: object) -> Principal | None:
    """The signed-in principal of a session id, or ``None`` (unknown, ended, expired, account disabled)."""
    if not isinstance(token, str) or not token:
        return None
    with rt.records.session() as session:
        row = session.scalar(select(WebSession).where(WebSession.token_hash == _hash(token)))
        if row is None or row.revoked_at is not None or _aware(row.expires_at) <= _now() or not row.user.active:
            return None
        return principal_of(row.user)


def end_session(rt, token: object) -> None:
    """Sign out: this session stops working (idempotent)."""
    if not isinstance(token, str) or not token:
        return
    with rt.records.session() as session:
        session.execute(update(WebSession).where(WebSession.token_hash == _hash(token),
                                                 WebSession.revoked_at.is_(None)).values(revoked_at=_now()))


def revoke_user_sessions(session, user_id: int) -> int:
    """End every open session of ``user_id`` inside the caller's transaction; returns how many."""
    result = session.execute(update(WebSession).where(WebSession.user_id == user_id,
                                                      WebSession.revoked_at.is_(None)).values(revoked_at=_now()))
    return result.rowcount or 0
