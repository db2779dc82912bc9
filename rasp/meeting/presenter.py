"""The facilitator's storyline (pure): the screens in order, and the topics a meeting can agree on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.method.gaps import material_gaps
from rasp.method.scoring import council_scores, respondent_scores
from rasp.method.snapshot import Snapshot


@dataclass(frozen=True)
class Screen:
    id: str
    title: str
    question: str  # the one idea the screen puts to the room


STORYLINE = (
    Screen("where", "Where we are", "How ready is each council, dimension by dimension?"),
    Screen("apart", "Where we differ", "Where are two councils {material_gap} points or more apart?"),
    Screen("split", "Consensus or split", "Which scores hide a council that disagrees with itself?"),
    Screen("ladder", "Can we reach our target?", "Is each council ready for the form of sharing it wants?"),
    Screen("trust", "What we trust", "Who trusts whom, and where is trust one-sided?"),
    Screen("pulse", "The room's pulse", "What do the people in this room say right now?"),
    Screen("next", "What to do next", "What do we agree, and who does what by when?"),
)


def storyline(has_pulse: bool, fw: Framework) -> list[Screen]:
    """The screens to show, their questions worded with the framework's thresholds; the pulse screen only when
    the room has answered a pulse."""
    gap = f"{fw.thresholds.material_gap:g}"
    return [
        Screen(s.id, s.title, s.question.format(material_gap=gap)) for s in STORYLINE if s.id != "pulse" or has_pulse
    ]


@dataclass(frozen=True)
class Topic:
    label: str
    dimension: str
    councils: tuple[str, ...]
    scores: tuple[float, ...]


def topics(snap: Snapshot, fw: Framework) -> list[Topic]:
    """What a meeting can settle: each material gap (largest first), then each split score."""
    scores = snap.scores.set_index([col.COUNCIL, col.DIMENSION])[col.SCORE]
    out = []
    for r in material_gaps(snap.gaps).to_dict("records"):
        a, b, d = r[col.COUNCIL_A], r[col.COUNCIL_B], r[col.DIMENSION]
        out.append(
            Topic(
                f"Gap: {a} and {b} on {fw.dimension_names[d].lower()} ({r[col.GAP]:.0f} points)",
                d,
                (a, b),
                (float(scores[(a, d)]), float(scores[(b, d)])),
            )
        )
    for r in snap.agreement[snap.agreement["split"].eq(True)].to_dict("records"):
        c, d = r[col.COUNCIL], r[col.DIMENSION]
        out.append(Topic(f"Split: {c} on {fw.dimension_names[d].lower()}", d, (c,), (float(scores[(c, d)]),)))
    return out


def pulse_scores(answers: pd.DataFrame, fw: Framework, councils: tuple[str, ...]) -> pd.DataFrame:
    """Council scores from the quick pulse (scored with the pulse framework: one statement per dimension)."""
    pulse = fw.pulse()
    return council_scores(respondent_scores(answers, pulse), pulse, councils)
