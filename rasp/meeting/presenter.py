"""The facilitator's storyline (pure): the screens in order, and the topics a meeting can agree on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.core.words import plural
from rasp.method.gaps import material_gaps
from rasp.method.scoring import council_scores, respondent_scores
from rasp.method.snapshot import Snapshot


@dataclass(frozen=True)
class Screen:
    id: str
    title: str
    question: str  # the one idea the screen puts to the room


JOIN = Screen("join", "Join in", "Answer on your phone: scan the code, or type the address.")
STORYLINE = (
    Screen("where", "Where we are", "How ready is each council, dimension by dimension?"),
    Screen("apart", "Where we differ", "Where are two councils {material_gap} points or more apart?"),
    Screen("split", "Consensus or split", "Which scores hide a council that disagrees with itself?"),
    Screen("ladder", "Can we reach our target?", "Is each council ready for the form of sharing it wants?"),
    Screen("trust", "What we trust", "Who trusts whom, and where is trust one-sided?"),
    Screen("pulse", "The room's pulse", "What do the people in this room say right now?"),
    Screen("next", "What to do next", "What do we agree, and who does what by when?"),
)


def storyline(has_pulse: bool, fw: Framework, live: bool = False) -> list[Screen]:
    """The screens to show, their questions worded with the framework's thresholds: the join screen first while a
    link is open; the pulse screen only when the room has answered a pulse."""
    gap = f"{fw.thresholds.material_gap:g}"
    shown = [*([JOIN] if live else []), *(s for s in STORYLINE if s.id != "pulse" or has_pulse)]
    return [Screen(s.id, s.title, s.question.format(material_gap=gap)) for s in shown]


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


ROOM = "The room (all councils)"


@dataclass(frozen=True)
class Pulse:
    """What the projector may show of the quick pulse (BRIEF section 6, end): a council's own row only from
    `min_n` pulse answers from it; the room pooled (every council together) once `min_n` have answered."""

    scores: pd.DataFrame  # council, dimension, score, n, band: the shown rows only (may be empty)
    rows: tuple[str, ...]  # the shown rows, councils first, the room last
    answered: int  # pulse answers in the round (people, not statements)
    held_back: tuple[str, ...]  # councils that answered, but fewer than min_n times
    min_n: int

    @property
    def sentence(self) -> str:
        """How many answered, and what is shown, in plain words with correct plurals."""
        said = (
            f"{plural(self.answered, 'person', 'people')} {'has' if self.answered == 1 else 'have'} answered the pulse."
        )
        if self.answered < self.min_n:
            return f"{said} The room's view is shown once {self.min_n} have answered."
        if not self.held_back:
            return said
        which = plural(len(self.held_back), "council")
        return (
            f"{said} {which} with fewer than {self.min_n} answers {'is' if len(self.held_back) == 1 else 'are'} "
            "counted in the room's view only."
        )


def pulse_view(answers: pd.DataFrame, fw: Framework, councils: tuple[str, ...]) -> Pulse:
    """The pulse as the room may see it: scored with the pulse framework (one statement per dimension), a
    council's row only with enough answers to describe no individual, and the pooled room row."""
    pulse = fw.pulse()
    min_n = fw.thresholds.anonymity_min_respondents
    people = answers.groupby(col.COUNCIL)[col.RETURN_ID].nunique() if not answers.empty else pd.Series(dtype="int64")
    total = int(people.sum())
    enough = tuple(c for c in councils if int(people.get(c, 0)) >= min_n)
    held = tuple(c for c in councils if 0 < int(people.get(c, 0)) < min_n)
    parts = []
    if enough:
        scored = council_scores(respondent_scores(answers, pulse), pulse, councils)
        parts.append(scored[scored[col.COUNCIL].isin(enough)])
    if total >= min_n:
        pooled = answers.assign(**{col.COUNCIL: ROOM})
        parts.append(council_scores(respondent_scores(pooled, pulse), pulse, (ROOM,)))
    columns = [col.COUNCIL, col.DIMENSION, col.SCORE, col.N, col.BAND]
    scores = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    rows = (*enough, ROOM) if total >= min_n else ()
    return Pulse(scores.reset_index(drop=True), rows, total, held, min_n)
