"""Writes: partnership set-up and storing a return. Each is one transaction; every write bumps the data version."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, Engine, Insert, func, insert, select, update

from rasp.core.errors import SetupError
from rasp.core.records import ParsedReturn
from rasp.core.words import clean_text
from rasp.store.schema import NAME_MAX, answers, changes, councils, partner_ratings, partnerships, returns, rounds
from rasp.store.transactions import Conflict, write

PULSE = "pulse"  # quick-pulse responses never replace full returns, nor the other way round


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id(conn: Connection, statement: Insert) -> int:
    """Run an INSERT and return the new row's id."""
    key = conn.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


def log_change(conn: Connection, what: str) -> None:
    conn.execute(insert(changes).values(at=utc_now(), what=what[:NAME_MAX]))


def clean_name(name: str, kind: str) -> str:
    """A partnership, council or round name as stored: trimmed, single spaces, not empty, not too long."""
    text = " ".join(clean_text(name).split())
    if not text:
        raise SetupError(f"The {kind} name is empty.")
    if len(text) > NAME_MAX:
        raise SetupError(f"The {kind} name is {len(text)} characters long; keep it under {NAME_MAX}.")
    return text


@dataclass(frozen=True)
class SetupResult:
    partnership: str
    created: tuple[str, ...]  # what was new, in words; empty when everything existed already


def setup_partnership(
    engine: Engine, name: str, council_names: list[str], round_name: str | None = None, opened_on: dt.date | None = None
) -> SetupResult:
    """Create the partnership, any councils and the round not there yet. Running it twice changes nothing.

    New councils join from `round_name` (or from the latest round when none is given): they appear in that
    round's figures and later ones, never in earlier rounds."""
    pname = clean_name(name, "partnership")
    wanted = [clean_name(c, "council") for c in council_names]
    rname = clean_name(round_name, "round") if round_name else None

    def work(conn: Connection) -> list[str]:
        created: list[str] = []
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == pname)).scalar()
        if pid is None:
            pid = new_id(conn, insert(partnerships).values(name=pname, created_at=utc_now()))
            created.append(f"partnership {pname}")
        if rname:
            have = {
                n.casefold(): rid
                for n, rid in conn.execute(select(rounds.c.name, rounds.c.id).where(rounds.c.partnership_id == pid))
            }
            if rname.casefold() not in have:
                new_round = new_id(
                    conn,
                    insert(rounds).values(partnership_id=pid, name=rname, opened_on=opened_on, created_at=utc_now()),
                )
                have[rname.casefold()] = new_round
                created.append(f"round {rname}")
            joins: int | None = have[rname.casefold()]
        else:  # councils added without a round join from the latest round (all rounds when there is none)
            joins = conn.execute(select(func.max(rounds.c.id)).where(rounds.c.partnership_id == pid)).scalar()
        existing = {
            n.casefold()
            for n in conn.execute(select(councils.c.name).where(councils.c.partnership_id == pid)).scalars()
        }
        for council in wanted:
            if council.casefold() not in existing:
                conn.execute(
                    insert(councils).values(
                        partnership_id=pid, name=council, created_at=utc_now(), first_round_id=joins
                    )
                )
                existing.add(council.casefold())
                created.append(f"council {council}")
        if created:
            log_change(conn, f"set-up {pname}")
        return created

    created = write(engine, work)
    return SetupResult(pname, tuple(created))


Outcome = Literal["stored", "replaced", "duplicate"]


@dataclass(frozen=True)
class SaveResult:
    outcome: Outcome
    return_id: int
    replaced_id: int | None = None


def respondent_key(respondent: str) -> str:
    return " ".join(respondent.casefold().split())


def save_return(
    engine: Engine,
    parsed: ParsedReturn,
    content: bytes,
    *,
    filename: str = "",
    uploaded_by: str = "",
    source: str = "excel",
    link_id: int | None = None,
) -> SaveResult:
    """Store a validated return in one transaction (retried as a whole if another writer collides with it).

    The same file (sha256) already stored for the partnership and round: nothing changes ("duplicate").
    A named respondent's earlier current return for the same council and round is kept in the history but
    no longer counts ("replaced"). Anonymous returns (no respondent) never replace one another.
    """
    return write(
        engine,
        lambda conn: store_return(
            conn, parsed, content, filename=filename, uploaded_by=uploaded_by, source=source, link_id=link_id
        ),
    )


