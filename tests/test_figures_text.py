"""User text reaches plotly as text: every figure builder, fed names that plotly would otherwise read as its
HTML subset or as template placeholders, is walked string by string."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterator

import pandas as pd
import plotly.graph_objects as go
import pytest

from rasp.charts import figures, figures_analysis
from rasp.charts.plaintext import plain, plot_text
from rasp.core.framework import Framework

LINK = '<a href="https://evil.example">Click here</a>'
PLACEHOLDER = "Council %{x} and %{customdata[0]}"
BOLD = "<b>Bold</b> & <br>Broken"
ENTITY = "Amp &lt;script&gt; &#60;"
COUNCILS = [LINK, PLACEHOLDER, BOLD, ENTITY]
PAYLOADS = [*COUNCILS, "<i>Round</i> %{y}", "<sub>Dimension</sub>"]
ROUNDS = ["2025 baseline", "<i>Round</i> %{y}"]
DIMENSION_NAME = "<sub>Dimension</sub>"


def _strings(value: object) -> Iterator[str]:
    """Every string anywhere in a figure's JSON (keys are plotly's own names, values are what it draws)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "tolist"):
        yield from _strings(value.tolist())


def _hostile_framework(fw: Framework) -> Framework:
    """The framework with an answer label and a rung name that look like markup too."""
    labels = (f"{fw.labels[0]} <b>x</b>", *fw.labels[1:])
    ladder = (dataclasses.replace(fw.ladder[0], name="<a href='x'>Co-exist</a>"), *fw.ladder[1:])
    return dataclasses.replace(fw, labels=labels, ladder=ladder)


def _scores(fw: Framework) -> pd.DataFrame:
    dims = list(fw.dimension_names)
    return pd.DataFrame(
        [
            {"council": c, "dimension": d, "score": 40.0 + 10 * i, "n": 3, "band": "concern" if i < 2 else "strength"}
            for i, c in enumerate(COUNCILS)
            for d in dims
        ]
    )


def _builders(fw: Framework) -> dict[str, Callable[[], go.Figure]]:
    names = {d: (DIMENSION_NAME if i == 0 else n) for i, (d, n) in enumerate(fw.dimension_names.items())}
    dims = list(names)
    scores = _scores(fw)
    matrix = pd.DataFrame([[None if a == b else 30.0 for b in COUNCILS] for a in COUNCILS], COUNCILS, COUNCILS)
    view = pd.DataFrame({"dimension": dims, "min": 40.0, "mean": 55.0, "weakest": [COUNCILS[i % 4] for i in range(7)]})
    sid = fw.statements[0].id
    dist = pd.DataFrame(
        [
            {"statement": sid, "value": v, "share": 0.2, "net_agreement": 0.1, "dont_know": 1, "blank": 0}
            for v in range(1, fw.scale_max + 1)
        ]
    )
    trends = pd.DataFrame(
        [
            {"council": LINK, "round": r, "round_index": i, "dimension": d, "score": 50.0, "band": "borderline"}
            for i, r in enumerate(ROUNDS)
            for d in dims
        ]
    )
    agreement = {(COUNCILS[0], dims[0]): "split"}
    hostile_fw = _hostile_framework(fw)
    return {
        "radar": lambda: figures.radar(
            scores,
            names,
            COUNCILS,
            mean=pd.DataFrame({"dimension": dims, "mean": 50.0}),
            title=f"Readiness of {LINK}",
            agreement=agreement,
            requirement=(PLACEHOLDER, dict.fromkeys(dims, 50.0)),
        ),
        "band_heatmap": lambda: figures.band_heatmap(scores, names, COUNCILS, title=BOLD, agreement=agreement),
        "gap_heatmap": lambda: figures.gap_heatmap(matrix, 20.0, f"Gaps {PLACEHOLDER}", material_counts=matrix * 0),
        "partnership_bars": lambda: figures_analysis.partnership_bars(
            view, names, pd.Series(["concern"] * 7), fw.thresholds, title=ENTITY
        ),
        "distribution_bars": lambda: figures_analysis.distribution_bars(dist, hostile_fw, f"Answers of {LINK}"),
        "ladder_chart": lambda: figures_analysis.ladder_chart(
            pd.DataFrame({"council": COUNCILS, "target_rung": [4, 5, 1, 2]}),
            {c: 1 + i for i, c in enumerate(COUNCILS)},
            hostile_fw,
            title=PLACEHOLDER,
        ),
        "matrix_heatmap": lambda: figures_analysis.matrix_heatmap(matrix, LINK, "trust <b>", row_word="%{z} rates"),
        "trend_chart": lambda: figures_analysis.trend_chart(trends, LINK, names, fw.thresholds),
    }


def _public_builders() -> set[str]:
    """Every public function in the figure modules that returns a figure, except the internal helpers that
    only ever receive already-escaped text from a builder (or, band_lines, no text at all) and
    weakest_link_bars, which hands its inputs to partnership_bars as they are (escaping them twice would show
    '&amp;')."""
    found = set()
    for module in (figures, figures_analysis):
        for name, func in inspect.getmembers(module, inspect.isfunction):
            ours = func.__module__ == module.__name__ and not name.startswith("_")
            if ours and inspect.signature(func).return_annotation in ("go.Figure", go.Figure):
                found.add(name)
    return found - {"style_figure", "council_matrix", "band_lines", "weakest_link_bars"}


def test_every_figure_builder_is_covered_and_escapes_at_its_boundary(fw: Framework) -> None:
    assert _public_builders() == set(_builders(fw))
    for name in _public_builders():
        assert hasattr(getattr(figures, name, None) or getattr(figures_analysis, name), "__wrapped__"), name


@pytest.mark.parametrize("name", ["radar", "band_heatmap", "gap_heatmap", "partnership_bars", "distribution_bars",
                                  "ladder_chart", "matrix_heatmap", "trend_chart"])  # fmt: skip
def test_no_user_text_reaches_plotly_as_markup_or_a_placeholder(fw: Framework, name: str) -> None:
    fig = _builders(fw)[name]()
    strings = list(_strings(fig.to_plotly_json()))
    text = "\n".join(strings)
    for raw in ("<a href", "<b>Bold", "<sub>", "<i>", "%{x} and", "</i> %{y}", "%{z} rates", "&lt;script", "<b>x"):
        assert raw not in text, (name, raw)
    assert "&lt;a href=" in text or name in {"partnership_bars"}, name
    # our own markup is still there: line breaks and placeholders the builder wrote itself
    assert "<br>" in text or "%{" in text, name


def test_the_escaped_text_shows_as_written() -> None:
    """What plotly shows: it decodes &amp; &lt; &gt; and numeric entities, so the escaped text reads as typed."""
    import html

    for payload in PAYLOADS:
        assert html.unescape(plot_text(payload)) == payload
        assert "<" not in plot_text(payload) and "%{" not in plot_text(payload)


def test_plain_escapes_keys_index_and_cells_but_not_numbers() -> None:
    frame = pd.DataFrame({"council": [LINK], "score": [50.0]}, index=pd.Index([BOLD]))
    out = plain(frame)
    assert isinstance(out, pd.DataFrame)
    assert out.loc[plot_text(BOLD), "council"] == plot_text(LINK) and out["score"].tolist() == [50.0]
    assert plain({(LINK, "trust"): "split"}) == {(plot_text(LINK), "trust"): "split"}
    assert frame.loc[BOLD, "council"] == LINK  # the caller's frame is not changed
