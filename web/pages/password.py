"""Forgotten password: ask for a link by e-mail, then set a new password with it.

The answer to a request is the same whether or not the address has an account, and the e-mail is sent
after the answer (a background task), so neither the page nor its timing tells which addresses exist.
Opening the e-mailed link moves its token into the (signed, HttpOnly) session and redirects to the bare
page, so the token does not stay in the address bar, the history or a Referer header.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import RedirectResponse

from config.i18n import N_, _
from config.errors import DukungError, InvalidInputError
from flows.people.password_reset import InvalidResetLink, check_link, request_reset, reset_password
from web.access import runtime
from web.pages.admin_users import send_link
from web.security import client_address, require_csrf
from web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
TOKEN_KEY = "reset_token"
SENT = N_("Jika alamat itu terdaftar dan aktif, kami telah mengirim tautan untuk membuat kata sandi baru ke "
        "e-mailnya. Tautan berlaku 1 jam dan hanya bisa dipakai sekali. Periksa juga folder spam.")


@router.get("/password/forgot")
def forgot_page(request: Request):
    return render(request, "password_forgot.html")


@router.post("/password/forgot")
def forgot(request: Request, background: BackgroundTasks, email: str = Form("")):
    ticket = request_reset(runtime(request), email, client=client_address(request))
    if ticket is not None:
        background.add_task(send_link, request, ticket, actor=ticket.email)
    return render(request, "password_forgot.html", sent=True, message=_(SENT))


@router.get("/password/reset")
def reset_page(request: Request, token: str = ""):
    if token:  # keep the token out of the address bar, the history and any Referer: into the session, then away
        request.session[TOKEN_KEY] = token
        return RedirectResponse("/password/reset", status_code=303)
    token = request.session.get(TOKEN_KEY, "")
    try:
        email = check_link(runtime(request), token)
    except DukungError as exc:
        return render(request, "password_reset.html", status_code=exc.http_status, invalid=True, error=str(exc))
    return render(request, "password_reset.html", token=token, email=email)


@router.post("/password/reset")
def reset(request: Request, token: str = Form(""), password: str = Form(""), password2: str = Form("")):
    rt = runtime(request)
    try:
        email = check_link(rt, token)
        if password != password2:
            raise InvalidInputError(_("Kedua kata sandi tidak sama: ketik ulang"))
        reset_password(rt, token, password, client=client_address(request))
    except DukungError as exc:
        invalid = isinstance(exc, InvalidResetLink)
        return render(request, "password_reset.html", status_code=exc.http_status, token=token, invalid=invalid,
                      email=None if invalid else email, error=str(exc))
    request.session.clear()  # also forgets the used token
    return render(request, "password_reset.html", done=True, email=email,
                  message=_("Kata sandi baru tersimpan. Semua sesi lama akun ini telah diakhiri; silakan masuk."))
