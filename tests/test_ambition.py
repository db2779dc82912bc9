"""Rule 8: ambition against readiness, with hand-worked rungs and gaps."""

from __future__ import annotations

import pandas as pd
import pytest

from rasp.core.framework import Framework
from rasp.method.ambition import ambition, ambition_disagreements, council_targets, ready_rungs, requirements
from rasp.method.scoring import band


def _scores(fw: Framework, table: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"council": c, "dimension": d, "score": v, "n": 1}
        for c, vals in table.items()
        for d, v in zip(fw.dimension_ids, vals, strict=True)
    ]
    f = pd.DataFrame(rows)
    f["score"] = f["score"].astype("float64")
    f["band"] = band(f["score"], fw.thresholds)
    return f


def _returns(targets: dict[str, list[float | None]]) -> pd.DataFrame:
    return pd.DataFrame([{"council": c, "target_rung": t} for c, ts in targets.items() for t in ts])


def test_targets_median_rounded_down_and_internal_disagreement(fw: Framework) -> None:
    t = council_targets(
        _returns({"A": [3, 4], "B": [5, 5, 2], "C": [4, None, 6, 4, 5], "D": [None]}), fw, ["D", "C", "B", "A"]
    ).set_index("council")
    assert t.loc["A", "target_rung"] == 3  # median 3.5 -> 3
    assert t.loc["B", "target_rung"] == 5 and bool(t.loc["B", "internal_disagreement"])  # 2..5
    assert t.loc["C", "target_rung"] == 4 and t.loc["C", "respondents"] == 4  # median of 4,6,4,5 = 4.5 -> 4
    assert bool(t.loc["C", "internal_disagreement"])  # 4..6
    assert not bool(t.loc["A", "internal_disagreement"])
    assert "D" not in t.index  # no target given
    assert list(t.index) == ["C", "B", "A"]


def test_ready_rung_is_the_highest_whose_requirements_all_hold(fw: Framework) -> None:
    s = _scores(
        fw,
        {
            # meets rung 5 everywhere (65,65,55,50,50,50,55) but not rung 6 (strategy 74 < 75)
            "A": [74, 80, 80, 70, 70, 70, 80],
            # trust 24.9 < 25: only rung 1
            "B": [90, 24.9, 90, 90, 90, 90, 90],
            # exactly on rung 4's numbers: ready for 4
            "C": [50, 50, 40, 30, 30, 30, 40],
            # no scores at all: a missing score meets only a requirement of 0 -> rung 1
            "D": [float("nan")] * 7,
            # risk missing: rung 3 needs risk 0 so it is met; rung 4 needs risk 30 -> not met -> 3
            "E": [90, 90, 90, 90, 90, float("nan"), 90],
        },
    )
    r = ready_rungs(s, fw)
    assert r.to_dict() == {"A": 5, "B": 1, "C": 4, "D": 1, "E": 3}


def test_gap_to_target(fw: Framework) -> None:
    s = _scores(fw, {"A": [60, 70, 30, 50, 50, float("nan"), 55], "B": [80] * 7})
    targets = council_targets(_returns({"A": [5], "B": [2]}), fw)
    a = ambition(s, targets, fw)
    own = a[a.council == "A"].set_index("dimension")
    # rung 5 requires 65,65,55,50,50,50,55: gaps 5, 0, 25, 0, 0, 50 (no score), 0
    assert own["gap"].tolist() == pytest.approx([5, 0, 25, 0, 0, 50, 0])
    assert own["required"].tolist() == [65, 65, 55, 50, 50, 50, 55]
    assert own["target_rung"].iloc[0] == 5
    assert own["ready_rung"].iloc[0] == 3  # rung 3 needs 35,40,25: met; rung 4 needs risk 30: missing
    assert (a[a.council == "B"]["gap"] == 0).all()
    assert list(a.columns) == ["council", "target_rung", "ready_rung", "dimension", "required", "score", "gap"]


def test_partners_two_rungs_apart_disagree(fw: Framework) -> None:
    targets = council_targets(_returns({"A": [5], "B": [4], "C": [3], "D": [6]}), fw)
    d = ambition_disagreements(targets, fw)
    assert [(r.council_a, r.council_b, r.difference) for r in d.itertuples()] == [
        ("A", "C", 2),
        ("B", "D", 2),
        ("C", "D", 3),
    ]


def test_requirement_table_comes_from_the_framework(fw: Framework) -> None:
    req = requirements(fw)
    assert req.loc[4].tolist() == [50, 50, 40, 30, 30, 30, 40]
    assert list(req.index) == [1, 2, 3, 4, 5, 6]
