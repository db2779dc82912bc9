"""Apply a `Scope` to what the method computed: the one place where tables lose what a person may not read.

Pure (pandas in, pandas out). Everything a page, export or command shows is cut here first:

- a scope that sees everyone gets the snapshot as it is;
- a scope that sees only its own councils (in confidence) keeps their rows in every per-council table,
  empties the tables about pairs (gaps, alignment, trust, ambition disagreements), and keeps the partnership
  view only as unnamed aggregates, only when 3 or more councils have returns (else no figure at all);
- a scope with no role gets nothing.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from rasp.access.policy import MIN_COUNCILS_FOR_AGGREGATES, Scope
from rasp.core import columns as col
from rasp.method.snapshot import Snapshot

UNNAMED = "a partner council"
PAIR_TABLES = ("gaps", "alignment", "ambition_disagreements", "trust")
COUNCIL_TABLES = ("answers", "returns", "respondents", "scores", "agreement", "targets", "ambition")
AGGREGATES = ["mean", "min", "max", "spread"]


def _none(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.iloc[0:0].copy()


def _own_rows(frame: pd.DataFrame, councils: frozenset[str]) -> pd.DataFrame:
    if col.COUNCIL not in frame.columns:
        return _none(frame)
    return frame[frame[col.COUNCIL].isin(councils)].reset_index(drop=True)


def unnamed_view(view: pd.DataFrame, own: frozenset[str], councils_with_returns: int) -> pd.DataFrame:
    """The partnership view as aggregates without names: another council named as the weakest link becomes
    "a partner council"; with fewer than 3 councils with returns every aggregate is withheld (NaN)."""
    out = view.copy()
    if councils_with_returns < MIN_COUNCILS_FOR_AGGREGATES:
        out[AGGREGATES] = float("nan")
        out["weakest"] = None
        return out
    out["weakest"] = out["weakest"].map(lambda c: c if c in own or c is None or pd.isna(c) else UNNAMED)
    return out


def restrict(snap: Snapshot, scope: Scope) -> Snapshot:
    """The snapshot as `scope` may see it."""
    if scope.sees_everyone:
        return snap
    own = scope.named or frozenset()
    if not scope.can_read:
        own = frozenset()
    changes: dict[str, object] = {"councils": tuple(c for c in snap.councils if c in own)}
    for name in COUNCIL_TABLES:
        changes[name] = _own_rows(getattr(snap, name), own)
    for name in PAIR_TABLES:
        changes[name] = _none(getattr(snap, name))
    with_returns = int((snap.respondent_counts() > 0).sum())
    changes["view"] = unnamed_view(snap.view, own, with_returns if scope.can_read else 0)
    return dataclasses.replace(snap, **changes)  # type: ignore[arg-type]


def restrict_trends(trends: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Council scores across rounds, for the councils the scope names."""
    if scope.sees_everyone:
        return trends
    return _own_rows(trends, scope.named or frozenset() if scope.can_read else frozenset())


def restrict_actions(actions: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Agreed actions: everyone in the partnership sees them in an open partnership; in confidence, a council's
    people see only actions owned by their own council (an action's topic may name partners)."""
    if scope.sees_everyone:
        return actions
    if not scope.can_read or "council" not in actions.columns:
        return _none(actions)
    return actions[actions["council"].isin(scope.own)].reset_index(drop=True)
