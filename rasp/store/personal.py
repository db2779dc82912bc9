"""Respondents' answers are personal data (UK GDPR): find a person's returns, export them for a subject
access request, erase them (the figures recompute; the erasure is audited, without the person's name), and
remove individual answers of rounds past a partnership's retention period while keeping council scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select, update

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.scoring import council_scores, respondent_scores
from rasp.store.audit import record
from rasp.store.reads import councils_in_round, load_answers
from rasp.store.schema import (
    answers,
    councils,
    drafts,
    kept_scores,
    partner_ratings,
    partnerships,
    returns,
    rounds,
)
from rasp.store.transactions import writing
from rasp.store.writes import log_change, respondent_key, utc_now

SUBJECT_COLUMNS = ["return_id", "partnership", "council", "round", "respondent", "role", "source", "uploaded_at"]


def find_subject(engine: Engine, text: str, partnerships_in: list[str] | None = None) -> pd.DataFrame:
    """Every stored return (current or replaced) whose respondent contains `text` (a name or an email,
    case and spacing ignored). Limited to `partnerships_in` when given."""
    key = respondent_key(text)
    if not key:
        return pd.DataFrame(columns=SUBJECT_COLUMNS)
    query = (
        select(
            returns.c.id,
            partnerships.c.name,
            councils.c.name,
            rounds.c.name,
            returns.c.respondent,
            returns.c.role,
            returns.c.source,
            returns.c.uploaded_at,
        )
        .select_from(
            returns.join(partnerships, returns.c.partnership_id == partnerships.c.id)
            .join(councils, returns.c.council_id == councils.c.id)
            .join(rounds, returns.c.round_id == rounds.c.id)
        )
        .where(returns.c.respondent_key.contains(key, autoescape=True))
        .order_by(returns.c.id)
    )
    if partnerships_in is not None:
        query = query.where(partnerships.c.name.in_(partnerships_in))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=SUBJECT_COLUMNS)


def subject_export(engine: Engine, return_ids: list[int]) -> pd.DataFrame:
    """Everything stored from these returns, one row per answer and per partner rating: what a subject
    access request is owed. Columns: return_id, item, value, status, evidence."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(answers.c.return_id, answers.c.statement_id, answers.c.value, answers.c.status, answers.c.evidence)
            .where(answers.c.return_id.in_(return_ids))
            .order_by(answers.c.return_id, answers.c.statement_id)
        ).all()
        rated = conn.execute(
            select(partner_ratings.c.return_id, councils.c.name, partner_ratings.c.trust, partner_ratings.c.alignment)
            .join(councils, partner_ratings.c.partner_council_id == councils.c.id)
            .where(partner_ratings.c.return_id.in_(return_ids))
        ).all()
    out = [(r, s, v, st, e or "") for r, s, v, st, e in rows]
    for rid, partner, trust, aligned in rated:
        out.append((rid, f"trust in {partner}", trust, "answered" if trust else "blank", ""))
        out.append((rid, f"goals aligned with {partner}", aligned, "answered" if aligned else "blank", ""))
    return pd.DataFrame(out, columns=["return_id", "item", "value", "status", "evidence"])


def _erase(conn: Connection, ids: list[int]) -> None:
    conn.execute(delete(partner_ratings).where(partner_ratings.c.return_id.in_(ids)))
    conn.execute(delete(answers).where(answers.c.return_id.in_(ids)))
    conn.execute(delete(drafts).where(drafts.c.return_id.in_(ids)))
    conn.execute(update(returns).where(returns.c.replaced_by.in_(ids)).values(replaced_by=None))
    conn.execute(delete(returns).where(returns.c.id.in_(ids)))


def erase_returns(engine: Engine, return_ids: list[int], *, by: str, reason: str = "erasure request") -> int:
    """Erase these returns completely (answers, ratings, the uploaded file, the draft) in one transaction.
    Returns how many were erased. The audit entry names the return ids and councils, never the person."""
    ids = sorted({int(i) for i in return_ids})
    if not ids:
        return 0
    with writing(engine) as conn:
        found = conn.execute(
            select(returns.c.id, partnerships.c.name, councils.c.name)
            .join(partnerships, returns.c.partnership_id == partnerships.c.id)
            .join(councils, returns.c.council_id == councils.c.id)
            .where(returns.c.id.in_(ids))
        ).all()
        _erase(conn, [r[0] for r in found])
        for partnership in sorted({r[1] for r in found}):
            mine = [r for r in found if r[1] == partnership]
            detail = ", ".join(f"return {r[0]} ({r[2]})" for r in mine)
            record(conn, by, "erasure", partnership, f"{reason}: {detail}")
        if found:
            log_change(conn, f"erased {len(found)} returns")
    return len(found)


