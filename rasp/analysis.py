"""One place that turns the store's rows for a partnership and round into every table the pages show."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from rasp import columns as col
from rasp.framework import Framework
from rasp.gaps import alignment, pair_gaps, partnership_view
from rasp.scoring import council_scores, respondent_scores
from rasp.store.reads import directory, load_answers, load_returns


@dataclass(frozen=True)
class Snapshot:
    """Everything computed for one partnership and round."""

    partnership: str
    round_name: str
    councils: tuple[str, ...]
    answers: pd.DataFrame
    returns: pd.DataFrame
    respondents: pd.DataFrame
    scores: pd.DataFrame
    gaps: pd.DataFrame
    alignment: pd.DataFrame
    view: pd.DataFrame

    def respondent_counts(self) -> pd.Series:
        """Current returns per council (0 where none), in council order."""
        counts = self.returns.groupby(col.COUNCIL).size()
        return counts.reindex(list(self.councils), fill_value=0).astype("int64")


def build_snapshot(engine: Engine, framework: Framework, partnership: str, round_name: str) -> Snapshot:
    councils = directory(engine).councils.get(partnership, ())
    answers = load_answers(engine, partnership, round_name)
    respondents = respondent_scores(answers, framework)
    scores = council_scores(respondents, framework, councils)
    gaps = pair_gaps(scores, framework.thresholds)
    return Snapshot(
        partnership=partnership,
        round_name=round_name,
        councils=tuple(councils),
        answers=answers,
        returns=load_returns(engine, partnership, round_name),
        respondents=respondents,
        scores=scores,
        gaps=gaps,
        alignment=alignment(gaps),
        view=partnership_view(scores),
    )


def statement_means(snapshot: Snapshot, councils: list[str], dimension: str, min_respondents: int) -> pd.DataFrame:
    """The statements behind a gap: per statement and council, the mean answer (1-5) and how many answered.

    A council with fewer than `min_respondents` current returns is masked (mean NaN, below_threshold True):
    with so few people a statement mean would describe individuals.
    Columns: statement, council, mean, answered, below_threshold.
    """
    a = snapshot.answers
    chosen = a[(a[col.DIMENSION] == dimension) & a[col.COUNCIL].isin(councils)]
    g = chosen.groupby([col.STATEMENT, col.COUNCIL], sort=False)[col.VALUE].agg(["mean", "count"]).reset_index()
    g = g.rename(columns={"count": "answered"})
    counts = snapshot.respondent_counts()
    g["below_threshold"] = g[col.COUNCIL].map(counts).fillna(0) < min_respondents
    g.loc[g["below_threshold"], "mean"] = float("nan")
    return g[[col.STATEMENT, col.COUNCIL, "mean", "answered", "below_threshold"]]
