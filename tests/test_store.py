"""The store's transactions on SQLite and PostgreSQL: reads that neither wait for a writer nor tear, writes retried
on a real conflict, the online submit as one transaction refused cleanly when the link closed meanwhile."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, event, func, insert, select

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.intake.validate import validate_return
from rasp.meeting.questionnaire import to_workbook
from rasp.store.collection import close_link, create_link, load_draft, start_draft, submit_draft
from rasp.store.engine import make_engine
from rasp.store.reads import data_version, directory, load_returns, read_round
from rasp.store.schema import answers, changes, partnerships, returns
from rasp.store.transactions import is_retryable, reading, write, writing
from rasp.store.writes import utc_now
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up


def _import(engine: Engine, fw: Framework, respondent: str) -> None:
    result = import_bytes(engine, fw, filled(fw, respondent=respondent), f"{respondent}.xlsx")
    assert result.status == "stored", result.message


def test_a_read_runs_while_a_long_write_holds_the_write_lock(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    _import(engine, fw, "Ann")
    before = data_version(engine)
    with writing(engine) as conn:  # a writer holds the lock (SQLite: BEGIN IMMEDIATE) and has not committed
        conn.execute(insert(changes).values(at=utc_now(), what="a long write"))
        done: list[object] = []
        reader = threading.Thread(
            target=lambda: done.append((data_version(engine), len(load_returns(engine, PARTNERSHIP, ROUND))))
        )
        reader.start()
        reader.join(timeout=20)  # SQLite's busy timeout is 30 s: a read that queued behind the writer fails this
        assert not reader.is_alive(), "the read waited for the writer"
        assert done == [(before, 1)]  # it saw the last committed state, not the write in progress
    assert data_version(engine) == (before[0] + 1, before[1] + 1)


def test_reads_in_one_transaction_see_one_snapshot(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    _import(engine, fw, "Ann")
    with reading(engine) as conn:
        counted = conn.execute(select(func.count()).select_from(returns)).scalar_one()
        _import(engine, fw, "Ben")  # an upload lands between the page's queries (another connection, committed)
        answered = conn.execute(select(func.count()).select_from(answers)).scalar_one()
        assert (counted, answered) == (1, 42)
    assert len(load_returns(engine, PARTNERSHIP, ROUND)) == 2


def test_real_conflicts_are_retried_and_other_errors_are_not(engine: Engine) -> None:
    set_up(engine)
    attempts: list[int] = []

    def clash_once(conn: object) -> str:
        attempts.append(1)
        if len(attempts) == 1:  # a real unique violation, as when another writer got there first
            conn.execute(insert(partnerships).values(name=PARTNERSHIP, created_at=utc_now()))  # type: ignore[attr-defined]
        return "done"

    assert write(engine, clash_once) == "done"
    assert len(attempts) == 2
    with pytest.raises(Exception) as caught, engine.begin() as conn:
        conn.execute(insert(partnerships).values(name=None, created_at=utc_now()))  # NOT NULL: a bug, not a race
    assert not is_retryable(caught.value)
    with pytest.raises(Exception) as clash, engine.begin() as conn:
        conn.execute(insert(partnerships).values(name=PARTNERSHIP, created_at=utc_now()))
    assert is_retryable(clash.value)
    assert directory(engine).partnerships == (PARTNERSHIP,)


def _parsed(engine: Engine, fw: Framework, respondent: str = "") -> object:
    values = {
        "about": {
            "Council": COUNCILS[0],
            "Respondent": respondent,
            "Role": "Head of ICT",
            "Target form of sharing": "4 Coordinate",
        },
        "answers": {s.id: "4 - Agree" for s in fw.statements},
        "partners": {COUNCILS[1]: [4, 3], COUNCILS[2]: [2, 2]},
    }
    workbook = to_workbook(values, fw, PARTNERSHIP, COUNCILS[1:])
    return validate_return(workbook, fw, directory(engine), partnership=PARTNERSHIP, round_name=ROUND)


def test_online_submit_refused_when_the_link_closed_meanwhile(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND)
    draft = start_draft(engine, link)
    parsed = _parsed(engine, fw)  # the answers were checked while the link was open...
    close_link(engine, link.token)  # ...and the facilitator closed it before they were stored
    result = submit_draft(engine, draft, parsed, b"answers", source="online")  # type: ignore[arg-type]
    assert result.outcome == "closed"
    assert load_returns(engine, PARTNERSHIP, ROUND).empty
    reloaded = load_draft(engine, draft.token, link)
    assert reloaded is not None and reloaded.return_id is None


def test_online_submit_stores_and_marks_the_draft_together_once(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND)
    draft = start_draft(engine, link)
    parsed = _parsed(engine, fw)
    first = submit_draft(engine, draft, parsed, b"answers v1", source="online")  # type: ignore[arg-type]
    second = submit_draft(engine, draft, parsed, b"answers v2", source="online")  # type: ignore[arg-type]
    assert first.outcome == "stored" and first.return_id is not None
    assert (second.outcome, second.return_id) == ("already sent", first.return_id)
    reloaded = load_draft(engine, draft.token, link)
    assert reloaded is not None and reloaded.return_id == first.return_id
    assert len(load_returns(engine, PARTNERSHIP, ROUND)) == 1


def test_same_draft_sent_from_two_threads_at_once_is_stored_once(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND)
    draft = start_draft(engine, link)
    parsed = _parsed(engine, fw)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def send(i: int) -> None:
        barrier.wait()
        outcomes.append(submit_draft(engine, draft, parsed, f"v{i}".encode(), source="online").outcome)  # type: ignore[arg-type]

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["already sent"] * 3 + ["stored"]
    assert len(load_returns(engine, PARTNERSHIP, ROUND, history=True)) == 1


def test_read_round_is_one_snapshot_when_an_upload_lands_between_its_queries(db_url: str, fw: Framework) -> None:
    engine, other = make_engine(db_url), make_engine(db_url)
    set_up(engine)
    _import(engine, fw, "Ann")
    landed: list[int] = []

    @event.listens_for(engine, "after_cursor_execute")
    def _upload_between(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if not landed and "answers.statement_id" in statement:  # after the answers, before returns and ratings
            landed.append(1)
            _import(other, fw, "Ben")  # another process's upload, committed

    data = read_round(engine, PARTNERSHIP, ROUND)
    assert landed
    assert len(data.returns) == 1 and set(data.answers["return_id"]) == set(data.returns["return_id"])
    assert len(data.ratings) == 0 or set(data.ratings["return_id"]) <= set(data.returns["return_id"])
    assert len(read_round(engine, PARTNERSHIP, ROUND).returns) == 2  # the next refresh sees it
    engine.dispose()
    other.dispose()


def test_the_data_version_moves_when_writes_commit_out_of_order(postgres: object, fw: Framework) -> None:
    """PostgreSQL hands out change ids as writes insert them, and writes may commit in any order: a write that took
    the lower id and commits last must still change the version, or pages would keep showing the data without it
    (the version is the key of everything cached)."""
    from tests.postgres import PostgresServer

    assert isinstance(postgres, PostgresServer)
    engine, other = make_engine(postgres.new_database()), None
    try:
        set_up(engine)
        other = make_engine(engine.url.render_as_string(hide_password=False))
        with engine.begin() as slow:  # takes the lower id, commits last
            slow.execute(insert(changes).values(at=utc_now(), what="the slow write"))
            with other.begin() as quick:
                quick.execute(insert(changes).values(at=utc_now(), what="the quick write"))
            seen = data_version(other)  # the quick write is in, the slow one not yet
        assert data_version(other) != seen
        with other.connect() as conn:
            newest, count = conn.execute(select(func.max(changes.c.id), func.count())).one()
        assert data_version(other) == (newest, count) and seen == (newest, count - 1)
    finally:
        engine.dispose()
        if other is not None:
            other.dispose()
