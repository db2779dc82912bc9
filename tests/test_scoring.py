"""Rules 2-4 with numbers worked out by hand in the comments."""

from __future__ import annotations

import math
import tomllib

import numpy as np
import pandas as pd
import pytest

from rasp.core.framework import DEFAULT_FRAMEWORK_PATH, Framework, parse_framework
from rasp.method.scoring import band, council_scores, describe_score, respondent_scores
from tests.conftest import answers_frame


def test_respondent_score_is_mean_on_0_to_100(fw: Framework) -> None:
    # strategy answers 5,4,4,3,5,3: mean 24/6 = 4.0 -> (4-1)/4*100 = 75
    a = answers_frame(fw, {(1, "A"): {"strategy": [5, 4, 4, 3, 5, 3]}})
    r = respondent_scores(a, fw).set_index("dimension")
    assert r.loc["strategy", "score"] == pytest.approx(75.0)
    assert r.loc["strategy", "answered"] == 6
    assert r.loc["strategy", "items"] == 6
    assert math.isnan(r.loc["trust", "score"])  # nothing answered


def test_half_the_items_is_enough_and_dont_know_is_counted(fw: Framework) -> None:
    # three of six answered (5,5,4): mean 14/3 = 4.6667 -> 91.667; three Don't know counted, not scored
    a = answers_frame(fw, {(1, "A"): {"trust": [5, 5, 4, "dk", "dk", "dk"], "risk": [2, 2, None, None, None, "dk"]}})
    r = respondent_scores(a, fw).set_index("dimension")
    assert r.loc["trust", "score"] == pytest.approx((14 / 3 - 1) / 4 * 100)
    assert r.loc["trust", "dont_know"] == 3
    # only two of six answered: below half -> missing
    assert math.isnan(r.loc["risk", "score"])
    assert r.loc["risk", "answered"] == 2
    assert r.loc["risk", "dont_know"] == 1


def test_all_dont_know_gives_no_score(fw: Framework) -> None:
    a = answers_frame(fw, {(1, "A"): {"culture": ["dk"] * 6}})
    r = respondent_scores(a, fw).set_index("dimension")
    assert math.isnan(r.loc["culture", "score"])
    assert r.loc["culture", "dont_know"] == 6


def test_item_weights_are_used(fw: Framework) -> None:
    # weight 3 on S1: answers 5,1,1,1,1,1 -> (3*5 + 5*1) / 8 = 2.5 -> 37.5
    raw = tomllib.loads(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    raw["dimensions"][0]["statements"][0]["weight"] = 3
    weighted = parse_framework(raw)
    a = answers_frame(weighted, {(1, "A"): {"strategy": [5, 1, 1, 1, 1, 1]}})
    r = respondent_scores(a, weighted).set_index("dimension")
    assert r.loc["strategy", "score"] == pytest.approx(37.5)


def test_council_score_is_mean_of_respondents_with_n(fw: Framework) -> None:
    # A: r1 strategy mean 4 -> 75; r2 all 2 -> 25; council 50 (n=2). r3 has too few answers: not counted.
    a = answers_frame(
        fw,
        {
            (1, "A"): {"strategy": [5, 4, 4, 3, 5, 3]},
            (2, "A"): {"strategy": [2, 2, 2, 2, 2, 2]},
            (3, "A"): {"strategy": [5, 5, None, None, None, None]},
            (4, "B"): {"strategy": [5, 5, 5, 5, 5, 5]},
        },
    )
    s = council_scores(respondent_scores(a, fw), fw, ["A", "B", "C"]).set_index(["council", "dimension"])
    assert s.loc[("A", "strategy"), "score"] == pytest.approx(50.0)
    assert s.loc[("A", "strategy"), "n"] == 2
    assert s.loc[("A", "strategy"), "band"] == "borderline"
    assert s.loc[("B", "strategy"), "score"] == pytest.approx(100.0)
    assert s.loc[("B", "strategy"), "band"] == "strength"
    assert s.loc[("C", "strategy"), "n"] == 0  # a council with no returns
    assert s.loc[("C", "strategy"), "band"] == "no data"
    assert len(s) == 3 * 7


def test_bands_at_their_edges(fw: Framework) -> None:
    scores = pd.Series([75.0, 74.99, 50.0, 49.99, 0.0, 100.0, np.nan, 74.99999999999])
    assert band(scores, fw.thresholds).tolist() == [
        "strength",
        "borderline",
        "borderline",
        "concern",
        "concern",
        "strength",
        "no data",
        "strength",
    ]


def test_describe_score_in_words(fw: Framework) -> None:
    assert describe_score(58.3, fw.thresholds) == "58, borderline: discuss"
    assert describe_score(float("nan"), fw.thresholds) == "no data"
    assert describe_score(80.0, fw.thresholds) == "80, strength"


def test_empty_answers_give_empty_tables(fw: Framework) -> None:
    empty = answers_frame(fw, {})
    r = respondent_scores(empty, fw)
    assert r.empty
    s = council_scores(r, fw, ["A"])
    assert s["n"].tolist() == [0] * 7
