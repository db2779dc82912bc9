"""Online collection: links (one partnership and round each, closable) and drafts saved as people answer."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Engine, func, insert, select, update

from rasp.core.errors import SetupError
from rasp.core.records import ParsedReturn
from rasp.store.schema import collection_links, drafts, partnerships, returns, rounds
from rasp.store.transactions import write, writing
from rasp.store.writes import log_change, new_id, store_return, utc_now

Kind = Literal["full", "pulse"]
LINK_TOKEN_BYTES = 10  # 80 random bits (14 characters): unguessable, yet short enough to type from a projector
ANSWERING_WINDOW = dt.timedelta(minutes=10)  # "answering now": answered something this recently
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
    with writing(engine) as conn:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == partnership)).scalar()
        rid = conn.execute(
            select(rounds.c.id).where(rounds.c.partnership_id == pid, rounds.c.name == round_name)
        ).scalar()
        if pid is None or rid is None:
            raise SetupError(f"There is no round '{round_name}' in partnership '{partnership}'.")
        token = secrets.token_urlsafe(LINK_TOKEN_BYTES)
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
    with writing(engine) as conn:
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


def start_draft(engine: Engine, link: Link, values: dict[str, Any] | None = None) -> Draft:
    """A new draft holding the first answers (made on the first answer, not on a visit, so that opening
    the link without answering counts as nothing)."""
    token = secrets.token_urlsafe(16)
    first = dict(values or {})
    with writing(engine) as conn:
        conn.execute(
            insert(drafts).values(token=token, link_id=link.id, values_json=_json(first), updated_at=utc_now())
        )
    return Draft(token, link.id, first, None)


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


def _json(values: dict[str, Any]) -> str:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    if len(text) > DRAFT_MAX_CHARS:
        raise SetupError("These answers are far longer than a questionnaire allows; shorten the evidence.")
    return text


def save_draft(engine: Engine, draft: Draft, values: dict[str, Any], *, answered: bool = True) -> None:
    """Store the answers given so far (plain JSON; nothing from it is ever evaluated). `updated_at` records
    the last answer: moving between steps (`answered=False`) keeps it, so "answering now" means answering."""
    text = _json(values)
    changes: dict[str, Any] = {"values_json": text}
    if answered:
        changes["updated_at"] = utc_now()
    with writing(engine) as conn:
        conn.execute(
            update(drafts).where(drafts.c.token == draft.token, drafts.c.return_id.is_(None)).values(**changes)
        )


Submission = Literal["stored", "replaced", "duplicate", "closed", "already sent"]


@dataclass(frozen=True)
class Submitted:
    outcome: Submission
    return_id: int | None = None


def submit_draft(engine: Engine, draft: Draft, parsed: ParsedReturn, content: bytes, *, source: str) -> Submitted:
    """Store a draft's validated answers as a return, in one transaction (retried as a whole on a conflict):
    the link must still be open and the draft not yet sent; the return is stored (or replaces the respondent's
    earlier one) and the draft marked sent together, so a crash leaves either both or neither.

    The link row is read FOR SHARE (PostgreSQL), so a facilitator closing the link waits for a submission in
    flight, and a submission arriving after the close sees it closed. The draft row is claimed first, so two
    sends of the same draft at once store it once."""

    def _work(conn: Connection) -> Submitted:
        closed = conn.execute(
            select(collection_links.c.closed_at)
            .where(collection_links.c.id == draft.link_id)
            .with_for_update(read=True)
        ).first()
        if closed is None or closed[0] is not None:
            return Submitted("closed")
        claimed = conn.execute(
            update(drafts)
            .where(drafts.c.token == draft.token, drafts.c.link_id == draft.link_id, drafts.c.return_id.is_(None))
            .values(updated_at=utc_now())
        ).rowcount
        if claimed != 1:
            sent = conn.execute(select(drafts.c.return_id).where(drafts.c.token == draft.token)).scalar()
            return Submitted("already sent", sent)
        saved = store_return(
            conn,
            parsed,
            content,
            filename="online questionnaire",
            uploaded_by="online",
            source=source,
            link_id=draft.link_id,
        )
        conn.execute(update(drafts).where(drafts.c.token == draft.token).values(return_id=saved.return_id))
        return Submitted(saved.outcome, saved.return_id)

    return write(engine, _work)


@dataclass(frozen=True)
class Counts:
    submitted: int  # sent and still counting (not replaced since)
    answering_now: int  # not sent, and answered something within ANSWERING_WINDOW
    abandoned: int  # not sent, and no answer within ANSWERING_WINDOW


def response_counts(engine: Engine, link_ids: list[int], now: dt.datetime | None = None) -> Counts:
    """Responses submitted through these links, and drafts not sent: answering now, or abandoned."""
    if not link_ids:
        return Counts(0, 0, 0)
    since = (now or utc_now()) - ANSWERING_WINDOW
    recent = drafts.c.updated_at >= since
    with engine.connect() as conn:
        submitted = conn.execute(
            select(func.count()).select_from(returns).where(returns.c.link_id.in_(link_ids), returns.c.is_current)
        ).scalar_one()
        row = conn.execute(
            select(func.count().filter(recent), func.count().filter(~recent))
            .select_from(drafts)
            # drafts made on a visit by older versions hold "{}": nobody answered anything there
            .where(drafts.c.link_id.in_(link_ids), drafts.c.return_id.is_(None), drafts.c.values_json != "{}")
        ).one()
    return Counts(int(submitted), int(row[0]), int(row[1]))
