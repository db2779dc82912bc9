"""Everything a person may read of a partnership's round, built once and cut by their scope: what the CLI's
tables and every export (PowerPoint, Excel, web report) are made from."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from rasp.access.people import scope_in
from rasp.access.policy import AccessDenied, Person, Scope
from rasp.access.restrict import restrict, restrict_actions, restrict_trends
from rasp.core.framework import Framework
from rasp.method.snapshot import Snapshot
from rasp.store.actions import load_actions
from rasp.store.reads import directory
from rasp.store.snapshots import build_snapshot, build_trends


@dataclass(frozen=True)
class Readable:
    scope: Scope
    snapshot: Snapshot
    trends: pd.DataFrame
    actions: pd.DataFrame
    councils: tuple[str, ...]  # the partnership's councils this person may name, in set-up order


def readable(engine: Engine, fw: Framework, person: Person, partnership: str, round_name: str) -> Readable:
    """The round as `person` may see it. Raises AccessDenied when they have no role in the partnership."""
    scope = scope_in(engine, person, partnership)
    if not scope.can_read:
        raise AccessDenied(f"{person.label} has no role in {partnership}, so there is nothing to show.")
    councils = tuple(c for c in directory(engine).councils.get(partnership, ()) if scope.names(c))
    return Readable(
        scope,
        restrict(build_snapshot(engine, fw, partnership, round_name), scope),
        restrict_trends(build_trends(engine, fw, partnership), scope),
        restrict_actions(load_actions(engine, partnership, round_name), scope),
        councils,
    )
