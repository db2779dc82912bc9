"""Rule 10: rounds, trends, a partner joining in round 2, and the change since the previous round."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.method.trends import biggest_changes, changes_since_previous
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.store.writes import setup_partnership
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up

NEWCOMER = "Delta Town Council"


def test_new_partner_in_round_two_and_changes(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    # round 1: Alpha all 2 (25), Beta all 4 (75)
    assert import_bytes(engine, fw, filled(fw, every=2), "a1.xlsx", partnership=PARTNERSHIP).ok
    assert import_bytes(engine, fw, filled(fw, council=COUNCILS[1], every=4), "b1.xlsx", partnership=PARTNERSHIP).ok
    round_one = build_snapshot(engine, fw, PARTNERSHIP, ROUND)

    setup_partnership(engine, PARTNERSHIP, [NEWCOMER], "2027 review")
    names = [*COUNCILS, NEWCOMER]
    # round 2: Alpha all 3 (50), Beta not yet, Delta all 5 (100)
    r = import_bytes(
        engine, fw, filled(fw, every=3, round_name="2027 review", councils=names), "a2.xlsx", partnership=PARTNERSHIP
    )
    assert r.ok, r
    r = import_bytes(
        engine,
        fw,
        filled(fw, council=NEWCOMER, every=5, round_name="2027 review", councils=names),
        "d2.xlsx",
        partnership=PARTNERSHIP,
    )
    assert r.ok, r

    # round 1 is unchanged and does not list the newcomer
    again = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    assert again.councils == tuple(COUNCILS)
    assert again.scores.equals(round_one.scores)
    assert len(again.gaps) == 3 * 7

    two = build_snapshot(engine, fw, PARTNERSHIP, "2027 review")
    assert two.councils == (*COUNCILS, NEWCOMER)
    s = two.scores.set_index(["council", "dimension"])
    assert s.loc[(NEWCOMER, "trust"), "score"] == pytest.approx(100)
    assert s.loc[(COUNCILS[1], "trust"), "n"] == 0  # Beta missing from round 2: no data, not zero

    trends = build_trends(engine, fw, PARTNERSHIP)
    assert trends["round"].drop_duplicates().tolist() == [ROUND, "2027 review"]
    ch = changes_since_previous(trends, "2027 review").set_index(["council", "dimension"])
    assert ch.loc[(COUNCILS[0], "trust"), "change"] == pytest.approx(25)  # 25 -> 50
    assert ch.loc[(COUNCILS[0], "trust"), "previous_round"] == ROUND
    assert math.isnan(ch.loc[(COUNCILS[1], "trust"), "change"])  # no return in round 2
    assert math.isnan(ch.loc[(NEWCOMER, "trust"), "change"])  # not in round 1
    assert changes_since_previous(trends, ROUND).empty
    top = biggest_changes(changes_since_previous(trends, "2027 review"))
    assert top["change"].tolist() == [25, 25, 25] and set(top["council"]) == {COUNCILS[0]}
