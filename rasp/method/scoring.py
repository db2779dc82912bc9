"""Rules 2-4 of the method: respondent and council dimension scores on 0-100, and their bands.

Pure pandas: tidy DataFrames in and out, no I/O, no loop per answer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework, Thresholds
from rasp.core.status import NO_DATA

# Scores are means of means; compare with a hair of tolerance so 75 computed as 74.99999999 is still 75.
EPS = 1e-9

BAND_STRENGTH, BAND_BORDERLINE, BAND_CONCERN, BAND_NONE = "strength", "borderline", "concern", NO_DATA
BAND_WORDS = {
    BAND_STRENGTH: "strength",
    BAND_BORDERLINE: "borderline: discuss",
    BAND_CONCERN: "concern",
    BAND_NONE: NO_DATA,
}


def to_percent(mean: pd.Series, scale_max: int) -> pd.Series:
    """A 1..scale_max mean on 0-100: (mean - 1) / (scale_max - 1) * 100."""
    return (mean - 1) / (scale_max - 1) * 100


def respondent_scores(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Rule 2: per return and dimension, the weighted mean of answered items, on 0-100, or NaN when fewer
    than `min_answered_fraction` of the dimension's items are answered. Also counts answered / don't know.

    Columns: return_id, council, dimension, score, answered, items, dont_know.
    """
    out_cols = [col.RETURN_ID, col.COUNCIL, col.DIMENSION, col.SCORE, col.ANSWERED, col.ITEMS, col.DONT_KNOW]
    if answers.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == col.SCORE else "object") for c in out_cols})
    weight = {s.id: s.weight for s in framework.statements}
    items = {d.id: len(d.statements) for d in framework.dimensions}
    frame = answers[[col.RETURN_ID, col.COUNCIL, col.DIMENSION, col.STATEMENT, col.VALUE, col.STATUS]].copy()
    frame["_w"] = frame[col.STATEMENT].map(weight).astype("float64")
    answered = frame[col.VALUE].notna()
    frame["_wv"] = (frame[col.VALUE] * frame["_w"]).where(answered, 0.0)
    frame["_wa"] = frame["_w"].where(answered, 0.0)
    frame["_n"] = answered.astype("int64")
    frame["_dk"] = (frame[col.STATUS] == "dont_know").astype("int64")
    keys = [col.RETURN_ID, col.COUNCIL, col.DIMENSION]
    g = frame.groupby(keys, sort=False)[["_wv", "_wa", "_n", "_dk"]].sum().reset_index()
    g[col.ITEMS] = g[col.DIMENSION].map(items).astype("int64")
    enough = (g["_n"] >= framework.thresholds.min_answered_fraction * g[col.ITEMS] - EPS) & (g["_wa"] > 0)
    mean = (g["_wv"] / g["_wa"].where(g["_wa"] > 0)).where(enough)
    g[col.SCORE] = to_percent(mean, framework.scale_max).astype("float64")
    g = g.rename(columns={"_n": col.ANSWERED, "_dk": col.DONT_KNOW})
    return g[out_cols].reset_index(drop=True)


def band(scores: pd.Series, thresholds: Thresholds) -> pd.Series:
    """Rule 4: strength (>= 75), borderline (50 to < 75), concern (< 50); 'no data' where the score is NaN."""
    values = scores.astype("float64")
    chosen = np.select(
        [values.isna(), values >= thresholds.strength - EPS, values >= thresholds.borderline - EPS],
        [BAND_NONE, BAND_STRENGTH, BAND_BORDERLINE],
        default=BAND_CONCERN,
    )
    return pd.Series(chosen, index=scores.index, name=col.BAND, dtype="object")


def council_scores(respondents: pd.DataFrame, framework: Framework, councils: Sequence[str] = ()) -> pd.DataFrame:
    """Rule 3: a council's dimension score is the mean of its respondents' scores; n counts those respondents.

    Every council in `councils` (plus any in the data) gets a row per dimension; without data the score is
    NaN, n is 0 and the band is 'no data'. Columns: council, dimension, score, n, band.
    """
    names = list(dict.fromkeys([*councils, *respondents.get(col.COUNCIL, pd.Series(dtype="object")).tolist()]))
    grid = pd.MultiIndex.from_product([names, list(framework.dimension_ids)], names=[col.COUNCIL, col.DIMENSION])
    if respondents.empty:
        stats = pd.DataFrame(index=grid, data={col.SCORE: np.nan, col.N: 0})
    else:
        stats = respondents.groupby([col.COUNCIL, col.DIMENSION])[col.SCORE].agg(["mean", "count"])
        stats = stats.rename(columns={"mean": col.SCORE, "count": col.N}).reindex(grid)
    out = stats.reset_index()
    out[col.SCORE] = out[col.SCORE].astype("float64")
    out[col.N] = out[col.N].fillna(0).astype("int64")
    out[col.BAND] = band(out[col.SCORE], framework.thresholds)
    return out[[col.COUNCIL, col.DIMENSION, col.SCORE, col.N, col.BAND]]


def _points(value: float) -> str:
    return f"{value:g}"


def band_ranges(thresholds: Thresholds) -> dict[str, str]:
    """Each band's range in words, from the framework's thresholds: {'strength': '75 or more', ...}."""
    s, b = _points(thresholds.strength), _points(thresholds.borderline)
    return {BAND_STRENGTH: f"{s} or more", BAND_BORDERLINE: f"{b} to under {s}", BAND_CONCERN: f"below {b}"}


def band_sentence(thresholds: Thresholds) -> str:
    """'**75 or more** is a strength, **50 to under 75** is borderline (discuss), **below 50** is a concern.'"""
    r = band_ranges(thresholds)
    return (
        f"**{r[BAND_STRENGTH]}** is a strength, **{r[BAND_BORDERLINE]}** is borderline (discuss), "
        f"**{r[BAND_CONCERN]}** is a concern."
    )


def describe_score(score: float, thresholds: Thresholds) -> str:
    """'58, borderline: discuss' for people; 'no data' when there is no score."""
    if score is None or np.isnan(score):
        return BAND_WORDS[BAND_NONE]
    name = band(pd.Series([score]), thresholds).iloc[0]
    return f"{score:.0f}, {BAND_WORDS[name]}"
