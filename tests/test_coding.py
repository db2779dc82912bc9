"""Rule 1: coding answers, ratings and forms of sharing."""

from __future__ import annotations

import pytest

from rasp.core.framework import Framework
from rasp.intake.coding import code_answer, code_rating, code_rung


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (1, 1),
        (5, 5),
        (4.0, 4),
        ("4", 4),
        ("4.0", 4),
        (" 4 ", 4),
        ("Agree", 4),
        ("agree", 4),
        ("  AGREE ", 4),
        ("4 - Agree", 4),
        ("4 – Agree", 4),
        ("4-agree", 4),
        ("4 Agree", 4),
        ("4: Agree", 4),
        ("Strongly disagree", 1),
        ("strongly  DISAGREE", 1),
        ("Neither agree nor disagree", 3),
        ("3 - Neither agree nor disagree", 3),
        ("5 - Strongly agree", 5),
    ],
)
def test_answers_that_mean_a_number(fw: Framework, raw: object, value: int) -> None:
    assert code_answer(raw, fw).value == value
    assert code_answer(raw, fw).status == "answered"


@pytest.mark.parametrize("raw", ["Don't know", "don't know", "Don’t know", "DONT KNOW", "dk", " Don't  know "])
def test_dont_know(fw: Framework, raw: str) -> None:
    assert code_answer(raw, fw).status == "dont_know" and code_answer(raw, fw).value is None


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank(fw: Framework, raw: object) -> None:
    assert code_answer(raw, fw).status == "blank"


@pytest.mark.parametrize(
    "raw", ["Agreee", 0, 6, 4.5, "4.5", "2 - Agree", "-1", True, float("nan"), "yes", "=1+3", "<b>4</b>", "４"]
)
def test_invalid(fw: Framework, raw: object) -> None:
    assert code_answer(raw, fw).status == "invalid"


@pytest.mark.parametrize(
    ("raw", "value", "status"),
    [
        (3, 3, "answered"),
        ("5", 5, "answered"),
        ("2.0", 2, "answered"),
        (None, None, "blank"),
        ("", None, "blank"),
        (0, None, "invalid"),
        (6, None, "invalid"),
        ("lots", None, "invalid"),
        (2.5, None, "invalid"),
        (True, None, "invalid"),
    ],
)
def test_ratings(raw: object, value: int | None, status: str) -> None:
    assert code_rating(raw) == (code_rating(raw).__class__(value, status))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "rung"),
    [
        (4, 4),
        ("4", 4),
        ("Coordinate", 4),
        ("coordinate", 4),
        ("4 Coordinate", 4),
        ("4 - Coordinate", 4),
        ("6 Combine", 6),
        ("Co-exist", 1),
        (7, None),
        ("4 Combine", None),
        ("Merge", None),
        (None, None),
        (4.5, None),
    ],
)
def test_rungs(fw: Framework, raw: object, rung: int | None) -> None:
    assert code_rung(raw, fw) == rung
