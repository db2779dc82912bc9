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


def uncounted_dimensions(parsed: ParsedReturn, fw: Framework) -> list[tuple[str, int, int]]:
    """(dimension name, answered, items) for each dimension that will not count for this respondent."""
    frame = pd.DataFrame(
        {
            col.RETURN_ID: 0,
            col.COUNCIL: parsed.council,
            col.STATEMENT: [a.statement_id for a in parsed.answers],
            col.DIMENSION: [a.dimension_id for a in parsed.answers],
            col.VALUE: pd.Series([a.value for a in parsed.answers], dtype="float64"),
            col.STATUS: [a.status for a in parsed.answers],
        }
    )
    scores = respondent_scores(frame, fw)
    counted = set(scores.loc[scores[col.SCORE].notna(), col.DIMENSION])
    answered = dict(zip(scores[col.DIMENSION], scores[col.ANSWERED], strict=True))
    return [(d.name, int(answered.get(d.id, 0)), len(d.statements)) for d in fw.dimensions if d.id not in counted]


def return_warnings(parsed: ParsedReturn, fw: Framework, councils: Sequence[str]) -> tuple[str, ...]:
    """Plain sentences for a valid return that will not count in full; empty when it counts in full."""
    warnings: list[str] = []
    missing = uncounted_dimensions(parsed, fw)
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
