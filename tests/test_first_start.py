"""The first start: the demo is loaded completely, once, even when an earlier load was interrupted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser
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
from rasp.store.engine import make_engine
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


@pytest.mark.browser
def test_the_app_completes_an_interrupted_load_even_when_the_first_visitor_leaves(
    tmp_path: Path, fw: Framework, browser: Browser
) -> None:
    """A database left half-loaded (an earlier start stopped part-way); the app starts on it; the first
    visitor closes the tab at once. The load still finishes, in its own thread, with nothing imported twice;
    the next visitor sees the whole demo."""
    from tests.browser import FIRST_LOAD_TIMEOUT_MS, AppServer, chromium_path, open_page

    chromium_path()
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = make_engine(url)
    try:
        with pytest.raises(Interrupted):
            build_demo(engine, fw, progress=interrupt_after(2))  # type: ignore[arg-type]
        assert demo_missing(engine) > 0
    finally:
        engine.dispose()
    with AppServer(tmp_path, {"RASP_DATABASE_URL": url, "RASP_DEMO": "1"}) as server:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        try:
            engine = make_engine(url)
            try:
                before = demo_missing(engine)
                leaving = context.new_page()
                leaving.goto(server.url, wait_until="domcontentloaded")
                deadline = time.monotonic() + FIRST_LOAD_TIMEOUT_MS / 1000
                while demo_missing(engine) == before and time.monotonic() < deadline:
                    time.sleep(0.2)
                leaving.close()  # the load has begun (a return more is stored): the visitor goes
                assert 0 < demo_missing(engine) < before, "close the tab while the load is under way"
                while demo_missing(engine) and time.monotonic() < deadline:
                    time.sleep(0.5)
                assert demo_missing(engine) == 0, "the load stopped when its visitor left"
                assert {r: returns_in(engine, r, history=True) for r in EXPECTED} == EXPECTED
            finally:
                engine.dispose()
            page = context.new_page()
            with server.explain():
                open_page(page, server, "dashboard.py", "Overview", timeout=FIRST_LOAD_TIMEOUT_MS)
                counted = page.get_by_test_id("stMetric").filter(has_text="Returns counted")
                assert "30" in counted.inner_text()  # the whole autumn review round
        finally:
            context.close()
