"""Helpers for web page tests: people who sign in through the real login form, and the CSRF token
of their session as a page hands it out."""

from __future__ import annotations

import re
from contextlib import contextmanager

from fastapi.testclient import TestClient

PASSWORD = "kata-sandi-uji-123"
_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
_META = re.compile(r'name="csrf-token" content="([^"]+)"')


def fast_passwords(monkeypatch) -> None:
    """Argon2 with the smallest cost: the same code paths, a millisecond instead of a quarter second."""
    from argon2 import PasswordHasher

    import flows.people.accounts

    monkeypatch.setattr(flows.people.accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def add_person(rt, email: str, role: str, *, units: list[str] | None = None, all_units: bool = False) -> str:
    from flows.people.accounts import add_user

    add_user(rt, email, role=role, password=PASSWORD, units=units, all_units=all_units, actor="uji")
    return email


def sign_in(app, email: str, password: str = PASSWORD) -> TestClient:
    """A client signed in as ``email`` through ``/login`` (cookies are Secure: https base URL)."""
    client = TestClient(app, base_url="https://testserver")
    token = _FIELD.search(client.get("/login").text).group(1)
    r = client.post("/login", data={"email": email, "password": password, "csrf_token": token, "next": "/"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def csrf(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token, read from a page's <meta name="csrf-token">."""
    return _META.search(client.get(path).text).group(1)


@contextmanager
def signed_in_site(rt, people: dict[str, dict]):
    """The web app over ``rt``'s settings; ``site.login(name)`` adds ``people[name]`` (role, units) once and
    signs them in through the login form, ``site.anon`` is a client nobody signed in on."""
    from config.settings import load_settings
    from web.app import create_app

    app = create_app(load_settings())
    with TestClient(app, base_url="https://testserver") as anonymous:
        clients: dict[str, TestClient] = {}

        class Site:
            rt = None
            anon = anonymous

            @staticmethod
            def login(name: str) -> TestClient:
                if name not in clients:
                    add_person(rt, f"{name}@example.go.id", **people[name])
                    clients[name] = sign_in(app, f"{name}@example.go.id")
                return clients[name]

        Site.rt = rt
        yield Site
