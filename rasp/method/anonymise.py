"""The in-confidence view: councils shown as "Council A", "Council B", ... in every table of a snapshot."""

from __future__ import annotations

import dataclasses
import string

import pandas as pd

from rasp.method.snapshot import Snapshot

NAME_COLUMNS = ("council", "council_a", "council_b", "weakest", "rater", "rated")


def council_aliases(councils: tuple[str, ...]) -> dict[str, str]:
    """'Council A', 'Council B', ... in set-up order (then 'Council AA', 'Council AB', ... past 26)."""
    letters = string.ascii_uppercase
    out = {}
    for i, name in enumerate(councils):
        code = letters[i] if i < 26 else letters[i // 26 - 1] + letters[i % 26]
        out[name] = f"Council {code}"
    return out


def anonymise_frame(frame: pd.DataFrame, aliases: dict[str, str]) -> pd.DataFrame:
    """A copy with council names replaced by their aliases and people's names and file names blanked."""
    out = frame.copy()
    for column in NAME_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: aliases.get(v, v))
    for column in ("respondent", "filename", "uploaded_by"):
        if column in out.columns:
            out[column] = ""
    return out


def anonymise(snap: Snapshot, aliases: dict[str, str] | None = None) -> Snapshot:
    """The same snapshot with council names replaced everywhere and respondents' names removed. Pass the
    partnership-wide `aliases` when other tables (e.g. trends) must use the same letters."""
    aliases = aliases or council_aliases(snap.councils)
    changes: dict[str, object] = {"councils": tuple(aliases[c] for c in snap.councils)}
    for f in dataclasses.fields(snap):
        value = getattr(snap, f.name)
        if isinstance(value, pd.DataFrame):
            changes[f.name] = anonymise_frame(value, aliases)
    return dataclasses.replace(snap, **changes)  # type: ignore[arg-type]