@dataclass(frozen=True)
class Expiry:
    partnership: str
    round_name: str
    opened_on: dt.date
    returns: int


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def retention_plan(engine: Engine, today: dt.date) -> list[Expiry]:
    """Rounds whose individual answers are past their partnership's retention period (counted from the day
    the round opened, or was set up when it has no opening day) and still hold returns."""
    out = []
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                partnerships.c.name,
                partnerships.c.retention_months,
                rounds.c.id,
                rounds.c.name,
                rounds.c.opened_on,
                rounds.c.created_at,
            )
            .join(rounds, rounds.c.partnership_id == partnerships.c.id)
            .where(partnerships.c.retention_months.is_not(None))
            .order_by(partnerships.c.id, rounds.c.id)
        ).all()
        for pname, months, rid, rname, opened, created in rows:
            start = opened or created.date()
            if start >= _months_before(today, int(months)):
                continue
            count = len(conn.execute(select(returns.c.id).where(returns.c.round_id == rid)).all())
            if count:
                out.append(Expiry(pname, rname, start, count))
    return out


def apply_retention(engine: Engine, fw: Framework, today: dt.date, *, by: str) -> list[Expiry]:
    """Remove the individual answers of every expired round, keeping each council's dimension scores and n
    (kept_scores), one transaction per round. Returns what was removed."""
    plan = retention_plan(engine, today)
    for item in plan:
        names = councils_in_round(engine, item.partnership, item.round_name)
        scores = council_scores(
            respondent_scores(load_answers(engine, item.partnership, item.round_name), fw), fw, names
        )
        with writing(engine) as conn:
            pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == item.partnership)).scalar_one()
            rid = conn.execute(
                select(rounds.c.id).where(rounds.c.partnership_id == pid, rounds.c.name == item.round_name)
            ).scalar_one()
            ids = dict(
                conn.execute(select(councils.c.name, councils.c.id).where(councils.c.partnership_id == pid)).all()
            )
            conn.execute(delete(kept_scores).where(kept_scores.c.round_id == rid))
            conn.execute(
                insert(kept_scores),
                [
                    {
                        "round_id": rid,
                        "council_id": ids[r[col.COUNCIL]],
                        "dimension_id": r[col.DIMENSION],
                        "score": None if pd.isna(r[col.SCORE]) else float(r[col.SCORE]),
                        "n": int(r[col.N]),
                        "kept_at": utc_now(),
                    }
                    for r in scores.to_dict("records")
                ],
            )
            gone = list(conn.execute(select(returns.c.id).where(returns.c.round_id == rid)).scalars())
            _erase(conn, gone)
            record(
                conn,
                by,
                "retention",
                item.partnership,
                f"round {item.round_name}: {len(gone)} returns' individual answers removed, council scores kept",
            )
            log_change(conn, f"retention {item.partnership}")
    return plan


def kept_council_scores(engine: Engine, partnership: str) -> pd.DataFrame:
    """Council scores kept for rounds whose answers retention removed: round, council, dimension, score, n."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(rounds.c.name, councils.c.name, kept_scores.c.dimension_id, kept_scores.c.score, kept_scores.c.n)
            .join(rounds, kept_scores.c.round_id == rounds.c.id)
            .join(councils, kept_scores.c.council_id == councils.c.id)
            .join(partnerships, rounds.c.partnership_id == partnerships.c.id)
            .where(partnerships.c.name == partnership)
            .order_by(kept_scores.c.id)
        ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["round", col.COUNCIL, col.DIMENSION, col.SCORE, col.N])


def evidence_of(engine: Engine, partnership: str, round_name: str, council: str) -> pd.DataFrame:
    """The free-text evidence in a council's current returns of a round: statement, evidence. Sorted by
    statement and then by the text itself, never by return, so one person's notes cannot be strung together.
    Whether the reader may see it is decided above (rasp.access: Scope.may_read_evidence)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(answers.c.statement_id, answers.c.evidence)
            .join(returns, answers.c.return_id == returns.c.id)
            .join(councils, returns.c.council_id == councils.c.id)
            .join(rounds, returns.c.round_id == rounds.c.id)
            .join(partnerships, returns.c.partnership_id == partnerships.c.id)
            .where(
                partnerships.c.name == partnership,
                rounds.c.name == round_name,
                councils.c.name == council,
                returns.c.is_current,
                answers.c.evidence.is_not(None),
                answers.c.evidence != "",
            )
        ).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["statement", "evidence"])
    return frame.sort_values(["statement", "evidence"], kind="stable").reset_index(drop=True)


def withdraw_return(engine: Engine, return_id: int, *, by: str) -> tuple[str, str] | None:
    """Take a current return out of the figures (it stays in the history, marked as not counting); audited.
    Returns (partnership, council) of the withdrawn return, or None when there was no such current return."""
    with writing(engine) as conn:
        row = conn.execute(
            select(partnerships.c.name, councils.c.name)
            .select_from(returns.join(partnerships).join(councils, returns.c.council_id == councils.c.id))
            .where(returns.c.id == return_id, returns.c.is_current)
        ).first()
        if row is None:
            return None
        conn.execute(update(returns).where(returns.c.id == return_id).values(is_current=False))
        record(conn, by, "withdrawal", row[0], f"return {return_id} for {row[1]}")
        log_change(conn, f"withdrawn {return_id}")
    return str(row[0]), str(row[1])


def council_of_return(engine: Engine, return_id: int) -> tuple[str, str] | None:
    """(partnership, council) of a stored return, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(partnerships.c.name, councils.c.name)
            .select_from(returns.join(partnerships).join(councils, returns.c.council_id == councils.c.id))
            .where(returns.c.id == return_id)
        ).first()
    return (str(row[0]), str(row[1])) if row else None
