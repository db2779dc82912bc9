"""Tables for people behind the agreement, ambition, trust and trend views (same numbers, plain words)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from rasp.charts.tables import one_decimal, whole
from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.core.status import BELOW_THRESHOLD, NO_DATA
from rasp.core.words import long_date
from rasp.method.agreement import split_words

READING = {
    "split": "split: respondents disagree, discuss before relying on the score",
    "consensus": "consensus",
    BELOW_THRESHOLD: "below threshold: too few respondents to show",
    NO_DATA: NO_DATA,
}


def agreement_table(agreement: pd.DataFrame, fw: Framework, *, splits_first: bool = False) -> pd.DataFrame:
    """Council, Dimension, Respondents, Disagreement (AD, scale points, one decimal), Reading. With
    `splits_first` the split rows lead (widest first), then the rest in their order."""
    if splits_first and not agreement.empty:
        key = agreement["split"].eq(True)
        agreement = pd.concat(
            [agreement[key].sort_values("ad", ascending=False, kind="stable"), agreement[~key]], ignore_index=True
        )
    words = [split_words(s, x) for s, x in zip(agreement[col.STATUS], agreement["split"], strict=True)]
    return pd.DataFrame(
        {
            "Council": agreement[col.COUNCIL],
            "Dimension": agreement[col.DIMENSION].map(fw.dimension_names),
            "Respondents": agreement[col.N],
            "Disagreement (scale points)": one_decimal(agreement["ad"], fw.thresholds.split_ad),
            "Reading": [READING[w] for w in words],
        }
    )


def requirements_table(fw: Framework) -> pd.DataFrame:
    """The framework's assumed minimum score for each form of sharing: one row per dimension, one column per
    form ('4 Coordinate'), so all seven dimensions and six forms fit across the page."""
    out = pd.DataFrame(
        {r.label: [round(r.requires[d]) for d in fw.dimension_ids] for r in fw.ladder},
    )
    out.insert(0, "Dimension", [fw.dimension_names[d] for d in fw.dimension_ids])
    return out


def forms_table(fw: Framework) -> pd.DataFrame:
    """The forms of sharing with their meaning, loosest first (each includes the ones before it)."""
    return pd.DataFrame(
        {
            "Rung": [r.rung for r in fw.ladder],
            "Form of sharing": [r.name for r in fw.ladder],
            "What it means": [r.meaning for r in fw.ladder],
        }
    )


def form_words(fw: Framework) -> dict[int, str]:
    """Rung -> '4 Coordinate: systematic adjustment and alignment of work' (for pickers and captions)."""
    return {r.rung: f"{r.label}: {r.meaning[:1].lower()}{r.meaning[1:]}" for r in fw.ladder}


def targets_table(targets: pd.DataFrame, ready: Mapping[str, int], fw: Framework) -> pd.DataFrame:
    """Council, Target, Ready for, Respondents who gave a target, Their range, Own respondents apart."""
    label = {r.rung: r.label for r in fw.ladder}
    return pd.DataFrame(
        {
            "Council": targets[col.COUNCIL],
            "Target (median, rounded down)": targets["target_rung"].map(label),
            "Ready for": targets[col.COUNCIL].map(ready).map(label),
            "Respondents who gave a target": targets["respondents"],
            "Their targets range": [
                f"{label[lo]} to {label[hi]}" if lo != hi else label[lo]
                for lo, hi in zip(targets["lowest"], targets["highest"], strict=True)
            ],
            "Own respondents two or more rungs apart": targets["internal_disagreement"].map({True: "yes", False: "no"}),
        }
    )


def ambition_pairs_table(disagreements: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Council, Its target, Other council, Other's target, Rungs apart (from ambition_disagreements)."""
    label = {r.rung: r.label for r in fw.ladder}
    return pd.DataFrame(
        {
            "Council": disagreements["council_a"],
            "Its target": disagreements["target_a"].map(label),
            "Other council": disagreements["council_b"],
            "Other's target": disagreements["target_b"].map(label),
            "Rungs apart": disagreements["difference"],
        }
    ).reset_index(drop=True)


def ambition_gap_table(ambition: pd.DataFrame, council: str, fw: Framework) -> pd.DataFrame:
    """For one council: per dimension what its target needs, its score and how far short it is."""
    own = ambition[ambition[col.COUNCIL] == council]
    return pd.DataFrame(
        {
            "Dimension": own[col.DIMENSION].map(fw.dimension_names),
            "Target needs": whole(own["required"]),
            "Score": whole(own[col.SCORE]),
            "Short by": whole(own[col.GAP]),
        }
    ).reset_index(drop=True)


