"""The demo partnership: fictional councils whose returns are made from the real template, filled in, and
imported through the normal path (read, validate, store), so the demo exercises what officers use.

Built in differences, so every view has something to show:
- Ashby City Council is split on ethos and culture (half its respondents agree strongly, half disagree);
- Northvale and Westbrook are materially apart on governance;
- Eastmoor Borough Council is far weaker than the others on willingness to compromise.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from sqlalchemy import Engine

from rasp.core import config
from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.intake.template import build_template, fill_template
from rasp.store.locks import once_per_database
from rasp.store.reads import directory
from rasp.store.writes import setup_partnership

DEMO_PARTNERSHIP = config.DEMO_PARTNERSHIP
DEMO_ROUND = "2026 baseline"
DEMO_ROUND_2 = "2026 autumn review"
ROUND_DATES = {DEMO_ROUND: dt.date(2026, 3, 2), DEMO_ROUND_2: dt.date(2026, 11, 2)}
NEWCOMER = "Southgate Town Council"  # joins the partnership in the second round
ROLES = [
    "Chief executive",
    "Director of digital",
    "Head of ICT",
    "Finance lead",
    "HR lead",
    "Service manager",
    "Programme manager",
    "Elected member",
    "Legal adviser",
    "Customer services lead",
]

Profile = dict[str, tuple[int, int, list[float | str]]]
# Per council: respondents, target rung, and the typical answer (1-5) per dimension in framework order
# (strategy, trust, compromise, culture, resources, risk, governance). "split" marks a split dimension.
BASELINE: Profile = {
    "Northvale District Council": (7, 5, [4.3, 4.2, 3.9, 3.8, 3.6, 3.5, 4.4]),
    "Eastmoor Borough Council": (5, 3, [3.4, 3.0, 1.6, 3.2, 2.9, 3.1, 3.3]),
    "Ashby City Council": (8, 5, [4.0, 3.8, 3.6, "split", 3.4, 3.7, 3.6]),
    "Westbrook County Council": (4, 4, [3.6, 3.4, 3.3, 3.5, 2.6, 2.7, 2.2]),
    "Riverside Borough Council": (3, 4, [3.8, 3.9, 3.5, 3.6, 3.3, 3.2, 3.4]),
}
# Six months on: Westbrook has worked on governance and resources, Eastmoor moved a little on compromise,
# Ashby is still split on culture, and Southgate has joined.
REVIEW: Profile = {
    "Northvale District Council": (7, 5, [4.4, 4.2, 4.0, 3.9, 3.8, 3.7, 4.5]),
    "Eastmoor Borough Council": (5, 3, [3.5, 3.1, 1.9, 3.3, 3.0, 3.2, 3.4]),
    "Ashby City Council": (8, 5, [4.1, 3.9, 3.7, "split", 3.6, 3.8, 3.8]),
    "Westbrook County Council": (4, 4, [3.7, 3.5, 3.4, 3.6, 3.3, 3.2, 3.4]),
    "Riverside Borough Council": (3, 4, [3.9, 4.0, 3.6, 3.7, 3.5, 3.4, 3.6]),
    NEWCOMER: (3, 4, [3.5, 3.4, 3.6, 3.5, 3.1, 3.0, 3.2]),
}
# How much each council trusts each other (1-5), before noise; deliberately not symmetric.
TRUST = {"Eastmoor Borough Council": 2.4, "Westbrook County Council": 3.6}


def _answer(rng: random.Random, typical: float | str, index: int, fw: Framework) -> object:
    """One answer in one of the ways officers write them (4, '4 - Agree', 'Agree', "Don't know")."""
    if rng.random() < 0.05:
        return fw.dont_know
    if typical == "split":
        value = rng.choice([5, 5, 4]) if index % 2 == 0 else rng.choice([1, 2, 2])
    else:
        value = max(1, min(5, round(float(typical) + rng.gauss(0, 0.6))))
    style = rng.random()
    if style < 0.6:
        return fw.answer_options()[value - 1]
    if style < 0.8:
        return value
    return fw.labels[value - 1]


def demo_returns(
    fw: Framework, round_name: str = DEMO_ROUND, profile: Profile = BASELINE, seed: int = 2026
) -> list[tuple[str, bytes]]:
    """(file name, filled .xlsx bytes) for every demo respondent of one round."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not security
    names = list(profile)
    files: list[tuple[str, bytes]] = []
    for council, (count, target, typical) in profile.items():
        template = build_template(
            fw,
            partnership=DEMO_PARTNERSHIP,
            councils=names,
            rounds=[round_name],
            council=council,
            round_name=round_name,
        )
        for i in range(count):
            answers = {s.id: _answer(rng, typical[fw.dimension_ids.index(s.dimension)], i, fw) for s in fw.statements}
            partners = {
                other: (_rating(rng, TRUST.get(other, 3.9)), _rating(rng, TRUST.get(other, 3.9) - 0.2))
                for other in names
                if other != council
            }
            about = {
                "Respondent": f"Respondent {i + 1}",
                "Role": ROLES[i % len(ROLES)],
                "Target form of sharing": fw.rung(target if i % 3 else max(1, target - (i % 2))).label,
                "Scope": fw.scopes[min(2, target // 2)],
            }
            evidence = {"T1": "We have run a joint contact centre since 2019."} if i == 0 else {}
            data = fill_template(template, about=about, answers=answers, partners=partners, evidence=evidence)
            files.append((f"{council.split()[0].lower()}-respondent-{i + 1}-{round_name[:4]}.xlsx", data))
    return files


def _rating(rng: random.Random, typical: float) -> int:
    return max(1, min(5, round(typical + rng.gauss(0, 0.5))))


def build_demo(engine: Engine, fw: Framework, progress: Callable[[str], object] = lambda _: None) -> str:
    """Set up the demo partnership with two rounds (a council joins in the second) and import every return
    through the normal path. Running it again replaces the same respondents' returns rather than adding more."""
    stored = 0
    for round_name, profile, seed in ((DEMO_ROUND, BASELINE, 2026), (DEMO_ROUND_2, REVIEW, 2027)):
        setup_partnership(engine, DEMO_PARTNERSHIP, list(profile), round_name, ROUND_DATES[round_name])
        files = demo_returns(fw, round_name, profile, seed)
        for i, (name, data) in enumerate(files, start=1):
            result = import_bytes(engine, fw, data, name, partnership=DEMO_PARTNERSHIP, uploaded_by="demo")
            if not result.ok:
                raise RuntimeError(f"The demo return {name} did not import: {result.message} {result.problems}")
            stored += 1
            if i % 5 == 0 or i == len(files):
                progress(f"{round_name}: imported {i} of {len(files)} demo returns…")
    councils = len(directory(engine).councils[DEMO_PARTNERSHIP])
    return f"Demo partnership '{DEMO_PARTNERSHIP}' ready: {councils} councils, {stored} returns in two rounds."


def load_demo_if_empty(engine: Engine, fw: Framework, progress: Callable[[str], object] = lambda _: None) -> str | None:
    """First start: load the demo into an empty database exactly once, however many app processes start at the
    same moment (the others wait for it, then find it there). None when the database was not empty."""
    with once_per_database(engine):
        if directory(engine).partnerships:
            return None
        return build_demo(engine, fw, progress)
