"""Charts as pure functions: a tidy DataFrame in, a plotly Figure out. No I/O, no Streamlit.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common colour-vision
deficiencies; every mark also carries its number or word, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from rasp.core import columns as col
from rasp.core.status import BELOW_THRESHOLD, NO_DATA
from rasp.method.scoring import BAND_BORDERLINE, BAND_CONCERN, BAND_NONE, BAND_STRENGTH, BAND_WORDS

# Okabe-Ito, most distinct first; black text contrast is fine on the light ones, lines are >= 3:1 on white.
COUNCIL_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"]
LINE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
BAND_COLOURS = {BAND_STRENGTH: "#56B4E9", BAND_BORDERLINE: "#F0E442", BAND_CONCERN: "#E69F00", BAND_NONE: "#FFFFFF"}
GAP_SCALE: list[list[object]] = [[0.0, "#FFFFFF"], [0.5, "#9ECAE1"], [1.0, "#4A90C8"]]
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 15, "color": "#0B0C0C"}


def style_figure(fig: go.Figure, title: str, height: int = 520, top: int = 70) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font=FONT,
        height=height,
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        margin={"l": 40, "r": 40, "t": top, "b": 40},
        legend={"orientation": "h", "y": -0.12},
        hoverlabel={"font_size": 15},
    )
    return fig


def wrap(label: str, width: int = 16) -> str:
    """Break a long axis label onto lines of about `width` characters ('Northvale District<br>Council')."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def council_colour(index: int) -> str:
    return COUNCIL_COLOURS[index % len(COUNCIL_COLOURS)]


def _note(agreement: Mapping[tuple[str, str], str] | None, council: str, dimension: str) -> str:
    """'; split' (or '; consensus', '; agreement below threshold') for a tooltip, '' when not known."""
    if agreement is None or (council, dimension) not in agreement:
        return ""
    word = agreement[(council, dimension)]
    return f"; agreement {word}" if word in {BELOW_THRESHOLD, NO_DATA} else f"; {word}"