def save_returns(
    engine: Engine,
    items: Sequence[tuple[ParsedReturn, bytes, str]],
    *,
    uploaded_by: str = "",
    source: str = "excel",
) -> list[SaveResult]:
    """Store several validated returns (return, file bytes, file name) in ONE write transaction, in order: each
    sees the ones before it, so a re-send later in the batch replaces an earlier one and the same file twice
    is a duplicate, exactly as one by one. All or nothing: if it fails, nothing of the batch is stored (the
    caller may then store them one by one to find the one that fails)."""
    return write(
        engine,
        lambda conn: [
            store_return(conn, parsed, content, filename=filename, uploaded_by=uploaded_by, source=source)
            for parsed, content, filename in items
        ],
    )


def store_return(
    conn: Connection,
    parsed: ParsedReturn,
    content: bytes,
    *,
    filename: str = "",
    uploaded_by: str = "",
    source: str = "excel",
    link_id: int | None = None,
) -> SaveResult:
    """save_return's body, on a connection already in a write transaction.

    No row locks: the partial unique indexes on returns (one current copy of a file per round, one current
    return per named respondent, council, round and kind) make a colliding writer fail, roll back and start
    again, when it finds the winner's row and replaces it or reports the duplicate."""
    digest = hashlib.sha256(content).hexdigest()
    key = respondent_key(parsed.respondent)
    pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == parsed.partnership)).scalar_one()
    ids = dict(conn.execute(select(councils.c.name, councils.c.id).where(councils.c.partnership_id == pid)).all())
    cid = ids[parsed.council]
    rid = conn.execute(
        select(rounds.c.id).where(rounds.c.partnership_id == pid, rounds.c.name == parsed.round_name)
    ).scalar_one()
    same = conn.execute(
        select(returns.c.id).where(returns.c.round_id == rid, returns.c.sha256 == digest, returns.c.is_current)
    ).scalar()
    if same is not None:
        return SaveResult("duplicate", same)
    earlier = None
    if key:
        earlier = conn.execute(
            select(returns.c.id).where(
                returns.c.round_id == rid,
                returns.c.council_id == cid,
                returns.c.respondent_key == key,
                returns.c.is_current,
                (returns.c.source == PULSE) if source == PULSE else (returns.c.source != PULSE),
            )
        ).scalar()
    if earlier is not None:  # first stop the earlier one counting, so the new one can take its unique key
        demoted = conn.execute(
            update(returns).where(returns.c.id == earlier, returns.c.is_current).values(is_current=False)
        ).rowcount
        if demoted != 1:  # another writer replaced it in the meantime: start again and replace theirs
            raise Conflict("the earlier return was replaced by another writer")
    return_id = new_id(
        conn,
        insert(returns).values(
            partnership_id=pid,
            council_id=cid,
            round_id=rid,
            respondent=parsed.respondent,
            respondent_key=key,
            role=parsed.role,
            target_rung=parsed.target_rung,
            scope=parsed.scope,
            framework_id=parsed.framework_id,
            framework_version=parsed.framework_version,
            source=source,
            filename=filename[:255],
            content=content,
            sha256=digest,
            uploaded_by=uploaded_by[:NAME_MAX],
            uploaded_at=utc_now(),
            is_current=True,
            link_id=link_id,
        ),
    )
    if earlier is not None:
        conn.execute(update(returns).where(returns.c.id == earlier).values(replaced_by=return_id))
    conn.execute(
        insert(answers),
        [
            {
                "return_id": return_id,
                "statement_id": a.statement_id,
                "dimension_id": a.dimension_id,
                "value": a.value,
                "status": a.status,
                "evidence": a.evidence or None,
            }
            for a in parsed.answers
        ],
    )
    if parsed.ratings:
        conn.execute(
            insert(partner_ratings),
            [
                {
                    "return_id": return_id,
                    "partner_council_id": ids[r.partner],
                    "trust": r.trust,
                    "alignment": r.alignment,
                }
                for r in parsed.ratings
            ],
        )
    log_change(conn, f"return {return_id} {parsed.council}")
    return SaveResult("replaced" if earlier is not None else "stored", return_id, earlier)
