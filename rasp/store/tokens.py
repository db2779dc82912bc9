"""API tokens (one partnership each, shown once, kept only as a SHA-256, revocable) and rounds closed to the API.

A token is 32 random bytes (secrets.token_urlsafe), so a plain SHA-256 is enough to keep it safe at rest: it
cannot be guessed or brute-forced from the hash the way a password could.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, insert, select, update

from rasp.core.errors import SetupError
from rasp.store.audit import record
from rasp.store.schema import NAME_MAX, api_tokens, partnerships, rounds
from rasp.store.transactions import writing
from rasp.store.writes import log_change, new_id, utc_now

PREFIX = "rasp_"  # so a leaked token is recognisable in logs and secret scanners


@dataclass(frozen=True)
class Token:
    id: int
    partnership: str
    label: str


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create_token(engine: Engine, partnership: str, label: str, created_by: str) -> tuple[int, str]:
    """A new token for the partnership: (its id, the token itself, which is not kept and is shown only now)."""
    token = PREFIX + secrets.token_urlsafe(32)
    with writing(engine) as conn:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == partnership)).scalar()
        if pid is None:
            raise SetupError(f"There is no partnership called '{partnership[:80]}'.")
        token_id = new_id(
            conn,
            insert(api_tokens).values(
                partnership_id=pid,
                token_sha256=digest(token),
                label=" ".join(label.split())[:NAME_MAX],
                created_by=created_by[:320],
                created_at=utc_now(),
            ),
        )
        log_change(conn, f"api token {token_id} created")
        record(conn, created_by, "api token created", partnership, f"token {token_id} ({label[:80]})")
    return token_id, token


def find_token(engine: Engine, token: str) -> Token | None:
    """The live (not revoked) token, or None; marks it used."""
    if not token or len(token) > 200:
        return None
    with writing(engine) as conn:
        row = conn.execute(
            select(api_tokens.c.id, partnerships.c.name, api_tokens.c.label)
            .join(partnerships, partnerships.c.id == api_tokens.c.partnership_id)
            .where(api_tokens.c.token_sha256 == digest(token), api_tokens.c.revoked_at.is_(None))
        ).first()
        if row is None:
            return None
        conn.execute(update(api_tokens).where(api_tokens.c.id == row[0]).values(last_used_at=utc_now()))
    return Token(int(row[0]), str(row[1]), str(row[2]))


def revoke_token(engine: Engine, partnership: str, token_id: int, by: str) -> bool:
    """Revoke a token of the partnership; False when there is no such live token."""
    with writing(engine) as conn:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == partnership)).scalar()
        done = conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.partnership_id == pid, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        ).rowcount
        if done:
            log_change(conn, f"api token {token_id} revoked")
            record(conn, by, "api token revoked", partnership, f"token {token_id}")
    return bool(done)


def list_tokens(engine: Engine, partnership: str) -> pd.DataFrame:
    """The partnership's tokens (never the tokens themselves): id, label, created by and when, last used, revoked."""
    query = (
        select(
            api_tokens.c.id,
            api_tokens.c.label,
            api_tokens.c.created_by,
            api_tokens.c.created_at,
            api_tokens.c.last_used_at,
            api_tokens.c.revoked_at,
        )
        .join(partnerships, partnerships.c.id == api_tokens.c.partnership_id)
        .where(partnerships.c.name == partnership)
        .order_by(api_tokens.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    columns = ["id", "label", "created_by", "created_at", "last_used_at", "revoked_at"]
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def set_round_closed(engine: Engine, partnership: str, round_name: str, closed: bool, by: str) -> None:
    """Close a round to the API (it takes no more returns that way), or open it again."""
    with writing(engine) as conn:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == partnership)).scalar()
        done = conn.execute(
            update(rounds)
            .where(rounds.c.partnership_id == pid, rounds.c.name == round_name)
            .values(closed_at=utc_now() if closed else None)
        ).rowcount
        if not done:
            raise SetupError(f"Partnership '{partnership[:80]}' has no round called '{round_name[:80]}'.")
        log_change(conn, f"round {round_name} {'closed' if closed else 'opened'}")
        record(conn, by, "round closed" if closed else "round reopened", partnership, f"round {round_name}")


def round_closed_at(engine: Engine, partnership: str, round_name: str) -> dt.datetime | None:
    with engine.connect() as conn:
        value = conn.execute(
            select(rounds.c.closed_at)
            .join(partnerships, partnerships.c.id == rounds.c.partnership_id)
            .where(partnerships.c.name == partnership, rounds.c.name == round_name)
        ).scalar()
    return value if isinstance(value, dt.datetime) else None
