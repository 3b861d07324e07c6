"""Accounts: argon2 password hashes, sign-in throttling per account and per client, API tokens."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from config.errors import InvalidInputError


def test_passwords_are_argon2_hashes_and_checked(runtime):
    from flows.people.accounts import AuthenticationError, add_user, authenticate
    from storage.records.models import User

    add_user(runtime, "Zi@Dinkes.Example.go.id", role="unit", password="kata-sandi-panjang", units=["DINKES-JBR"])
    with runtime.records.session() as s:
        stored = s.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and "kata-sandi-panjang" not in stored
    who = authenticate(runtime, "zi@dinkes.example.go.id", "kata-sandi-panjang", client="10.0.0.1")
    assert who.unit_codes == frozenset({"DINKES-JBR"}) and who.role == "unit"
    with pytest.raises(AuthenticationError, match="E-mail atau kata sandi salah"):
        authenticate(runtime, "zi@dinkes.example.go.id", "salah-sandi", client="10.0.0.1")
    with pytest.raises(AuthenticationError):  # unknown account: the same answer
        authenticate(runtime, "tidak.ada@example.go.id", "kata-sandi-panjang", client="10.0.0.1")


def test_bad_accounts_are_refused(runtime):
    from config.errors import NotFoundError
    from flows.people.accounts import add_user

    with pytest.raises(InvalidInputError, match="minimal 10"):
        add_user(runtime, "a@b.id", role="reviewer", password="pendek")
    with pytest.raises(InvalidInputError, match="Peran tidak dikenal"):
        add_user(runtime, "a@b.id", role="bos", password="kata-sandi-panjang")
    with pytest.raises(InvalidInputError, match="minimal satu unit"):
        add_user(runtime, "a@b.id", role="unit", password="kata-sandi-panjang")
    with pytest.raises(NotFoundError):
        add_user(runtime, "a@b.id", role="unit", password="kata-sandi-panjang", units=["TIDAK-ADA"])


# sign-in throttling (progressive delays per account and per address): tests/test_sessions.py


def test_api_tokens_act_as_their_user_until_revoked(runtime):
    from flows.people.accounts import add_user, create_api_token, principal_for_token, revoke_api_tokens
    from storage.records.models import ApiToken

    add_user(runtime, "skrip@example.go.id", role="unit", password="kata-sandi-panjang", units=["PKM-SUMBERSARI"])
    token = create_api_token(runtime, "skrip@example.go.id", "unggah malam")
    who = principal_for_token(runtime, token)
    assert who.email == "skrip@example.go.id" and who.unit_codes == frozenset({"PKM-SUMBERSARI"})
    with runtime.records.session() as s:
        assert token not in {t.token_hash for t in s.scalars(select(ApiToken))}  # only the hash is kept
    assert revoke_api_tokens(runtime, "skrip@example.go.id") == 1
    assert principal_for_token(runtime, token) is None


def test_sign_in_page_sets_a_secure_http_only_cookie(runtime):
    import re

    from fastapi.testclient import TestClient

    from config.settings import load_settings
    from flows.people.accounts import add_user
    from web.app import create_app

    add_user(runtime, "zi@dinkes.example.go.id", role="unit", password="kata-sandi-panjang", units=["DINKES-JBR"])
    with TestClient(create_app(load_settings()), base_url="https://testserver") as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
        bad = c.post("/login", data={"email": "zi@dinkes.example.go.id", "password": "salah-salah",
                                     "csrf_token": token})
        assert bad.status_code == 401 and "E-mail atau kata sandi salah" in bad.text
        no_csrf = c.post("/login", data={"email": "zi@dinkes.example.go.id", "password": "kata-sandi-panjang"})
        assert no_csrf.status_code == 403
        ok = c.post("/login", data={"email": "zi@dinkes.example.go.id", "password": "kata-sandi-panjang",
                                    "csrf_token": token}, follow_redirects=False)
        cookie = ok.headers["set-cookie"].lower()
        assert ok.status_code == 303 and "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
