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


SERVER_ENV = ("DUKUNG_TEST_MINIO_ENDPOINT", "DUKUNG_TEST_MINIO_ACCESS_KEY", "DUKUNG_TEST_MINIO_SECRET_KEY",
              "DUKUNG_TEST_POSTGRES_URL", "DUKUNG_TEST_ELASTICSEARCH_URL")


def server_backends(env: dict, name: str, database: str) -> dict[str, str]:
    """Dukung's settings for MinIO + a new PostgreSQL database + Elasticsearch of the test servers in ``env``
    (see :data:`SERVER_ENV`), each named after ``name`` (bucket, index prefix) so that tests stay apart."""
    from tests.services.postgres import create_database

    return {
        "DUKUNG_STORAGE__URL": f"s3://{name}",
        "DUKUNG_STORAGE__ENDPOINT": env["DUKUNG_TEST_MINIO_ENDPOINT"],
        "DUKUNG_STORAGE__ACCESS_KEY": env["DUKUNG_TEST_MINIO_ACCESS_KEY"],
        "DUKUNG_STORAGE__SECRET_KEY": env["DUKUNG_TEST_MINIO_SECRET_KEY"],
        "DUKUNG_RECORDS__URL": create_database(env["DUKUNG_TEST_POSTGRES_URL"], database),
        "DUKUNG_SEARCH__BACKEND": "elasticsearch",
        "DUKUNG_SEARCH__URL": env["DUKUNG_TEST_ELASTICSEARCH_URL"],
        "DUKUNG_SEARCH__INDEX_PREFIX": name,
    }
