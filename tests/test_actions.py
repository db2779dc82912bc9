"""Agree and act: decisions with the weakest-link rule, actions carried over between rounds, safe CSV."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from rasp.core.errors import SetupError
from rasp.method.decisions import no_agreement_score, safe_csv
from rasp.store.actions import add_action, load_actions, load_decisions, record_decision, set_action_status
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up


def test_no_agreement_keeps_the_lower_score() -> None:
    assert no_agreement_score([72.5, 48.9]) == 48
    assert no_agreement_score([float("nan"), 61.0]) == 61
    assert no_agreement_score([]) is None


def test_decisions_and_actions_carry_over(engine: Engine) -> None:
    set_up(engine)
    decision = record_decision(
        engine,
        PARTNERSHIP,
        ROUND,
        topic="Gap on governance",
        dimension="governance",
        councils=COUNCILS[:2],
        agreed_score=48,
        no_agreement=True,
        notes="Revisit in May",
    )
    d = load_decisions(engine, PARTNERSHIP, ROUND)
    assert d["agreed_score"].tolist() == [48] and d["no_agreement"].tolist() == [True]
    first = add_action(
        engine,
        PARTNERSHIP,
        ROUND,
        action="Draft a joint committee terms of reference",
        owner="Head of legal",
        council=COUNCILS[0],
        due=dt.date(2027, 1, 31),
        decision_id=decision,
    )
    done = add_action(engine, PARTNERSHIP, ROUND, action="Share the contract register", owner="ICT lead")
    set_action_status(engine, done, "done")
    with pytest.raises(SetupError, match="Say who owns"):
        add_action(engine, PARTNERSHIP, ROUND, action="Something", owner="  ")
    with pytest.raises(SetupError, match="is not a status"):
        set_action_status(engine, first, "finished")

    set_up(engine, round_name="2027 review")
    later = load_actions(engine, PARTNERSHIP, "2027 review")
    assert later["id"].tolist() == [first]  # the done one stays behind
    assert later["carried_over"].tolist() == [True] and later["raised_in"].tolist() == [ROUND]
    assert later["status"].tolist() == ["open"]
    now = load_actions(engine, PARTNERSHIP, ROUND)
    assert now["id"].tolist() == [first, done] and not now["carried_over"].any()


def test_actions_csv_is_safe_for_spreadsheets(engine: Engine) -> None:
    set_up(engine)
    add_action(
        engine,
        PARTNERSHIP,
        ROUND,
        action='=HYPERLINK("http://x","click")',
        owner="@owner",
        council="-Council",
        due=dt.date(2027, 2, 1),
    )
    text = safe_csv(load_actions(engine, PARTNERSHIP, ROUND)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@owner" in text and "'-Council" in text
    assert "2027-02-01" in text
