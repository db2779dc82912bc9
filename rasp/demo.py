"""The demo partnership: fictional councils whose returns are made from the real template, filled in, and
imported through the normal path (read, validate, store), so the demo exercises what officers use.

Built in differences, so every view has something to show:
- Ashby City Council is split on ethos and culture (half its respondents agree strongly, half disagree);
- Northvale and Westbrook are materially apart on governance;
- Eastmoor Borough Council is far weaker than the others on willingness to compromise.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import Engine

from rasp.framework import Framework
from rasp.importer import import_bytes
from rasp.store.reads import directory
from rasp.store.writes import setup_partnership
from rasp.template import build_template, fill_template

DEMO_PARTNERSHIP = "Demo: Northvale shared ICT partnership"
DEMO_ROUND = "2026 baseline"
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

# Per council: respondents, target rung, and the typical answer (1-5) per dimension in framework order
# (strategy, trust, compromise, culture, resources, risk, governance). "split" marks a split dimension.
COUNCILS: dict[str, tuple[int, int, list[float | str]]] = {
    "Northvale District Council": (7, 5, [4.3, 4.2, 3.9, 3.8, 3.6, 3.5, 4.4]),
    "Eastmoor Borough Council": (5, 3, [3.4, 3.0, 1.6, 3.2, 2.9, 3.1, 3.3]),
    "Ashby City Council": (8, 5, [4.0, 3.8, 3.6, "split", 3.4, 3.7, 3.6]),
    "Westbrook County Council": (4, 4, [3.6, 3.4, 3.3, 3.5, 2.6, 2.7, 2.2]),
    "Riverside Borough Council": (3, 4, [3.8, 3.9, 3.5, 3.6, 3.3, 3.2, 3.4]),
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


def demo_returns(fw: Framework, seed: int = 2026) -> list[tuple[str, bytes]]:
    """(file name, filled .xlsx bytes) for every demo respondent."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not security
    names = list(COUNCILS)
    files: list[tuple[str, bytes]] = []
    for council, (count, target, profile) in COUNCILS.items():
        template = build_template(
            fw,
            partnership=DEMO_PARTNERSHIP,
            councils=names,
            rounds=[DEMO_ROUND],
            council=council,
            round_name=DEMO_ROUND,
        )
        for i in range(count):
            answers = {s.id: _answer(rng, profile[fw.dimension_ids.index(s.dimension)], i, fw) for s in fw.statements}
            partners = {}
            for other in names:
                if other != council:
                    base = TRUST.get(other, 3.9)
                    partners[other] = (
                        max(1, min(5, round(base + rng.gauss(0, 0.5)))),
                        max(1, min(5, round(base - 0.2 + rng.gauss(0, 0.6)))),
                    )
            about = {
                "Respondent": f"Respondent {i + 1}",
                "Role": ROLES[i % len(ROLES)],
                "Target form of sharing": fw.rung(target if i % 3 else max(1, target - (i % 2))).label,
                "Scope": fw.scopes[min(2, target // 2)],
            }
            data = fill_template(
                template,
                about=about,
                answers=answers,
                partners=partners,
                evidence={"T1": "We have run a joint contact centre since 2019."} if i == 0 else {},
            )
            files.append((f"{council.split()[0].lower()}-respondent-{i + 1}.xlsx", data))
    return files


def build_demo(engine: Engine, fw: Framework, progress: Callable[[str], object] = lambda _: None) -> str:
    """Set up the demo partnership and import its returns. Running it again replaces the same respondents'
    returns rather than adding new ones."""
    setup_partnership(engine, DEMO_PARTNERSHIP, list(COUNCILS), DEMO_ROUND)
    files = demo_returns(fw)
    stored = 0
    for i, (name, data) in enumerate(files, start=1):
        result = import_bytes(engine, fw, data, name, partnership=DEMO_PARTNERSHIP, uploaded_by="demo")
        if not result.ok:
            raise RuntimeError(f"The demo return {name} did not import: {result.message} {result.problems}")
        stored += 1
        if i % 5 == 0 or i == len(files):
            progress(f"Imported {i} of {len(files)} demo returns…")
    councils = len(directory(engine).councils[DEMO_PARTNERSHIP])
    return f"Demo partnership '{DEMO_PARTNERSHIP}' ready: {councils} councils, {stored} returns in {DEMO_ROUND}."
