"""Rule 5: agreement inside a council (mean absolute deviation), the split flag, and answer distributions.

Anonymity (rule 11): agreement figures and distributions describe individuals, so they are withheld for a
council with fewer than `anonymity_min_respondents` returns in the round; such cells say 'below threshold',
which is not the same as 'no data'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.core.status import BELOW_THRESHOLD, NO_DATA, OK
from rasp.method.scoring import EPS

AGREEMENT_COLUMNS = [col.COUNCIL, col.DIMENSION, col.N, "ad", "split", "status"]


def item_deviation(answers: pd.DataFrame) -> pd.DataFrame:
    """Per council and statement answered by at least two respondents: the mean absolute deviation of the
    answers from their mean, in scale points. Columns: council, dimension, statement, answered, mad."""
    given = answers[answers[col.VALUE].notna()]
    keys = [col.COUNCIL, col.DIMENSION, col.STATEMENT]
    mean = given.groupby(keys, sort=False)[col.VALUE].transform("mean")
    dev = given.assign(_abs=(given[col.VALUE] - mean).abs())
    g = dev.groupby(keys, sort=False).agg(answered=(col.VALUE, "size"), mad=("_abs", "mean")).reset_index()
    return g[g[col.ANSWERED] >= 2].reset_index(drop=True)


def agreement(answers: pd.DataFrame, respondents_per_council: pd.Series, fw: Framework) -> pd.DataFrame:
    """AD per council and dimension: the mean over the dimension's items of each item's mean absolute deviation.

    `respondents_per_council`: current returns per council in the round (n). Every council in it gets a row
    per dimension. status is 'ok', 'below threshold' (n under the anonymity threshold: ad NaN, split None) or
    'no data' (no item answered by two or more). split is True when ad > split_ad.
    Columns: council, dimension, n, ad, split, status.
    """
    per_item = item_deviation(answers)
    ad = per_item.groupby([col.COUNCIL, col.DIMENSION])["mad"].mean()
    councils = list(respondents_per_council.index)
    grid = pd.MultiIndex.from_product([councils, list(fw.dimension_ids)], names=[col.COUNCIL, col.DIMENSION])
    out = pd.DataFrame(index=grid).reset_index()
    out[col.N] = out[col.COUNCIL].map(respondents_per_council).fillna(0).astype("int64")
    out["ad"] = ad.reindex(grid).to_numpy(dtype="float64")
    below = out[col.N] < fw.thresholds.anonymity_min_respondents
    out.loc[below, "ad"] = np.nan
    out[col.STATUS] = np.select([below, out["ad"].isna()], [BELOW_THRESHOLD, NO_DATA], default=OK)
    split = out["ad"] > fw.thresholds.split_ad + EPS
    out["split"] = split.astype("object").where(out[col.STATUS] == OK, None)
    return out[AGREEMENT_COLUMNS]


def split_words(row_status: str, split: object) -> str:
    """'split', 'consensus', 'below threshold' or 'no data' for a table cell or tooltip."""
    if row_status != OK:
        return row_status
    return "split" if split is True else "consensus"


def agreement_words(table: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(council, dimension) -> 'split', 'consensus', 'below threshold' or 'no data', for charts and tables."""
    return {
        (c, d): split_words(status, split)
        for c, d, status, split in zip(
            table[col.COUNCIL], table[col.DIMENSION], table[col.STATUS], table["split"], strict=True
        )
    }


DISTRIBUTION_COLUMNS = [
    col.STATEMENT,
    col.DIMENSION,
    "value",
    "count",
    "share",
    "dont_know",
    "blank",
    "respondents",
    "net_agreement",
]


def distribution(answers: pd.DataFrame, council: str, fw: Framework) -> pd.DataFrame:
    """For one council: per statement how many gave each answer 1..5, Don't know and blank, and the net
    agreement ((agree + strongly agree - disagree - strongly disagree) / answered). Empty when the council is
    below the anonymity threshold (the caller says so).

    Columns: statement, dimension, value (1..5), count, share (of answered), dont_know, blank, respondents,
    net_agreement; one row per statement and value.
    """
    own = answers[answers[col.COUNCIL] == council]
    respondents = own[col.RETURN_ID].nunique()
    if respondents < fw.thresholds.anonymity_min_respondents:
        return pd.DataFrame(columns=DISTRIBUTION_COLUMNS)
    top = fw.scale_max
    statements = [s.id for s in fw.statements]
    counts = (
        own.dropna(subset=[col.VALUE])
        .groupby([col.STATEMENT, col.VALUE])
        .size()
        .unstack(fill_value=0)
        .reindex(index=statements, columns=[float(v) for v in range(1, top + 1)], fill_value=0)
    )
    status = own.groupby([col.STATEMENT, col.STATUS]).size().unstack(fill_value=0).reindex(statements, fill_value=0)
    answered = counts.sum(axis=1)
    low, high = counts.iloc[:, : top // 2].sum(axis=1), counts.iloc[:, top - top // 2 :].sum(axis=1)
    net = ((high - low) / answered.where(answered > 0)).astype("float64")
    long = counts.stack().reset_index()
    long.columns = pd.Index([col.STATEMENT, "value", "count"])
    long[col.VALUE] = long[col.VALUE].astype("int64")
    long["share"] = long["count"] / long[col.STATEMENT].map(answered).where(lambda s: s > 0)
    long[col.DIMENSION] = long[col.STATEMENT].map({s.id: s.dimension for s in fw.statements})
    long[col.DONT_KNOW] = long[col.STATEMENT].map(status.get("dont_know", pd.Series(0, index=statements))).astype(int)
    long["blank"] = long[col.STATEMENT].map(status.get("blank", pd.Series(0, index=statements))).astype(int)
    long["respondents"] = respondents
    long["net_agreement"] = long[col.STATEMENT].map(net)
    return long[DISTRIBUTION_COLUMNS]
