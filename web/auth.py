"""API authentication: one bearer token from settings (accounts and roles come with the web app)."""

from __future__ import annotations

import secrets

from fastapi import Header, HTTPException, Request, status


def require_token(request: Request, authorization: str = Header(default="")) -> None:
    """Accept ``Authorization: Bearer <DUKUNG_WEB__API_TOKEN>``; compare in constant time."""
    expected = request.app.state.settings.web.api_token.get_secret_value()
    if not expected:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            "API belum dibuka: isi DUKUNG_WEB__API_TOKEN")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Token API tidak valid",
                            headers={"WWW-Authenticate": "Bearer"})
