"""unique keys for current returns: one current copy of a file per round, one current return per named
respondent, council, round and kind (full or pulse). Writers racing each other now collide on these keys and
retry, instead of locking council rows (which deadlocked on PostgreSQL).

Before the keys are made, any duplicates a racing writer left behind are settled the way the product settles
them: the newest return counts, the older ones stay in the history, replaced by it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

returns = sa.table(
    "returns",
    sa.column("id", sa.Integer),
    sa.column("round_id", sa.Integer),
    sa.column("council_id", sa.Integer),
    sa.column("respondent_key", sa.String),
    sa.column("source", sa.String),
    sa.column("sha256", sa.String),
    sa.column("is_current", sa.Boolean),
    sa.column("replaced_by", sa.Integer),
)

NAMED = "is_current AND respondent_key <> '' AND source {op} 'pulse'"
KEYS: tuple[tuple[str, list[str], str, bool | None], ...] = (
    ("uq_returns_current_file", ["round_id", "sha256"], "is_current", None),
    ("uq_returns_current_respondent", ["round_id", "council_id", "respondent_key"], NAMED.format(op="<>"), False),
    ("uq_returns_current_pulse", ["round_id", "council_id", "respondent_key"], NAMED.format(op="="), True),
)


def _settle_duplicates(columns: list[str], pulse: bool | None) -> None:
    """Older current returns sharing a key with a newer one stop counting and point at the newest."""
    newer = returns.alias("newer")
    same: list[sa.ColumnElement[bool]] = [newer.c[c] == returns.c[c] for c in columns]
    if pulse is not None:
        same.append((newer.c.source == "pulse") if pulse else (newer.c.source != "pulse"))
        same.append(newer.c.respondent_key != "")
    newest = sa.select(sa.func.max(newer.c.id)).where(newer.c.is_current, newer.c.id > returns.c.id, *same)
    mine: list[sa.ColumnElement[bool]] = [returns.c.is_current]
    if pulse is not None:
        mine.append((returns.c.source == "pulse") if pulse else (returns.c.source != "pulse"))
        mine.append(returns.c.respondent_key != "")
    op.execute(
        returns.update()
        .where(*mine, newest.scalar_subquery().is_not(None))
        .values(is_current=False, replaced_by=newest.scalar_subquery())
    )


def upgrade() -> None:
    for name, columns, where, pulse in KEYS:
        _settle_duplicates(columns, pulse)
        op.create_index(
            name,
            "returns",
            columns,
            unique=True,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def downgrade() -> None:
    for name, *_ in KEYS:
        op.drop_index(name, table_name="returns")
