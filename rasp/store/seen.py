"""What the store already holds of a round, so a re-imported export changes nothing."""

from __future__ import annotations

from sqlalchemy import Engine, select

from rasp.store.schema import partnerships, returns, rounds


def stored_digests(engine: Engine, partnership: str, round_name: str) -> set[str]:
    """The sha256 of every return ever stored for the round, current or replaced since."""
    query = (
        select(returns.c.sha256)
        .join(rounds, rounds.c.id == returns.c.round_id)
        .join(partnerships, partnerships.c.id == returns.c.partnership_id)
        .where(partnerships.c.name == partnership, rounds.c.name == round_name)
    )
    with engine.connect() as conn:
        return set(conn.execute(query).scalars())
