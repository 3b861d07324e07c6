"""Tests ask for a service by its environment variables: skip with one clear line, or fail under CI."""

from __future__ import annotations

import os

import pytest


def service_env(*names: str) -> dict[str, str]:
    values = {n: os.environ.get(n, "") for n in names}
    missing = [n for n, v in values.items() if not v]
    if not missing:
        return values
    message = (f"layanan tidak tersedia ({', '.join(missing)} belum diisi); `make test` memulai server "
               f"uji, atau isi variabel itu untuk memakai server Anda")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true: " + message, pytrace=False)
    pytest.skip(message)
