"""One place that turns the store's rows for a partnership and round into every table the pages show (pure).

The store fills a `RoundData` in one read transaction (`rasp.store.read_round`); `compute_snapshot` does the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.agreement import agreement
from rasp.method.ambition import ambition, ambition_disagreements, council_targets
from rasp.method.gaps import alignment, pair_gaps, partnership_view
from rasp.method.scoring import council_scores, respondent_scores
from rasp.method.trust import trust_pairs


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
    agreement: pd.DataFrame
    targets: pd.DataFrame
    ambition: pd.DataFrame
    ambition_disagreements: pd.DataFrame
    trust: pd.DataFrame

    def respondent_counts(self) -> pd.Series:
        """Current returns per council (0 where none), in council order."""
        counts = self.returns.groupby(col.COUNCIL).size()
        return counts.reindex(list(self.councils), fill_value=0).astype("int64")


@dataclass(frozen=True)
class RoundData:
    """What the store holds for one partnership and round (current returns only), read in one transaction."""

    partnership: str
    round_name: str
    councils: tuple[str, ...]
    answers: pd.DataFrame  # columns: rasp.store's ANSWER_COLUMNS (return_id, council, respondent, ...)
    returns: pd.DataFrame
    ratings: pd.DataFrame


def compute_snapshot(data: RoundData, framework: Framework) -> Snapshot:
    """Every table the pages show for one round, from the store's rows. Pure: no I/O."""
    councils, answers, returns = data.councils, data.answers, data.returns
    respondents = respondent_scores(answers, framework)
    scores = council_scores(respondents, framework, councils)
    gaps = pair_gaps(scores, framework.thresholds)
    counts = returns.groupby(col.COUNCIL).size().reindex(list(councils), fill_value=0)
    targets = council_targets(returns, framework, councils)
    return Snapshot(
        partnership=data.partnership,
        round_name=data.round_name,
        councils=councils,
        answers=answers,
        returns=returns,
        respondents=respondents,
        scores=scores,
        gaps=gaps,
        alignment=alignment(gaps),
        view=partnership_view(scores),
        agreement=agreement(answers, counts, framework),
        targets=targets,
        ambition=ambition(scores, targets, framework),
        ambition_disagreements=ambition_disagreements(targets, framework),
        trust=trust_pairs(data.ratings, councils, framework),
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


def compute_trends(rounds: Sequence[tuple[str, dt.date | None, RoundData]], framework: Framework) -> pd.DataFrame:
    """Council scores in every round of the partnership, oldest round first. Pure: no I/O.

    `rounds`: (round name, date it opened, its data) per round, oldest first.
    Columns: round, round_index, opened_on, council, dimension, score, n, band.
    """
    frames = []
    for index, (name, opened_on, data) in enumerate(rounds):
        scores = council_scores(respondent_scores(data.answers, framework), framework, data.councils)
        frames.append(scores.assign(round=name, round_index=index, opened_on=opened_on))
    if not frames:
        return pd.DataFrame(
            columns=[
                "round",
                "round_index",
                "opened_on",
                *council_scores(respondent_scores(pd.DataFrame(), framework), framework).columns,
            ]
        )
    out = pd.concat(frames, ignore_index=True)
    return out[["round", "round_index", "opened_on", col.COUNCIL, col.DIMENSION, col.SCORE, col.N, col.BAND]]