def radar(
    scores: pd.DataFrame,
    dimension_names: Mapping[str, str],
    councils: Sequence[str],
    mean: pd.DataFrame | None = None,
    title: str = "Readiness by dimension (0-100)",
    agreement: Mapping[tuple[str, str], str] | None = None,
    requirement: tuple[str, Mapping[str, float]] | None = None,
) -> go.Figure:
    """One closed line per council over the dimensions, plus the partnership mean as a dotted black line.

    `scores`: council, dimension, score, n, band. `mean`: dimension, mean (optional). `agreement`: (council,
    dimension) -> 'split' / 'consensus' / ...: split points are drawn as crosses and say 'split' when hovered.
    `requirement`: (label, dimension -> minimum score) drawn as a dashed grey outline.
    """
    dims = list(dimension_names)
    labels = [dimension_names[d] for d in dims]
    fig = go.Figure()
    if requirement is not None:
        name, needs = requirement
        r = [float(needs[d]) for d in dims]
        fig.add_trace(
            go.Scatterpolar(
                r=[*r, r[0]],
                theta=[*labels, labels[0]],
                name=f"Needed for {name}",
                mode="lines",
                line={"color": "#505A5F", "width": 3, "dash": "dash"},
                hovertemplate=f"Needed for {name}<br>%{{theta}}: %{{r:.0f}}<extra></extra>",
            )
        )
    for i, council in enumerate(councils):
        own = scores[scores[col.COUNCIL] == council].set_index(col.DIMENSION).reindex(dims)
        words = [
            (f"{s:.0f}, {BAND_WORDS[b]} (n={n})" if pd.notna(s) else NO_DATA) + _note(agreement, council, d)
            for d, s, b, n in zip(
                dims, own[col.SCORE], own[col.BAND].fillna(BAND_NONE), own[col.N].fillna(0).astype(int), strict=True
            )
        ]
        symbols = ["x" if agreement and agreement.get((council, d)) == "split" else "circle" for d in dims]
        fig.add_trace(
            go.Scatterpolar(
                r=[*own[col.SCORE].tolist(), own[col.SCORE].iloc[0]],
                theta=[*labels, labels[0]],
                name=council,
                mode="lines+markers",
                line={"color": council_colour(i), "width": 3, "dash": LINE_DASHES[i % len(LINE_DASHES)]},
                marker={"symbol": [*symbols, symbols[0]], "size": [*(14 if x == "x" else 7 for x in symbols), 7]},
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
    return style_figure(fig, title, height=600)


def _band_scale(order: list[str]) -> list[list[object]]:
    """A stepped colour scale: one flat colour per band index."""
    n = len(order)
    scale: list[list[object]] = []
    for i, name in enumerate(order):
        scale += [[i / n, BAND_COLOURS[name]], [(i + 1) / n, BAND_COLOURS[name]]]
    return scale


def band_heatmap(
    scores: pd.DataFrame,
    dimension_names: Mapping[str, str],
    councils: Sequence[str],
    title: str = "Scores by council and dimension",
    agreement: Mapping[tuple[str, str], str] | None = None,
) -> go.Figure:
    """Council x dimension, each cell coloured by its band and labelled with the score and the band in words;
    a split dimension (from `agreement`) says 'split' in its cell."""
    dims, rows = list(dimension_names), list(councils)
    order = [BAND_CONCERN, BAND_BORDERLINE, BAND_STRENGTH, BAND_NONE]
    wide = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.SCORE).reindex(index=rows, columns=dims)
    bands = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.BAND).reindex(index=rows, columns=dims)
    bands = bands.fillna(BAND_NONE)
    text = [
        [
            (f"{s:.0f}<br>{b}" if pd.notna(s) else NO_DATA)
            + ("<br><b>split</b>" if agreement and agreement.get((c, d)) == "split" else "")
            for d, s, b in zip(dims, srow, brow, strict=True)
        ]
        for c, srow, brow in zip(rows, wide.to_numpy(), bands.to_numpy(), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=bands.map(order.index).to_numpy(dtype=float),
            x=[wrap(dimension_names[d]) for d in dims],
            y=[wrap(c, 22) for c in rows],
            text=text,
            texttemplate="%{text}",
            customdata=[[c] * len(dims) for c in rows],
            colorscale=_band_scale(order),
            zmin=0,
            zmax=len(order),
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{customdata}<br>%{x}: %{text}<extra></extra>",
            textfont={"color": "#0B0C0C", "size": 14},
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True, side="top")
    return style_figure(fig, title, height=max(400, 190 + 70 * len(rows)), top=150)


def gap_heatmap(
    matrix: pd.DataFrame, material_gap: float, title: str, material_counts: pd.DataFrame | None = None
) -> go.Figure:
    """Council x council gaps (symmetric). For one dimension a material gap says 'material' in its cell; for
    the mean over all dimensions pass `material_counts` and each cell says how many dimensions are material."""
    values = matrix.to_numpy(dtype=float)
    counts = None if material_counts is None else material_counts.reindex_like(matrix).to_numpy(dtype=float)

    def note(i: int, j: int, v: float) -> str:
        if counts is not None:
            k = 0 if pd.isna(counts[i][j]) else int(counts[i][j])
            return f"<br>{k} material" if k else ""
        return "<br>material" if v >= material_gap - 1e-9 else ""

    text = [
        ["-" if i == j else ("no data" if pd.isna(v) else f"{v:.0f}{note(i, j, v)}") for j, v in enumerate(row)]
        for i, row in enumerate(values)
    ]
    return council_matrix(
        matrix,
        text,
        title,
        colorscale=GAP_SCALE,
        zmax=max(50.0, material_gap * 2),
        value_name="gap",
        hovertemplate="%{customdata[0]} and %{customdata[1]}: gap %{z:.0f} points<extra></extra>",
    )


def council_matrix(
    matrix: pd.DataFrame,
    text: list[list[str]],
    title: str,
    *,
    colorscale: list[list[object]],
    zmax: float,
    value_name: str,
    hovertemplate: str,
) -> go.Figure:
    """A council x council heatmap with its words in every cell (customdata: [row council, column council])."""
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(dtype=float),
            x=[wrap(c) for c in matrix.columns],
            y=[wrap(c, 22) for c in matrix.index],
            text=text,
            texttemplate="%{text}",
            customdata=[[[a, b] for b in matrix.columns] for a in matrix.index],
            colorscale=colorscale,
            zmin=0,
            zmax=zmax,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": value_name}},
            textfont={"color": "#0B0C0C", "size": 14},
            hovertemplate=hovertemplate,
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True, side="top")
    return style_figure(fig, title, height=max(420, 210 + 70 * len(matrix)), top=170)
