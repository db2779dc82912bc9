"""Rule 9: the directed trust matrix and asymmetry, by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rasp.core.framework import Framework
from rasp.method.trust import asymmetric_pairs, trust_matrix, trust_pairs


def test_trust_pairs_by_hand(fw: Framework) -> None:
    ratings = pd.DataFrame(
        [
            # A's two respondents rate B: trust 5 and 4 -> mean 4.5 -> 87.5; alignment 3 and blank -> 3 -> 50
            {"return_id": 1, "rater": "A", "rated": "B", "trust": 5.0, "alignment": 3.0},
            {"return_id": 2, "rater": "A", "rated": "B", "trust": 4.0, "alignment": float("nan")},
            # B rates A: trust 2 -> 25; asymmetry |87.5 - 25| = 62.5 -> flagged
            {"return_id": 3, "rater": "B", "rated": "A", "trust": 2.0, "alignment": 2.0},
            # A rates C: 3 -> 50; C rates A: 4 -> 75; asymmetry exactly 25 -> flagged; B-C none
            {"return_id": 1, "rater": "A", "rated": "C", "trust": 3.0, "alignment": 5.0},
            {"return_id": 4, "rater": "C", "rated": "A", "trust": 4.0, "alignment": 4.0},
            {"return_id": 4, "rater": "C", "rated": "B", "trust": 4.0, "alignment": 4.0},
        ]
    )
    p = trust_pairs(ratings, ["A", "B", "C"], fw).set_index(["rater", "rated"])
    assert len(p) == 6
    assert p.loc[("A", "B"), "trust"] == pytest.approx(87.5)
    assert p.loc[("A", "B"), "alignment"] == pytest.approx(50)
    assert p.loc[("A", "B"), "n"] == 2
    assert p.loc[("B", "A"), "trust_asymmetry"] == pytest.approx(62.5) and p.loc[("B", "A"), "asymmetric"]
    assert p.loc[("A", "C"), "trust_asymmetry"] == pytest.approx(25)
    assert p.loc[("B", "C"), "n"] == 0 and math.isnan(p.loc[("B", "C"), "trust"])
    assert not p.loc[("C", "B"), "asymmetric"]  # B never rated C: no asymmetry to flag
    m = trust_matrix(p.reset_index())
    assert m.loc["A", "B"] == pytest.approx(87.5) and m.loc["B", "A"] == pytest.approx(25)
    assert math.isnan(m.loc["A", "A"])
    pairs = asymmetric_pairs(p.reset_index())
    assert [(r.council_a, r.council_b) for r in pairs.itertuples()] == [("A", "B"), ("A", "C")]
    assert pairs["a_trusts_b"].tolist() == pytest.approx([87.5, 50])
    assert pairs["b_trusts_a"].tolist() == pytest.approx([25, 75])


def test_exactly_twenty_is_flagged(fw: Framework) -> None:
    # 4 -> 75 and 3.2? use means: A->B 4 (75), B->A mean(3, 3, 3, 4, 3) = 3.2 -> 55: difference 20
    rows = [{"return_id": 1, "rater": "A", "rated": "B", "trust": 4.0, "alignment": 4.0}]
    rows += [
        {"return_id": 10 + i, "rater": "B", "rated": "A", "trust": t, "alignment": 4.0}
        for i, t in enumerate([3.0, 3.0, 3.0, 4.0, 3.0])
    ]
    p = trust_pairs(pd.DataFrame(rows), ["A", "B"], fw).set_index(["rater", "rated"])
    assert p.loc[("A", "B"), "trust_asymmetry"] == pytest.approx(20)
    assert p.loc[("A", "B"), "asymmetric"]
