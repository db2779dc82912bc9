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
    "raw", ["Agreee", 0, 6, 4.5, "4.5", "2 - Agree", "-1", True, float("nan"), "yes", "=1+3", "<b>4</b>", "Ⅳ", "½"]
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


# --- digits of other scripts: read by their value, the same way for answers, ratings and rungs -----------

OTHER_SCRIPTS = {
    "full-width": "\uff14",  # ４
    "Arabic-Indic": "\u0664",  # ٤
    "Extended Arabic-Indic": "\u06f4",  # ۴
    "Devanagari": "\u096a",  # ४
    "Bengali": "\u09ea",  # ৪ (looks like an 8 to a Latin reader, but it is 4)
    "Mathematical bold": "\U0001d7d2",  # 𝟒 (NFKC turns it into 4)
}


@pytest.mark.parametrize("script", list(OTHER_SCRIPTS))
def test_a_four_in_any_script_is_four_for_answers_ratings_and_rungs(fw: Framework, script: str) -> None:
    four = OTHER_SCRIPTS[script]
    assert code_answer(four, fw) == code_answer("4", fw)
    assert code_answer(f"{four} - Agree", fw).value == 4
    assert code_answer(f"{four}.0", fw).value == 4
    assert code_rating(four) == code_rating("4")
    assert code_rung(four, fw) == 4
    assert code_rung(f"{four} Coordinate", fw) == 4


def test_full_width_letters_read_as_ordinary_letters(fw: Framework) -> None:
    assert code_answer("\uff21\uff47\uff52\uff45\uff45", fw).value == 4  # Ａｇｒｅｅ
    assert code_answer("\u0662 - Agree", fw).status == "invalid"  # ٢ is 2: it contradicts "Agree"


@pytest.mark.parametrize("raw", ["Ⅳ", "④x", "¼", "4\u0301", "IV"])
def test_characters_that_are_not_decimal_digits_are_not_numbers(fw: Framework, raw: str) -> None:
    assert code_answer(raw, fw).status == "invalid"
    assert code_rating(raw).status == "invalid"
    assert code_rung(raw, fw) is None


# --- absurd numbers and text: never a crash, never slow ---------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "1" * 309,
        "4" + "0" * 400,
        "9" * 5000,
        "4" * 400 + ".0",
        "1" * 400 + " - Agree",
        "1e400",
        "4" * 10_000_000,
        1e308,
        float("inf"),
        -float("inf"),
        10**400,
    ],
)
def test_huge_numbers_are_invalid_not_an_overflow(fw: Framework, raw: object) -> None:
    assert code_answer(raw, fw).status == "invalid"
    assert code_rating(raw).status == "invalid"
    assert code_rung(raw, fw) is None


def test_leading_zeros_do_not_count_against_the_digit_cap(fw: Framework) -> None:
    assert code_answer("0" * 150 + "4", fw).value == 4
    assert code_rating("0004").value == 4


def test_text_over_the_cap_is_invalid_without_being_normalised(fw: Framework) -> None:
    assert code_answer(" " * 300 + "4", fw).status == "invalid"
    assert code_answer(" " * 150 + "4", fw).value == 4


def test_ratings_follow_the_answer_rules_for_odd_numbers() -> None:
    for raw in ("4_0", "+4", "4e0", " 4 ", "4.", "4.00"):
        expected = 4 if raw.strip() in {"4", "4.", "4.00"} else None
        assert code_rating(raw).value == expected, raw


def test_partner_names_are_matched_as_one_by_one_matching_would() -> None:
    """The partner sheet looks names up in a table made once (name_keys); it must find what match_name finds,
    the first of two names that differ only in case or spacing included."""
    from rasp.intake.validate import _key, match_name, name_keys

    known = ["North  Vale", "north vale", "Eastmoor", "East Moor", "Ånd"]
    table = name_keys(known)
    for typed in ["north vale", "NORTH VALE ", " eastmoor", "east  moor", "ånd", "AND", "Westby", ""]:
        assert table.get(_key(typed)) == match_name(typed, known), typed
    assert table[_key("NORTH vale")] == "North  Vale"
