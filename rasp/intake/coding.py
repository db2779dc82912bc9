"""Rule 1 of the method: turn what a respondent typed into a code 1..5, "don't know", blank or invalid."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rasp.core.framework import Framework
from rasp.core.status import AnswerStatus

Status = AnswerStatus

_NUMBER_FIRST = re.compile(r"^([0-9]+(?:\.0+)?)\s*(?:[-–—:.)]\s*)?(.*)$")


@dataclass(frozen=True)
class Coded:
    value: int | None
    status: Status


def _norm(text: str) -> str:
    """Lower case, curly apostrophes straightened, runs of spaces collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())


def code_answer(raw: object, framework: Framework) -> Coded:
    """Code one answer cell.

    Accepts 4, 4.0, "4", " 4 ", "4.0", "Agree", "4 - Agree", "4 Agree" (any case, spaces ignored).
    "Don't know" (also "dont know", "DK") is its own status; empty is blank; anything else is invalid,
    including a number label pair that contradict each other ("2 - Agree").
    """
    top = framework.scale_max
    if raw is None:
        return Coded(None, "blank")
    if isinstance(raw, bool):
        return Coded(None, "invalid")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and (math.isnan(raw) or not raw.is_integer()):
            return Coded(None, "invalid")
        n = int(raw)
        return Coded(n, "answered") if 1 <= n <= top else Coded(None, "invalid")
    text = _norm(str(raw))
    if not text:
        return Coded(None, "blank")
    labels = {_norm(label): i for i, label in enumerate(framework.labels, start=1)}
    if text in labels:
        return Coded(labels[text], "answered")
    if text in {_norm(framework.dont_know), "dont know", "dk", "don't know", "do not know"}:
        return Coded(None, "dont_know")
    match = _NUMBER_FIRST.match(text)
    if match:
        n = int(float(match.group(1)))
        rest = match.group(2).strip()
        if 1 <= n <= top and (not rest or labels.get(rest) == n):
            return Coded(n, "answered")
    return Coded(None, "invalid")


def code_rating(raw: object, top: int = 5) -> Coded:
    """A partner rating: a whole number 1..top (also "4", "4.0"); blank allowed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Coded(None, "blank")
    if isinstance(raw, bool):
        return Coded(None, "invalid")
    try:
        value = float(str(raw).strip()) if not isinstance(raw, (int, float)) else float(raw)
    except ValueError:
        return Coded(None, "invalid")
    if math.isnan(value) or not value.is_integer() or not 1 <= value <= top:
        return Coded(None, "invalid")
    return Coded(int(value), "answered")


def code_rung(raw: object, framework: Framework) -> int | None:
    """A form of sharing: 4, "4", "Coordinate", "4 Coordinate", "4 - Coordinate". None when not one."""
    if raw is None or isinstance(raw, bool):
        return None
    names = {_norm(r.name): r.rung for r in framework.ladder}
    if isinstance(raw, (int, float)):
        return int(raw) if float(raw).is_integer() and int(raw) in names.values() else None
    text = _norm(str(raw))
    if text in names:
        return names[text]
    match = _NUMBER_FIRST.match(text)
    if match:
        n = int(float(match.group(1)))
        rest = match.group(2).strip()
        if n in names.values() and (not rest or names.get(rest) == n):
            return n
    return None
