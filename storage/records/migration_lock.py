"""One migration at a time per records database, whichever processes start together.

PostgreSQL: a session advisory lock (held on its own connection while Alembic runs on another).
SQLite: an exclusive ``flock`` on a file next to the database. Both wait for the holder to finish;
the next process then finds the schema at head and Alembic does nothing.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

# "dukung" in ASCII: the advisory-lock key of Dukung's migrations (any other user of the database
# picks other keys).
ADVISORY_LOCK_KEY = int.from_bytes(b"dukung", "big")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory or another database)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[-1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the records database's migration lock for the duration of the block."""
    dialect = engine.dialect.name
    if dialect == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                conn.commit()
        return
    path = sqlite_path(str(engine.url)) if dialect == "sqlite" else None
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".migrate-lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
