"""Alembic environment: migrations run on the connection rasp.store.engine hands over (one transaction)."""

from __future__ import annotations

from alembic import context

from rasp.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
