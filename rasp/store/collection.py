"""Online collection: links (one partnership and round each, closable) and drafts saved as people answer."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Engine, func, insert, select, update

from rasp.core.errors import SetupError
from rasp.store.schema import collection_links, drafts, partnerships, returns, rounds
from rasp.store.writes import log_change, new_id, utc_now

Kind = Literal["full", "pulse"]
DRAFT_MAX_CHARS = 200_000  # a draft is a few KB; refuse anything absurd rather than store it


@dataclass(frozen=True)
class Link:
    id: int
    token: str
    partnership: str
    round_name: str
    kind: Kind
    created_at: dt.datetime
    closed_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def _link_query() -> Any:
    return select(
        collection_links.c.id,
        collection_links.c.token,
        partnerships.c.name,
        rounds.c.name,
        collection_links.c.kind,
        collection_links.c.created_at,
        collection_links.c.closed_at,
    ).select_from(
        collection_links.join(partnerships, collection_links.c.partnership_id == partnerships.c.id).join(
            rounds, collection_links.c.round_id == rounds.c.id
        )
    )


def create_link(engine: Engine, partnership: str, round_name: str, kind: Kind = "full") -> Link:
    """A new open link for the partnership and round (its token is unguessable)."""
    with engine.begin() as conn:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == partnership)).scalar()
        rid = conn.execute(
            select(rounds.c.id).where(rounds.c.partnership_id == pid, rounds.c.name == round_name)
        ).scalar()
        if pid is None or rid is None:
            raise SetupError(f"There is no round '{round_name}' in partnership '{partnership}'.")
        token = secrets.token_urlsafe(16)
        new_id(
            conn,
            insert(collection_links).values(
                token=token, partnership_id=pid, round_id=rid, kind=kind, created_at=utc_now()
            ),
        )
        log_change(conn, f"link opened {partnership} {round_name}")
    found = find_link(engine, token)
    assert found is not None
    return found


def find_link(engine: Engine, token: str) -> Link | None:
    if not token or len(token) > 64:
        return None
    with engine.connect() as conn:
        row = conn.execute(_link_query().where(collection_links.c.token == token)).first()
    return Link(*row) if row else None


def links_for(engine: Engine, partnership: str, round_name: str) -> list[Link]:
    """The round's links, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            _link_query()
            .where(partnerships.c.name == partnership, rounds.c.name == round_name)
            .order_by(collection_links.c.id.desc())
        ).all()
    return [Link(*r) for r in rows]


def close_link(engine: Engine, token: str) -> None:
    """Close a link: from now on it accepts nothing, and drafts started on it cannot be submitted."""
    with engine.begin() as conn:
        conn.execute(
            update(collection_links)
            .where(collection_links.c.token == token, collection_links.c.closed_at.is_(None))
            .values(closed_at=utc_now())
        )
        log_change(conn, "link closed")


@dataclass(frozen=True)
class Draft:
    token: str
    link_id: int
    values: dict[str, Any]
    return_id: int | None


def start_draft(engine: Engine, link: Link) -> Draft:
    token = secrets.token_urlsafe(16)
    with engine.begin() as conn:
        conn.execute(insert(drafts).values(token=token, link_id=link.id, values_json="{}", updated_at=utc_now()))
    return Draft(token, link.id, {}, None)


def load_draft(engine: Engine, token: str, link: Link) -> Draft | None:
    """The draft with this token on this link, or None (unknown token, or a token from another link)."""
    if not token or len(token) > 64:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(drafts.c.values_json, drafts.c.return_id).where(drafts.c.token == token, drafts.c.link_id == link.id)
        ).first()
    if row is None:
        return None
    values = json.loads(row[0])
    return Draft(token, link.id, values if isinstance(values, dict) else {}, row[1])


def save_draft(engine: Engine, draft: Draft, values: dict[str, Any]) -> None:
    """Store the answers given so far (plain JSON; nothing from it is ever evaluated)."""
    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    if len(text) > DRAFT_MAX_CHARS:
        raise SetupError("These answers are far longer than a questionnaire allows; shorten the evidence.")
    with engine.begin() as conn:
        conn.execute(
            update(drafts)
            .where(drafts.c.token == draft.token, drafts.c.return_id.is_(None))
            .values(values_json=text, updated_at=utc_now())
        )


def mark_submitted(engine: Engine, draft: Draft, return_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(update(drafts).where(drafts.c.token == draft.token).values(return_id=return_id))


@dataclass(frozen=True)
class Counts:
    submitted: int
    in_progress: int


def response_counts(engine: Engine, link_ids: list[int]) -> Counts:
    """Responses submitted through these links (still counting, i.e. not replaced) and drafts still open."""
    if not link_ids:
        return Counts(0, 0)
    with engine.connect() as conn:
        submitted = conn.execute(
            select(func.count()).select_from(returns).where(returns.c.link_id.in_(link_ids), returns.c.is_current)
        ).scalar_one()
        open_drafts = conn.execute(
            select(func.count())
            .select_from(drafts)
            .where(drafts.c.link_id.in_(link_ids), drafts.c.return_id.is_(None), drafts.c.values_json != "{}")
        ).scalar_one()
    return Counts(int(submitted), int(open_drafts))
