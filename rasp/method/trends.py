"""Rule 10: how scores change from one round to the next (pure; the per-round scores come from analysis)."""

from __future__ import annotations

import pandas as pd

from rasp.core import columns as col

CHANGE_COLUMNS = [col.COUNCIL, col.DIMENSION, "previous_round", "previous", "current", "change"]


def changes_since_previous(trends: pd.DataFrame, round_name: str) -> pd.DataFrame:
    """For `round_name`, each council and dimension's score beside its score in the round before (NaN change
    when either is missing, e.g. a council that joined in this round). Empty for the first round."""
    rounds = trends.drop_duplicates("round").sort_values("round_index")["round"].tolist()
    if round_name not in rounds or rounds.index(round_name) == 0:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    previous = rounds[rounds.index(round_name) - 1]
    now = trends[trends["round"] == round_name][[col.COUNCIL, col.DIMENSION, col.SCORE]]
    before = trends[trends["round"] == previous][[col.COUNCIL, col.DIMENSION, col.SCORE]]
    merged = now.merge(before, on=[col.COUNCIL, col.DIMENSION], how="left", suffixes=("", "_before"))
    out = pd.DataFrame(
        {
            col.COUNCIL: merged[col.COUNCIL],
            col.DIMENSION: merged[col.DIMENSION],
            "previous_round": previous,
            "previous": merged[f"{col.SCORE}_before"].astype("float64"),
            "current": merged[col.SCORE].astype("float64"),
        }
    )
    out["change"] = out["current"] - out["previous"]
    return out[CHANGE_COLUMNS].reset_index(drop=True)


def biggest_changes(changes: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The largest changes by size (up or down), largest first."""
    have = changes.dropna(subset=["change"])
    order = have["change"].abs().sort_values(ascending=False, kind="stable").index
    return have.loc[order].head(count).reset_index(drop=True)
