"""Tables for people: the same numbers as the tidy tables, with plain column names and words beside numbers.

Every chart's data table comes from here, so a number is computed once and only relabelled.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.core.status import BELOW_THRESHOLD, NO_DATA
from rasp.method.scoring import BAND_WORDS, band


def whole(values: pd.Series) -> pd.Series:
    """Scores, gaps and other 0-100 figures as whole numbers (nullable: a missing one stays empty)."""
    return pd.to_numeric(values, errors="coerce").round(0).astype("Int64")


def one_decimal(values: pd.Series, limit: float | None = None) -> pd.Series:
    """Figures where a difference below 1 matters (agreement, mean answers) with one decimal, as text; two
    decimals where one would read as exactly `limit` (0.84 is not shown as 0.8 beside 'split: above 0.8')."""

    def text(v: object) -> str:
        if not isinstance(v, (int, float)) or pd.isna(v):
            return ""
        shown = f"{v:.1f}"
        if limit is not None and float(shown) == round(limit, 1) and abs(float(v) - limit) > 1e-9:
            shown = f"{v:.2f}"
        return shown

    return pd.Series([text(v) for v in values], index=values.index, dtype="object")


# Widths for tables at 1366 px with the sidebar open: the main column holds about this many px.
TABLE_WIDTH = 860
CHAR_PX = 7.6  # Streamlit's table font: px per character, generous
CELL_PAD = 28


def _shown(value: object) -> str:
    """A cell as text, blank for a missing value (what `astype("string").fillna("")` gives, cell by cell)."""
    missing = value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)
    return "" if missing else str(value)


def column_widths(frame: pd.DataFrame, total: int = TABLE_WIDTH, index: bool = False) -> dict[str, int]:
    """Px widths that fit every column of `frame` into `total` px: each column gets what its header and its
    longest cell need, and when that is too much the longest text columns (statements, names) give way first,
    down to a readable minimum, so the key columns stay in view. Empty when everything fits as it is."""
    need: dict[str, int] = {}
    for name in frame.columns:
        longest = max((len(_shown(v)) for v in frame[name].tolist()), default=0)
        need[str(name)] = int(max(len(str(name)), longest) * CHAR_PX) + CELL_PAD
    if index:
        labels = [str(v) for v in frame.index]
        need["_index"] = int(max([len(str(frame.index.name or "")), *map(len, labels)]) * CHAR_PX) + CELL_PAD
    if sum(need.values()) <= total:
        return {}
    widths = dict(need)
    floor = 90
    while sum(widths.values()) > total:
        widest = max(widths, key=lambda k: widths[k])
        others = sorted((w for k, w in widths.items() if k != widest), reverse=True)
        target = max(floor, others[0] if others else floor, widths[widest] - (sum(widths.values()) - total))
        if target >= widths[widest]:  # every column is at its floor or equal: share what is left evenly
            each = max(60, total // len(widths))
            return dict.fromkeys(widths, each)
        widths[widest] = target
    return widths


def scores_table(
    scores: pd.DataFrame, fw: Framework, agreement: Mapping[tuple[str, str], str] | None = None
) -> pd.DataFrame:
    """Council, Dimension, Score (0-100), Respondents, Meaning, and Agreement when given."""
    out = pd.DataFrame(
        {
            "Council": scores[col.COUNCIL],
            "Dimension": scores[col.DIMENSION].map(fw.dimension_names),
            "Score (0-100)": whole(scores[col.SCORE]),
            "Respondents": scores[col.N],
            "Meaning": scores[col.BAND].map(BAND_WORDS),
        }
    ).reset_index(drop=True)
    if agreement is not None:
        keys = zip(scores[col.COUNCIL], scores[col.DIMENSION], strict=True)
        out["Agreement"] = [agreement.get(k, NO_DATA) for k in keys]
    return out


def scores_wide(scores: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """One row per council, one column per dimension, rounded scores (the heatmap's numbers)."""
    wide = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.SCORE)
    order = list(dict.fromkeys(scores[col.COUNCIL]))
    wide = wide.reindex(index=order, columns=list(fw.dimension_ids)).round(0).astype("Int64")
    wide.columns = [fw.dimension_names[d] for d in wide.columns]
    wide.index.name = "Council"
    return wide


