"""Accounts: users with roles, their units, passwords (argon2), sign-in with throttling, API tokens.

Sign-in protection never locks an account: after a few consecutive failures the account's next attempt
waits a delay that doubles with each failure, up to a minute (attempts inside it are not checked, so
guessing stays slow while the owner is never more than a minute away). Failures are also counted per
client address, which past a limit waits up to a minute between attempts.

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
from sqlalchemy import delete, func, select, update

from config.i18n import _
from config.errors import DukungError, InvalidInputError, NotFoundError
from storage.records import repository as repo
from storage.records.models import ApiToken, AuditEntry, LoginFailure, Unit, User, UserUnit, WebSession

ROLES = ("admin", "reviewer", "unit")
MIN_PASSWORD = 10
#: Consecutive failures of an account before each further attempt waits (1 s, 2 s, 4 s … up to a minute).
FREE_ACCOUNT_FAILURES = 3
MAX_ACCOUNT_DELAY = timedelta(seconds=60)
#: Failures from one client address within the window before that address waits (15 s, 30 s, 60 s …).
MAX_FAILURES_PER_CLIENT = 20
CLIENT_WINDOW = timedelta(minutes=15)
UNKNOWN_ACCOUNT_WINDOW = timedelta(days=1)  # failures for an address without an account, counted this long
CLIENT_DELAY = timedelta(seconds=15)
MAX_CLIENT_DELAY = timedelta(seconds=60)
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
        """Unit codes compare whatever their case (``dinkes-jbr`` is ``DINKES-JBR``)."""
        return self.unit_codes is None or (unit_code or "").strip().upper() in self._upper

    @property
    def _upper(self) -> frozenset[str]:
        return frozenset(c.upper() for c in self.unit_codes or ())

    def visible(self, requested: list[str] | None) -> list[str] | None:
        """The units a query may cover: the requested ones within reach, or all reachable ones."""
        if self.unit_codes is None:
            return requested
        if requested is None:
            return sorted(self.unit_codes)
        return [u for u in requested if self.can_see(u)]

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
        raise InvalidInputError(_("Kata sandi minimal %(n)s karakter", n=MIN_PASSWORD))


def set_password(user: User, password: str) -> None:
    """Give ``user`` a new password (checked, argon2-hashed) and forget its failed sign-ins. The caller
    ends the account's sessions (:func:`flows.people.sessions.revoke_user_sessions`)."""
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    user.failed_logins, user.failed_login_at, user.locked_until = 0, None, None


def add_user(rt, email: str, *, role: str, password: str, name: str = "", units: list[str] | None = None,
             all_units: bool = False, actor: str = "cli") -> Principal:
    """Create a user, or update role, name, units and password of an existing one."""
    email = (email or "").strip().lower()
    if "@" not in email:
        raise InvalidInputError(_("Alamat e-mail tidak valid: %(email)s", email=repr(email)))
    if role not in ROLES:
        raise InvalidInputError(_("Peran tidak dikenal: %(role)s (pilihan: %(choices)s)", role=repr(role),
                                  choices=', '.join(ROLES)))
    if role == "unit" and not units:
        raise InvalidInputError(_("Pengguna berperan 'unit' harus anggota minimal satu unit (--unit)"))
    _check_password(password)
    with rt.records.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, role=role)
            session.add(user)
        else:  # a new password (or role, units): every open session of the account ends
            session.execute(update(WebSession).where(WebSession.user_id == user.id,
                                                     WebSession.revoked_at.is_(None)).values(revoked_at=_now()))
        user.name, user.role, user.all_units = name or user.name or "", role, bool(all_units)
        user.password_hash = _hasher.hash(password)
        user.active, user.failed_logins, user.failed_login_at, user.locked_until = True, 0, None, None
        wanted = [repo.get_unit(session, code) for code in (units or [])]
        have = {uu.unit_id: uu for uu in user.units}  # kept rows: a new one for the same unit would collide
        user.units = [have.get(u.id) or UserUnit(unit=u) for u in wanted]
        session.flush()
        repo.audit(session, actor, "user_add", "user", email, {"role": role, "units": [u.code for u in wanted]})
        session.refresh(user)
        return principal_of(user)


