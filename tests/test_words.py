"""Cell text as stored: the quick path for plain ASCII gives exactly what the full Unicode rule gives."""

from __future__ import annotations

import random
import unicodedata

import pytest

from rasp.core.words import clean_text


def by_the_rule(text: str) -> str:
    """The rule written out in full: NFC, then drop control, format and surrogate characters except tab and new
    line, then trim."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}).strip()


@pytest.mark.parametrize("code", range(128))
def test_every_ascii_character_inside_text_is_kept_or_dropped_by_the_rule(code: int) -> None:
    text = f"  Alpha{chr(code)}Beta \t"
    assert clean_text(text) == by_the_rule(text)


def test_random_ascii_and_mixed_text_agree_with_the_rule() -> None:
    rng = random.Random(20261201)
    alphabet = [chr(c) for c in range(128)] + ["é", "e\u0301", "\u200b", "\u00a0", "٣", "Ⅻ", "\ufeff"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert clean_text(text) == by_the_rule(text), repr(text)


def test_numbers_and_nothing() -> None:
    assert clean_text(None) == ""
    assert clean_text(4.0) == "4"
    assert clean_text(4.5) == "4.5"
    assert clean_text("\x00\x1f 3 \x7f") == "3"
