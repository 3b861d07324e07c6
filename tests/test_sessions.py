"""Sessions end with sign-out and a password change; sign-in protection slows guessing without letting
anyone lock an account out; forwarded addresses are believed only from configured proxies (issue 15)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from flows.people.accounts import AuthenticationError, ThrottledError, add_user, authenticate

PASSWORD = "kata-sandi-panjang"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def app(runtime):
    from config.settings import load_settings
    from web.app import create_app

    add_user(runtime, "zi@dinkes.example.go.id", role="unit", password=PASSWORD, units=["DINKES-JBR"])
    app = create_app(load_settings())
    app.state.test_clients = []
    yield app
    for client in app.state.test_clients:
        client.__exit__(None, None, None)


def _client(app) -> TestClient:
    c = TestClient(app, base_url="https://testserver")
    c.__enter__()
    app.state.test_clients.append(c)
    return c


def _sign_in(app) -> TestClient:
    c = _client(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"email": "zi@dinkes.example.go.id", "password": PASSWORD, "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303
    return c


def _with_cookies(app, cookies) -> TestClient:
    c = _client(app)
    for name, value in cookies.items():
        c.cookies.set(name, value)
    return c


def _signed_in(client) -> bool:
    return client.get("/api/documents").status_code == 200


def test_a_saved_cookie_stops_working_after_sign_out(app):
    client = _sign_in(app)
    saved = dict(client.cookies)
    assert _signed_in(client) and _signed_in(_with_cookies(app, saved))
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/search").text).group(1)
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert not _signed_in(client)
    assert not _signed_in(_with_cookies(app, saved))  # the copy kept before signing out is dead too


def test_a_password_change_ends_every_session_of_that_user(app, runtime):
    phone, laptop = _sign_in(app), _sign_in(app)
    assert _signed_in(phone) and _signed_in(laptop)
    add_user(runtime, "zi@dinkes.example.go.id", role="unit", password="sandi-baru-yang-panjang", units=["DINKES-JBR"])
    assert not _signed_in(phone) and not _signed_in(laptop)


def test_wrong_passwords_slow_the_account_down_but_never_lock_it_out(runtime):
    from flows.people.accounts import MAX_ACCOUNT_DELAY

    add_user(runtime, "admin@example.go.id", role="admin", password=PASSWORD)
    now = T0
    for attempt in range(12):  # an attacker who knows the address, trying as fast as they are let
        with pytest.raises(AuthenticationError):
            authenticate(runtime, "admin@example.go.id", "tebakan-salah", client=f"10.1.0.{attempt}", now=now)
        now += MAX_ACCOUNT_DELAY
    with pytest.raises(ThrottledError, match=r"Tunggu \d+ detik"):  # too soon after a failure: not checked
        authenticate(runtime, "admin@example.go.id", PASSWORD, client="10.0.0.3", now=now - MAX_ACCOUNT_DELAY
                     + timedelta(seconds=1))
    who = authenticate(runtime, "admin@example.go.id", PASSWORD, client="10.0.0.3", now=now)
    assert who.role == "admin"  # the owner is at most a minute away from signing in, never 15


def test_the_delay_grows_with_each_failure(runtime):
    from flows.people.accounts import account_delay

    delays = [account_delay(n).total_seconds() for n in range(12)]
    assert delays[:3] == [0, 0, 0] and delays == sorted(delays) and delays[-1] == 60


def test_many_failures_from_one_address_slow_that_address_only(runtime):
    from flows.people.accounts import MAX_FAILURES_PER_CLIENT

    add_user(runtime, "tpi@example.go.id", role="reviewer", password=PASSWORD, all_units=True)
    now = T0
    for i in range(MAX_FAILURES_PER_CLIENT):
        with pytest.raises(AuthenticationError):
            authenticate(runtime, f"tebak{i}@example.go.id", "x" * 12, client="10.0.0.9", now=now)
        now += timedelta(seconds=1)
    with pytest.raises(ThrottledError, match="dari alamat ini"):
        authenticate(runtime, "tpi@example.go.id", PASSWORD, client="10.0.0.9", now=now)
    assert authenticate(runtime, "tpi@example.go.id", PASSWORD, client="10.0.0.8", now=now).role == "reviewer"
    # a short wait, not a quarter of an hour, for the people behind that address
    assert authenticate(runtime, "tpi@example.go.id", PASSWORD, client="10.0.0.9",
                        now=now + timedelta(seconds=61)).role == "reviewer"


def _request(peer: str, forwarded: str | None):
    from starlette.requests import Request

    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers, "client": (peer, 5000),
                    "query_string": b""})


def test_forwarded_for_is_believed_only_from_configured_proxies():
    from web.security import client_address

    assert client_address(_request("127.0.0.1", "203.0.113.9"), ()) == "127.0.0.1"  # default: no proxy trusted
    trusted = ("127.0.0.1", "10.0.0.0/8")
    assert client_address(_request("127.0.0.1", "203.0.113.9"), trusted) == "203.0.113.9"
    # the client's own header is kept on the left of the chain: the address the proxies saw wins
    assert client_address(_request("127.0.0.1", "198.51.100.1, 203.0.113.9, 10.2.3.4"), trusted) == "203.0.113.9"
    assert client_address(_request("192.0.2.7", "203.0.113.9"), trusted) == "192.0.2.7"  # not a proxy of ours
    assert client_address(_request("127.0.0.1", "bukan-alamat"), trusted) == "127.0.0.1"


def test_dukung_web_leaves_forwarded_headers_to_the_app(monkeypatch, dukung_env):
    import uvicorn
    from typer.testing import CliRunner

    from flows.cli.app import app as cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    assert CliRunner().invoke(cli, ["web"]).exit_code == 0
    assert seen["proxy_headers"] is False


def test_an_unknown_address_is_slowed_down_exactly_like_a_known_one(runtime):
    """Whether an e-mail has an account must not show in the answers: after the same failures a known
    and an unknown address both get "wait" (429), the same number of times, with the same words."""
    add_user(runtime, "tpi@example.go.id", role="reviewer", password=PASSWORD, all_units=True)

    def answers(email: str) -> list[str]:
        seen, now = [], T0
        for attempt in range(6):
            try:
                authenticate(runtime, email, "tebakan-salah", client=f"10.2.{len(email)}.{attempt}", now=now)
            except ThrottledError as exc:
                seen.append(f"throttled: {str(exc).replace('akun ini', 'X')}")
            except AuthenticationError as exc:
                seen.append(f"wrong: {exc}")
            now += timedelta(seconds=1)
        return seen

    known, unknown = answers("tpi@example.go.id"), answers("tidak-ada@example.go.id")
    assert known == unknown
    assert any(a.startswith("throttled") for a in unknown)
