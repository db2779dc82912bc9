"""Writes: partnership set-up and storing a return. Each is one transaction; every write bumps the data version."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, Engine, Insert, Table, bindparam, func, insert, or_, select, update

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
    return write(engine, lambda conn: store_returns(conn, items, uploaded_by=uploaded_by, source=source))


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
    """save_return's body, on a connection already in a write transaction."""
    return store_returns(conn, [(parsed, content, filename)], uploaded_by=uploaded_by, source=source, link_id=link_id)[
        0
    ]


_Token = tuple[str, int]  # ("old", a stored return's id) or ("new", its place in the batch)


def store_returns(
    conn: Connection,
    items: Sequence[tuple[ParsedReturn, bytes, str]],
    *,
    uploaded_by: str = "",
    source: str = "excel",
    link_id: int | None = None,
) -> list[SaveResult]:
    """Store returns on a connection already in a write transaction, with the outcome each would have had one by
    one, in a fixed handful of statements whatever the batch's size: the names resolved once, the current
    returns the batch could meet read in one query, then one statement each for the demotions, the new returns,
    the replaced-by links, the answers, the ratings and the change log.

    The same file (sha256) already current in the round: nothing changes ("duplicate"). A named respondent's
    earlier current return for the same council, round and kind is kept in the history but no longer counts
    ("replaced"). Anonymous returns never replace one another.

    No row locks: the partial unique indexes on returns (one current copy of a file per round, one current
    return per named respondent, council, round and kind) make a colliding writer fail, roll back and start
    again, when it finds the winner's row and replaces it or reports the duplicate."""
    if not items:
        return []
    pulse = source == PULSE
    names: dict[tuple[str, str], tuple[int, int, dict[str, int]]] = {}
    where = [_resolve(conn, parsed, names) for parsed, _content, _name in items]  # (pid, rid, council ids) each
    digests = [hashlib.sha256(content).hexdigest() for _parsed, content, _name in items]
    keys = [respondent_key(parsed.respondent) for parsed, _content, _name in items]
    met = conn.execute(
        select(returns.c.id, returns.c.round_id, returns.c.sha256, returns.c.council_id, returns.c.respondent_key)
        .add_columns(returns.c.source)
        .where(returns.c.is_current, returns.c.round_id.in_({rid for _pid, rid, _ids in where}))
        .where(or_(returns.c.sha256.in_(set(digests)), returns.c.respondent_key.in_(set(keys) - {""})))
    ).all()
    by_file: dict[tuple[int, str], _Token] = {}
    by_person: dict[tuple[int, int, str], _Token] = {}
    file_of: dict[_Token, tuple[int, str]] = {}
    for rid_old, round_id, sha, council_id, key_old, source_old in met:
        stored: _Token = ("old", rid_old)
        file_of[stored] = (round_id, sha)
        if sha in digests:
            by_file[(round_id, sha)] = stored
        if key_old and key_old in keys and (source_old == PULSE) == pulse:
            by_person[(round_id, council_id, key_old)] = stored
    outcomes: list[tuple[Outcome, _Token, _Token | None]] = []  # what happened, the return it names, whom it replaced
    current: dict[int, bool] = {}  # new returns: still current at the end of the batch?
    replaced_by: dict[_Token, _Token] = {}
    for i, (parsed, _content, _name) in enumerate(items):
        _pid, rid, ids = where[i]
        same = by_file.get((rid, digests[i]))
        if same is not None:
            outcomes.append(("duplicate", same, None))
            continue
        token: _Token = ("new", i)
        person = (rid, ids[parsed.council], keys[i])
        earlier = by_person.get(person) if keys[i] else None
        if earlier is not None:  # it stops counting: its file may come again, and the new one takes its key
            replaced_by[earlier] = token
            by_file.pop(file_of.pop(earlier), None)
            if earlier[0] == "new":
                current[earlier[1]] = False
        if keys[i]:
            by_person[person] = token
        by_file[(rid, digests[i])] = token
        file_of[token] = (rid, digests[i])
        current[i] = True
        outcomes.append(("replaced" if earlier is not None else "stored", token, earlier))
    demote = [t[1] for t in replaced_by if t[0] == "old"]
    if demote:  # first stop the earlier ones counting, so the new ones can take their unique keys
        demoted = conn.execute(
            update(returns).where(returns.c.id.in_(demote), returns.c.is_current).values(is_current=False)
        ).rowcount
        if demoted != len(demote):  # another writer replaced one in the meantime: start again and replace theirs
            raise Conflict("an earlier return was replaced by another writer")
    new = sorted(current)
    if not new:  # every one already stored
        return [SaveResult(outcome, token[1]) for outcome, token, _earlier in outcomes]
    now = utc_now()
    rows = [
        {
            "partnership_id": where[i][0],
            "council_id": where[i][2][items[i][0].council],
            "round_id": where[i][1],
            "respondent": items[i][0].respondent,
            "respondent_key": keys[i],
            "role": items[i][0].role,
            "target_rung": items[i][0].target_rung,
            "scope": items[i][0].scope,
            "framework_id": items[i][0].framework_id,
            "framework_version": items[i][0].framework_version,
            "source": source,
            "filename": items[i][2][:255],
            "content": items[i][1],
            "sha256": digests[i],
            "uploaded_by": uploaded_by[:NAME_MAX],
            "uploaded_at": now,
            "is_current": current[i],
            "link_id": link_id,
        }
        for i in new
    ]
    id_of = {("new", i): made for i, made in zip(new, _insert_returns(conn, rows), strict=True)}

    def resolve(token: _Token) -> int:
        return token[1] if token[0] == "old" else id_of[token]

    if replaced_by:
        conn.execute(
            update(returns).where(returns.c.id == bindparam("old_id")).values(replaced_by=bindparam("new_id")),
            [{"old_id": resolve(old), "new_id": resolve(by)} for old, by in replaced_by.items()],
        )
    _insert_many(
        conn,
        answers,
        [
            {
                "return_id": id_of[("new", i)],
                "statement_id": a.statement_id,
                "dimension_id": a.dimension_id,
                "value": a.value,
                "status": a.status,
                "evidence": a.evidence or None,
            }
            for i in new
            for a in items[i][0].answers
        ],
    )
    ratings = [
        {
            "return_id": id_of[("new", i)],
            "partner_council_id": where[i][2][r.partner],
            "trust": r.trust,
            "alignment": r.alignment,
        }
        for i in new
        for r in items[i][0].ratings
    ]
    _insert_many(conn, partner_ratings, ratings)
    _insert_many(
        conn,
        changes,
        [{"at": now, "what": f"return {id_of[('new', i)]} {items[i][0].council}"[:NAME_MAX]} for i in new],
    )
    return [
        SaveResult(outcome, resolve(token), resolve(earlier) if earlier is not None else None)
        for outcome, token, earlier in outcomes
    ]


