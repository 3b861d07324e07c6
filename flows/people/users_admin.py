"""Accounts as an administrator manages them from the web: list, create, edit, disable, remove.

Removing keeps the row (retention: the audit log goes on naming a known account) but the account can no
longer sign in: it is inactive, its password is cleared, its web sessions, API tokens and reset links end,
and it leaves the user list. Disabling is the reversible half: sessions and tokens end, the password stays.
An administrator cannot disable or remove their own account, nor leave the installation without an
active administrator.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select, update

from config.errors import InvalidInputError, NotFoundError
from config.i18n import _, N_
from flows.people.accounts import ROLES, set_password
from flows.people.sessions import revoke_user_sessions
from storage.records import repository as repo
from storage.records.models import ApiToken, PasswordResetToken, Unit, User, UserUnit

ROLE_LABEL = {"admin": N_("Admin"), "reviewer": N_("Reviewer"), "unit": N_("Anggota unit")}
MAX_NAME = 255


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _row(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "role_label": ROLE_LABEL.get(user.role, user.role), "all_units": user.all_units,
            "active": user.active, "removed": user.removed_at is not None, "has_password": bool(user.password_hash),
            "units": sorted(uu.unit.code for uu in user.units), "last_login_at": user.last_login_at}


def list_accounts(rt, *, include_removed: bool = False) -> list[dict]:
    with rt.records.session() as session:
        stmt = select(User).order_by(User.email)
        if not include_removed:
            stmt = stmt.where(User.removed_at.is_(None))
        return [_row(u) for u in session.scalars(stmt)]


def _user(session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.removed_at is not None:
        raise NotFoundError(_("Pengguna tidak ditemukan"))
    return user


def get_account(rt, user_id: int) -> dict:
    with rt.records.session() as session:
        return _row(_user(session, user_id))


def _units(session, codes: list[str]) -> list[Unit]:
    wanted = sorted({c.strip().upper() for c in codes if c and c.strip()})
    found = {u.code.upper(): u for u in session.scalars(select(Unit).where(func.upper(Unit.code).in_(wanted)))}
    missing = [c for c in wanted if c not in found or found[c].archived_at is not None]
    if missing:
        raise InvalidInputError(_("Unit tidak dikenal atau sudah dihapus: %(missing)s", missing=', '.join(missing)))
    return [found[c] for c in wanted]


def _apply(session, user: User, *, role: str, name: str, units: list[str], all_units: bool) -> list[str]:
    if role not in ROLES:
        raise InvalidInputError(_("Pilih peran: Admin, Reviewer atau Anggota unit"))
    chosen = _units(session, units)
    if role == "unit" and not chosen:
        raise InvalidInputError(_("Anggota unit harus anggota minimal satu unit: pilih unitnya"))
    user.name = (name or "").strip()[:MAX_NAME]
    user.role, user.all_units = role, bool(all_units) and role == "reviewer"
    have = {uu.unit_id: uu for uu in user.units}
    user.units = [] if role == "admin" else [have.get(u.id) or UserUnit(unit=u) for u in chosen]
    return [u.code for u in chosen] if role != "admin" else []


def _other_active_admins(session, user: User) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True),
                                                            User.removed_at.is_(None), User.id != user.id)) or 0


#: what an admin may not do to their own account, nor to the last active admin: (own, last) per step
_GUARDED = {
    "demote": (N_("Anda tidak dapat menurunkan peran akun Anda sendiri"),
               N_("Tidak dapat menurunkan peran admin aktif terakhir: tambahkan admin lain dulu")),
    "disable": (N_("Anda tidak dapat menonaktifkan akun Anda sendiri"),
                N_("Tidak dapat menonaktifkan admin aktif terakhir: tambahkan admin lain dulu")),
    "remove": (N_("Anda tidak dapat menghapus akun Anda sendiri"),
               N_("Tidak dapat menghapus admin aktif terakhir: tambahkan admin lain dulu")),
}


def _guard_admins(session, user: User, actor_id: int | None, *, step: str) -> None:
    own, last = _GUARDED[step]
    if actor_id is not None and user.id == actor_id:
        raise InvalidInputError(_(own))
    if user.role == "admin" and user.active and not _other_active_admins(session, user):
        raise InvalidInputError(_(last))


def create_account(rt, email: str, *, role: str, name: str = "", units: list[str] | None = None,
                   all_units: bool = False, password: str = "", actor: str) -> int:
    """A new account (without a password when ``password`` is empty: it is set by an e-mailed link)."""
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 255 or any(c.isspace() for c in email):
        raise InvalidInputError(_("Alamat e-mail tidak valid"))
    with rt.records.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is not None and user.removed_at is None:
            raise InvalidInputError(_("Sudah ada akun dengan e-mail %(email)s: ubah akun itu", email=email))
        if user is None:
            user = User(email=email, role=role, password_hash="")
            session.add(user)
        user.removed_at, user.active, user.password_hash = None, True, ""  # a removed account comes back fresh
        codes = _apply(session, user, role=role, name=name, units=units or [], all_units=all_units)
        if password:
            set_password(user, password)
        session.flush()
        repo.audit(session, actor, "user_create", "user", email,
                   {"role": role, "units": codes, "password_set": bool(password)})
        return user.id


def update_account(rt, user_id: int, *, role: str, name: str = "", units: list[str] | None = None,
                   all_units: bool = False, actor: str, actor_id: int | None = None) -> None:
    with rt.records.session() as session:
        user = _user(session, user_id)
        if user.role == "admin" and role != "admin":
            _guard_admins(session, user, actor_id, step="demote")
        codes = _apply(session, user, role=role, name=name, units=units or [], all_units=all_units)
        repo.audit(session, actor, "user_update", "user", user.email,
                   {"role": role, "units": codes, "all_units": user.all_units})


def _end_access(session, user: User) -> dict:
    sessions = revoke_user_sessions(session, user.id)
    tokens = session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                             .values(revoked=True)).rowcount or 0
    session.execute(update(PasswordResetToken).where(PasswordResetToken.user_id == user.id,
                                                     PasswordResetToken.used_at.is_(None)).values(used_at=_now()))
    return {"sessions_ended": sessions, "tokens_revoked": tokens}


def set_active(rt, user_id: int, active: bool, *, actor: str, actor_id: int | None = None) -> None:
    """Disable (sessions, API tokens and reset links end at once) or enable an account."""
    with rt.records.session() as session:
        user = _user(session, user_id)
        detail: dict = {}
        if not active:
            _guard_admins(session, user, actor_id, step="disable")
            detail = _end_access(session, user)
        user.active = active
        repo.audit(session, actor, "user_enable" if active else "user_disable", "user", user.email, detail)


def remove_account(rt, user_id: int, *, actor: str, actor_id: int | None = None) -> str:
    """Remove an account: no more sign-in, the row and the audit trail stay. Returns its e-mail."""
    with rt.records.session() as session:
        user = _user(session, user_id)
        _guard_admins(session, user, actor_id, step="remove")
        detail = _end_access(session, user)
        user.active, user.removed_at, user.password_hash = False, _now(), ""
        repo.audit(session, actor, "user_remove", "user", user.email, detail)
        return user.email
