"""PostgreSQL for the tests: Debian's server binaries, a throw-away cluster in the work folder.

``SERVICE.start`` installs the ``postgresql`` Debian package when no ``initdb`` is found under
``/usr/lib/postgresql/*/bin/`` (the package's own ``main`` cluster is ignored: ours has its own
data folder, port and socket folder), runs ``initdb`` (trust authentication, loopback only,
fsync off), starts ``postgres`` and creates the database ``dukung_test``.  Tests read
``DUKUNG_TEST_POSTGRES_URL`` and take fresh empty databases with :func:`create_database` /
:func:`fresh_database`.

PostgreSQL refuses to run as root: as root the cluster belongs to the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.services.base import Restartable, ServiceUnavailable, free_port, log_file, run, wait_for

URL_VAR = "DUKUNG_TEST_POSTGRES_URL"
DATABASE = "dukung_test"
SUPERUSER = "postgres"


# Fresh databases for tests ----------------------------------------------------------------

def _admin_connect(base_url: str):
    """An autocommit psycopg connection to the maintenance database of ``base_url``'s server."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    return psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username or SUPERUSER,
                           password=url.password, dbname="postgres", autocommit=True, connect_timeout=5)


def _check_name(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"nama basis data tidak valid: {name!r}")
    return name


def create_database(base_url: str, name: str, *, driver: str | None = None) -> str:
    """(Re)create the empty database ``name`` on the server of ``base_url``; return its URL.

    ``driver`` replaces the URL's driver, e.g. ``postgresql+asyncpg`` for the Prefect server.
    """
    from sqlalchemy.engine import make_url

    _check_name(name)
    with _admin_connect(base_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(base_url).set(database=name)
    if driver:
        url = url.set(drivername=driver)
    return url.render_as_string(hide_password=False)


def drop_database(base_url: str, name: str) -> None:
    """Drop ``name`` (closing its connections); never fails a test run."""
    try:
        with _admin_connect(base_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_check_name(name)}" WITH (FORCE)')
    except Exception:  # noqa: BLE001 - cleanup only; the cluster is thrown away anyway
        pass


def fresh_database(base_url: str, prefix: str = "t") -> tuple[str, str]:
    """A new empty database with a unique name: ``(name, url)``."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}".lower()
    return name, create_database(base_url, name)


# The server ---------------------------------------------------------------------------------

def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<major>/bin`` that has ``initdb``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)) if re.search(r"/(\d+)/bin/", p) else 0)
    return Path(found[-1]).parent if found else None


def install_postgresql() -> Path:
    """``apt-get install postgresql`` (Debian); the package's own cluster does not matter to us."""
    if os.geteuid() != 0:
        raise ServiceUnavailable("PostgreSQL belum terpasang dan pemasangan otomatis butuh root "
                                 "(jalankan: apt-get install -y postgresql)")
    if shutil.which("apt-get") is None:
        raise ServiceUnavailable("PostgreSQL belum terpasang dan apt-get tidak ada (bukan Debian/Ubuntu?)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update"], timeout=300, env=env, what="apt-get update")
    run(["apt-get", "install", "-y", "--no-install-recommends", "postgresql"], timeout=900, env=env,
        what="apt-get install postgresql")
    bindir = find_bindir()
    if bindir is None:
        raise ServiceUnavailable("postgresql terpasang, tetapi initdb tidak ditemukan di /usr/lib/postgresql/*/bin/")
    return bindir


def _make_traversable(path: Path) -> None:
    """Let the ``postgres`` user reach ``path``: temp folders made by mkdtemp are 0700."""
    tmp = Path(tempfile.gettempdir()).resolve()
    for folder in [path, *path.parents]:
        if folder == tmp or tmp not in folder.parents:
            break
        mode = folder.stat().st_mode
        if not mode & 0o001 and folder.stat().st_uid == os.geteuid():
            folder.chmod(mode | 0o711)


class PostgresService(Restartable):
    name = "postgres"
    log_name = "postgres"
    env = (URL_VAR,)

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.root: Path | None = None
        self._log = None

    def _as_owner(self, cmd: list[str]) -> list[str]:
        return ["runuser", "-u", SUPERUSER, "--", *cmd] if os.geteuid() == 0 else cmd

    def start(self, workdir: Path, env: dict) -> dict[str, str]:
        bindir = find_bindir() or install_postgresql()
        workdir.mkdir(parents=True, exist_ok=True)
        as_root = os.geteuid() == 0
        if as_root:
            _make_traversable(workdir)
        # everything of the cluster lives in one folder owned by the server's user
        self.root = Path(tempfile.mkdtemp(prefix="pg-", dir=workdir))
        data, sock = self.root / "data", self.root / "sock"
        sock.mkdir()
        if as_root:
            for p in (self.root, sock):
                shutil.chown(p, SUPERUSER, SUPERUSER)
        run(self._as_owner([str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            timeout=120, cwd=self.root, what="initdb")
        port = free_port()
        settings = {
            "listen_addresses": "127.0.0.1", "port": str(port), "unix_socket_directories": str(sock),
            "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
            "max_connections": "200", "shared_buffers": "64MB", "log_min_messages": "warning",
        }
        with open(data / "postgresql.auto.conf", "a", encoding="utf-8") as fh:
            fh.writelines(f"{k} = '{v}'\n" for k, v in settings.items())
        log = log_file(self.log_name)
        self._log = open(log, "w", encoding="utf-8")  # noqa: SIM115 - kept open while the server runs
        kwargs = {"user": SUPERUSER, "group": SUPERUSER, "extra_groups": []} if as_root else {}
        cmd = [str(bindir / "postgres"), "-D", str(data)]
        popen = dict(cwd=self.root, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
        self.proc = subprocess.Popen(cmd, **popen)
        base_url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"

        def accepts() -> bool:
            with _admin_connect(base_url) as conn:
                return conn.execute("SELECT 1").fetchone() == (1,)

        try:
            wait_for(accepts, 60, "PostgreSQL", self.proc, log)
            self._remember(cmd, popen, accepts, "PostgreSQL", 60)
            url = create_database(base_url, DATABASE)
        except Exception:
            self.stop()
            raise
        return {URL_VAR: url}

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # "fast" shutdown: ends open sessions
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.root is not None:
            shutil.rmtree(self.root.parent, ignore_errors=True)  # the service's work folder
            self.root = None


SERVICE = PostgresService()
