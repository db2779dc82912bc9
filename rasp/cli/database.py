"""The database command: create or update the schema, once, before new app processes start."""

from __future__ import annotations

import argparse

from rasp.cli.common import EXIT_OK, Add
from rasp.core import config
from rasp.store.engine import build_engine, migrate, schema_revision


def cmd_migrate(args: argparse.Namespace) -> int:
    engine = build_engine(args.db or config.database_url())
    try:
        before = schema_revision(engine)
        migrate(engine)
        after = schema_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"The database schema is up to date (revision {after}).")
    else:
        print(f"Migrated the database schema from revision {before or 'none (empty database)'} to {after}.")
    return EXIT_OK


def register(add: Add) -> None:
    s = add("migrate", "Create or update the database schema (run once before starting new app processes).")
    s.set_defaults(func=cmd_migrate)
