"""More charts as pure functions: partnership bars, answer distributions, the ladder, matrices, trends.

Same rules as rasp.charts.figures: tidy DataFrame in, plotly Figure out; Okabe-Ito colours; words on every mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from rasp.charts.figures import (
    BAND_COLOURS,
    LINE_DASHES,
    TICK_FONT,
    TITLE_SPACE,
    band_lines,
    column_labels,
    council_colour,
    council_matrix,
    style_figure,
    wrap,
)
from rasp.charts.plaintext import plain_inputs, plot_text
from rasp.core import columns as col
from rasp.core.framework import Framework, Thresholds
from rasp.core.status import NO_DATA
from rasp.method.scoring import BAND_WORDS, band

# Diverging, colour-blind safe: disagree in vermilion/orange, neutral grey, agree in sky blue/blue.
ANSWER_COLOURS = ["#D55E00", "#E69F00", "#C8C8C8", "#56B4E9", "#0072B2"]


INSIDE_FROM = 45  # a weakest-link bar this long holds its words inside; shorter ones have them after their end


@plain_inputs
def partnership_bars(
    view: pd.DataFrame,
    dimension_names: Mapping[str, str],
    bands: pd.Series,
    thresholds: Thresholds,
    title: str = "Weakest link and partnership mean by dimension",
) -> go.Figure:
    """Per dimension a bar for the weakest link (coloured by its band, labelled with score, band and council)
    and a black diamond for the partnership mean. `bands` is the band of each row's minimum; the
    borderline and strength cut-offs (`thresholds`) are drawn as labelled dotted lines. The legend sits below
    the axis title."""
    names = [dimension_names[d] for d in view[col.DIMENSION]]
    words = [
        f"{m:.0f}, {BAND_WORDS[b]} ({w})" if pd.notna(m) else NO_DATA
        for m, b, w in zip(view["min"], bands, view["weakest"], strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=view["min"],
            orientation="h",
            name="Weakest link",
            text=words,
            # inside a bar long enough to hold its words, else just after its end; never turned sideways
            textposition=["inside" if pd.notna(m) and m >= INSIDE_FROM else "outside" for m in view["min"]],
            insidetextanchor="start",
            textangle=0,
            constraintext="none",
            textfont={"color": "#0B0C0C", "size": 14},
            marker={"color": [BAND_COLOURS[b] for b in bands], "line": {"color": "#0B0C0C", "width": 1}},
            hovertemplate="%{y}<br>weakest link: %{text}<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            y=names,
            x=view["mean"],
            mode="markers",
            name="Partnership mean",
            marker={"symbol": "diamond", "size": 13, "color": "#000000"},
            hovertemplate="%{y}<br>partnership mean: %{x:.0f}<extra></extra>",
        )
    )
    band_lines(fig, (thresholds.borderline, thresholds.strength), axis="x")
    fig.update_xaxes(range=[0, 100], tickvals=[0, 25, 50, 75, 100], title="score (0-100)")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return style_figure(fig, title, height=200 + 60 * len(names), top=TITLE_SPACE + 26, bottom=110)


STATEMENT_WRAP = 46  # characters per line of a statement's label beside its bar


def statement_label(sid: str, text: str, dont_know: int = 0, blank: int = 0) -> str:
    """'T4 · We trust our partners to deliver<br>what they commit to (2 don't know)': the statement in words
    (wrapped), with its id for the tables, and how many answered Don't know or left it blank."""
    extra = [f"{k} {w}" for k, w in ((dont_know, "don't know"), (blank, "blank")) if k]
    return wrap(f"{sid} · {text}" + (f" ({', '.join(extra)})" if extra else ""), STATEMENT_WRAP)


def weakest_link_bars(view: pd.DataFrame, fw: Framework) -> go.Figure:
    """`partnership_bars` of a snapshot's partnership view, each weakest link coloured by its band (rule 4)."""
    return partnership_bars(view, fw.dimension_names, band(view["min"], fw.thresholds), fw.thresholds)


@plain_inputs
def distribution_bars(dist: pd.DataFrame, fw: Framework, title: str) -> go.Figure:
    """Diverging stacked bars, one per statement, centred on the neutral answer (half of it each side) and
    sorted by net agreement (most agreed at the top). `dist` comes from agreement.distribution. Each bar is
    labelled with its statement in words, and says how many answered Don't know or left it blank, so those
    are never hidden."""
    top = fw.scale_max
    middle = (top + 1) / 2
    wide = dist.pivot(index=col.STATEMENT, columns="value", values="share").fillna(0.0) * 100
    info = dist.drop_duplicates(col.STATEMENT).set_index(col.STATEMENT)
    order = info.sort_values("net_agreement", ascending=False, kind="stable").index.tolist()
    wide = wide.reindex(order)
    text = {s.id: plot_text(s.text) for s in fw.statements}
    answer_labels = [plot_text(label) for label in fw.labels]
    labels = [
        statement_label(sid, text.get(sid, sid), int(info.loc[sid, "dont_know"]), int(info.loc[sid, "blank"]))
        for sid in order
    ]
    lines = sum(label.count("<br>") + 1 for label in labels)
    fig = go.Figure()
    # negative side: neutral half, then 2, then 1 going left; positive side: neutral half, 4, 5 going right
    for value in range(1, top + 1):
        label = answer_labels[value - 1]
        share = wide.get(value, pd.Series(0.0, index=wide.index))
        if value == middle:
            parts = [(-share / 2, False), (share / 2, True)]
        else:
            parts = [(-share if value < middle else share, True)]
        for x, legend in parts:
            fig.add_trace(
                go.Bar(
                    y=labels,
                    x=x,
                    orientation="h",
                    name=label,
                    legendgroup=str(value),
                    showlegend=legend,
                    marker={"color": ANSWER_COLOURS[(value - 1) % len(ANSWER_COLOURS)]},
                    customdata=[[text.get(sid, sid), f"{share[sid]:.0f}%"] for sid in order],
                    hovertemplate=f"%{{customdata[0]}}<br>{label}: %{{customdata[1]}}<extra></extra>",
                )
            )
    fig.update_layout(barmode="relative", bargap=0.3, legend={"traceorder": "normal"})
    fig.update_xaxes(
        range=[-100, 100],
        tickvals=[-100, -50, 0, 50, 100],
        ticktext=["100%", "50%", "0", "50%", "100%"],
        title="share of those who answered: disagree to the left, agree to the right",
    )
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": TICK_FONT})
    fig.add_vline(x=0, line={"color": "#0B0C0C", "width": 1})
    height = 60 + 150 + max(len(order) * 30, int(lines * TICK_FONT * 1.3 * 1.35))
    return style_figure(fig, title, height=height, bottom=150)


