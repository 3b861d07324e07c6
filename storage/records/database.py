"""Engine, sessions and migrations of the records database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_REVISION = re.compile(r"""^(down_)?revision\s*=\s*['"]?([\w.-]+|None)['"]?\s*$""", re.MULTILINE)


@lru_cache(maxsize=1)
def schema_head() -> str:
    """The newest revision in storage/migrations/versions, read from the files' ``revision``/``down_revision``
    lines without loading Alembic (commands other than `dukung init` compare the database with it)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for down, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if down else revisions).add(value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"storage/migrations/versions has {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


#: what a migration may ask of the caller once the schema is up to date (in ``config.attributes``)
AFTER_UPGRADE = "after_upgrade"
#: … the search index holds values the migration changed (e.g. unit codes): rebuild it from the records
REBUILD_SEARCH_INDEX = "rebuild_search_index"


def migrate(url: str, revision: str = "head") -> set[str]:
    """Bring the database at ``url`` to ``revision`` with Alembic, under the migration lock (so processes
    starting together migrate one after the other; the later ones find nothing to do).

    Returns what the migrations that ran ask to be done next (:data:`REBUILD_SEARCH_INDEX`)."""
    from storage.records.migration_lock import migration_lock

    engine = make_engine(url)
    config = alembic_config(url)
    try:
        with migration_lock(engine):
            command.upgrade(config, revision)
        return set(config.attributes.get(AFTER_UPGRADE, ()))
    except Exception as exc:
        if getattr(exc, "for_people", False):  # a migration's own refusal (it imports nothing of Dukung)
            from config.errors import ConfigurationError

            raise ConfigurationError(str(exc)) from exc
        raise
    finally:
        engine.dispose()


def stored_revision(url: str) -> str | None:
    """The schema revision recorded in the database at ``url``; None when it has no Dukung schema yet.
    Never creates anything (a missing SQLite file stays missing)."""
    from sqlalchemy import text

    from storage.records.migration_lock import sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.is_file():
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("documents")


class Records:
    """Access to one records database: an engine and a session factory."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> set[str]:
        return migrate(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
