"""Warnings on a valid return: what it will not count for, said before anyone reads a chart.

A dimension with fewer than the framework's share of statements answered (half, by default) has no score for
that respondent (rule 2 of the method, worked out by the scoring code itself, not a second copy of it); a
return without partner ratings adds nothing to the trust figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.core.records import ParsedReturn
from rasp.method.scoring import respondent_scores


def _plainly_counted(parsed: ParsedReturn, fw: Framework) -> bool:
    """True when every dimension has at least the required share of its items answered, each with a positive
    weight: then the scoring code counts them all, and asking it (a pandas group-by, tens of milliseconds) can
    be skipped. Anything less plain goes to the scoring code itself."""
    weight = {s.id: s.weight for s in fw.statements}
    answered: dict[str, int] = {}
    for a in parsed.answers:
        if a.value is not None:
            if not weight.get(a.statement_id, 0) > 0:
                return False
            answered[a.dimension_id] = answered.get(a.dimension_id, 0) + 1
    share = fw.thresholds.min_answered_fraction
    return all(answered.get(d.id, 0) >= share * len(d.statements) for d in fw.dimensions)


def uncounted_dimensions(parsed: ParsedReturn, fw: Framework) -> list[tuple[str, int, int]]:
    """(dimension name, answered, items) for each dimension that will not count for this respondent."""
    return uncounted_for([parsed], fw)[0]


def uncounted_for(returns: Sequence[ParsedReturn], fw: Framework) -> list[list[tuple[str, int, int]]]:
    """`uncounted_dimensions` for many returns with one call of the scoring code (a 500-row export is one), and
    none for a batch whose every return is plainly counted in full (`_plainly_counted`)."""
    unclear = [i for i, parsed in enumerate(returns) if not _plainly_counted(parsed, fw)]
    found: list[list[tuple[str, int, int]]] = [[] for _ in returns]
    if unclear:
        for i, missing in zip(unclear, _scored([returns[i] for i in unclear], fw), strict=True):
            found[i] = missing
    return found


def _scored(returns: Sequence[ParsedReturn], fw: Framework) -> list[list[tuple[str, int, int]]]:
    """What the scoring code itself says does not count, per return."""
    frame = pd.DataFrame(
        {
            col.RETURN_ID: [i for i, p in enumerate(returns) for _ in p.answers],
            col.COUNCIL: [p.council for p in returns for _ in p.answers],
            col.STATEMENT: [a.statement_id for p in returns for a in p.answers],
            col.DIMENSION: [a.dimension_id for p in returns for a in p.answers],
            col.VALUE: pd.Series([a.value for p in returns for a in p.answers], dtype="float64"),
            col.STATUS: [a.status for p in returns for a in p.answers],
        }
    )
    scores = respondent_scores(frame, fw)
    counted = set(
        zip(
            scores.loc[scores[col.SCORE].notna(), col.RETURN_ID],
            scores.loc[scores[col.SCORE].notna(), col.DIMENSION],
            strict=True,
        )
    )
    answered = {
        (rid, dim): int(n)
        for rid, dim, n in zip(scores[col.RETURN_ID], scores[col.DIMENSION], scores[col.ANSWERED], strict=True)
    }
    return [
        [(d.name, answered.get((i, d.id), 0), len(d.statements)) for d in fw.dimensions if (i, d.id) not in counted]
        for i in range(len(returns))
    ]


def return_warnings(
    parsed: ParsedReturn, fw: Framework, councils: Sequence[str], missing: list[tuple[str, int, int]] | None = None
) -> tuple[str, ...]:
    """Plain sentences for a valid return that will not count in full; empty when it counts in full.
    `missing` is its `uncounted_dimensions` when already worked out (for many returns at once)."""
    warnings: list[str] = []
    missing = uncounted_dimensions(parsed, fw) if missing is None else missing
    if missing:
        share = "half" if fw.thresholds.min_answered_fraction == 0.5 else f"{fw.thresholds.min_answered_fraction:.0%}"
        listed = "; ".join(f"{name} ({answered} of {items} answered)" for name, answered, items in missing)
        which = "this dimension" if len(missing) == 1 else "these dimensions"
        warnings.append(
            f"Fewer than {share} of the statements are answered in: {listed}. {which.capitalize()} will not "
            "count for this respondent (Don't know and blanks are not answers)."
        )
    partners = [c for c in councils if c != parsed.council]
    if partners and not parsed.ratings:
        warnings.append(
            "No partner ratings: this return adds nothing to the trust and alignment figures between partners."
        )
    return tuple(warnings)
