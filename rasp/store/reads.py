"""Reads: names for pickers, and the tidy tables the analysis works on (current returns only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import aliased

from rasp.core import columns as col
from rasp.core.errors import SetupError
from rasp.core.records import Directory
from rasp.method.snapshot import RoundData
from rasp.store.schema import answers, changes, councils, partner_ratings, partnerships, returns, rounds
from rasp.store.transactions import reading
from rasp.store.writes import PULSE

Source = Engine | Connection  # a connection keeps several reads inside one transaction


@contextmanager
def _reading(src: Source) -> Iterator[Connection]:
    """A connection for reading: the caller's (inside its transaction) or a new one from the engine."""
    if isinstance(src, Connection):
        yield src
    else:
        with src.connect() as conn:
            yield conn


DataVersion = tuple[int, int]


def data_version(engine: Engine) -> DataVersion:
    """Changes with every write: the cache key for everything computed from the store. The newest change's id
    alone is not enough on PostgreSQL: ids are handed out when a write inserts its change, but writes commit in
    any order, so a slow write can commit an id below the newest one already seen. The number of changes
    counts it too, so (newest id, how many) moves with every commit."""
    with _reading(engine) as conn:
        newest, count = conn.execute(select(func.coalesce(func.max(changes.c.id), 0), func.count())).one()
        return int(newest), int(count)


def directory(engine: Engine) -> Directory:
    """Every partnership with its councils and rounds (in creation order)."""
    with _reading(engine) as conn:
        parts = conn.execute(select(partnerships.c.id, partnerships.c.name).order_by(partnerships.c.id)).all()
        cs = conn.execute(select(councils.c.partnership_id, councils.c.name).order_by(councils.c.id)).all()
        rs = conn.execute(select(rounds.c.partnership_id, rounds.c.name).order_by(rounds.c.id)).all()
    return Directory(
        councils={name: tuple(c for p, c in cs if p == pid) for pid, name in parts},
        rounds={name: tuple(r for p, r in rs if p == pid) for pid, name in parts},
    )


@dataclass(frozen=True)
class RoundInfo:
    name: str
    opened_on: dt.date | None


def round_infos(engine: Source, partnership: str) -> list[RoundInfo]:
    """The partnership's rounds, oldest first."""
    with _reading(engine) as conn:
        rows = conn.execute(
            select(rounds.c.name, rounds.c.opened_on)
            .join(partnerships)
            .where(partnerships.c.name == partnership)
            .order_by(rounds.c.id)
        ).all()
    return [RoundInfo(name, opened) for name, opened in rows]


def round_ids(engine: Source, partnership: str, round_name: str) -> tuple[int, int]:
    with _reading(engine) as conn:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == partnership)).scalar()
        if pid is None:
            raise SetupError(f"There is no partnership called '{partnership}'.")
        rid = conn.execute(
            select(rounds.c.id).where(rounds.c.partnership_id == pid, rounds.c.name == round_name)
        ).scalar()
        if rid is None:
            raise SetupError(f"Partnership '{partnership}' has no round called '{round_name}'.")
    return int(pid), int(rid)


ANSWER_COLUMNS = [col.RETURN_ID, col.COUNCIL, col.RESPONDENT, col.STATEMENT, col.DIMENSION, col.VALUE, col.STATUS]


def _source(pulse: bool) -> Any:
    return returns.c.source == PULSE if pulse else returns.c.source != PULSE


ANSWER_CHUNK = 50_000  # rows fetched at a time: bounds the Python objects alive while a national round loads


def load_answers(engine: Source, partnership: str, round_name: str, *, pulse: bool = False) -> pd.DataFrame:
    """One row per answer of every current return in the round (value NaN when not a 1-5 answer).

    Compact: council, respondent, statement, dimension and status are categoricals (categories sorted), value
    float64 and return_id int64; the rows are fetched ANSWER_CHUNK at a time, each chunk made compact before
    the next is fetched, so a national round (420,000 answers) never holds them all as Python objects."""
    pid, rid = round_ids(engine, partnership, round_name)
    current = (returns.c.round_id == rid, returns.c.is_current, _source(pulse))
    query = (
        select(answers.c.return_id, answers.c.statement_id, answers.c.dimension_id, answers.c.value, answers.c.status)
        .select_from(returns.join(answers))
        .where(*current)
        .order_by(answers.c.return_id, answers.c.statement_id)
    )
    ids, values = [], []
    texts: dict[str, list[pd.Categorical]] = {c: [] for c in (col.STATEMENT, col.DIMENSION, col.STATUS)}
    with _reading(engine) as conn:
        names = dict(conn.execute(select(councils.c.id, councils.c.name).where(councils.c.partnership_id == pid)).all())
        heads = conn.execute(
            select(returns.c.id, returns.c.council_id, returns.c.respondent).where(*current).order_by(returns.c.id)
        ).all()
        result = conn.execute(query.execution_options(yield_per=ANSWER_CHUNK))
        for chunk in result.partitions():
            rid_, stmt_, dim_, value_, status_ = zip(*chunk, strict=True)
            ids.append(np.fromiter(rid_, dtype="int64", count=len(chunk)))
            values.append(np.array([np.nan if v is None else v for v in value_], dtype="float64"))
            for name, raw in zip(texts, (stmt_, dim_, status_), strict=True):
                texts[name].append(pd.Categorical(raw))
    if not ids:
        frame = pd.DataFrame({c: pd.Series(dtype="object") for c in ANSWER_COLUMNS})
        frame[col.VALUE] = frame[col.VALUE].astype("float64")
        frame[col.RETURN_ID] = frame[col.RETURN_ID].astype("int64")
        return frame
    return_ids = np.concatenate(ids)
    row_head = np.searchsorted(np.array([h[0] for h in heads], dtype="int64"), return_ids)  # each answer's return
    frame = pd.DataFrame(
        {
            col.RETURN_ID: return_ids,
            col.COUNCIL: _per_return([names[h[1]] for h in heads], row_head),
            col.RESPONDENT: _per_return([h[2] for h in heads], row_head),
            **{name: union_categoricals(parts, sort_categories=True) for name, parts in texts.items()},
            col.VALUE: np.concatenate(values),
        }
    )
    return frame[ANSWER_COLUMNS]


