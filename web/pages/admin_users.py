"""Administrators' pages for accounts: list, create, edit, disable/enable, remove, send a password link.

Every route checks the admin role on the server; every form carries the session's CSRF token; every
change is written to the audit log by :mod:`flows.people.users_admin` and :mod:`flows.people.password_reset`.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from config.i18n import _
from config.errors import DukungError
from config.formatting import format_time
from flows.mail.account_mail import send_reset_message
from flows.mail.transports import MailDeliveryError
from flows.people.accounts import Principal
from flows.people.password_reset import admin_reset
from flows.people.units_admin import list_units_admin
from flows.people.users_admin import (ROLE_LABEL, create_account, get_account, list_accounts, remove_account,
                                      set_active, update_account)
from storage.records import repository as repo
from web.access import require_admin, runtime
from web.flash import redirect_with, take_flash
from web.security import page_principal, require_csrf
from web.templating import render

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])


def admin_principal(who: Annotated[Principal, Depends(page_principal)]) -> Principal:
    require_admin(who)
    return who


Admin = Annotated[Principal, Depends(admin_principal)]


def link_base(request: Request) -> str:
    """Where the e-mailed links point: the configured public address, else the address of this request."""
    return request.app.state.settings.mail.public_url or str(request.base_url)


def send_link(request: Request, ticket, *, actor: str) -> str | None:
    """E-mail a reset link; ``None`` when it went out, else the message to show (details in the audit log)."""
    rt = runtime(request)
    try:
        send_reset_message(request.app.state.settings, ticket, link_base(request))
    except MailDeliveryError as exc:
        log.warning("password link to %s not delivered: %s", ticket.email, exc)
        with rt.records.session() as session:
            repo.audit(session, actor, "password_reset_mail_failed", "user", ticket.email, {"error": str(exc)[:500]})
        return _("E-mail tidak terkirim: server e-mail tidak dapat dihubungi. Coba lagi nanti.")
    return None


def _form(request: Request, *, user: dict | None, status_code: int = 200, error: str = "", values: dict | None = None):
    shown = take_flash(request)
    if error:
        shown = {"error": error}
    return render(request, "admin_user_form.html", status_code=status_code, user=user,
                  units=list_units_admin(runtime(request), include_archived=False), roles=ROLE_LABEL,
                  v=values or user or {"role": "unit", "units": []}, **shown)


def _wib(moment) -> str:
    return format_time(moment) if moment is not None else ""


@router.get("/admin/users")
def users_page(request: Request, who: Admin):
    users = [{**u, "last_login": _wib(u["last_login_at"])} for u in list_accounts(runtime(request))]
    return render(request, "admin_users.html", users=users, roles=ROLE_LABEL, **take_flash(request))


@router.get("/admin/users/new")
def new_user_page(request: Request, who: Admin):
    return _form(request, user=None)


@router.post("/admin/users/new")
def create_user(request: Request, who: Admin, email: str = Form(""), name: str = Form(""), role: str = Form(""),
                units: list[str] = Form([]), all_units: bool = Form(False), password: str = Form("")):
    values = {"email": email, "name": name, "role": role, "units": units, "all_units": all_units}
    try:
        user_id = create_account(runtime(request), email, role=role, name=name, units=units, all_units=all_units,
                                 password=password, actor=who.email)
    except DukungError as exc:
        return _form(request, user=None, status_code=exc.http_status, error=str(exc), values=values)
    text = _("Akun %(email)s dibuat.", email=email.strip().lower())
    if not password:
        problem = send_link(request, admin_reset(runtime(request), user_id, actor=who.email), actor=who.email)
        text += " " + (problem or _("Tautan untuk mengatur kata sandi dikirim ke e-mailnya."))
    return redirect_with(request, "/admin/users", text)


@router.get("/admin/users/{user_id}")
def user_page(request: Request, who: Admin, user_id: int):
    return _form(request, user=get_account(runtime(request), user_id))


@router.post("/admin/users/{user_id}")
def update_user(request: Request, who: Admin, user_id: int, name: str = Form(""), role: str = Form(""),
                units: list[str] = Form([]), all_units: bool = Form(False)):
    rt = runtime(request)
    try:
        update_account(rt, user_id, role=role, name=name, units=units, all_units=all_units, actor=who.email,
                       actor_id=who.user_id)
    except DukungError as exc:
        user = get_account(rt, user_id)
        return _form(request, user=user, status_code=exc.http_status, error=str(exc),
                     values={**user, "name": name, "role": role, "units": units, "all_units": all_units})
    return redirect_with(request, f"/admin/users/{user_id}", _("Perubahan disimpan."))


def _act(request: Request, user_id: int, action, done: str):
    try:
        action()
    except DukungError as exc:
        return redirect_with(request, f"/admin/users/{user_id}", str(exc), error=True)
    return redirect_with(request, f"/admin/users/{user_id}", done)


@router.post("/admin/users/{user_id}/disable")
def disable_user(request: Request, who: Admin, user_id: int):
    return _act(request, user_id, lambda: set_active(runtime(request), user_id, False, actor=who.email,
                                                     actor_id=who.user_id),
                _("Akun dinonaktifkan: semua sesinya berakhir dan ia tidak dapat masuk."))


@router.post("/admin/users/{user_id}/enable")
def enable_user(request: Request, who: Admin, user_id: int):
    return _act(request, user_id, lambda: set_active(runtime(request), user_id, True, actor=who.email),
                _("Akun diaktifkan kembali."))


@router.post("/admin/users/{user_id}/remove")
def remove_user(request: Request, who: Admin, user_id: int, confirm: bool = Form(False)):
    if not confirm:
        return redirect_with(request, f"/admin/users/{user_id}", _("Centang konfirmasi untuk menghapus akun."),
                             error=True)
    try:
        email = remove_account(runtime(request), user_id, actor=who.email, actor_id=who.user_id)
    except DukungError as exc:
        return redirect_with(request, f"/admin/users/{user_id}", str(exc), error=True)
    return redirect_with(request, "/admin/users", _("Akun %(email)s dihapus: tidak dapat masuk lagi; "
                                                    "jejaknya di log audit tetap tersimpan.", email=email))


@router.post("/admin/users/{user_id}/reset")
def reset_user(request: Request, who: Admin, user_id: int):
    try:
        ticket = admin_reset(runtime(request), user_id, actor=who.email)
    except DukungError as exc:
        return redirect_with(request, f"/admin/users/{user_id}", str(exc), error=True)
    problem = send_link(request, ticket, actor=who.email)
    if problem:
        return redirect_with(request, f"/admin/users/{user_id}", problem, error=True)
    return redirect_with(request, f"/admin/users/{user_id}",
                         _("Tautan untuk mengatur kata sandi dikirim ke %(email)s.", email=ticket.email))
