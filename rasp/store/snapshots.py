"""The store's one way to fill the method's Snapshot: read a round in one transaction, then compute."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.scoring import band
from rasp.method.snapshot import Snapshot, compute_snapshot, compute_trends
from rasp.store.personal import kept_council_scores
from rasp.store.reads import read_round, read_rounds

ROUND = "round"


def build_snapshot(engine: Engine, framework: Framework, partnership: str, round_name: str) -> Snapshot:
    """Everything computed for one partnership and round, from one consistent read."""
    return compute_snapshot(read_round(engine, partnership, round_name), framework)


def build_trends(engine: Engine, framework: Framework, partnership: str) -> pd.DataFrame:
    """Council scores in every round of the partnership, oldest round first (see compute_trends)."""
    rounds = [(info.name, info.opened_on, data) for info, data in read_rounds(engine, partnership)]
    return with_kept_scores(compute_trends(rounds, framework), kept_council_scores(engine, partnership), framework)


def with_kept_scores(trends: pd.DataFrame, kept: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Rounds whose individual answers retention removed show the council scores kept at the time."""
    if kept.empty:
        return trends
    keys = [ROUND, col.COUNCIL, col.DIMENSION]
    merged = trends.merge(kept.rename(columns={"round": ROUND}), on=keys, how="left", suffixes=("", "_kept"))
    has = merged[f"{col.N}_kept"].notna()
    merged.loc[has, col.SCORE] = merged.loc[has, f"{col.SCORE}_kept"]
    merged.loc[has, col.N] = merged.loc[has, f"{col.N}_kept"]
    merged[col.N] = merged[col.N].astype("int64")
    merged[col.BAND] = band(merged[col.SCORE], framework.thresholds)
    return merged[list(trends.columns)]