def list_users(rt) -> list[dict]:
    with rt.records.session() as session:
        return [{"email": u.email, "name": u.name, "role": u.role, "all_units": u.all_units, "active": u.active,
                 "units": sorted(uu.unit.code for uu in u.units), "last_login_at": u.last_login_at}
                for u in session.scalars(select(User).order_by(User.email))]


def account_delay(failures: int) -> timedelta:
    """How long an account waits after ``failures`` consecutive failed sign-ins."""
    if failures < FREE_ACCOUNT_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - FREE_ACCOUNT_FAILURES, 16)), MAX_ACCOUNT_DELAY)


def client_delay(failures: int) -> timedelta:
    """How long a client address waits after ``failures`` failed sign-ins within :data:`CLIENT_WINDOW`."""
    if failures < MAX_FAILURES_PER_CLIENT:
        return timedelta(0)
    return min(CLIENT_DELAY * 2 ** min(failures - MAX_FAILURES_PER_CLIENT, 16), MAX_CLIENT_DELAY)


def _wait_message(per_address: bool, remaining: timedelta) -> str:
    seconds = max(1, -(-int(remaining.total_seconds() * 1000) // 1000))
    if per_address:
        return _("Terlalu banyak percobaan masuk yang gagal dari alamat ini. Tunggu %(n)s detik, lalu coba lagi.",
                 n=seconds)
    return _("Terlalu banyak percobaan masuk yang gagal untuk akun ini. Tunggu %(n)s detik, lalu coba lagi.", n=seconds)


def _account_failures(session, user: User | None, email: str, now: datetime) -> tuple[int, datetime | None]:
    """Consecutive failed sign-ins for ``email`` and when the last one was. An address without an account
    is counted from the audit log, so it is slowed down exactly like a real one and the answers never
    tell whether an account exists."""
    if user is not None:
        return user.failed_logins, user.failed_login_at
    count, last = session.execute(select(func.count(AuditEntry.id), func.max(AuditEntry.at)).where(
        AuditEntry.action == "login_failed", AuditEntry.entity_id == email[:64],
        AuditEntry.at >= now - UNKNOWN_ACCOUNT_WINDOW)).one()
    return count or 0, last


def authenticate(rt, email: str, password: str, *, client: str = "", now: datetime | None = None) -> Principal:
    """Check a sign-in; too soon after failures of this account or address, refuse without checking."""
    email = (email or "").strip().lower()
    now = now or _now()
    with rt.records.session() as session:
        if client:
            recent, last = session.execute(select(func.count(LoginFailure.id), func.max(LoginFailure.at)).where(
                LoginFailure.client == client[:64], LoginFailure.at >= now - CLIENT_WINDOW)).one()
            wait_until = _aware(last) + client_delay(recent or 0) if last is not None else now
            if now < wait_until:
                raise ThrottledError(_wait_message(True, wait_until - now))
        user = session.scalar(select(User).where(User.email == email))
        failures, last_failure = _account_failures(session, user, email, now)
        if last_failure is not None:
            wait_until = _aware(last_failure) + account_delay(failures)
            if now < wait_until:
                raise ThrottledError(_wait_message(False, wait_until - now))
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
                user.failed_logins, user.failed_login_at = user.failed_logins + 1, now
            repo.audit(session, email, "login_failed", "user", email, {"client": client}, at=now)
            session.commit()
            raise AuthenticationError(_("E-mail atau kata sandi salah"))
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.failed_logins, user.failed_login_at, user.locked_until, user.last_login_at = 0, None, None, now
        session.execute(delete(LoginFailure).where(LoginFailure.at < now - CLIENT_WINDOW))
        repo.audit(session, email, "login", "user", email, {"client": client})
        return principal_of(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(rt, email: str, name: str = "", *, actor: str = "cli") -> str:
    """A new API token for ``email`` (shown once; only its hash is kept)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with rt.records.session() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise NotFoundError(_("Pengguna tidak ditemukan: %(email)s", email=email))
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
            raise NotFoundError(_("Pengguna tidak ditemukan: %(email)s", email=email))
        rows = list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))))
        for r in rows:
            r.revoked = True
        repo.audit(session, actor, "token_revoke", "user", user.email, {"count": len(rows)})
        return len(rows)


def unit_codes(rt) -> list[str]:
    with rt.records.session() as session:
        return list(session.scalars(select(Unit.code).where(Unit.archived_at.is_(None)).order_by(Unit.code)))
