"""What the store already holds of a round, so a re-imported export changes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from rasp.store.schema import answers, councils, partner_ratings, partnerships, returns, rounds


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


def return_with_digest(engine: Engine, partnership: str, round_name: str, sha256: str) -> int | None:
    """The newest return of the round with this exact content (current or replaced since), if any."""
    query = (
        select(returns.c.id)
        .join(rounds, rounds.c.id == returns.c.round_id)
        .join(partnerships, partnerships.c.id == returns.c.partnership_id)
        .where(partnerships.c.name == partnership, rounds.c.name == round_name, returns.c.sha256 == sha256)
        .order_by(returns.c.id.desc())
    )
    with engine.connect() as conn:
        found = conn.execute(query).scalar()
    return int(found) if found is not None else None


def one_return(engine: Engine, return_id: int, uploaded_by: str) -> dict[str, Any] | None:
    """A stored return with its answers and ratings, only if `uploaded_by` stored it (an API token reads back
    only what it sent)."""
    partner = aliased(councils)
    with engine.connect() as conn:
        row = conn.execute(
            select(
                returns.c.id,
                partnerships.c.name,
                rounds.c.name,
                councils.c.name,
                returns.c.respondent,
                returns.c.role,
                returns.c.target_rung,
                returns.c.scope,
                returns.c.source,
                returns.c.uploaded_at,
                returns.c.is_current,
                returns.c.replaced_by,
            )
            .join(partnerships, partnerships.c.id == returns.c.partnership_id)
            .join(rounds, rounds.c.id == returns.c.round_id)
            .join(councils, councils.c.id == returns.c.council_id)
            .where(returns.c.id == return_id, returns.c.uploaded_by == uploaded_by)
        ).first()
        if row is None:
            return None
        items = conn.execute(
            select(answers.c.statement_id, answers.c.value, answers.c.status).where(answers.c.return_id == return_id)
        ).all()
        rated = conn.execute(
            select(partner.c.name, partner_ratings.c.trust, partner_ratings.c.alignment)
            .join(partner, partner.c.id == partner_ratings.c.partner_council_id)
            .where(partner_ratings.c.return_id == return_id)
        ).all()
    uploaded = row[9]
    return {
        "id": int(row[0]),
        "partnership": row[1],
        "round": row[2],
        "council": row[3],
        "respondent": row[4],
        "role": row[5],
        "target_rung": row[6],
        "scope": row[7],
        "source": row[8],
        "uploaded_at": uploaded.isoformat() if uploaded is not None else None,
        "current": bool(row[10]),
        "replaced_by": row[11],
        "answers": {sid: {"value": value, "status": status} for sid, value, status in items},
        "ratings": {name: {"trust": trust, "alignment": alignment} for name, trust, alignment in rated},
    }
