"""What to show first when there is too much: a partnership of forty councils (a county and its districts, a
regional programme) has 780 pairs and 40 radar lines. These rules pick a readable few, in an order that reads.

- `score_order`: councils from the lowest to the highest score on a dimension (or on their mean over all):
  a gap matrix in this order is banded, the gaps growing away from the diagonal.
- `matrix_councils`: at most `limit` councils for a council x council chart: all of them when they fit, else
  the lowest and the highest scoring halves (the largest gaps are between those), in score order.
- `radar_default`: a few councils for a radar: the lowest, the middle and the highest scoring overall.
- `trust_councils`: for the trust matrices, the least and the most trusted councils (by the trust they receive).
- `furthest_from_target`: councils whose target is the most rungs beyond what they are ready for, first.
- `furthest_apart`: each council's mean gap to the others and its number of material gaps, furthest first (the
  ranked list a director of a large partnership reads instead of the full matrix).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from rasp.core import columns as col

MATRIX_LIMIT = 12  # councils in one council x council chart at 1366 px: every cell keeps its number
RADAR_DEFAULT = 3


def score_order(scores: pd.DataFrame, dimension: str | None = None) -> list[str]:
    """Councils by score on `dimension` (their mean over dimensions when None), lowest first; councils with no
    score last, in their own order."""
    chosen = scores if dimension is None else scores[scores[col.DIMENSION] == dimension]
    order = list(dict.fromkeys(scores[col.COUNCIL]))
    mean = chosen.groupby(col.COUNCIL, sort=False)[col.SCORE].mean().reindex(order)
    return list(mean.sort_values(kind="stable", na_position="last").index)


def matrix_councils(scores: pd.DataFrame, dimension: str | None = None, limit: int = MATRIX_LIMIT) -> list[str]:
    """All councils in score order when at most `limit`, else the `limit // 2` lowest and the rest of `limit`
    from the highest scoring, in score order (councils with no score are left out first)."""
    order = score_order(scores, dimension)
    if len(order) <= limit:
        return order
    chosen = scores if dimension is None else scores[scores[col.DIMENSION] == dimension]
    have = [c for c in order if c in set(chosen.dropna(subset=[col.SCORE])[col.COUNCIL])]
    if len(have) <= limit:
        return have + [c for c in order if c not in have][: limit - len(have)]
    low = limit // 2
    return have[:low] + have[len(have) - (limit - low) :]


def radar_default(scores: pd.DataFrame, count: int = RADAR_DEFAULT) -> list[str]:
    """The lowest, middle and highest scoring councils overall (all of them when there are `count` or fewer),
    in the partnership's own order."""
    order = [c for c in score_order(scores) if scores.loc[scores[col.COUNCIL] == c, col.SCORE].notna().any()]
    if len(order) <= count:
        picked = order
    else:
        picks = {round(i * (len(order) - 1) / (count - 1)) for i in range(count)} if count > 1 else {0}
        picked = [order[i] for i in sorted(picks)]
    own = list(dict.fromkeys(scores[col.COUNCIL]))
    return [c for c in own if c in picked]


def furthest_apart(gaps: pd.DataFrame, councils: Sequence[str], dimension: str | None = None) -> pd.DataFrame:
    """Per council: the mean gap to every other council (on `dimension`, or over all dimensions) and how many
    material gaps it has; furthest first. Columns: council, mean_gap, material_gaps."""
    chosen = gaps if dimension is None else gaps[gaps[col.DIMENSION] == dimension]
    both = pd.concat(
        [
            chosen[[col.COUNCIL_A, col.GAP, col.MATERIAL]].rename(columns={col.COUNCIL_A: col.COUNCIL}),
            chosen[[col.COUNCIL_B, col.GAP, col.MATERIAL]].rename(columns={col.COUNCIL_B: col.COUNCIL}),
        ]
    )
    g = both.groupby(col.COUNCIL, sort=False).agg(mean_gap=(col.GAP, "mean"), material_gaps=(col.MATERIAL, "sum"))
    g = g.reindex(list(councils))
    g["material_gaps"] = g["material_gaps"].fillna(0).astype("int64")
    out = g.reset_index().rename(columns={"index": col.COUNCIL})
    return out.sort_values("mean_gap", ascending=False, kind="stable", na_position="last").reset_index(drop=True)


def furthest_from_target(targets: pd.DataFrame, ready: Mapping[str, int], limit: int = MATRIX_LIMIT) -> list[str]:
    """Up to `limit` councils, those whose target is the most rungs beyond what they are ready for first (ties
    in the partnership's order), returned in the partnership's order."""
    short = [
        (int(t) - int(ready.get(c, 0)), i, c)
        for i, (c, t) in enumerate(zip(targets[col.COUNCIL], targets["target_rung"], strict=True))
    ]
    picked = {c for _, _, c in sorted(short, key=lambda x: (-x[0], x[1]))[:limit]}
    return [c for c in targets[col.COUNCIL] if c in picked]


def trust_councils(pairs: pd.DataFrame, limit: int = MATRIX_LIMIT) -> list[str]:
    """Up to `limit` councils for a trust matrix, in the partnership's order: all when they fit, else the least
    and the most trusted (mean trust received from the others), half each."""
    received = pairs.groupby("rated", sort=False)["trust"].mean()
    frame = pd.DataFrame({col.COUNCIL: received.index, col.DIMENSION: "trust", col.SCORE: received.to_numpy()})
    order = list(dict.fromkeys([*pairs["rater"], *pairs["rated"]]))
    picked = set(matrix_councils(frame, None, limit)) if len(order) > limit else set(order)
    return [c for c in order if c in picked]
