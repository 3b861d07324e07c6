"""A consistent copy of the records database, and putting one back.

SQLite: the online backup API (a consistent snapshot while others read and write). PostgreSQL:
``pg_dump --format=custom`` and ``pg_restore --clean`` (Debian's ``postgresql-client``; its major
version must be at least the server's). Never a copy of live database files.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from config.i18n import _
from config.errors import ConfigurationError, DukungError
from storage.records.migration_lock import sqlite_path

SQLITE = "sqlite"
PG_DUMP = "pg_dump"


def dump_kind(url: str) -> str:
    """How the database at ``url`` is dumped: ``sqlite`` or ``pg_dump``."""
    name = make_url(url).get_backend_name()
    if name == "sqlite":
        return SQLITE
    if name == "postgresql":
        return PG_DUMP
    raise ConfigurationError(_("Cadangan basis data %(name)s belum didukung (yang didukung: SQLite, PostgreSQL)",
                               name=repr(name)))


def dump_records(url: str, target: Path) -> str:
    """Write a consistent copy of the database at ``url`` to ``target``; return its kind."""
    kind = dump_kind(url)
    if kind == SQLITE:
        source = sqlite_path(url)
        if source is None or not source.is_file():
            raise DukungError(_("Basis data SQLite tidak ditemukan: %(source)s", source=source))
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
    else:
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
              "--dbname", _libpq_uri(url)], url, "pg_dump")
    return kind


def load_records(url: str, source: Path, kind: str) -> None:
    """Replace the database at ``url`` with the copy ``source`` of kind ``kind``."""
    target_kind = dump_kind(url)
    if kind != target_kind:
        raise DukungError(_("Cadangan basis data jenis %(kind)s tidak dapat dipulihkan ke basis data "
                            "%(target_kind)s: pulihkan ke jenis basis data yang sama", kind=kind,
                            target_kind=target_kind))
    if kind == SQLITE:
        target = sqlite_path(url)
        if target is None:
            raise DukungError(_("Basis data SQLite tujuan tidak punya berkas"))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restore")
        shutil.copyfile(source, partial)
        with closing(sqlite3.connect(partial)) as check:
            intact = check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        if not intact:
            partial.unlink()
            raise DukungError(_("Salinan basis data SQLite di cadangan rusak"))
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(partial, target)
        return
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", "--dbname", _libpq_uri(url), str(source)], url, "pg_restore")


def table_counts(engine) -> dict[str, int]:
    """Rows per table of the records schema (the manifest's check that a restore is complete)."""
    from storage.records.models import Base

    counts = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
    return counts


def _libpq_uri(url: str) -> str:
    """The SQLAlchemy URL as a libpq URI without its password (that goes in PGPASSWORD)."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore``: on PATH, else the newest under Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return candidates[-1]
    raise ConfigurationError(_("Program %(name)s tidak ditemukan: pasang paket postgresql-client "
                               "(versi utama sama dengan server PostgreSQL atau lebih baru)", name=name))


def _run(command: list[str], url: str, label: str) -> None:
    env = dict(os.environ)
    password = make_url(url).password
    if password:
        env["PGPASSWORD"] = password
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise DukungError(f"{label} gagal (kode {done.returncode}): " + " ".join(detail))
