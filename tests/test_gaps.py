"""Rules 6-7 with numbers worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rasp.core.framework import Framework
from rasp.method.gaps import alignment, gap_matrix, material_gaps, pair_gaps, partnership_view
from rasp.method.scoring import band


def _scores(fw: Framework, table: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"council": c, "dimension": d, "score": v, "n": 1}
        for c, values in table.items()
        for d, v in zip(fw.dimension_ids, values, strict=True)
    ]
    frame = pd.DataFrame(rows)
    frame["band"] = band(frame["score"], fw.thresholds)
    return frame


def test_pair_gaps_and_material_threshold(fw: Framework) -> None:
    s = _scores(
        fw,
        {
            "A": [50, 80, 60, 70, 40, 55, 65],
            "B": [70, 60.5, 60, 90, 40, 35, float("nan")],
            "C": [30, 80, 100, 70, 60, 55, 65],
        },
    )
    g = pair_gaps(s, fw.thresholds)
    ab = g[(g.council_a == "A") & (g.council_b == "B")].set_index("dimension")
    assert ab["gap"].tolist()[:6] == pytest.approx([20, 19.5, 0, 20, 0, 20])
    assert ab["material"].tolist() == [True, False, False, True, False, True, False]
    assert math.isnan(ab.loc["governance", "gap"])
    assert len(g) == 3 * 7  # pairs AB, AC, BC
    assert list(dict.fromkeys(zip(g.council_a, g.council_b, strict=True))) == [("A", "B"), ("A", "C"), ("B", "C")]

    al = alignment(g).set_index(["council_a", "council_b"])
    # A-B gaps over the six dimensions with both scores: 20+19.5+0+20+0+20 = 79.5 / 6 = 13.25 -> 86.75
    assert al.loc[("A", "B"), "alignment"] == pytest.approx(100 - 79.5 / 6)
    assert al.loc[("A", "B"), "material_gaps"] == 3

    ranked = material_gaps(g)
    # material: A-B 20,20,20; A-C 20,40,20; B-C 40,40,20,20,20 -> 11 gaps, the largest 40
    assert len(ranked) == 11
    assert ranked["gap"].iloc[0] == pytest.approx(40)
    assert (ranked["gap"].diff().dropna() <= 0).all()


def test_gap_matrix_is_symmetric_with_zero_diagonal(fw: Framework) -> None:
    s = _scores(fw, {"A": [50] * 7, "B": [70] * 7, "C": [90] * 7})
    m = gap_matrix(pair_gaps(s, fw.thresholds), "trust")
    assert m.loc["A", "B"] == 20 and m.loc["B", "A"] == 20
    assert m.loc["A", "C"] == 40 and m.loc["C", "B"] == 20
    assert m.loc["B", "B"] == 0
    overall = gap_matrix(pair_gaps(s, fw.thresholds))
    assert overall.loc["A", "C"] == pytest.approx(40)


def test_partnership_view_weakest_link(fw: Framework) -> None:
    s = _scores(fw, {"A": [50, 80, 60, 70, 40, 55, float("nan")], "B": [70, 60, 60, 90, 45, 35, float("nan")]})
    v = partnership_view(s).set_index("dimension")
    assert v.loc["strategy", "mean"] == 60 and v.loc["strategy", "min"] == 50
    assert v.loc["strategy", "max"] == 70 and v.loc["strategy", "spread"] == 20
    assert v.loc["strategy", "weakest"] == "A"
    assert v.loc["risk", "weakest"] == "B"
    assert v.loc["governance", "councils"] == 0
    assert math.isnan(v.loc["governance", "mean"])


def test_material_count_matrix(fw: Framework) -> None:
    # A-B: gaps 30 on every dimension -> 7 material; A-C: 10 everywhere -> 0
    s = _scores(fw, {"A": [50] * 7, "B": [80] * 7, "C": [60] * 7})
    counts = gap_matrix(pair_gaps(s, fw.thresholds), None, "material", "sum")
    assert counts.loc["A", "B"] == 7 and counts.loc["B", "A"] == 7
    assert counts.loc["A", "C"] == 0 and counts.loc["B", "C"] == 7


def test_one_council_has_no_gaps(fw: Framework) -> None:
    s = _scores(fw, {"A": [50] * 7})
    g = pair_gaps(s, fw.thresholds)
    assert g.empty and list(g.columns) == ["council_a", "council_b", "dimension", "gap", "material"]
    ranked = material_gaps(g)
    assert ranked.empty and "gap" in ranked.columns
    assert alignment(g).empty
    assert gap_matrix(g).empty
