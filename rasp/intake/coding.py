"""Rule 1 of the method: turn what a respondent typed into a code 1..5, "don't know", blank or invalid.

One way of reading text is shared by answers, partner ratings and target rungs (`normalise`, `leading_number`):

- Text longer than `MAX_TYPED` characters is invalid at once: no answer, rating or rung is that long, and
  nothing costly (Unicode normalisation, label matching) runs on an absurd cell.
- Text is NFKC-normalised, so full-width letters, digits and punctuation ("４", "Ａｇｒｅｅ") read as their
  ordinary forms, and then every decimal digit of any script (Unicode category Nd: Arabic-Indic "٤",
  Devanagari "४", ...) counts as its value. A respondent who types 4 in their own script means 4. Characters
  that are not decimal digits (Roman numerals, fractions) are never numbers.
- Numbers are read exactly (integers, with an optional ".0"), never through float, so a 400-digit number is
  simply out of range instead of overflowing; numbers of more than `MAX_DIGITS` digits are not looked at.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from rasp.core.framework import Framework
from rasp.core.status import AnswerStatus

Status = AnswerStatus

MAX_TYPED = 200  # characters: longer text is never an answer, rating or rung
MAX_DIGITS = 6  # digits read as a number; longer runs are out of range for any scale

_NUMBER_FIRST = re.compile(r"^([0-9]+)(?:\.0+)?\s*(?:[-–—:.)]\s*)?(.*)$", re.ASCII)
_DONT_KNOW = {"dont know", "dk", "don't know", "do not know"}


@dataclass(frozen=True)
class Coded:
    value: int | None
    status: Status


def _ascii_digit(ch: str) -> str:
    """A decimal digit of any script as its ASCII digit; anything else unchanged."""
    return str(unicodedata.decimal(ch)) if not ch.isascii() and unicodedata.category(ch) == "Nd" else ch


def normalise(text: str) -> str:
    """NFKC, every decimal digit as ASCII, lower case, apostrophes straightened, runs of spaces collapsed.

    Call only on text of at most MAX_TYPED characters (the callers check).
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(_ascii_digit(ch) for ch in text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def leading_number(text: str) -> tuple[int, str] | None:
    """Normalised text starting with a whole number ('4', '4.0', '4 - agree') -> (4, 'agree'), else None.

    The number is read exactly; more than MAX_DIGITS digits (leading zeros aside) gives -1, which is in no
    range, so a 400-digit "answer" is invalid rather than a crash."""
    match = _NUMBER_FIRST.match(text)
    if not match:
        return None
    digits = match.group(1).lstrip("0") or "0"
    number = int(digits) if len(digits) <= MAX_DIGITS else -1
    return number, match.group(2).strip()


def _whole(raw: int | float) -> int | None:
    """A whole number from a numeric cell (4, 4.0), else None (4.5, NaN, infinity)."""
    if isinstance(raw, float):
        return int(raw) if math.isfinite(raw) and raw.is_integer() else None
    return raw


def _typed(raw: object) -> str | None:
    """A text cell normalised, or None when it is too long to be anything we accept."""
    text = str(raw)
    return normalise(text) if len(text) <= MAX_TYPED else None


@functools.lru_cache(maxsize=16)
def _scale_words(labels: tuple[str, ...], dont_know: str) -> tuple[dict[str, int], str]:
    """The scale's labels normalised (label -> its number) and its Don't know, worked out once per framework.
    Callers only read the dict."""
    return {normalise(label): i for i, label in enumerate(labels, start=1)}, normalise(dont_know)


def code_answer(raw: object, framework: Framework) -> Coded:
    """Code one answer cell.

    Accepts 4, 4.0, "4", " 4 ", "4.0", "Agree", "4 - Agree", "4 Agree" (any case, spaces ignored, digits of
    any script). "Don't know" (also "dont know", "DK") is its own status; empty is blank; anything else is
    invalid, including a number label pair that contradict each other ("2 - Agree").
    """
    top = framework.scale_max
    if raw is None:
        return Coded(None, "blank")
    if isinstance(raw, bool):
        return Coded(None, "invalid")
    if isinstance(raw, (int, float)):
        n = _whole(raw)
        return Coded(n, "answered") if n is not None and 1 <= n <= top else Coded(None, "invalid")
    text = _typed(raw)
    if text is None:
        return Coded(None, "invalid")
    if not text:
        return Coded(None, "blank")
    labels, dont_know = _scale_words(framework.labels, framework.dont_know)
    if text in labels:
        return Coded(labels[text], "answered")
    if text in _DONT_KNOW or text == dont_know:
        return Coded(None, "dont_know")
    number = leading_number(text)
    if number is not None:
        n, rest = number
        if 1 <= n <= top and (not rest or labels.get(rest) == n):
            return Coded(n, "answered")
    return Coded(None, "invalid")


def code_rating(raw: object, top: int = 5) -> Coded:
    """A partner rating: a whole number 1..top (also "4", "4.0", digits of any script); blank allowed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Coded(None, "blank")
    if isinstance(raw, bool):
        return Coded(None, "invalid")
    if isinstance(raw, (int, float)):
        value = _whole(raw)
    else:
        text = _typed(raw)
        number = leading_number(text) if text else None
        value = number[0] if number is not None and not number[1] else None
    if value is None or not 1 <= value <= top:
        return Coded(None, "invalid")
    return Coded(value, "answered")


@functools.lru_cache(maxsize=16)
def _rung_names(names: tuple[str, ...], rungs: tuple[int, ...]) -> dict[str, int]:
    """Each form of sharing's name normalised -> its rung, once per framework. Callers only read it."""
    return {normalise(name): rung for name, rung in zip(names, rungs, strict=True)}


def code_rung(raw: object, framework: Framework) -> int | None:
    """A form of sharing: 4, "4", "Coordinate", "4 Coordinate", "4 - Coordinate". None when not one."""
    if raw is None or isinstance(raw, bool):
        return None
    names = _rung_names(tuple(r.name for r in framework.ladder), tuple(r.rung for r in framework.ladder))
    if isinstance(raw, (int, float)):
        n = _whole(raw)
        return n if n in names.values() else None
    text = _typed(raw)
    if text is None:
        return None
    if text in names:
        return names[text]
    number = leading_number(text)
    if number is not None:
        n, rest = number
        if n in names.values() and (not rest or names.get(rest) == n):
            return n
    return None
