"""Alembic environment. Run two ways:

- by rasp.store.engine.migrate, which hands over a connection inside its own locked transaction;
- by an operator with plain `alembic upgrade head` (alembic.ini at the top of the repository): the database is
  RASP_DATABASE_URL (default: the SQLite file data/rasp.db), migrated in one transaction
  under the same lock, so it is safe while app processes start.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from rasp.core import config
from rasp.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


handed_over = context.config.attributes.get("connection")
if handed_over is not None:
    _run(handed_over)
else:
    from logging.config import fileConfig

    from rasp.store.engine import build_engine, migration_transaction

    if context.config.config_file_name:
        fileConfig(context.config.config_file_name, disable_existing_loggers=False)

    engine = build_engine(config.database_url())
    try:
        with migration_transaction(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()
