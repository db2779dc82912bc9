"""Rule 8: ambition against readiness on the ladder of forms of sharing.

A council's target is the median of its respondents' target rungs, rounded down. It is ready for the highest
rung whose requirements all hold (a missing score meets only a requirement of 0). Its gap to its target on a
dimension is max(0, required - score). Targets two or more rungs apart are a finding, inside a council and
between partners. The requirement table is the framework's assumption, not a research finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.scoring import EPS

TARGET_COLUMNS = [col.COUNCIL, "target_rung", "respondents", "lowest", "highest", "internal_disagreement"]
AMBITION_COLUMNS = [col.COUNCIL, "target_rung", "ready_rung", col.DIMENSION, "required", col.SCORE, "gap"]


def council_targets(returns: pd.DataFrame, fw: Framework, councils: Sequence[str] = ()) -> pd.DataFrame:
    """Per council with at least one target: the median target rung rounded down, how many gave one, the lowest
    and highest, and whether its own respondents are two or more rungs apart (internal_disagreement).
    Rows follow the order of `councils` (then any others)."""
    given = returns.dropna(subset=["target_rung"])
    g = given.groupby(col.COUNCIL, sort=False)["target_rung"].agg(["median", "size", "min", "max"])
    order = [c for c in dict.fromkeys([*councils, *g.index]) if c in g.index]
    g = g.reindex(order)
    out = pd.DataFrame(
        {
            col.COUNCIL: g.index,
            "target_rung": np.floor(g["median"].to_numpy(dtype="float64") + EPS).astype("int64"),
            "respondents": g["size"].to_numpy(dtype="int64"),
            "lowest": g["min"].to_numpy(dtype="int64"),
            "highest": g["max"].to_numpy(dtype="int64"),
        }
    )
    out["internal_disagreement"] = (out["highest"] - out["lowest"]) >= fw.thresholds.ambition_disagreement_rungs
    return out[TARGET_COLUMNS].reset_index(drop=True)


def requirements(fw: Framework) -> pd.DataFrame:
    """The requirement table: one row per rung, one column per dimension (the framework's assumption)."""
    return pd.DataFrame(
        [[r.requires[d] for d in fw.dimension_ids] for r in fw.ladder],
        index=pd.Index([r.rung for r in fw.ladder], name="rung"),
        columns=list(fw.dimension_ids),
    )


def ready_rungs(scores: pd.DataFrame, fw: Framework) -> pd.Series:
    """The highest rung whose requirements all hold, per council in `scores` (council, dimension, score)."""
    wide = scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.SCORE).reindex(columns=fw.dimension_ids)
    wide = wide.reindex(list(dict.fromkeys(scores[col.COUNCIL])))
    req = requirements(fw)
    s = wide.to_numpy(dtype="float64")[:, None, :]  # council x 1 x dimension
    r = req.to_numpy(dtype="float64")[None, :, :]  # 1 x rung x dimension
    met = ((s >= r - EPS) | (r <= 0)).all(axis=2)  # NaN >= x is False: a missing score meets only 0
    rungs = req.index.to_numpy()
    ready = np.where(met, rungs[None, :], 0).max(axis=1)
    return pd.Series(ready.astype("int64"), index=wide.index, name="ready_rung")


def ambition(scores: pd.DataFrame, targets: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """One row per council with a target and dimension: target and ready-for rungs, what the target rung
    requires, the score, and the gap max(0, required - score) (the whole requirement when there is no score)."""
    if targets.empty:
        return pd.DataFrame(columns=AMBITION_COLUMNS)
    ready = ready_rungs(scores, fw)
    req = requirements(fw)
    rows = scores[scores[col.COUNCIL].isin(targets[col.COUNCIL])].merge(
        targets[[col.COUNCIL, "target_rung"]], on=col.COUNCIL
    )
    rows["ready_rung"] = rows[col.COUNCIL].map(ready).astype("int64")
    stacked = req.stack()
    rows["required"] = [float(stacked[(t, d)]) for t, d in zip(rows["target_rung"], rows[col.DIMENSION], strict=True)]
    rows[col.GAP] = (rows["required"] - rows[col.SCORE].fillna(0.0)).clip(lower=0.0)
    return rows[AMBITION_COLUMNS].reset_index(drop=True)


def ambition_disagreements(targets: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Pairs of partners whose targets are two or more rungs apart. Columns: council_a, council_b, target_a,
    target_b, difference."""
    t = dict(zip(targets[col.COUNCIL], targets["target_rung"], strict=True))
    rows = [
        (a, b, t[a], t[b], abs(t[a] - t[b]))
        for a, b in combinations(t, 2)
        if abs(t[a] - t[b]) >= fw.thresholds.ambition_disagreement_rungs
    ]
    return pd.DataFrame(rows, columns=[col.COUNCIL_A, col.COUNCIL_B, "target_a", "target_b", "difference"])


def ready_by_council(scores: pd.DataFrame, fw: Framework) -> dict[str, int]:
    """ready_rungs as a plain council -> rung mapping."""
    return {str(council): int(rung) for council, rung in ready_rungs(scores, fw).items()}
