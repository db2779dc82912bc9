"""The store's one way to fill the method's Snapshot: read a round in one transaction, then compute."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.method.snapshot import Snapshot, compute_snapshot, compute_trends
from rasp.store.reads import read_round, read_rounds


def build_snapshot(engine: Engine, framework: Framework, partnership: str, round_name: str) -> Snapshot:
    """Everything computed for one partnership and round, from one consistent read."""
    return compute_snapshot(read_round(engine, partnership, round_name), framework)


def build_trends(engine: Engine, framework: Framework, partnership: str) -> pd.DataFrame:
    """Council scores in every round of the partnership, oldest round first (see compute_trends)."""
    rounds = [(info.name, info.opened_on, data) for info, data in read_rounds(engine, partnership)]
    return compute_trends(rounds, framework)
