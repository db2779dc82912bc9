"""Small helpers that put things in plain British English for people."""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")  # times are stored in UTC and shown in UK local time (GMT or BST)


def long_date(value: dt.date | dt.datetime | None) -> str:
    """28 November 2026 (no leading zero); empty for None."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def long_datetime(value: dt.datetime | None) -> str:
    """'28 November 2026, 14:05' in UK local time (Europe/London: GMT in winter, BST in summer). A time with no
    zone is taken as UTC, which is how the store keeps them."""
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    local = aware.astimezone(UK)
    return f"{long_date(local)}, {local:%H:%M}"


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(count: int) -> str:
    """A count as people write it in prose: 'seven' up to ten, digits above ('12')."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 return', '3 returns'."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def clean_text(value: object) -> str:
    """A cell as tidy text: NFC, control characters removed, spaces trimmed; whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.isascii():  # the usual case, kept fast: NFC changes nothing, the only controls are 0-31 and 127
        return (text if text.isprintable() else text.translate(_ASCII_CONTROLS)).strip()
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    return text.strip()


_ASCII_CONTROLS = {code: None for code in [*range(32), 127] if chr(code) not in "\n\t"}