def view_table(view: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """The partnership at a glance: mean, weakest link (who, and what it means), highest, spread, councils with
    a score. Whole numbers."""
    return pd.DataFrame(
        {
            "Dimension": view[col.DIMENSION].map(fw.dimension_names),
            "Mean": whole(view["mean"]),
            "Weakest link": whole(view["min"]),
            "Weakest council": view["weakest"].fillna(""),
            "Weakest link means": band(view["min"], fw.thresholds).map(BAND_WORDS),
            "Highest": whole(view["max"]),
            "Spread": whole(view["spread"]),
            "Councils": view["councils"],
        }
    )


def gaps_table(gaps: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Council, Other council, Dimension, Gap (points), Material."""
    return pd.DataFrame(
        {
            "Council": gaps[col.COUNCIL_A],
            "Other council": gaps[col.COUNCIL_B],
            "Dimension": gaps[col.DIMENSION].map(fw.dimension_names),
            "Gap (points)": whole(gaps[col.GAP]),
            "Material": gaps[col.MATERIAL].map({True: "yes: discuss", False: "no"}),
        }
    ).reset_index(drop=True)


def alignment_table(alignment: pd.DataFrame) -> pd.DataFrame:
    """Council, Other council, Alignment (100 - mean gap), Material gaps: whole numbers."""
    return pd.DataFrame(
        {
            "Council": alignment[col.COUNCIL_A],
            "Other council": alignment[col.COUNCIL_B],
            "Alignment (100 - mean gap)": whole(alignment["alignment"]),
            "Material gaps": alignment["material_gaps"],
        }
    ).reset_index(drop=True)


def matrix_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """A council x council matrix as whole numbers, rows named 'Council' (the data behind a matrix chart)."""
    return matrix.round(0).astype("Int64").rename_axis("Council")


def apart_table(furthest: pd.DataFrame) -> pd.DataFrame:
    """Council, Mean gap to the others (points), Material gaps: furthest first (from selection.furthest_apart)."""
    return pd.DataFrame(
        {
            "Council": furthest[col.COUNCIL],
            "Mean gap to the others (points)": whole(furthest["mean_gap"]),
            "Material gaps": furthest["material_gaps"],
        }
    )


def statements_table(means: pd.DataFrame, fw: Framework, councils: list[str]) -> pd.DataFrame:
    """Per statement: its text, each council's mean answer (1-5, one decimal: a difference below 1 matters) or
    'below threshold' / 'no data', and the difference where both are shown. The council columns are headed by
    the council's name alone (say 'mean answer 1-5' around the table), so both fit beside the statement.
    `means` comes from snapshot.statement_means."""
    text = {s.id: s.text for s in fw.statements}
    order = list(dict.fromkeys(means[col.STATEMENT]))
    out = pd.DataFrame({"ID": order, "Statement": [text.get(s, s) for s in order]})
    numbers = {}
    for council in councils:
        own = means[means[col.COUNCIL] == council].set_index(col.STATEMENT).reindex(order)
        numbers[council] = own["mean"]
        shown = []
        for m, hidden in zip(own["mean"], own["below_threshold"], strict=True):
            if hidden is True:
                shown.append(BELOW_THRESHOLD)
            elif pd.isna(m):
                shown.append(NO_DATA)
            else:
                shown.append(f"{m:.1f}")
        out[council] = shown
    if len(councils) == 2:
        diff = (numbers[councils[0]] - numbers[councils[1]]).abs()
        out["Difference"] = [f"{d:.1f}" if pd.notna(d) else "" for d in diff]
    return out


def returns_history(returns: pd.DataFrame) -> pd.DataFrame:
    """The uploaded returns, newest first, with whether each still counts."""
    from rasp.core.words import long_datetime

    return pd.DataFrame(
        {
            "Council": returns[col.COUNCIL],
            "Respondent": returns[col.RESPONDENT].replace("", "(not named)"),
            "File": returns["filename"],
            "Uploaded by": returns["uploaded_by"],
            "Uploaded": [long_datetime(t) for t in returns["uploaded_at"]],
            "Counts": returns["is_current"].map({True: "yes", False: "no: replaced by a later return"}),
        }
    )
