"""Findings in words: the few things a director should see first, each pointing at the chart that shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.ambition import ready_rungs
from rasp.method.gaps import material_gaps
from rasp.method.scoring import BAND_CONCERN, BAND_WORDS, band
from rasp.method.snapshot import Snapshot
from rasp.method.trends import biggest_changes

PAGE_GAPS = "pages/3_Alignment_gaps.py"
PAGE_SPLIT = "pages/4_Consensus_or_split.py"
PAGE_AMBITION = "pages/5_Ambition_and_readiness.py"
PAGE_COMPARE = "pages/2_Compare_councils.py"
PAGE_TRENDS = "pages/7_Trends.py"
MIN_CHANGE = 10.0  # changes smaller than this many points are not called out


@dataclass(frozen=True)
class Finding:
    kind: str  # gap, split, ambition, readiness, weakest, change; 'more' for "and N more ..."
    text: str
    page: str  # the page whose chart shows it
    focus: dict[str, str] = field(default_factory=dict)  # what that page should select first: council,
    # dimension (its name), gap (the gap picker's label)


def _more(kind_words: str, hidden: int, page: str) -> list[Finding]:
    """'…and 12 more material gaps.' when a kind had more findings than are listed, else nothing."""
    if hidden <= 0:
        return []
    return [Finding("more", f"…and {hidden} more {kind_words}.", page)]


def gap_label(council_a: str, council_b: str, dimension_name: str, gap: float) -> str:
    """How a gap is named in the gap picker and in findings' focus."""
    return f"{council_a} and {council_b}: {dimension_name} ({gap:.0f} points)"


def _gaps(snap: Snapshot, fw: Framework, count: int) -> list[Finding]:
    scores = snap.scores.set_index([col.COUNCIL, col.DIMENSION])[col.SCORE]
    out = []
    ranked = material_gaps(snap.gaps)
    for r in ranked.head(count).to_dict("records"):
        name = fw.dimension_names[r[col.DIMENSION]]
        a, b = scores[(r[col.COUNCIL_A], r[col.DIMENSION])], scores[(r[col.COUNCIL_B], r[col.DIMENSION])]
        out.append(
            Finding(
                "gap",
                f"{r['council_a']} and {r['council_b']} are {r['gap']:.0f} points apart on {name.lower()} "
                f"({a:.0f} and {b:.0f}).",
                PAGE_GAPS,
                {"gap": gap_label(r[col.COUNCIL_A], r[col.COUNCIL_B], name, r[col.GAP]), "dimension": name},
            )
        )
    return out + _more("material gaps", len(ranked) - count, PAGE_GAPS)


MAX_SPLITS = 5  # the widest splits; the Consensus or split page lists them all


def _splits(snap: Snapshot, fw: Framework) -> list[Finding]:
    every = snap.agreement[snap.agreement["split"].eq(True)].sort_values("ad", ascending=False, kind="stable")
    chosen = every.head(MAX_SPLITS)
    scores = snap.scores.set_index([col.COUNCIL, col.DIMENSION])[col.SCORE]
    return [
        Finding(
            "split",
            f"{r['council']} is split on {fw.dimension_names[r['dimension']].lower()}: its score of "
            f"{scores[(r['council'], r['dimension'])]:.0f} is an average of respondents who disagree, not a "
            "consensus.",
            PAGE_SPLIT,
            {"council": r[col.COUNCIL], "dimension": fw.dimension_names[r[col.DIMENSION]]},
        )
        for r in chosen.to_dict("records")
    ] + _more("split scores", len(every) - MAX_SPLITS, PAGE_SPLIT)


def _ambition(snap: Snapshot, fw: Framework, count: int) -> list[Finding]:
    label = {rung.rung: rung.label for rung in fw.ladder}
    apart = snap.ambition_disagreements
    out = [
        Finding(
            "ambition",
            f"{r['council_a']} ({label[r['target_a']]}) and {r['council_b']} ({label[r['target_b']]}) are "
            f"{r['difference']} rungs apart on the form of sharing they want.",
            PAGE_AMBITION,
            {"council": r[col.COUNCIL_A]},
        )
        for r in apart.head(count).to_dict("records")
    ]
    out += _more("pairs of councils two or more rungs apart on ambition", len(apart) - count, PAGE_AMBITION)
    inside = snap.targets[snap.targets["internal_disagreement"]]
    for r in inside.head(count).to_dict("records"):
        text = (
            f"{r['council']}'s respondents want different forms of sharing, from {label[r['lowest']]} to "
            f"{label[r['highest']]}."
        )
        out.append(Finding("ambition", text, PAGE_AMBITION, {"council": r[col.COUNCIL]}))
    out += _more("councils whose own respondents want different forms", len(inside) - count, PAGE_AMBITION)
    if not snap.targets.empty:
        ready = ready_rungs(snap.scores, fw)
        short = [r for r in snap.targets.to_dict("records") if int(ready[r[col.COUNCIL]]) < r["target_rung"]]
        for r in short[:count]:
            now = int(ready[r[col.COUNCIL]])
            text = f"{r['council']} aims for {label[r['target_rung']]} but is ready for {label[now]}."
            out.append(Finding("readiness", text, PAGE_AMBITION, {"council": r[col.COUNCIL]}))
        out += _more("councils not yet ready for their target", len(short) - count, PAGE_AMBITION)
    return out


def _weakest(snap: Snapshot, fw: Framework, count: int) -> list[Finding]:
    view = snap.view.dropna(subset=["min"])
    every = view[band(view["min"], fw.thresholds) == BAND_CONCERN].sort_values("min", kind="stable")
    low = every.head(count)
    return [
        Finding(
            "weakest",
            f"{fw.dimension_names[r['dimension']]}: the weakest link is {r['weakest']} at "
            f"{r['min']:.0f} ({BAND_WORDS[BAND_CONCERN]}); the partnership is only as ready as its least "
            "ready member.",
            PAGE_COMPARE,
            {"council": str(r["weakest"]), "dimension": fw.dimension_names[r[col.DIMENSION]]},
        )
        for r in low.to_dict("records")
    ] + _more("dimensions whose weakest link is a concern", len(every) - count, PAGE_COMPARE)


def _changes(changes: pd.DataFrame | None, fw: Framework, count: int) -> list[Finding]:
    if changes is None or changes.empty:
        return []
    top = biggest_changes(changes, count)
    top = top[top["change"].abs() >= MIN_CHANGE]
    return [
        Finding(
            "change",
            f"{r['council']}'s score for {fw.dimension_names[r['dimension']].lower()} "
            f"{'rose' if r['change'] > 0 else 'fell'} by {abs(r['change']):.0f} points since {r['previous_round']} "
            f"({r['previous']:.0f} to {r['current']:.0f}).",
            PAGE_TRENDS,
            {"council": r[col.COUNCIL], "dimension": fw.dimension_names[r[col.DIMENSION]]},
        )
        for r in top.to_dict("records")
    ]


def findings(snap: Snapshot, fw: Framework, changes: pd.DataFrame | None = None, count: int = 3) -> list[Finding]:
    """The `count` largest material gaps, the widest splits, ambition disagreements (and councils not ready for
    their target), weakest-link dimensions of concern and the biggest changes since the previous round. Each
    kind is capped (a partnership of forty councils has hundreds); a capped kind ends with an "…and N more"
    finding that points at the page listing them all."""
    return [
        *_gaps(snap, fw, count),
        *_splits(snap, fw),
        *_ambition(snap, fw, count),
        *_weakest(snap, fw, count),
        *_changes(changes, fw, count),
    ]
