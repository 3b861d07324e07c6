"""PostgreSQL, MinIO and Elasticsearch on loopback for the server-backed benchmarks.

Reuses the test launchers (:mod:`tests.services`): a server whose ``DUKUNG_TEST_*`` variables are
already set is used as it is; the others are started in a temporary folder and stopped on exit.
:func:`dukung_env` gives the ``DUKUNG_*`` settings of a fresh database, bucket and index prefix.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path

NAMES = ("postgres", "minio", "elasticsearch")


class Servers:
    def __init__(self, names: tuple[str, ...] = NAMES) -> None:
        self.names = names
        self.env: dict[str, str] = {}
        self._started = []
        self._workdir = Path(tempfile.mkdtemp(prefix="dukung-bench-servers-"))

    def __enter__(self) -> "Servers":
        env = dict(os.environ)
        try:
            for name in self.names:
                service = importlib.import_module(f"tests.services.{name}").SERVICE
                if all(env.get(v) for v in service.env):
                    continue
                env.update(service.start(self._workdir / name, env))
                self._started.append(service)
        except BaseException:
            self.__exit__()
            raise
        self.env = {k: v for k, v in env.items() if k.startswith("DUKUNG_TEST_")}
        return self

    def __exit__(self, *exc) -> None:
        for service in reversed(self._started):
            try:
                service.stop()
            except Exception:  # noqa: BLE001 - stopping must not hide the results
                pass
        self._started.clear()
        shutil.rmtree(self._workdir, ignore_errors=True)

    @property
    def es_url(self) -> str:
        return self.env["DUKUNG_TEST_ELASTICSEARCH_URL"]

    def dukung_env(self) -> dict[str, str]:
        """Settings for one fresh run: a new database, bucket and index prefix on these servers."""
        from tests.services.postgres import fresh_database

        tag = uuid.uuid4().hex[:8]
        _name, url = fresh_database(self.env["DUKUNG_TEST_POSTGRES_URL"], prefix="bench")
        return {
            "DUKUNG_RECORDS__URL": url,
            "DUKUNG_STORAGE__URL": f"s3://bench-{tag}",
            "DUKUNG_STORAGE__ENDPOINT": self.env["DUKUNG_TEST_MINIO_ENDPOINT"],
            "DUKUNG_STORAGE__ACCESS_KEY": self.env["DUKUNG_TEST_MINIO_ACCESS_KEY"],
            "DUKUNG_STORAGE__SECRET_KEY": self.env["DUKUNG_TEST_MINIO_SECRET_KEY"],
            "DUKUNG_SEARCH__BACKEND": "elasticsearch",
            "DUKUNG_SEARCH__URL": self.es_url,
            "DUKUNG_SEARCH__INDEX_PREFIX": f"bench-{tag}",
        }
