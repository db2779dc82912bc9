"""The first start: the demo is loaded completely, once, even when an earlier load was interrupted."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.intake.demo import (
    BASELINE,
    DEMO_PARTNERSHIP,
    DEMO_ROUND,
    DEMO_ROUND_2,
    REVIEW,
    build_demo,
    demo_missing,
    ensure_demo,
)
from rasp.store.reads import directory, load_returns
from tests.helpers import set_up

EXPECTED = {DEMO_ROUND: sum(c for c, _, _ in BASELINE.values()), DEMO_ROUND_2: sum(c for c, _, _ in REVIEW.values())}


class Interrupted(Exception):
    """Stands for the process being stopped (or the page run ended) part-way through the load."""


def interrupt_after(count: int) -> object:
    seen = {"n": 0}

    def progress(_: str) -> None:
        seen["n"] += 1
        if seen["n"] >= count:
            raise Interrupted

    return progress


def returns_in(engine: Engine, round_name: str, history: bool = False) -> int:
    return len(load_returns(engine, DEMO_PARTNERSHIP, round_name, history=history))


def test_an_empty_database_gets_the_whole_demo(engine: Engine, fw: Framework) -> None:
    assert demo_missing(engine) == sum(EXPECTED.values()) == 57
    assert ensure_demo(engine, fw) is not None
    assert {r: returns_in(engine, r) for r in EXPECTED} == EXPECTED
    assert demo_missing(engine) == 0
    assert ensure_demo(engine, fw) is None  # once complete, nothing more happens


def test_an_interrupted_load_is_completed_without_duplicates(engine: Engine, fw: Framework) -> None:
    with pytest.raises(Interrupted):  # progress is reported every 5 returns: stops after 10 of the first round
        build_demo(engine, fw, progress=interrupt_after(2))  # type: ignore[arg-type]
    partial = returns_in(engine, DEMO_ROUND)
    assert 0 < partial < EXPECTED[DEMO_ROUND]
    assert DEMO_ROUND_2 not in directory(engine).rounds[DEMO_PARTNERSHIP]
    assert demo_missing(engine) == sum(EXPECTED.values()) - partial

    assert ensure_demo(engine, fw) is not None
    assert {r: returns_in(engine, r) for r in EXPECTED} == EXPECTED
    # nothing was imported twice: no return replaced another, the history holds exactly the current ones
    assert {r: returns_in(engine, r, history=True) for r in EXPECTED} == EXPECTED
    assert demo_missing(engine) == 0


def test_a_database_with_real_partnerships_is_left_alone(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    assert demo_missing(engine) == 0
    assert ensure_demo(engine, fw) is None
    assert DEMO_PARTNERSHIP not in directory(engine).partnerships


def test_times_are_shown_in_uk_local_time() -> None:
    import datetime as dt

    from rasp.core.words import long_datetime

    assert long_datetime(dt.datetime(2026, 11, 28, 14, 5)) == "28 November 2026, 14:05"  # GMT: as stored
    assert long_datetime(dt.datetime(2026, 7, 1, 13, 5)) == "1 July 2026, 14:05"  # BST: an hour on
    assert long_datetime(dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC)) == "29 March 2026, 00:59"
    assert long_datetime(dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)) == "29 March 2026, 02:00"  # clocks go on
