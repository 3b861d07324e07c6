"""Accounts: users with roles, their units, passwords (argon2), sign-in with throttling, API tokens.

Roles: ``admin`` (everything), ``reviewer`` (all units, or the units assigned to them), ``unit``
(members of one or more units). Plain functions over the records database; the web app and the CLI
call them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select

from config.errors import DukungError, InvalidInputError, NotFoundError
from storage.records import repository as repo
from storage.records.models import ApiToken, LoginFailure, Unit, User, UserUnit

ROLES = ("admin", "reviewer", "unit")
MIN_PASSWORD = 10
MAX_FAILURES_PER_ACCOUNT = 5
ACCOUNT_LOCK = timedelta(minutes=15)
MAX_FAILURES_PER_CLIENT = 20
CLIENT_WINDOW = timedelta(minutes=15)
TOKEN_PREFIX = "dkg_"

_hasher = PasswordHasher()


class AuthenticationError(DukungError):
    """Wrong e-mail or password (deliberately not saying which)."""

    http_status = 401


class ThrottledError(DukungError):
    """Too many failed sign-ins: wait before trying again."""

    http_status = 429


@dataclass(frozen=True)
class Principal:
    """Who is asking, and which units they may see. ``unit_codes`` is None for every unit."""

    user_id: int
    email: str
    name: str
    role: str
    unit_codes: frozenset[str] | None = field(default=None)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_reviewer(self) -> bool:
        return self.role in ("admin", "reviewer")

    def can_see(self, unit_code: str) -> bool:
        return self.unit_codes is None or unit_code in self.unit_codes

    def visible(self, requested: list[str] | None) -> list[str] | None:
        """The units a query may cover: the requested ones within reach, or all reachable ones."""
        if self.unit_codes is None:
            return requested
        if requested is None:
            return sorted(self.unit_codes)
        return [u for u in requested if u in self.unit_codes]

    @property
    def label(self) -> str:
        return self.email


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:  # SQLite hands back naive datetimes
        return dt.replace(tzinfo=timezone.utc)
    return dt


def principal_of(user: User) -> Principal:
    if user.role == "admin" or (user.role == "reviewer" and user.all_units):
        units = None
    else:
        units = frozenset(uu.unit.code for uu in user.units)
    return Principal(user.id, user.email, user.name or user.email, user.role, units)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(f"Kata sandi minimal {MIN_PASSWORD} karakter")


def add_user(rt, email: str, *, role: str, password: str, name: str = "", units: list[str] | None = None,
             all_units: bool = False, actor: str = "cli") -> Principal:
    """Create a user, or update role, name, units and password of an existing one."""
    email = (email or "").strip().lower()
    if "@" not in email:
        raise InvalidInputError(f"Alamat e-mail tidak valid: {email!r}")
    if role not in ROLES:
        raise InvalidInputError(f"Peran tidak dikenal: {role!r} (pilihan: {', '.join(ROLES)})")
    if role == "unit" and not units:
        raise InvalidInputError("Pengguna berperan 'unit' harus anggota minimal satu unit (--unit)")
    _check_password(password)
    with rt.records.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, role=role)
            session.add(user)
        user.name, user.role, user.all_units = name or user.name or "", role, bool(all_units)
        user.password_hash = _hasher.hash(password)
        user.active, user.failed_logins, user.locked_until = True, 0, None
        wanted = [repo.get_unit(session, code) for code in (units or [])]
        user.units = [UserUnit(unit=u) for u in wanted]
        session.flush()
        repo.audit(session, actor, "user_add", "user", email, {"role": role, "units": [u.code for u in wanted]})
        session.refresh(user)
        return principal_of(user)


def list_users(rt) -> list[dict]:
    with rt.records.session() as session:
        return [{"email": u.email, "name": u.name, "role": u.role, "all_units": u.all_units, "active": u.active,
                 "units": sorted(uu.unit.code for uu in u.units), "last_login_at": u.last_login_at}
                for u in session.scalars(select(User).order_by(User.email))]


def authenticate(rt, email: str, password: str, *, client: str = "") -> Principal:
    """Check a sign-in. Failures are counted per account (lock after 5) and per client address."""
    email = (email or "").strip().lower()
    now = _now()
    with rt.records.session() as session:
        recent = session.scalar(select(func.count(LoginFailure.id)).where(
            LoginFailure.client == client[:64], LoginFailure.at >= now - CLIENT_WINDOW)) or 0
        if client and recent >= MAX_FAILURES_PER_CLIENT:
            raise ThrottledError("Terlalu banyak percobaan masuk dari alamat ini. Coba lagi dalam 15 menit.")
        user = session.scalar(select(User).where(User.email == email))
        locked = user is not None and _aware(user.locked_until) is not None and _aware(user.locked_until) > now
        if locked:
            raise ThrottledError("Akun dikunci sementara karena terlalu banyak percobaan gagal. "
                                 "Coba lagi dalam 15 menit.")
        ok = False
        if user is not None and user.active and user.password_hash:
            try:
                ok = _hasher.verify(user.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                ok = False
        else:
            _hasher.hash(password)  # same work whether or not the account exists
        if not ok:
            session.add(LoginFailure(client=client[:64], at=now))
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILURES_PER_ACCOUNT:
                    user.locked_until = now + ACCOUNT_LOCK
                    user.failed_logins = 0
            repo.audit(session, email, "login_failed", "user", email, {"client": client})
            session.commit()
            raise AuthenticationError("E-mail atau kata sandi salah")
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        session.execute(delete(LoginFailure).where(LoginFailure.at < now - CLIENT_WINDOW))
        repo.audit(session, email, "login", "user", email, {"client": client})
        return principal_of(user)


def load_principal(rt, user_id: int) -> Principal | None:
    """The principal of a signed-in user (None if the account is gone or disabled)."""
    with rt.records.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            return None
        return principal_of(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(rt, email: str, name: str = "", *, actor: str = "cli") -> str:
    """A new API token for ``email`` (shown once; only its hash is kept)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with rt.records.session() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise NotFoundError(f"Pengguna tidak ditemukan: {email}")
        session.add(ApiToken(user_id=user.id, name=name, token_hash=_token_hash(token)))
        repo.audit(session, actor, "token_create", "user", user.email, {"name": name})
    return token


def principal_for_token(rt, token: str) -> Principal | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    with rt.records.session() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token),
                                                    ApiToken.revoked.is_(False)))
        if row is None or not row.user.active:
            return None
        row.last_used_at = _now()
        return principal_of(row.user)


def revoke_api_tokens(rt, email: str, *, actor: str = "cli") -> int:
    with rt.records.session() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise NotFoundError(f"Pengguna tidak ditemukan: {email}")
        rows = list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))))
        for r in rows:
            r.revoked = True
        repo.audit(session, actor, "token_revoke", "user", user.email, {"count": len(rows)})
        return len(rows)


def unit_codes(rt) -> list[str]:
    with rt.records.session() as session:
        return list(session.scalars(select(Unit.code).order_by(Unit.code)))
