"""Decisions taken in a partnership meeting about a gap or a split, and the actions that follow from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from rasp.core.errors import SetupError
from rasp.core.words import clean_text
from rasp.store.reads import round_ids, round_infos
from rasp.store.schema import NAME_MAX, actions, decisions, rounds
from rasp.store.transactions import write
from rasp.store.writes import log_change, new_id, utc_now

STATUSES = ("open", "in progress", "done", "dropped")
FINISHED = ("done", "dropped")
ACTION_COLUMNS = ["id", "raised_in", "carried_over", "topic", "action", "owner", "council", "due", "status"]


def record_decision(
    engine: Engine,
    partnership: str,
    round_name: str,
    *,
    topic: str,
    dimension: str,
    councils: list[str],
    agreed_score: int | None,
    no_agreement: bool,
    notes: str = "",
) -> int:
    """Store what the meeting agreed. With no agreement, `agreed_score` should be the lower score (the weakest
    link rule, see rasp.method.decisions); the flag keeps the fact that nobody agreed."""
    if agreed_score is not None and not 0 <= agreed_score <= 100:
        raise SetupError("An agreed score must be between 0 and 100.")
    pid, rid = round_ids(engine, partnership, round_name)

    def _work(conn: Connection) -> int:
        decision = new_id(
            conn,
            insert(decisions).values(
                partnership_id=pid,
                round_id=rid,
                topic=clean_text(topic)[:400],
                dimension=dimension,
                councils=" | ".join(councils)[: NAME_MAX * 2],
                agreed_score=agreed_score,
                no_agreement=no_agreement,
                notes=clean_text(notes)[:4000],
                created_at=utc_now(),
            ),
        )
        log_change(conn, f"decision {decision}")
        return decision

    decision = write(engine, _work)
    return decision


def load_decisions(engine: Engine, partnership: str, round_name: str) -> pd.DataFrame:
    _, rid = round_ids(engine, partnership, round_name)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                decisions.c.id,
                decisions.c.topic,
                decisions.c.dimension,
                decisions.c.councils,
                decisions.c.agreed_score,
                decisions.c.no_agreement,
                decisions.c.notes,
                decisions.c.created_at,
            )
            .where(decisions.c.round_id == rid)
            .order_by(decisions.c.id)
        ).all()
    return pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["id", "topic", "dimension", "councils", "agreed_score", "no_agreement", "notes", "created_at"],
    )


def add_action(
    engine: Engine,
    partnership: str,
    round_name: str,
    *,
    action: str,
    owner: str,
    council: str = "",
    due: dt.date | None = None,
    topic: str = "",
    decision_id: int | None = None,
) -> int:
    """Record an agreed action. It needs the action itself and an owner; the council and due date help."""
    text, who = clean_text(action), clean_text(owner)
    if not text:
        raise SetupError("Write what the action is.")
    if not who:
        raise SetupError("Say who owns the action.")
    if len(text) > 2000 or len(who) > NAME_MAX:
        raise SetupError(f"Keep the action under 2,000 characters and the owner under {NAME_MAX}.")
    pid, rid = round_ids(engine, partnership, round_name)

    def _work(conn: Connection) -> int:
        action_id = new_id(
            conn,
            insert(actions).values(
                partnership_id=pid,
                round_id=rid,
                decision_id=decision_id,
                topic=clean_text(topic)[:400],
                action=text,
                owner=who,
                council=clean_text(council)[:NAME_MAX],
                due=due,
                status="open",
                created_at=utc_now(),
                updated_at=utc_now(),
            ),
        )
        log_change(conn, f"action {action_id}")
        return action_id

    action_id = write(engine, _work)
    return action_id


def set_action_status(engine: Engine, action_id: int, status: str) -> None:
    if status not in STATUSES:
        raise SetupError(f"'{status}' is not a status; use one of: {', '.join(STATUSES)}.")

    def _work(conn: Connection) -> None:
        conn.execute(update(actions).where(actions.c.id == action_id).values(status=status, updated_at=utc_now()))
        log_change(conn, f"action {action_id} {status}")

    write(engine, _work)


def load_actions(engine: Engine, partnership: str, round_name: str) -> pd.DataFrame:
    """The round's actions plus those carried over from earlier rounds that are not yet done or dropped.

    Columns: id, raised_in, carried_over, topic, action, owner, council, due, status.
    """
    pid, rid = round_ids(engine, partnership, round_name)
    order = [r.name for r in round_infos(engine, partnership)]
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                actions.c.id,
                rounds.c.name,
                actions.c.round_id,
                actions.c.topic,
                actions.c.action,
                actions.c.owner,
                actions.c.council,
                actions.c.due,
                actions.c.status,
            )
            .select_from(actions.join(rounds, actions.c.round_id == rounds.c.id))
            .where(actions.c.partnership_id == pid, actions.c.round_id <= rid)
            .order_by(actions.c.id)
        ).all()
    kept: list[tuple[Any, ...]] = []
    for aid, raised, raised_id, topic, action, owner, council, due, status in rows:
        carried = raised_id != rid
        if carried and status in FINISHED:
            continue
        kept.append((aid, raised, carried, topic, action, owner, council, due, status))
    frame = pd.DataFrame(kept, columns=ACTION_COLUMNS)
    frame["raised_in"] = pd.Categorical(frame["raised_in"], categories=order).astype("object")
    return frame
