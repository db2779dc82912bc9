"""Create the database engine: a SQLite file with WAL and IMMEDIATE transactions, or any SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from rasp.core.errors import SetupError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _tune_sqlite(engine: Engine) -> None:
    """WAL lets readers work while one process writes; BEGIN IMMEDIATE takes the write lock up front so two
    importing processes queue (busy timeout) instead of failing halfway with 'database is locked'."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATION_LOCK = 7_262_026  # any fixed number: one process at a time migrates a PostgreSQL database


def migrate(engine: Engine) -> None:
    """Bring the schema up to date with Alembic, in one transaction (so two processes starting at once queue:
    BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL). A database made before migrations existed (by
    metadata.create_all, same schema as revision 0001) is stamped rather than created again."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        tables = set(inspect(conn).get_table_names())
        if "partnerships" in tables and "alembic_version" not in tables:
            command.stamp(cfg, "0001")
        command.upgrade(cfg, "head")


def make_engine(url: str) -> Engine:
    """An engine for `url` with the schema created. A bad URL raises SetupError in plain words."""
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
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        raise SetupError(
            f"Cannot open the database at {parsed.render_as_string()}: {exc.__class__.__name__}."
        ) from None
    return engine
