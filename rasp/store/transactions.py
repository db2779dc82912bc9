"""Transactions: every write through `write` (retried), every multi-query read through `reading` (one snapshot).

Writes. One transaction each. On SQLite it starts with BEGIN IMMEDIATE, so writers queue on the write lock
(busy timeout) instead of failing halfway; on PostgreSQL it runs at READ COMMITTED with a lock timeout. The
store relies on unique keys, never on row locks, to keep two writers from making the same row twice (one
current return per respondent, one current copy of a file, one partnership of a name): when two collide, the
loser's transaction is rolled back and run again from the start, and then it sees the winner's row and does
the right thing (replace, "already imported", "exists already"). Serialization failures, deadlocks, lock
timeouts and "database is locked" are retried the same way, with jittered exponential backoff, a bounded
number of times; after that the caller gets StoreBusy, a plain message, and nothing is half-stored.

Reads. A plain deferred transaction on SQLite (WAL: readers never wait for a writer, and never take the
write lock), READ ONLY REPEATABLE READ on PostgreSQL: every query inside sees the same snapshot, so a page's
returns, answers and ratings cannot disagree when an upload lands in between.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError

from rasp.core.errors import StoreBusy

T = TypeVar("T")

WRITE_OPTION = "rasp_write"  # execution option: this connection's transaction will write
WRITE_ATTEMPTS = 12
BACKOFF_FIRST_S = 0.02
BACKOFF_MAX_S = 1.0
PG_LOCK_TIMEOUT = "10s"

# PostgreSQL SQLSTATEs worth another try: serialization failure, deadlock, lock not available, unique violation.
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03", "23505"})
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


class Conflict(Exception):
    """Raised inside a write when another writer changed what this one was about to change: run it again."""


def install_sqlite_begin(engine: Engine) -> None:
    """SQLite: writers BEGIN IMMEDIATE (take the write lock at the start), readers a plain deferred BEGIN."""

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_retryable(exc: BaseException) -> bool:
    """True for a conflict with another writer that a fresh attempt of the whole transaction resolves."""
    if isinstance(exc, Conflict):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    if isinstance(orig, sqlite3.IntegrityError):
        return "UNIQUE constraint failed" in str(orig)
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", 0) & 0xFF
        return code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in str(orig)
    return False


def _backoff(attempt: int) -> float:
    ceiling = min(BACKOFF_MAX_S, BACKOFF_FIRST_S * (2**attempt))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security


def write(engine: Engine, work: Callable[[Connection], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
    """Run `work(conn)` in one write transaction and return its result, retrying the whole transaction on a
    conflict with another writer. `work` must only touch the database (it may run more than once)."""
    for attempt in range(attempts):
        try:
            with writing(engine) as conn:
                return work(conn)
        except (DBAPIError, Conflict) as exc:
            if not is_retryable(exc) or attempt == attempts - 1:
                if is_retryable(exc):
                    raise StoreBusy(
                        "The database is busy with other changes and could not save this after "
                        f"{attempts} attempts. Nothing was changed; try again in a moment."
                    ) from exc
                raise
            time.sleep(_backoff(attempt))
    raise AssertionError("unreachable")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction, not retried (for rare writes that rarely meet another writer): the drop-in
    replacement for engine.begin(), taking the SQLite write lock up front. Prefer `write`, which retries."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{PG_LOCK_TIMEOUT}'")
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction: every query inside sees the same snapshot of the store."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn
