"""Create the database engine (a SQLite file with WAL, or any SQLAlchemy URL) and bring its schema up to date.

Migrations run one process at a time: inside one write transaction that holds BEGIN IMMEDIATE on SQLite and a
transaction-scoped advisory lock on PostgreSQL, so app processes starting together on a fresh database create
the schema exactly once. An operator can run them alone, before starting new app processes, with
`python -m rasp migrate` or `alembic upgrade head` (alembic.ini at the top of the repository); with
RASP_AUTO_MIGRATE=0 app processes then only check that the schema is current.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from rasp.core import config
from rasp.core.errors import SetupError
from rasp.store.transactions import WRITE_OPTION, install_sqlite_begin

SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATION_LOCK = 7_262_026  # any fixed number: one process at a time migrates a PostgreSQL database


def _tune_sqlite(engine: Engine) -> None:
    """WAL lets readers work while one process writes; writers take the write lock up front (BEGIN IMMEDIATE)
    so two importing processes queue (busy timeout) instead of failing halfway; readers use a plain BEGIN."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    install_sqlite_begin(engine)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction that only one process at a time can hold for migrating this database."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
            yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema up to date with Alembic, in one transaction (so processes starting at once queue). A
    database made before migrations existed (by metadata.create_all, same schema as revision 0001) is stamped
    rather than created again."""
    cfg = alembic_config()
    with migration_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        tables = set(inspect(conn).get_table_names())
        if "partnerships" in tables and "alembic_version" not in tables:
            command.stamp(cfg, "0001")
        command.upgrade(cfg, "head")


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_schema(engine: Engine) -> None:
    """Refuse, in plain words, a database whose schema is not the one this version of the app needs."""
    have, need = schema_revision(engine), head_revision()
    if have != need:
        raise SetupError(
            f"The database schema is at revision {have or 'none (empty database)'}, but this version of the app "
            f"needs revision {need}. Run `python -m rasp migrate` once, then start the app again."
        )


def build_engine(url: str) -> Engine:
    """An engine for `url`, schema untouched. A bad URL raises SetupError in plain words."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SetupError(f"The database address '{url}' is not a valid SQLAlchemy URL.") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            _tune_sqlite(engine)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, ImportError):
        raise SetupError(
            f"The database address '{parsed.render_as_string()}' names a kind of database this "
            "installation cannot use (unknown dialect or missing driver)."
        ) from None
    except OSError as exc:
        raise SetupError(f"Cannot create the database folder: {exc.strerror or exc}.") from None
    return engine


def make_engine(url: str, *, auto_migrate: bool | None = None) -> Engine:
    """An engine for `url` with the schema up to date: migrated here (the default), or with
    RASP_AUTO_MIGRATE=0 (or auto_migrate=False) only checked, for deployments that migrate once beforehand."""
    engine = build_engine(url)
    shown = make_url(url).render_as_string()
    try:
        if config.auto_migrate() if auto_migrate is None else auto_migrate:
            migrate(engine)
        else:
            check_schema(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise SetupError(f"Cannot open the database at {shown}: {exc.__class__.__name__}.") from None
    except SetupError:
        engine.dispose()
        raise
    return engine
