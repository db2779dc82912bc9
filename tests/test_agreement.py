"""Rule 5 (agreement) and rule 11 (anonymity of agreement and distributions), numbers worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rasp.core.framework import Framework
from rasp.method.agreement import agreement, distribution, item_deviation, split_words
from tests.conftest import answers_frame


def test_ad_by_hand(fw: Framework) -> None:
    # Council A, trust: T1 answers 1,5,3 -> mean 3, |dev| 2,2,0 -> 4/3; T2 5,5,5 -> 0; T3 3,3 (+ Don't know) -> 0;
    # T4 4,2 (+ blank) -> mean 3, |dev| 1,1 -> 1; T5 answered by one only -> not counted; T6 2,2,2 -> 0.
    # AD = (4/3 + 0 + 0 + 1 + 0) / 5 = 0.4667 -> not split.
    # Culture: every item 1,5,5 -> mean 11/3, |dev| 8/3,4/3,4/3 -> 16/9 = 1.78 -> split.
    a = answers_frame(
        fw,
        {
            (1, "A"): {"trust": [1, 5, 3, 4, 5, 2], "culture": [1] * 6},
            (2, "A"): {"trust": [5, 5, 3, 2, None, 2], "culture": [5] * 6},
            (3, "A"): {"trust": [3, 5, "dk", None, "dk", 2], "culture": [5] * 6},
        },
    )
    out = agreement(a, pd.Series({"A": 3}), fw).set_index("dimension")
    assert out.loc["trust", "ad"] == pytest.approx((4 / 3 + 1) / 5)
    assert out.loc["trust", "split"] is False and out.loc["trust", "status"] == "ok"
    assert out.loc["culture", "ad"] == pytest.approx(16 / 9)
    assert out.loc["culture", "split"] is True
    assert out.loc["strategy", "status"] == "no data" and math.isnan(out.loc["strategy", "ad"])
    assert out.loc["trust", "n"] == 3
    items = item_deviation(a).set_index("statement")
    assert "T5" not in items.index and items.loc["T4", "answered"] == 2


def test_split_threshold_is_strictly_above(fw: Framework) -> None:
    # risk: 1,1,3,3 on every item -> mean 2, |dev| 1 each -> AD 1.0 > 0.8: split.
    # governance: 2,2,3,3 -> mean 2.5, |dev| 0.5 each -> AD 0.5: consensus.
    a = answers_frame(
        fw,
        {
            (1, "A"): {"risk": [1] * 6, "governance": [2] * 6},
            (2, "A"): {"risk": [1] * 6, "governance": [2] * 6},
            (3, "A"): {"risk": [3] * 6, "governance": [3] * 6},
            (4, "A"): {"risk": [3] * 6, "governance": [3] * 6},
        },
    )
    out = agreement(a, pd.Series({"A": 4}), fw).set_index("dimension")
    assert out.loc["risk", "ad"] == pytest.approx(1.0) and out.loc["risk", "split"] is True
    assert out.loc["governance", "ad"] == pytest.approx(0.5) and out.loc["governance", "split"] is False


def test_below_threshold_is_hidden_and_distinct_from_no_data(fw: Framework) -> None:
    a = answers_frame(fw, {(1, "B"): {"trust": [1] * 6}, (2, "B"): {"trust": [5] * 6}})
    out = agreement(a, pd.Series({"B": 2, "C": 0}), fw).set_index(["council", "dimension"])
    assert out.loc[("B", "trust"), "status"] == "below threshold"
    assert math.isnan(out.loc[("B", "trust"), "ad"]) and out.loc[("B", "trust"), "split"] is None
    assert out.loc[("C", "trust"), "status"] == "below threshold"  # no returns at all: also nothing to show
    assert split_words("below threshold", None) == "below threshold"
    assert split_words("ok", True) == "split" and split_words("ok", False) == "consensus"
    assert distribution(a, "B", fw).empty


def test_distribution_counts_and_net_agreement(fw: Framework) -> None:
    # S1: 5, 4, 2, Don't know -> answered 3: agree side 2, disagree side 1 -> net (2-1)/3; one Don't know
    a = answers_frame(
        fw,
        {
            (1, "A"): {"strategy": [5, 3, 3, 3, 3, 3]},
            (2, "A"): {"strategy": [4, 3, 3, 3, 3, 3]},
            (3, "A"): {"strategy": [2, 3, 3, 3, 3, 3]},
            (4, "A"): {"strategy": ["dk", None, 3, 3, 3, 3]},
        },
    )
    d = distribution(a, "A", fw)
    s1 = d[d.statement == "S1"].set_index("value")
    assert s1["count"].tolist() == [0, 1, 0, 1, 1]
    assert s1["share"].tolist() == pytest.approx([0, 1 / 3, 0, 1 / 3, 1 / 3])
    assert s1["net_agreement"].iloc[0] == pytest.approx(1 / 3)
    assert s1["dont_know"].iloc[0] == 1 and s1["blank"].iloc[0] == 0
    s2 = d[d.statement == "S2"]
    assert s2["blank"].iloc[0] == 1 and s2["count"].sum() == 3
    assert d["respondents"].iloc[0] == 4
    assert len(d) == 42 * 5
