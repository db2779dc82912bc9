"""Charts as pure functions: a tidy DataFrame in, a plotly Figure out. No I/O, no Streamlit.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common colour-vision
deficiencies; every mark also carries its number or word, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from rasp import columns as col
from rasp.scoring import BAND_BORDERLINE, BAND_CONCERN, BAND_NONE, BAND_STRENGTH, BAND_WORDS

# Okabe-Ito, most distinct first; black text contrast is fine on the light ones, lines are >= 3:1 on white.
COUNCIL_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"]
LINE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
BAND_COLOURS = {BAND_STRENGTH: "#56B4E9", BAND_BORDERLINE: "#F0E442", BAND_CONCERN: "#E69F00", BAND_NONE: "#FFFFFF"}
GAP_SCALE = [[0.0, "#FFFFFF"], [0.5, "#9ECAE1"], [1.0, "#4A90C8"]]
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 15, "color": "#0B0C0C"}


def _layout(fig: go.Figure, title: str, height: int = 520) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font=FONT,
        height=height,
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        margin={"l": 40, "r": 40, "t": 70, "b": 40},
        legend={"orientation": "h", "y": -0.12},
        hoverlabel={"font_size": 15},
    )
    return fig


def council_colour(index: int) -> str:
    return COUNCIL_COLOURS[index % len(COUNCIL_COLOURS)]


def radar(
    scores: pd.DataFrame,
    dimension_names: Mapping[str, str],
    councils: Sequence[str],
    mean: pd.DataFrame | None = None,
    title: str = "Readiness by dimension (0-100)",
) -> go.Figure:
    """One closed line per council over the dimensions, plus the partnership mean as a dotted black line.

    `scores`: council, dimension, score, n, band. `mean`: dimension, mean (optional).
    """
    dims = list(dimension_names)
    labels = [dimension_names[d] for d in dims]
    fig = go.Figure()
    for i, council in enumerate(councils):
        own = scores[scores[col.COUNCIL] == council].set_index(col.DIMENSION).reindex(dims)
        words = [
            f"{s:.0f}, {BAND_WORDS[b]} (n={n})" if pd.notna(s) else "no data"
            for s, b, n in zip(
                own[col.SCORE], own[col.BAND].fillna(BAND_NONE), own[col.N].fillna(0).astype(int), strict=True
            )
        ]
        fig.add_trace(
            go.Scatterpolar(
                r=[*own[col.SCORE].tolist(), own[col.SCORE].iloc[0]],
                theta=[*labels, labels[0]],
                name=council,
                mode="lines+markers",
                line={"color": council_colour(i), "width": 3, "dash": LINE_DASHES[i % len(LINE_DASHES)]},
                customdata=[*words, words[0]],
                hovertemplate="%{fullData.name}<br>%{theta}: %{customdata}<extra></extra>",
                connectgaps=False,
            )
        )
    if mean is not None and not mean.empty:
        m = mean.set_index(col.DIMENSION).reindex(dims)["mean"].tolist()
        fig.add_trace(
            go.Scatterpolar(
                r=[*m, m[0]],
                theta=[*labels, labels[0]],
                name="Partnership mean",
                mode="lines",
                line={"color": "#000000", "width": 2, "dash": "dot"},
                hovertemplate="Partnership mean<br>%{theta}: %{r:.0f}<extra></extra>",
            )
        )
    fig.update_layout(
        polar={
            "radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100]},
            "angularaxis": {"direction": "clockwise"},
        }
    )
    return _layout(fig, title, height=600)


def band_heatmap(
    scores: pd.DataFrame,
    dimension_names: Mapping[str, str],
    councils: Sequence[str],
    title: str = "Scores by council and dimension",
) -> go.Figure:
    """Council x dimension, each cell coloured by its band and labelled with the score and the band in words."""
    dims = list(dimension_names)
    order = [BAND_CONCERN, BAND_BORDERLINE, BAND_STRENGTH, BAND_NONE]
    wide = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.SCORE).reindex(
        index=list(councils), columns=dims
    )
    bands = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.BAND).reindex(
        index=list(councils), columns=dims
    )
    bands = bands.fillna(BAND_NONE)
    z = bands.map(order.index).to_numpy(dtype=float)
    text = [
        [f"{s:.0f}<br>{BAND_WORDS[b]}" if pd.notna(s) else "no data" for s, b in zip(srow, brow, strict=True)]
        for srow, brow in zip(wide.to_numpy(), bands.to_numpy(), strict=True)
    ]
    n = len(order)
    scale = []
    for i, name in enumerate(order):
        scale += [[i / n, BAND_COLOURS[name]], [(i + 1) / n, BAND_COLOURS[name]]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[dimension_names[d] for d in dims],
            y=list(councils),
            text=text,
            texttemplate="%{text}",
            colorscale=scale,
            zmin=0,
            zmax=n,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            textfont={"color": "#0B0C0C", "size": 14},
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=max(320, 90 + 70 * len(councils)))


def gap_heatmap(matrix: pd.DataFrame, material_gap: float, title: str) -> go.Figure:
    """Council x council gaps (symmetric); material gaps are marked with 'material' in the cell."""
    values = matrix.to_numpy(dtype=float)
    text = [
        [
            ("" if pd.isna(v) else f"{v:.0f}" + ("<br>material" if v >= material_gap - 1e-9 else "")) if i != j else "-"
            for j, v in enumerate(row)
        ]
        for i, row in enumerate(values)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=list(matrix.columns),
            y=list(matrix.index),
            text=text,
            texttemplate="%{text}",
            colorscale=GAP_SCALE,
            zmin=0,
            zmax=max(50.0, material_gap * 2),
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": "gap"}},
            textfont={"color": "#0B0C0C", "size": 14},
            hovertemplate="%{y} and %{x}: gap %{z:.0f} points<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=max(340, 110 + 70 * len(matrix)))