def one_sided_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """Council, Trusts the other at, Other council, Is trusted back at, Points apart (from asymmetric_pairs)."""
    return pd.DataFrame(
        {
            "Council": pairs["council_a"],
            "Trusts the other at": whole(pairs["a_trusts_b"]),
            "Other council": pairs["council_b"],
            "Is trusted back at": whole(pairs["b_trusts_a"]),
            "Points apart": whole(pairs["difference"]),
        }
    ).reset_index(drop=True)


def trust_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """Who rates, who is rated, trust and alignment (0-100), ratings, asymmetry."""
    return pd.DataFrame(
        {
            "Council rating": pairs["rater"],
            "Council rated": pairs["rated"],
            "Trust (0-100)": whole(pairs["trust"]),
            "Goals aligned (0-100)": whole(pairs["alignment"]),
            "Ratings": pairs[col.N],
            "Difference from the other direction": whole(pairs["trust_asymmetry"]),
            "Asymmetric": pairs["asymmetric"].map({True: "yes: discuss", False: "no"}),
        }
    )


def changes_table(changes: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Council, Dimension, previous and current score, change (empty when either round has no score)."""
    return pd.DataFrame(
        {
            "Council": changes[col.COUNCIL],
            "Dimension": changes[col.DIMENSION].map(fw.dimension_names),
            "Previous round": changes["previous_round"],
            "Previous score": whole(changes["previous"]),
            "Score now": whole(changes["current"]),
            "Change": whole(changes["change"]),
        }
    )


def distribution_table(dist: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Per statement: how many gave each answer, Don't know, blank, and the net agreement (%), most agreed first."""
    counts = dist.pivot(index=col.STATEMENT, columns="value", values="count")
    counts.columns = pd.Index([fw.labels[int(v) - 1] for v in counts.columns])
    info = dist.drop_duplicates(col.STATEMENT).set_index(col.STATEMENT)
    text = {s.id: s.text for s in fw.statements}
    out = counts.assign(
        **{
            "Don't know": info[col.DONT_KNOW],
            "Blank": info["blank"],
            "Net agreement (%)": whole(info["net_agreement"] * 100),
        }
    )
    out = out.sort_values("Net agreement (%)", ascending=False, kind="stable")
    out.insert(0, "Statement", [text.get(s, s) for s in out.index])
    out.index.name = "ID"
    return out.reset_index()


DONT_KNOW_FINDING = 0.25  # a statement that a quarter or more of respondents cannot answer is itself a finding


def high_dont_know(dist: pd.DataFrame, share: float = DONT_KNOW_FINDING) -> pd.DataFrame:
    """Statements where at least `share` of the council's respondents answered Don't know."""
    info = dist.drop_duplicates(col.STATEMENT)
    return info[info[col.DONT_KNOW] >= share * info["respondents"]][[col.STATEMENT, "dont_know", "respondents"]]


def trend_table(trends: pd.DataFrame, council: str, fw: Framework) -> pd.DataFrame:
    """One row per dimension, one column per round (oldest first): the council's scores."""
    own = trends[trends[col.COUNCIL] == council].sort_values("round_index")
    wide = own.pivot(index=col.DIMENSION, columns="round", values=col.SCORE)
    wide = (
        wide.reindex(index=list(fw.dimension_ids), columns=list(dict.fromkeys(own["round"]))).round(0).astype("Int64")
    )
    wide.index = pd.Index([fw.dimension_names[d] for d in wide.index], name="Dimension")
    wide.columns.name = None
    return wide.reset_index()


def actions_table(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions for people: due dates as 28 November 2026, carried-over ones marked."""

    return pd.DataFrame(
        {
            "Action": actions["action"],
            "Owner": actions["owner"],
            "Council": actions[col.COUNCIL].replace("", "the partnership"),
            "Due": [long_date(d) if isinstance(d, dt.date) else "" for d in actions["due"]],
            "Status": actions[col.STATUS],
            "Agreed in": actions["raised_in"],
            "Carried over": actions["carried_over"].map({True: "yes", False: "no"}),
            "About": actions["topic"],
        }
    )
