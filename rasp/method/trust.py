"""Rule 9: trust between partners, from each respondent's ratings of the other councils.

trust[a -> b] is the mean over a's respondents of their trust rating of b, on 0-100; the same for alignment.
A pair is asymmetric when |trust[a -> b] - trust[b -> a]| >= trust_asymmetry.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.scoring import EPS, to_percent

TRUST_COLUMNS = ["rater", "rated", "trust", "alignment", "n", "trust_asymmetry", "asymmetric"]


def trust_pairs(ratings: pd.DataFrame, councils: Sequence[str], fw: Framework) -> pd.DataFrame:
    """One row per ordered pair of councils (rater first). `ratings`: rater, rated, trust, alignment (1-5, NaN
    when not given), one row per rating return. n counts the rater's returns that rated the other council."""
    g = ratings.groupby(["rater", "rated"]).agg(
        trust=("trust", "mean"), alignment=("alignment", "mean"), n=("rated", "size")
    )
    pairs = pd.MultiIndex.from_tuples([(a, b) for a in councils for b in councils if a != b], names=["rater", "rated"])
    out = g.reindex(pairs).reset_index()
    out["trust"] = to_percent(out["trust"].astype("float64"), 5)
    out["alignment"] = to_percent(out["alignment"].astype("float64"), 5)
    out[col.N] = out[col.N].fillna(0).astype("int64")
    back = out.set_index(["rater", "rated"])["trust"]
    reverse = pd.MultiIndex.from_arrays([out["rated"], out["rater"]])
    out["trust_asymmetry"] = (out["trust"] - back.reindex(reverse).to_numpy()).abs()
    out["asymmetric"] = (out["trust_asymmetry"] >= fw.thresholds.trust_asymmetry - EPS).astype(bool)
    return out[TRUST_COLUMNS]


def trust_matrix(pairs: pd.DataFrame, value: str = "trust") -> pd.DataFrame:
    """Rows: who rates; columns: who is rated; cells: the 0-100 value (diagonal empty)."""
    councils = list(dict.fromkeys([*pairs["rater"], *pairs["rated"]]))
    m = pairs.pivot(index="rater", columns="rated", values=value).reindex(index=councils, columns=councils)
    m.index.name, m.columns.name = None, None
    return m.astype("float64")


def asymmetric_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each asymmetric pair once, with both directions: council_a, council_b, a_trusts_b, b_trusts_a, difference."""
    flagged = pairs[pairs["asymmetric"]]
    seen: set[frozenset[str]] = set()
    rows = []
    lookup = dict(zip(zip(pairs["rater"], pairs["rated"], strict=True), pairs["trust"], strict=True))
    for r in flagged.itertuples():
        key = frozenset((str(r.rater), str(r.rated)))
        if key in seen:
            continue
        seen.add(key)
        rows.append((r.rater, r.rated, r.trust, lookup[(r.rated, r.rater)], r.trust_asymmetry))
    out = pd.DataFrame(rows, columns=["council_a", "council_b", "a_trusts_b", "b_trusts_a", "difference"])
    return out.sort_values("difference", ascending=False, kind="stable").reset_index(drop=True)
