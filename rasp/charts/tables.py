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


def scores_table(
    scores: pd.DataFrame, fw: Framework, agreement: Mapping[tuple[str, str], str] | None = None
) -> pd.DataFrame:
    """Council, Dimension, Score (0-100), Respondents, Meaning, and Agreement when given."""
    out = pd.DataFrame(
        {
            "Council": scores[col.COUNCIL],
            "Dimension": scores[col.DIMENSION].map(fw.dimension_names),
            "Score (0-100)": scores[col.SCORE].round(1),
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
    wide = wide.reindex(index=order, columns=list(fw.dimension_ids)).round(1)
    wide.columns = [fw.dimension_names[d] for d in wide.columns]
    wide.index.name = "Council"
    return wide


def view_table(view: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """The partnership at a glance: mean, weakest link (and who), highest, spread, meaning of the weakest link."""
    return pd.DataFrame(
        {
            "Dimension": view[col.DIMENSION].map(fw.dimension_names),
            "Partnership mean": view["mean"].round(1),
            "Weakest link": view["min"].round(1),
            "Weakest council": view["weakest"].fillna(""),
            "Highest": view["max"].round(1),
            "Spread": view["spread"].round(1),
            "Weakest link means": band(view["min"], fw.thresholds).map(BAND_WORDS),
            "Councils with a score": view["councils"],
        }
    )


def gaps_table(gaps: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Council, Other council, Dimension, Gap (points), Material."""
    return pd.DataFrame(
        {
            "Council": gaps[col.COUNCIL_A],
            "Other council": gaps[col.COUNCIL_B],
            "Dimension": gaps[col.DIMENSION].map(fw.dimension_names),
            "Gap (points)": gaps[col.GAP].round(1),
            "Material": gaps[col.MATERIAL].map({True: "yes: discuss", False: "no"}),
        }
    ).reset_index(drop=True)


def statements_table(means: pd.DataFrame, fw: Framework, councils: list[str]) -> pd.DataFrame:
    """Per statement: its text, each council's mean answer (1-5) or 'below threshold' / 'no data', and the
    difference where both are shown. `means` comes from analysis.statement_means."""
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
        out[f"{council} (mean answer 1-5)"] = shown
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