@plain_inputs
def ladder_chart(
    targets: pd.DataFrame,
    ready: Mapping[str, int],
    fw: Framework,
    title: str = "Target form of sharing and what each council is ready for",
) -> go.Figure:
    """Per council, side by side: the rung it is ready for (filled circle, left) and its target (open diamond,
    right), joined by a line. The rungs are named on the axis; hovering names both."""
    councils = list(targets[col.COUNCIL])
    names = {r.rung: plot_text(r.label) for r in fw.ladder}
    offset = 0.14
    fig = go.Figure()
    for i, (c, target) in enumerate(zip(councils, targets["target_rung"], strict=True)):
        fig.add_trace(
            go.Scatter(
                x=[i - offset, i + offset],
                y=[ready[c], target],
                mode="lines",
                showlegend=False,
                line={"color": "#505A5F", "width": 2},
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[i - offset for i in range(len(councils))],
            y=[ready[c] for c in councils],
            mode="markers",
            name="Ready for",
            marker={"symbol": "circle", "size": 20, "color": "#0072B2"},
            customdata=[[c, names[ready[c]]] for c in councils],
            hovertemplate="%{customdata[0]}<br>ready for %{customdata[1]}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[i + offset for i in range(len(councils))],
            y=targets["target_rung"],
            mode="markers",
            name="Target",
            marker={"symbol": "diamond-open", "size": 22, "color": "#D55E00", "line": {"width": 3}},
            customdata=[[c, names[int(t)]] for c, t in zip(councils, targets["target_rung"], strict=True)],
            hovertemplate="%{customdata[0]}<br>target: %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_yaxes(
        range=[0.5, len(fw.ladder) + 0.5], tickvals=list(names), ticktext=list(names.values()), automargin=True
    )
    ticktext, angle, _ = column_labels(councils)
    fig.update_xaxes(
        tickvals=list(range(len(councils))),
        ticktext=ticktext,
        tickangle=angle,
        tickfont={"size": TICK_FONT},
        range=[-0.6, len(councils) - 0.4],
        automargin=True,
        zeroline=False,
        showgrid=False,
    )
    return style_figure(fig, title, height=560, bottom=110)


@plain_inputs
def matrix_heatmap(matrix: pd.DataFrame, title: str, value_name: str, row_word: str = "rates") -> go.Figure:
    """A council x council matrix on 0-100 (rows rate columns); empty cells say 'no rating'."""
    text = [
        ["-" if i == j else ("no rating" if pd.isna(v) else f"{v:.0f}") for j, v in enumerate(row)]
        for i, row in enumerate(matrix.to_numpy(dtype=float))
    ]
    fig = council_matrix(
        matrix,
        text,
        title,
        colorscale=[[0.0, "#E69F00"], [0.5, "#F7F7F7"], [1.0, "#56B4E9"]],
        zmax=100,
        value_name=value_name,
        hovertemplate=f"%{{customdata[0]}} {row_word} %{{customdata[1]}}: {value_name} %{{z:.0f}}<extra></extra>",
        above=30,
    )
    fig.update_yaxes(title=f"who {row_word}")
    fig.update_xaxes(title={"text": "who is rated", "standoff": 6})
    return fig


@plain_inputs
def trend_chart(
    trends: pd.DataFrame,
    council: str,
    dimension_names: Mapping[str, str],
    thresholds: Thresholds,
    title: str | None = None,
) -> go.Figure:
    """One line per dimension across the rounds for a council (x: rounds in order), the borderline and strength
    lines labelled beside the plot, and the legend below."""
    own = trends[trends[col.COUNCIL] == council].sort_values("round_index")
    rounds: Sequence[str] = list(dict.fromkeys(own["round"]))
    fig = go.Figure()
    for i, (dim, name) in enumerate(dimension_names.items()):
        line = own[own[col.DIMENSION] == dim]
        fig.add_trace(
            go.Scatter(
                x=line["round"],
                y=line[col.SCORE],
                name=name,
                mode="lines+markers",
                line={"color": council_colour(i), "width": 3, "dash": LINE_DASHES[i % len(LINE_DASHES)]},
                customdata=[BAND_WORDS[b] for b in line[col.BAND]],
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.0f}}, %{{customdata}}<extra></extra>",
            )
        )
    band_lines(fig, (thresholds.borderline, thresholds.strength), axis="y")
    fig.update_yaxes(range=[0, 100], tickvals=[0, 25, 50, 75, 100], title="score (0-100)")
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=list(rounds), range=[-0.5, len(rounds) - 0.5]
    )
    fig = style_figure(fig, title or f"{council}: scores by round", height=560, bottom=150)
    fig.update_layout(margin={"r": 130})
    return fig