def _per_return(labels: list[str], row_head: np.ndarray) -> pd.Categorical[Any]:
    """A categorical (sorted categories) with each answer's label, from one label per return."""
    categories = sorted(set(labels))
    position = {label: i for i, label in enumerate(categories)}
    codes = np.array([position[label] for label in labels], dtype="int32")[row_head]
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))


RETURN_COLUMNS = [
    "return_id",
    "council",
    "respondent",
    "role",
    "target_rung",
    "scope",
    "source",
    "filename",
    "uploaded_by",
    "uploaded_at",
    "is_current",
    "replaced_by",
]


def load_returns(
    engine: Source, partnership: str, round_name: str, *, history: bool = False, pulse: bool = False
) -> pd.DataFrame:
    """The round's returns (current ones; with history=True also the replaced ones), newest first."""
    _, rid = round_ids(engine, partnership, round_name)
    query = (
        select(
            returns.c.id,
            councils.c.name,
            returns.c.respondent,
            returns.c.role,
            returns.c.target_rung,
            returns.c.scope,
            returns.c.source,
            returns.c.filename,
            returns.c.uploaded_by,
            returns.c.uploaded_at,
            returns.c.is_current,
            returns.c.replaced_by,
        )
        .select_from(returns.join(councils, returns.c.council_id == councils.c.id))
        .where(returns.c.round_id == rid, _source(pulse))
        .order_by(returns.c.id.desc())
    )
    if not history:
        query = query.where(returns.c.is_current)
    with _reading(engine) as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=RETURN_COLUMNS)


RATING_COLUMNS = ["return_id", "rater", "rated", "trust", "alignment"]


def load_ratings(engine: Source, partnership: str, round_name: str) -> pd.DataFrame:
    """Every partner rating in the round's current returns: rater council, rated council, trust, alignment."""
    _, rid = round_ids(engine, partnership, round_name)
    rater, rated = aliased(councils), aliased(councils)
    query = (
        select(returns.c.id, rater.c.name, rated.c.name, partner_ratings.c.trust, partner_ratings.c.alignment)
        .select_from(
            returns.join(rater, returns.c.council_id == rater.c.id)
            .join(partner_ratings, partner_ratings.c.return_id == returns.c.id)
            .join(rated, partner_ratings.c.partner_council_id == rated.c.id)
        )
        .where(returns.c.round_id == rid, returns.c.is_current, _source(False))
    )
    with _reading(engine) as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=RATING_COLUMNS)
    for name in ("trust", "alignment"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame


def councils_in_round(engine: Source, partnership: str, round_name: str) -> tuple[str, ...]:
    """The councils that take part in a round, in set-up order: those that joined in it or before (or from the
    start), and any with a return in it. A council that joins in round 2 therefore appears from round 2 on and
    leaves round 1's figures as they were."""
    pid, rid = round_ids(engine, partnership, round_name)
    with _reading(engine) as conn:
        with_returns = set(conn.execute(select(returns.c.council_id).where(returns.c.round_id == rid)).scalars())
        rows = conn.execute(
            select(councils.c.id, councils.c.name, councils.c.first_round_id)
            .where(councils.c.partnership_id == pid)
            .order_by(councils.c.id)
        ).all()
    return tuple(name for cid, name, first in rows if first is None or first <= rid or cid in with_returns)


def read_round(engine: Engine, partnership: str, round_name: str) -> RoundData:
    """Everything the method needs for one partnership and round, read in one transaction so that the
    returns, answers and ratings agree even while an upload lands."""
    with reading(engine) as conn:
        return _round_data(conn, partnership, round_name)


def _round_data(conn: Connection, partnership: str, round_name: str) -> RoundData:
    councils_ = councils_in_round(conn, partnership, round_name)
    answers_ = load_answers(conn, partnership, round_name)
    return RoundData(
        partnership=partnership,
        round_name=round_name,
        councils=councils_,
        answers=answers_[answers_[col.COUNCIL].isin(councils_)].reset_index(drop=True),
        returns=load_returns(conn, partnership, round_name),
        ratings=load_ratings(conn, partnership, round_name),
    )


def read_rounds(engine: Engine, partnership: str) -> list[tuple[RoundInfo, RoundData]]:
    """Every round of the partnership, oldest first, in one transaction (for trends)."""
    with reading(engine) as conn:
        return [(info, _round_data(conn, partnership, info.name)) for info in round_infos(conn, partnership)]
