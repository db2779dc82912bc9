"""A lock for work that must happen once per database however many app processes start at the same time (the
first-start demo): a session advisory lock on PostgreSQL, a file lock beside the SQLite file. A process that
dies while holding it releases it (the server ends its session; the kernel drops its file lock)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

PG_FIRST_START_LOCK = 7_262_027  # any fixed number, distinct from the migration lock


@contextmanager
def once_per_database(engine: Engine) -> Iterator[None]:
    """Only one process at a time runs the body for this database; the others wait their turn."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_FIRST_START_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_FIRST_START_LOCK})
        return
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        yield  # a private in-memory database: nobody else can see it
        return
    lock_path = Path(f"{database}-first-start.lock")  # beside the file, like its -wal and -shm
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
