"""Charts at projector size for the presenter view (pure: plotly figures from a snapshot). Every text at least
MIN_CHART_TEXT px, the chart as tall as its place on the screen, heatmap cells of at most two lines. Each screen's
builder is cached per data version by the page (rasp.ui.cache), so a refresh only sends the figure."""

from __future__ import annotations

import plotly.graph_objects as go

from rasp.charts.figures import band_heatmap, gap_heatmap, radar, wrap
from rasp.charts.figures_analysis import ladder_chart, matrix_heatmap
from rasp.core.framework import Framework
from rasp.method.agreement import agreement_words
from rasp.method.ambition import ready_by_council
from rasp.method.gaps import gap_matrix
from rasp.method.snapshot import Snapshot
from rasp.method.trust import trust_matrix

MIN_CHART_TEXT = 20  # px at 1920 wide: readable from the back of a room


def big(fig: go.Figure) -> go.Figure:
    """Projector type: every text of the chart at least MIN_CHART_TEXT px, the chart as tall as its place on the
    screen (the page gives it the height left under the title), heatmap cells of at most two lines."""
    size = MIN_CHART_TEXT + 2
    fig.update_layout(
        font={"size": size},
        title={"font": {"size": size}, "automargin": True, "yref": "container", "y": 0.995, "yanchor": "top"},
        legend_font_size=size,
        hoverlabel_font_size=size,
        height=None,
        autosize=True,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    fig.update_polars(angularaxis_tickfont_size=size, radialaxis_tickfont_size=MIN_CHART_TEXT)
    for trace in fig.data:
        if trace.type == "heatmap":
            trace.update(showscale=False, textfont_size=size, xgap=3, ygap=3)
            if trace.text is not None:
                trace.text = [[two_lines(str(t)) for t in row] for row in trace.text]
            if trace.x is not None:
                trace.x = [wrap(str(x).replace("<br>", " "), 12) for x in trace.x]
            fig.update_xaxes(tickangle=0)
        if trace.type == "scatterpolar" and trace.theta is not None:  # long dimension names on two lines
            trace.theta = [wrap(str(x).replace("<br>", " "), 14) for x in trace.theta]
    if any(trace.type == "scatterpolar" for trace in fig.data):
        # room at the sides for the dimension names at projector size (the legend sits on the right)
        fig.update_polars(domain={"x": [0.2, 0.8], "y": [0.06, 0.94]})
    for note in fig.layout.annotations or ():
        note.font.size = max(note.font.size or 0, size)
    return fig


def two_lines(text: str) -> str:
    """A heatmap cell on at most two lines: '53<br>borderline<br><b>split</b>' -> '53 <b>split</b><br>borderline'."""
    lines = text.split("<br>")
    return text if len(lines) <= 2 else f"{lines[0]} {' '.join(lines[2:])}<br>{lines[1]}"


def radar_screen(snap: Snapshot, fw: Framework) -> go.Figure:
    agreement = agreement_words(snap.agreement)
    return big(radar(snap.scores, fw.dimension_names, list(snap.councils), snap.view, agreement=agreement))


def gaps_screen(snap: Snapshot, fw: Framework) -> go.Figure:
    material = gap_matrix(snap.gaps, None, "material", "sum")
    return big(gap_heatmap(gap_matrix(snap.gaps), fw.thresholds.material_gap, "Mean gap over all dimensions", material))


def split_screen(snap: Snapshot, fw: Framework) -> go.Figure:
    agreement = agreement_words(snap.agreement)
    return big(band_heatmap(snap.scores, fw.dimension_names, list(snap.councils), agreement=agreement))


def ladder_screen(snap: Snapshot, fw: Framework) -> go.Figure:
    return big(ladder_chart(snap.targets, ready_by_council(snap.scores, fw), fw))


def trust_screen(snap: Snapshot) -> go.Figure:
    return big(matrix_heatmap(trust_matrix(snap.trust), "Trust (row rates column)", "trust"))
