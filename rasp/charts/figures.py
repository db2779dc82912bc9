"""Charts as pure functions: a tidy DataFrame in, a plotly Figure out. No I/O, no Streamlit.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common colour-vision
deficiencies; every mark also carries its number or word, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from rasp.charts.plaintext import plain_inputs
from rasp.core import columns as col
from rasp.core.status import BELOW_THRESHOLD, NO_DATA
from rasp.method.scoring import BAND_BORDERLINE, BAND_CONCERN, BAND_NONE, BAND_STRENGTH, BAND_WORDS

# Okabe-Ito, most distinct first; black text contrast is fine on the light ones, lines are >= 3:1 on white.
COUNCIL_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"]
LINE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
BAND_COLOURS = {BAND_STRENGTH: "#56B4E9", BAND_BORDERLINE: "#F0E442", BAND_CONCERN: "#E69F00", BAND_NONE: "#FFFFFF"}
GAP_SCALE: list[list[object]] = [[0.0, "#FFFFFF"], [0.5, "#9ECAE1"], [1.0, "#4A90C8"]]
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 15, "color": "#0B0C0C"}


TITLE_SPACE = 46  # px at the top of every figure kept for its one-line title, above anything else
TICK_FONT = 13
CHAR_WIDTH = 0.56  # an Arial character is on average under 0.56 of the font size wide (generous, for estimates)
LINE_HEIGHT = 1.3  # plotly's line height, in font sizes
PLOT_WIDTH = 680.0  # px a chart's plot area has at 1366 px wide with the sidebar open (measured, minus margins)
BAND_EDGES = (50.0, 75.0)  # the method's default borderline and strength cut-offs (the framework may differ)
LEGEND_BELOW = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"}
LEGEND_RIGHT = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"}


def style_figure(
    fig: go.Figure,
    title: str,
    height: int = 520,
    top: int = TITLE_SPACE,
    bottom: int = 40,
    legend: Mapping[str, object] | None = None,
) -> go.Figure:
    """Our look. The title sits at the very top of the figure in its own band (TITLE_SPACE px); `top` is the
    whole top margin, so anything drawn above the plot (column labels, line labels) gets `top - TITLE_SPACE`
    px below the title and never runs into it. The legend goes below the figure unless `legend` says where."""
    fig.update_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 12, "l": 8},
        },
        font=FONT,
        height=height,
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        margin={"l": 40, "r": 40, "t": max(top, TITLE_SPACE), "b": bottom},
        legend=dict(legend or LEGEND_BELOW),
        hoverlabel={"font_size": 15},
    )
    return fig


def band_lines(fig: go.Figure, edges: tuple[float, float] = BAND_EDGES, *, axis: str = "x") -> go.Figure:
    """Dotted lines at the borderline and strength cut-offs, each labelled with its meaning and number.
    On a horizontal score axis (`axis='x'`) the labels sit above the plot (leave 26 px under the title); on a
    vertical one they sit just outside the plot's right edge, level with their line (leave 120 px there), so
    they never cross the data."""
    line = {"color": "#505A5F", "dash": "dot", "width": 1}
    font = {"size": TICK_FONT, "color": "#383F43"}
    for edge, word in zip(edges, ("borderline from", "strength from"), strict=True):
        text = f"{word} {edge:.0f}"
        if axis == "x":
            fig.add_vline(x=edge, line=line)
            fig.add_annotation(
                x=edge, y=1, xref="x", yref="paper", yanchor="bottom", text=text, showarrow=False, font=font
            )
        else:
            fig.add_hline(y=edge, line=line)
            fig.add_annotation(
                x=1,
                y=edge,
                xref="paper",
                yref="y",
                xanchor="left",
                yanchor="middle",
                text=text,
                showarrow=False,
                font=font,
                xshift=6,
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


MAX_RADAR = 6  # councils on one radar before it becomes a tangle; the page offers a choice of up to this many
SPLIT_MARKER = {"symbol": "x", "size": 20, "line": {"width": 1.5, "color": "#0B0C0C"}}


@plain_inputs
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
    dimension) -> 'split' / 'consensus' / ...: split points are drawn as large crosses, say 'split' when
    hovered, and the legend explains the cross. `requirement`: (label, dimension -> minimum) drawn as a dashed
    grey outline. The first dimension is at 12 o'clock, going clockwise; the 0-100 ticks run along the line
    half-way between the last and the first dimension, so they never sit on a spoke's data. Legend on the right.
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
    any_split = False
    for i, council in enumerate(councils):
        own = scores[scores[col.COUNCIL] == council].set_index(col.DIMENSION).reindex(dims)
        words = [
            (f"{s:.0f}, {BAND_WORDS[b]} (n={n})" if pd.notna(s) else NO_DATA) + _note(agreement, council, d)
            for d, s, b, n in zip(
                dims, own[col.SCORE], own[col.BAND].fillna(BAND_NONE), own[col.N].fillna(0).astype(int), strict=True
            )
        ]
        split = [bool(agreement and agreement.get((council, d)) == "split") for d in dims]
        any_split = any_split or any(split)
        fig.add_trace(
            go.Scatterpolar(
                r=[*own[col.SCORE].tolist(), own[col.SCORE].iloc[0]],
                theta=[*labels, labels[0]],
                name=council,
                mode="lines+markers",
                line={"color": council_colour(i), "width": 3, "dash": LINE_DASHES[i % len(LINE_DASHES)]},
                marker={
                    "symbol": ["x" if x else "circle" for x in [*split, split[0]]],
                    "size": [SPLIT_MARKER["size"] if x else 8 for x in [*split, split[0]]],
                    "line": {"width": [1.5 if x else 0 for x in [*split, split[0]]], "color": "#0B0C0C"},
                },
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
    if any_split:  # a legend entry that says what the cross means
        fig.add_trace(
            go.Scatterpolar(
                r=[None],
                theta=[labels[0]],
                name="split: respondents disagree",
                mode="markers",
                marker={**SPLIT_MARKER, "color": "#505A5F"},
                hoverinfo="skip",
            )
        )
    step = 360 / max(len(dims), 1)
    fig.update_layout(
        polar={
            "domain": {"x": [0, 1], "y": [0, 1]},
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [0, 25, 50, 75, 100],
                "angle": 90 + step / 2,
                "tickangle": 0,
                "tickfont": {"size": 12, "color": "#383F43"},
            },
            "angularaxis": {"direction": "clockwise", "rotation": 90, "tickfont": {"size": TICK_FONT}},
        }
    )
    return style_figure(fig, title, height=560, top=TITLE_SPACE + 40, bottom=40, legend=LEGEND_RIGHT)


def _band_scale(order: list[str]) -> list[list[object]]:
    """A stepped colour scale: one flat colour per band index."""
    n = len(order)
    scale: list[list[object]] = []
    for i, name in enumerate(order):
        scale += [[i / n, BAND_COLOURS[name]], [(i + 1) / n, BAND_COLOURS[name]]]
    return scale


COMPACT_ROWS = 12  # more rows than this: one line per cell (the number, and 'split'), 30 px rows


def column_labels(names: Sequence[str], plot_width: float = PLOT_WIDTH) -> tuple[list[str], int, int]:
    """Column labels for a matrix whose labels sit above it: wrapped to fit their column when they can be,
    else turned upright (-90 degrees). Returns the labels, the tick angle, and the px they need above the plot."""
    if not names:
        return [], 0, 0
    per_char = CHAR_WIDTH * TICK_FONT
    chars = int(plot_width / len(names) / per_char)
    longest_word = max(len(w) for n in names for w in (n.split() or [""]))
    if chars >= max(longest_word, 6):
        wrapped = [wrap(n, chars) for n in names]
        lines = max(w.count("<br>") + 1 for w in wrapped)
        return wrapped, 0, int(lines * TICK_FONT * LINE_HEIGHT) + 14
    wrapped = [wrap(n, 24) for n in names]
    longest = max(len(line) for w in wrapped for line in w.split("<br>"))
    return wrapped, -90, int(longest * per_char) + 14


@plain_inputs
def band_heatmap(
    scores: pd.DataFrame,
    dimension_names: Mapping[str, str],
    councils: Sequence[str],
    title: str = "Scores by council and dimension",
    agreement: Mapping[tuple[str, str], str] | None = None,
) -> go.Figure:
    """Council x dimension, each cell coloured by its band and labelled with the score and the band in words;
    a split dimension (from `agreement`) says 'split' in its cell. Past COMPACT_ROWS councils the cells keep
    one line (score, and 'split') so forty councils fit in a readable height; the band is in the hover text."""
    dims, rows = list(dimension_names), list(councils)
    compact = len(rows) > COMPACT_ROWS
    order = [BAND_CONCERN, BAND_BORDERLINE, BAND_STRENGTH, BAND_NONE]
    wide = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.SCORE).reindex(index=rows, columns=dims)
    bands = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.BAND).reindex(index=rows, columns=dims)
    bands = bands.fillna(BAND_NONE)
    sep = " " if compact else "<br>"
    text = [
        [
            (f"{s:.0f}" + ("" if compact else f"<br>{b}") if pd.notna(s) else NO_DATA)
            + (f"{sep}<b>split</b>" if agreement and agreement.get((c, d)) == "split" else "")
            for d, s, b in zip(dims, srow, brow, strict=True)
        ]
        for c, srow, brow in zip(rows, wide.to_numpy(), bands.to_numpy(), strict=True)
    ]
    hover = [[f"{c}: {BAND_WORDS.get(b, b)}" for b in brow] for c, brow in zip(rows, bands.to_numpy(), strict=True)]
    x, angle, above = column_labels([dimension_names[d] for d in dims])
    fig = go.Figure(
        go.Heatmap(
            z=bands.map(order.index).to_numpy(dtype=float),
            x=x,
            y=[c if compact else wrap(c, 22) for c in rows],
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            colorscale=_band_scale(order),
            zmin=0,
            zmax=len(order),
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{customdata}<br>%{x}: %{text}<extra></extra>",
            textfont={"color": "#0B0C0C", "size": TICK_FONT if compact else 14},
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": TICK_FONT})
    fig.update_xaxes(automargin=True, side="top", tickangle=angle, tickfont={"size": TICK_FONT})
    row = 30 if compact else 70
    return style_figure(fig, title, height=max(360, 60 + above + row * len(rows)), top=TITLE_SPACE + above)


@plain_inputs
def gap_heatmap(
    matrix: pd.DataFrame, material_gap: float, title: str, material_counts: pd.DataFrame | None = None
) -> go.Figure:
    """Council x council gaps (symmetric). For one dimension a material gap says 'material' in its cell; for
    the mean over all dimensions pass `material_counts` and each cell says how many dimensions are material.
    Past MATRIX_WORDS councils the cells carry the number only, material ones in bold (the hover says it)."""
    values = matrix.to_numpy(dtype=float)
    counts = None if material_counts is None else material_counts.reindex_like(matrix).to_numpy(dtype=float)
    compact = len(matrix) > MATRIX_WORDS

    def material(i: int, j: int, v: float) -> int:
        if counts is not None:
            return 0 if pd.isna(counts[i][j]) else int(counts[i][j])
        return int(v >= material_gap - 1e-9)

    def cell(i: int, j: int, v: float) -> str:
        if i == j:
            return "-"
        if pd.isna(v):
            return "n/a" if compact else NO_DATA
        k = material(i, j, v)
        if compact:
            return f"<b>{v:.0f}</b>" if k else f"{v:.0f}"
        if not k:
            return f"{v:.0f}"
        return f"{v:.0f}<br>{k} material" if counts is not None else f"{v:.0f}<br>material"

    text = [[cell(i, j, v) for j, v in enumerate(row)] for i, row in enumerate(values)]
    hover_note = [
        [
            (f"{material(i, j, v)} material dimension(s)" if counts is not None else "material")
            if i != j and pd.notna(v) and material(i, j, v)
            else ""
            for j, v in enumerate(row)
        ]
        for i, row in enumerate(values)
    ]
    return council_matrix(
        matrix,
        text,
        title,
        colorscale=GAP_SCALE,
        zmax=max(50.0, material_gap * 2),
        value_name="gap",
        hovertemplate="%{customdata[0]} and %{customdata[1]}: gap %{z:.0f} points %{customdata[2]}<extra></extra>",
        notes=hover_note,
    )


MATRIX_WORDS = 8  # up to this many councils a matrix cell has room for a word under its number
MATRIX_TEXT = 16  # beyond this many councils the cells are too small for any text: colour and hover only


def council_matrix(
    matrix: pd.DataFrame,
    text: list[list[str]],
    title: str,
    *,
    colorscale: list[list[object]],
    zmax: float,
    value_name: str,
    hovertemplate: str,
    notes: list[list[str]] | None = None,
    above: int = 0,
) -> go.Figure:
    """A council x council heatmap with its words in every cell (customdata: [row council, column council,
    note]). Column labels above the plot, sized so they never reach the title; `above` adds px for an axis
    title over them. Cells are square-ish: 70 px rows up to MATRIX_WORDS councils, 40 px beyond."""
    n = len(matrix)
    x, angle, label_px = column_labels(list(matrix.columns))
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(dtype=float),
            x=x,
            y=list(matrix.index) if n > MATRIX_WORDS else [wrap(c, 22) for c in matrix.index],
            text=text,
            texttemplate="%{text}" if n <= MATRIX_TEXT else "",
            customdata=[
                [[a, b, notes[i][j] if notes else ""] for j, b in enumerate(matrix.columns)]
                for i, a in enumerate(matrix.index)
            ],
            colorscale=colorscale,
            zmin=0,
            zmax=zmax,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": value_name, "side": "right"}},
            textfont={"color": "#0B0C0C", "size": 14 if n <= MATRIX_WORDS else TICK_FONT},
            hovertemplate=hovertemplate,
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": TICK_FONT})
    fig.update_xaxes(automargin=True, side="top", tickangle=angle, tickfont={"size": TICK_FONT})
    row = 70 if n <= MATRIX_WORDS else 40
    top = TITLE_SPACE + label_px + above
    return style_figure(fig, title, height=max(360, top + 40 + row * n), top=top)
