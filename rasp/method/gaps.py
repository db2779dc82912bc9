"""Rules 6 and 7: gaps between two councils, pair alignment, and the partnership view of each dimension."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Thresholds
from rasp.method.scoring import EPS

GAP_COLUMNS = [col.COUNCIL_A, col.COUNCIL_B, col.DIMENSION, col.GAP, col.MATERIAL]


def empty_gaps() -> pd.DataFrame:
    """The gaps table with no rows (fewer than two councils), with the right column types."""
    types = {col.GAP: "float64", col.MATERIAL: "bool"}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, "object")) for c in GAP_COLUMNS})


def pair_gaps(scores: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """Rule 6: |score_a - score_b| per pair of councils (in the order they appear) and dimension.

    The gap is NaN when either council has no score; `material` is gap >= material_gap.
    Columns: council_a, council_b, dimension, gap, material.
    """
    councils = list(dict.fromkeys(scores[col.COUNCIL]))
    dims = list(dict.fromkeys(scores[col.DIMENSION]))
    if len(councils) < 2:
        return empty_gaps()
    wide = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.SCORE).reindex(
        index=councils, columns=dims
    )
    values = wide.to_numpy(dtype="float64")
    ia, ib = np.triu_indices(len(councils), k=1)  # every pair once, in the order combinations() gives
    names = pd.array(councils, dtype="object")
    out = pd.DataFrame(
        {
            col.COUNCIL_A: names.take(np.repeat(ia, len(dims))),
            col.COUNCIL_B: names.take(np.repeat(ib, len(dims))),
            col.DIMENSION: pd.array(dims, dtype="object").take(np.tile(np.arange(len(dims)), len(ia))),
            col.GAP: np.abs(values[ia] - values[ib]).reshape(-1),
        }
    )
    out[col.MATERIAL] = (out[col.GAP] >= thresholds.material_gap - EPS).astype(bool)
    return out


def alignment(gaps: pd.DataFrame) -> pd.DataFrame:
    """Alignment of each pair: 100 - the mean gap over the dimensions both councils have scores for.

    Columns: council_a, council_b, alignment, material_gaps.
    """
    g = gaps.groupby([col.COUNCIL_A, col.COUNCIL_B], sort=False).agg(
        mean_gap=(col.GAP, "mean"), material_gaps=(col.MATERIAL, "sum")
    )
    g["alignment"] = 100 - g["mean_gap"]
    return g.reset_index()[[col.COUNCIL_A, col.COUNCIL_B, "alignment", "material_gaps"]]


def gap_matrix(
    gaps: pd.DataFrame, dimension: str | None = None, value: str = col.GAP, how: str = "mean"
) -> pd.DataFrame:
    """Symmetric council x council table of the gap on one dimension, or of the mean gap over all (None).
    With value='material', how='sum': how many dimensions are materially apart."""
    chosen = gaps if dimension is None else gaps[gaps[col.DIMENSION] == dimension]
    per_pair = chosen.groupby([col.COUNCIL_A, col.COUNCIL_B], sort=False)[value].agg(how).reset_index()
    per_pair = per_pair.rename(columns={value: col.GAP})
    councils = list(dict.fromkeys([*gaps[col.COUNCIL_A], *gaps[col.COUNCIL_B]]))
    both = pd.concat([per_pair, per_pair.rename(columns={col.COUNCIL_A: col.COUNCIL_B, col.COUNCIL_B: col.COUNCIL_A})])
    matrix = both.pivot(index=col.COUNCIL_A, columns=col.COUNCIL_B, values=col.GAP).reindex(
        index=councils, columns=councils
    )
    for name in councils:
        matrix.loc[name, name] = 0.0
    matrix.index.name = None
    matrix.columns.name = None
    return matrix.astype("float64")


def material_gaps(gaps: pd.DataFrame) -> pd.DataFrame:
    """The material gaps, largest first (ties by pair and dimension order)."""
    chosen = gaps.loc[gaps[col.MATERIAL].astype(bool)]
    return chosen.sort_values(col.GAP, ascending=False, kind="stable").reset_index(drop=True)


def partnership_view(scores: pd.DataFrame) -> pd.DataFrame:
    """Rule 7: per dimension the mean, minimum (weakest link), maximum and spread of council scores,
    over councils that have a score; `weakest` names the council with the minimum.

    Columns: dimension, mean, min, max, spread, weakest, councils.
    """
    have = scores.dropna(subset=[col.SCORE])
    dims = list(dict.fromkeys(scores[col.DIMENSION]))
    g = have.groupby(col.DIMENSION)[col.SCORE].agg(["mean", "min", "max", "count"]).reindex(dims)
    g["spread"] = g["max"] - g["min"]
    idx = have.groupby(col.DIMENSION)[col.SCORE].idxmin()
    g["weakest"] = idx.map(have[col.COUNCIL]).reindex(dims)
    g["count"] = g["count"].fillna(0).astype("int64")
    out = g.rename(columns={"count": "councils"}).reset_index()
    return out[[col.DIMENSION, "mean", "min", "max", "spread", "weakest", "councils"]]
