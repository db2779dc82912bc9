"""Charts and the tables behind them: a tidy DataFrame in, a plotly Figure or a display table out."""

from __future__ import annotations

from rasp.charts.figures import BAND_COLOURS, COUNCIL_COLOURS, band_heatmap, gap_heatmap, radar
from rasp.charts.figures_analysis import distribution_bars, ladder_chart, matrix_heatmap, partnership_bars, trend_chart
from rasp.charts.tables import gaps_table, returns_history, scores_table, scores_wide, statements_table, view_table
from rasp.charts.tables_analysis import (
    actions_table,
    agreement_table,
    ambition_gap_table,
    changes_table,
    distribution_table,
    high_dont_know,
    requirements_table,
    targets_table,
    trend_table,
    trust_table,
)

__all__ = [
    "BAND_COLOURS",
    "COUNCIL_COLOURS",
    "actions_table",
    "agreement_table",
    "ambition_gap_table",
    "band_heatmap",
    "changes_table",
    "distribution_bars",
    "distribution_table",
    "gap_heatmap",
    "gaps_table",
    "high_dont_know",
    "ladder_chart",
    "matrix_heatmap",
    "partnership_bars",
    "radar",
    "requirements_table",
    "returns_history",
    "scores_table",
    "scores_wide",
    "statements_table",
    "targets_table",
    "trend_chart",
    "trend_table",
    "trust_table",
    "view_table",
]