def _insert_many(conn: Connection, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """Insert many rows of one shape in the connection's transaction. On PostgreSQL through COPY: psycopg's
    executemany sends every row as its own message (most of a batch's time on the client); COPY streams them all,
    and fires the same triggers and checks as INSERT. Elsewhere one executemany."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    from psycopg import sql  # only with PostgreSQL, whose driver this is

    names = list(rows[0])
    copy_in = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(n) for n in names)
    )
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(copy_in) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row([row[n] for n in names])


def _insert_returns(conn: Connection, rows: Sequence[Mapping[str, object]]) -> list[int]:
    """Insert the rows in one statement and give their new ids in order. PostgreSQL numbers a multi-row INSERT in
    the order given and SQLAlchemy sorts what RETURNING gives back; SQLite cannot promise that order (SQLAlchemy
    would fall back to a statement per row), but a SQLite write transaction holds the whole database
    (BEGIN IMMEDIATE), so the ids are simply the next ones."""
    if conn.dialect.name == "sqlite":
        first = int(conn.execute(select(func.coalesce(func.max(returns.c.id), 0))).scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
        conn.execute(insert(returns), [{**row, "id": made} for row, made in zip(rows, ids, strict=True)])
        return ids
    made = conn.execute(insert(returns).returning(returns.c.id, sort_by_parameter_order=True), rows).scalars()
    return [int(i) for i in made]


def _resolve(
    conn: Connection, parsed: ParsedReturn, memo: dict[tuple[str, str], tuple[int, int, dict[str, int]]]
) -> tuple[int, int, dict[str, int]]:
    """(partnership id, round id, council ids by name) of a validated return, asked once per partnership and round
    of a batch (`memo`)."""
    key = (parsed.partnership, parsed.round_name)
    if key not in memo:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == parsed.partnership)).scalar_one()
        ids = dict(conn.execute(select(councils.c.name, councils.c.id).where(councils.c.partnership_id == pid)).all())
        rid = conn.execute(
            select(rounds.c.id).where(rounds.c.partnership_id == pid, rounds.c.name == parsed.round_name)
        ).scalar_one()
        memo[key] = (pid, rid, ids)
    return memo[key]
