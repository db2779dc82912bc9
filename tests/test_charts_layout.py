"""The figures' layout rules, read from the Figure objects (the browser tests check the drawn result):
titles in their own band, legends clear of axis titles, labelled cut-off lines, radar ticks off the spokes,
matrices that stay readable with many councils; tables with whole numbers and widths that fit."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from rasp.charts.figures import (
    MATRIX_TEXT,
    MATRIX_WORDS,
    PLOT_WIDTH,
    TITLE_SPACE,
    band_heatmap,
    column_labels,
    gap_heatmap,
    radar,
)
from rasp.charts.figures_analysis import partnership_bars, trend_chart
from rasp.charts.tables import column_widths, gaps_table, one_decimal, scores_table, view_table, whole
from rasp.charts.tables_analysis import agreement_table, form_words, forms_table, requirements_table
from rasp.core.framework import Framework

DIMS = {"a": "Shared vision and strategy", "b": "Trust and relationships", "c": "Governance"}


def scores(councils: list[str], values: list[list[float]]) -> pd.DataFrame:
    rows = []
    for c, vals in zip(councils, values, strict=True):
        for d, v in zip(DIMS, vals, strict=True):
            band = "strength" if v >= 75 else "borderline" if v >= 50 else "concern"
            rows.append({"council": c, "dimension": d, "score": v, "n": 3, "band": band})
    return pd.DataFrame(rows)


def test_titles_sit_in_their_own_band_above_the_column_labels() -> None:
    fig = band_heatmap(
        scores(["A council", "B council"], [[80, 60, 40], [70, 50, 30]]), DIMS, ["A council", "B council"]
    )
    title = fig.layout.title
    assert (title.yref, title.y, title.yanchor) == ("container", 1, "top")
    _, _, label_px = column_labels(list(DIMS.values()))
    assert fig.layout.margin.t == TITLE_SPACE + label_px  # the labels get their own room under the title
    assert fig.layout.xaxis.side == "top" and fig.layout.xaxis.tickangle == 0


def test_column_labels_wrap_when_they_fit_and_turn_upright_when_not() -> None:
    labels, angle, px = column_labels(["Willingness to compromise", "Governance"])
    assert angle == 0 and all(len(line) * 0.56 * 13 <= PLOT_WIDTH / 2 for x in labels for line in x.split("<br>"))
    many = [f"Council number {i} Borough" for i in range(30)]
    labels, angle, px = column_labels(many)
    assert angle == -90 and px > 100  # 30 columns of ~22 px: upright, and the room above grows to hold them


def test_cut_off_lines_are_labelled_with_their_meaning(fw: Framework) -> None:
    view = pd.DataFrame(
        {"dimension": list(DIMS), "mean": [60.0, 55.0, 40.0], "min": [50.0, 30.0, 10.0], "weakest": ["A", "B", "A"]}
    )
    other = dataclasses.replace(fw.thresholds, borderline=45.0, strength=70.0)  # the framework's, not 50 and 75
    fig = partnership_bars(view, DIMS, pd.Series(["borderline", "concern", "concern"]), other)
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["borderline from 45", "strength from 70"]
    assert [s.x0 for s in fig.layout.shapes] == [45.0, 70.0]
    # the legend is anchored to the bottom of the figure, below the axis title, not at a fraction of the plot
    assert (fig.layout.legend.yref, fig.layout.legend.y) == ("container", 0)
    bars = fig.data[0]
    assert list(bars.textposition) == ["inside", "outside", "outside"]  # short bars: words after the bar
    assert bars.textangle == 0


def test_trend_labels_its_lines_outside_the_plot(fw: Framework) -> None:
    trends = pd.DataFrame(
        {
            "round": ["r1", "r1", "r2", "r2"],
            "round_index": [0, 0, 1, 1],
            "council": ["A"] * 4,
            "dimension": ["a", "b", "a", "b"],
            "score": [40.0, 60.0, 55.0, 80.0],
            "band": ["concern", "borderline", "borderline", "strength"],
        }
    )
    fig = trend_chart(trends, "A", {"a": "One", "b": "Two"}, fw.thresholds)
    assert [(a.text, a.xref, a.x, a.xanchor) for a in fig.layout.annotations] == [
        ("borderline from 50", "paper", 1, "left"),
        ("strength from 75", "paper", 1, "left"),
    ]
    assert fig.layout.margin.r >= 120
    assert list(fig.layout.xaxis.range) == [-0.5, 1.5]  # the first round is not on the y axis' ticks


def test_radar_ticks_lie_between_spokes_legend_right_split_explained() -> None:
    s = scores(["A", "B"], [[80, 60, 40], [70, 50, 30]])
    fig = radar(s, DIMS, ["A", "B"], agreement={("B", "b"): "split"})
    polar = fig.layout.polar
    assert polar.angularaxis.rotation == 90 and polar.angularaxis.direction == "clockwise"
    assert polar.radialaxis.angle == pytest.approx(90 + 360 / 3 / 2)  # half-way between two spokes
    assert fig.layout.legend.orientation == "v" and fig.layout.legend.x > 1
    names = [t.name for t in fig.data]
    assert names == ["A", "B", "split: respondents disagree"]
    b = fig.data[1]
    assert list(b.marker.symbol) == ["circle", "x", "circle", "circle"]
    assert b.marker.size[1] >= 18
    assert [t.name for t in radar(s, DIMS, ["A"], agreement={("B", "b"): "split"}).data] == ["A"]


def test_gap_matrix_words_then_bold_numbers_then_colour_only_as_councils_grow() -> None:
    def matrix(n: int) -> pd.DataFrame:
        names = [f"Council {i}" for i in range(n)]
        m = pd.DataFrame([[abs(i - j) * 10.0 for j in range(n)] for i in range(n)], index=names, columns=names)
        return m

    small = gap_heatmap(matrix(3), 20, "Gap")
    assert small.data[0].text[0] == ["-", "10", "20<br>material"]
    medium = gap_heatmap(matrix(MATRIX_WORDS + 1), 20, "Gap")
    assert medium.data[0].text[0][:3] == ["-", "10", "<b>20</b>"]
    assert "material" in medium.data[0].customdata[0][2][2]  # the hover still says it in words
    large = gap_heatmap(matrix(MATRIX_TEXT + 1), 20, "Gap")
    assert large.data[0].texttemplate == ""


def test_band_heatmap_keeps_forty_councils_to_one_line_per_cell() -> None:
    names = [f"Council {i}" for i in range(40)]
    s = scores(names, [[80, 60, 40]] * 40)
    fig = band_heatmap(s, DIMS, names, agreement={("Council 3", "b"): "split"})
    assert fig.data[0].text[3] == ["80", "60 <b>split</b>", "40"]
    assert fig.layout.height < 40 * 40  # 30 px rows, not 70


def test_tables_show_whole_scores_and_gaps(fw: Framework) -> None:
    s = pd.DataFrame(
        {
            "council": ["A", "B"],
            "dimension": ["strategy", "trust"],
            "score": [26.4, 21.8],
            "n": [3, 4],
            "band": ["concern"] * 2,
        }
    )
    table = scores_table(s, fw)
    assert table["Score (0-100)"].tolist() == [26, 22] and str(table["Score (0-100)"].dtype) == "Int64"
    gaps = pd.DataFrame(
        {"council_a": ["A"], "council_b": ["B"], "dimension": ["trust"], "gap": [19.5], "material": [False]}
    )
    assert gaps_table(gaps, fw)["Gap (points)"].tolist() == [20]  # numpy rounds half to even: 19.5 -> 20
    view = pd.DataFrame(
        {
            "dimension": ["strategy"],
            "mean": [61.25],
            "min": [50.4],
            "max": [72.6],
            "spread": [22.2],
            "weakest": ["A"],
            "councils": [2],
        }
    )
    assert view_table(view, fw).iloc[0][["Mean", "Weakest link", "Highest", "Spread"]].tolist() == [61, 50, 73, 22]
    assert whole(pd.Series([float("nan")])).isna().all()


def test_agreement_has_one_decimal_and_two_only_beside_the_limit(fw: Framework) -> None:
    assert one_decimal(pd.Series([0.46, 0.84, 0.8, 1.26, float("nan")]), 0.8).tolist() == [
        "0.5",
        "0.84",
        "0.8",
        "1.3",
        "",
    ]
    agreement = pd.DataFrame(
        {
            "council": ["A", "A", "B"],
            "dimension": ["strategy", "trust", "trust"],
            "n": [3, 3, 4],
            "ad": [0.3, 0.95, 1.2],
            "split": [False, True, True],
            "status": ["ok", "ok", "ok"],
        }
    )
    table = agreement_table(agreement, fw, splits_first=True)
    assert table["Council"].tolist() == ["B", "A", "A"]  # the widest split first, then A's split, then the rest
    assert table["Disagreement (scale points)"].tolist() == ["1.2", "0.9", "0.3"]  # 0.95 rounds half to even


def test_forms_of_sharing_carry_their_meaning(fw: Framework) -> None:
    forms = forms_table(fw)
    assert forms.iloc[3].tolist() == [4, "Coordinate", "Systematic adjustment and alignment of work"]
    assert form_words(fw)[2] == "2 Communicate: information sharing"
    needs = requirements_table(fw)
    assert needs.columns.tolist() == ["Dimension", *(r.label for r in fw.ladder)]
    assert len(needs) == len(fw.dimensions)  # every dimension is a row: none hides off the right edge
    assert needs.set_index("Dimension").loc["Trust and relationships", "3 Cooperate"] == 40


def test_column_widths_fit_the_page_and_narrow_the_long_text_first() -> None:
    frame = pd.DataFrame(
        {
            "ID": ["T1"],
            "Statement": ["x" * 200],
            "Northvale District Council": ["4.1"],
            "Eastmoor Borough Council": ["2.3"],
            "Difference": ["1.8"],
        }
    )
    widths = column_widths(frame, total=860)
    assert sum(widths.values()) <= 860
    assert (
        widths["Statement"] < 200 * 7 and widths["Northvale District Council"] >= len("Northvale District Council") * 7
    )
    assert column_widths(pd.DataFrame({"a": [1], "b": [2]})) == {}  # fits as it is: left alone
