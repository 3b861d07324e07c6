"""`dukung unit …`, `dukung user …`, `dukung token …`: work units, web accounts and API tokens."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from config.i18n import _
from config.formatting import format_time
from flows.cli.common import ListFormat, _runtime
from flows.cli.render import console, print_json, yes_no

unit_app = typer.Typer(help=_("Kelola unit kerja (OPD, puskesmas, RSUD…)."), no_args_is_help=True)
user_app = typer.Typer(help=_("Akun pengguna web: admin, reviewer, anggota unit."), no_args_is_help=True)
token_app = typer.Typer(help=_("Token API untuk skrip dan CLI (bertindak sebagai penggunanya)."), no_args_is_help=True)


@unit_app.command("add", help=_("Tambah atau perbarui unit kerja."))
def unit_add(
    code: Annotated[str, typer.Argument(help=_("Kode unit, mis. DINKES-JBR"))],
    name: Annotated[str, typer.Option("--name", "-n", help=_("Nama unit"))] = "",
    contact: Annotated[Optional[list[str]], typer.Option("--contact", "-c", help=_("E-mail kontak (boleh berulang)"))] = None,
) -> None:
    """Add or update a work unit."""
    from storage.records import repository as repo

    with _runtime() as rt, rt.records.session() as session:
        unit = repo.add_unit(session, code, name or code, contact or [])
        repo.audit(session, "cli", "unit_add", "unit", unit.code, {"name": unit.name})
        console.print(_("[green]Unit tersimpan:[/] %(code)s — %(name)s", code=unit.code, name=unit.name))


@unit_app.command("list", help=_("Daftar unit kerja."))
def unit_list(fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table) -> None:
    """List the work units."""
    from rich.table import Table

    from storage.records import repository as repo

    with _runtime() as rt, rt.records.session() as session:
        units = [{"code": u.code, "name": u.name, "contacts": u.contacts} for u in repo.list_units(session)]
    if fmt is ListFormat.json:
        print_json(units)
        return
    t = Table(title=_("Unit kerja"))
    t.add_column(_("Kode"))
    t.add_column(_("Nama"))
    t.add_column(_("Kontak"))
    for u in units:
        t.add_row(u["code"], u["name"], ", ".join(u["contacts"]))
    console.print(t)


@user_app.command("add", help=_("Tambah atau perbarui pengguna web (kata sandi disimpan dengan argon2)."))
def user_add(
    email: Annotated[str, typer.Argument(help=_("E-mail (dipakai untuk masuk)"))],
    role: Annotated[str, typer.Option("--role", "-r", help=_("admin, reviewer atau unit"))] = "unit",
    unit: Annotated[Optional[list[str]], typer.Option("--unit", "-u", help=_("Unit anggota (peran unit) atau unit yang ditugaskan (reviewer); boleh berulang"))] = None,
    all_units: Annotated[bool, typer.Option("--all-units", help=_("Reviewer untuk semua unit"))] = False,
    name: Annotated[str, typer.Option("--name", "-n", help=_("Nama lengkap"))] = "",
    password: Annotated[str, typer.Option("--password", prompt=_("Kata sandi"), hide_input=True,
                                          confirmation_prompt=_("Ulangi kata sandi"),
                                          help=_("Kata sandi (minimal 10 karakter); ditanyakan bila tidak diisi"))] = "",
) -> None:
    """Add or update a web user (the password is stored with argon2)."""
    from flows.people.accounts import add_user

    with _runtime() as rt:
        who = add_user(rt, email, role=role, password=password, name=name, units=unit or [], all_units=all_units)
    scope = _("semua unit") if who.unit_codes is None else ", ".join(sorted(who.unit_codes)) or "-"
    console.print(_("[green]Pengguna tersimpan:[/] %(email)s (%(role)s; %(scope)s)", email=who.email, role=who.role,
                    scope=scope))


@user_app.command("list", help=_("Daftar pengguna web."))
def user_list(fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table) -> None:
    """List the web users."""
    from rich.table import Table

    from flows.people.accounts import list_users

    with _runtime() as rt:
        rows = list_users(rt)
    if fmt is ListFormat.json:
        print_json(rows)
        return
    t = Table(title=_("Pengguna"))
    for col in (_("E-mail"), _("Nama"), _("Peran"), _("Unit"), _("Aktif"), _("Terakhir masuk")):
        t.add_column(col)
    for r in rows:
        everything = r["all_units"] or r["role"] == "admin"
        t.add_row(r["email"], r["name"], r["role"], _("semua") if everything else ", ".join(r["units"]), yes_no(r["active"]), format_time(r["last_login_at"]) if r["last_login_at"] else "-")
    console.print(t)


@token_app.command("create", help=_("Buat token API (ditampilkan sekali; simpan baik-baik)."))
def token_create(
    email: Annotated[str, typer.Argument(help=_("Pengguna pemilik token"))],
    name: Annotated[str, typer.Option("--name", "-n", help=_("Untuk apa token ini, mis. 'skrip unggah'"))] = "",
) -> None:
    """Create an API token (shown once; keep it safe)."""
    from flows.people.accounts import create_api_token

    with _runtime() as rt:
        token = create_api_token(rt, email, name)
    console.print(_("Token API (hanya ditampilkan sekali):"), style="green")
    print(token)


@token_app.command("revoke", help=_("Cabut semua token API seorang pengguna."))
def token_revoke(email: Annotated[str, typer.Argument(help=_("Pengguna"))]) -> None:
    """Revoke every API token of a user."""
    from flows.people.accounts import revoke_api_tokens

    with _runtime() as rt:
        n = revoke_api_tokens(rt, email)
    console.print(_("%(n)s token dicabut.", n=n))
