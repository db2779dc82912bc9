"""The demo partnership: fictional councils whose returns are made from the real template, filled in, and
imported through the normal path (read, validate, store), so the demo exercises what officers use.

Built in differences, so every view has something to show:
- Ashby City Council is split on ethos and culture (half its respondents agree strongly, half disagree);
- Northvale and Westbrook are materially apart on governance;
- Eastmoor Borough Council is far weaker than the others on willingness to compromise.

`ensure_demo` is what the app runs at first start: it loads the demo into an empty database, or finishes a
load that was interrupted (a stopped process, a closed tab), importing only the returns still missing, so it
can run any number of times and always ends with the same complete demo. A large variant (`large_profile`,
`build_large_demo`: forty councils, a county and its districts) shows how the pages read at that scale.
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
from rasp.store.reads import directory, load_returns
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


def demo_files(
    fw: Framework,
    round_name: str = DEMO_ROUND,
    profile: Profile = BASELINE,
    seed: int = 2026,
    partnership: str = DEMO_PARTNERSHIP,
) -> list[tuple[str, str, str, bytes]]:
    """(file name, council, respondent, filled .xlsx bytes) for every demo respondent of one round."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not security
    names = list(profile)
    files: list[tuple[str, str, str, bytes]] = []
    for council, (count, target, typical) in profile.items():
        template = build_template(
            fw,
            partnership=partnership,
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
            respondent = f"Respondent {i + 1}"
            about = {
                "Respondent": respondent,
                "Role": ROLES[i % len(ROLES)],
                "Target form of sharing": fw.rung(target if i % 3 else max(1, target - (i % 2))).label,
                "Scope": fw.scopes[min(2, target // 2)],
            }
            evidence = {"T1": "We have run a joint contact centre since 2019."} if i == 0 else {}
            data = fill_template(template, about=about, answers=answers, partners=partners, evidence=evidence)
            stem = "-".join(council.lower().split()[:2])
            files.append((f"{stem}-respondent-{i + 1}-{round_name[:4]}.xlsx", council, respondent, data))
    return files


def demo_returns(
    fw: Framework, round_name: str = DEMO_ROUND, profile: Profile = BASELINE, seed: int = 2026
) -> list[tuple[str, bytes]]:
    """(file name, filled .xlsx bytes) for every demo respondent of one round."""
    return [(name, data) for name, _, _, data in demo_files(fw, round_name, profile, seed)]


def _rating(rng: random.Random, typical: float) -> int:
    return max(1, min(5, round(typical + rng.gauss(0, 0.5))))


ROUNDS: tuple[tuple[str, Profile, int], ...] = ((DEMO_ROUND, BASELINE, 2026), (DEMO_ROUND_2, REVIEW, 2027))


def _load(
    engine: Engine,
    fw: Framework,
    partnership: str,
    rounds: tuple[tuple[str, Profile, int], ...],
    progress: Callable[[str], object],
) -> int:
    """Set the partnership up and import every return not yet stored (matched by council and respondent).
    Idempotent: a second run, or a run after an interrupted one, imports only what is missing."""
    stored = 0
    for round_name, profile, seed in rounds:
        setup_partnership(engine, partnership, list(profile), round_name, ROUND_DATES.get(round_name))
        have = load_returns(engine, partnership, round_name)
        done = set(zip(have["council"], have["respondent"], strict=True))
        files = demo_files(fw, round_name, profile, seed, partnership)
        for i, (name, council, respondent, data) in enumerate(files, start=1):
            if (council, respondent) not in done:
                result = import_bytes(engine, fw, data, name, partnership=partnership, uploaded_by="demo")
                if not result.ok:
                    raise RuntimeError(f"The demo return {name} did not import: {result.message} {result.problems}")
            stored += 1
            if i % 5 == 0 or i == len(files):
                progress(f"{round_name}: {i} of {len(files)} demo returns in place…")
    return stored


def build_demo(engine: Engine, fw: Framework, progress: Callable[[str], object] = lambda _: None) -> str:
    """Set up the demo partnership with two rounds (a council joins in the second) and import every return
    through the normal path. Running it again imports only returns that are missing, never a second copy."""
    stored = _load(engine, fw, DEMO_PARTNERSHIP, ROUNDS, progress)
    councils = len(directory(engine).councils[DEMO_PARTNERSHIP])
    return f"Demo partnership '{DEMO_PARTNERSHIP}' ready: {councils} councils, {stored} returns in two rounds."


def demo_missing(engine: Engine) -> int:
    """How many demo returns are still to be imported (0 when the demo is complete or is not this database's
    business: a database holding only other partnerships is never given the demo)."""
    known = directory(engine)
    if DEMO_PARTNERSHIP not in known.partnerships:
        return 0 if known.partnerships else sum(c for _, p, _ in ROUNDS for c, _, _ in p.values())
    missing = 0
    for round_name, profile, _ in ROUNDS:
        if round_name not in known.rounds[DEMO_PARTNERSHIP]:
            missing += sum(c for c, _, _ in profile.values())
            continue
        have = load_returns(engine, DEMO_PARTNERSHIP, round_name).groupby("council").size()
        missing += sum(max(0, count - int(have.get(council, 0))) for council, (count, _, _) in profile.items())
    return missing


def ensure_demo(engine: Engine, fw: Framework, progress: Callable[[str], object] = lambda _: None) -> str | None:
    """The first start: load the demo into an empty database, or complete one whose load was interrupted.
    Returns what was done, or None when there was nothing to do (the demo is complete, or the database holds
    real partnerships and no demo). Safe to call at every start, from any number of threads and processes: one
    at a time per database (rasp.store.locks.once_per_database); the others wait, then find it complete."""
    if demo_missing(engine) == 0:  # the usual case, answered without taking the lock
        return None
    with once_per_database(engine):
        if demo_missing(engine) == 0:
            return None
        return build_demo(engine, fw, progress)


def load_demo_if_empty(engine: Engine, fw: Framework, progress: Callable[[str], object] = lambda _: None) -> str | None:
    """The first start's demo load under its earlier name: `ensure_demo` (which also completes a partial load)."""
    return ensure_demo(engine, fw, progress)


# --- the large variant: forty councils, to see how the pages read at that scale -------------------------------

LARGE_PARTNERSHIP = "Demo: Greater Hartshire partnership (40 councils)"
_PLACES = [
    "Hartshire",
    "Abbotsford",
    "Barrowden",
    "Calderbrook",
    "Dunmere",
    "Elmstead",
    "Fernley",
    "Glenholme",
    "Hallowfield",
    "Ivybridge Vale",
    "Juniper Heath",
    "Kingsmoor",
    "Larkhill",
    "Marrowby",
    "Netherfold",
    "Oakhurst",
    "Pennington",
    "Queensbury",
    "Redwater",
    "Stonecross",
    "Thornbury",
    "Upperdale",
    "Vinecombe",
    "Wexley",
    "Yarrowby",
    "Ashcombe",
    "Brackenfield",
    "Coldharbour",
    "Dovecote",
    "Easterby",
    "Foxley",
    "Greystone",
    "Hazelmere",
    "Ironbridge Fields",
    "Kettlewell",
    "Longmarsh",
    "Millbrook",
    "Northcote",
    "Orchardleigh",
    "Pinewood",
]


def large_profile(count: int = 40, seed: int = 40) -> Profile:
    """A county and its districts: `count` councils with three respondents each (so agreement is shown),
    scores spread across the bands, a few split dimensions, and targets from Cooperate to Combine."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not security
    profile: Profile = {}
    for i in range(count):
        place = _PLACES[i % len(_PLACES)] + ("" if i < len(_PLACES) else f" {i // len(_PLACES) + 1}")
        kind = "County Council" if i == 0 else ("Borough Council" if i % 3 == 0 else "District Council")
        base = rng.uniform(2.4, 4.4)
        typical: list[float | str] = [round(min(4.8, max(1.3, base + rng.gauss(0, 0.5))), 1) for _ in range(7)]
        if i % 9 == 4:
            typical[3] = "split"
        profile[f"{place} {kind}"] = (3, rng.choice([3, 4, 4, 5, 5, 6]), typical)
    return profile


def build_large_demo(
    engine: Engine, fw: Framework, count: int = 40, progress: Callable[[str], object] = lambda _: None
) -> str:
    """Set up the large demo partnership (one round) through the normal import path."""
    stored = _load(engine, fw, LARGE_PARTNERSHIP, ((DEMO_ROUND, large_profile(count), 4040),), progress)
    return f"Demo partnership '{LARGE_PARTNERSHIP}' ready: {count} councils, {stored} returns."
