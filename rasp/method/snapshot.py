"""One place that turns the store's rows for a partnership and round into every table the pages show."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.agreement import agreement
from rasp.method.ambition import ambition, ambition_disagreements, council_targets
from rasp.method.gaps import alignment, pair_gaps, partnership_view
from rasp.method.scoring import council_scores, respondent_scores
from rasp.method.trust import trust_pairs
from rasp.store.reads import councils_in_round, load_answers, load_ratings, load_returns, round_infos


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


def build_snapshot(engine: Engine, framework: Framework, partnership: str, round_name: str) -> Snapshot:
    councils = councils_in_round(engine, partnership, round_name)
    answers = load_answers(engine, partnership, round_name)
    answers = answers[answers[col.COUNCIL].isin(councils)].reset_index(drop=True)
    returns = load_returns(engine, partnership, round_name)
    respondents = respondent_scores(answers, framework)
    scores = council_scores(respondents, framework, councils)
    gaps = pair_gaps(scores, framework.thresholds)
    counts = returns.groupby(col.COUNCIL).size().reindex(list(councils), fill_value=0)
    targets = council_targets(returns, framework, councils)
    ratings = load_ratings(engine, partnership, round_name)
    return Snapshot(
        partnership=partnership,
        round_name=round_name,
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
        trust=trust_pairs(ratings, councils, framework),
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


def build_trends(engine: Engine, framework: Framework, partnership: str) -> pd.DataFrame:
    """Council scores in every round of the partnership, oldest round first.

    Columns: round, round_index, opened_on, council, dimension, score, n, band.
    """
    frames = []
    for index, info in enumerate(round_infos(engine, partnership)):
        councils = councils_in_round(engine, partnership, info.name)
        answers = load_answers(engine, partnership, info.name)
        answers = answers[answers[col.COUNCIL].isin(councils)]
        scores = council_scores(respondent_scores(answers, framework), framework, councils)
        frames.append(scores.assign(round=info.name, round_index=index, opened_on=info.opened_on))
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
