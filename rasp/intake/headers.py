"""Match the column headers of a survey export (Microsoft Forms, Google Forms, CSV) to the framework.

A header matches by an id in square brackets (`[S1] ...`, `[council] ...`, `[trust] Eastmoor ...`,
Google's grid form `Title [[S1] ...]`) or by a statement's exact text (case, spacing and quote styles
ignored), also as the row of a Google grid (`Shared vision [Our council has ...]`). The services' own
columns (Id, Start time, Email, Timestamp, ...) are recognised by name. Anything else is listed as not
matched: never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rasp.core.framework import Framework
from rasp.core.words import clean_text
from rasp.intake.questions import ABOUT_IDS, RATING_IDS, about_texts, rating_titles

# The services' own columns (Microsoft Forms, Google Forms), by what we use them for.
SERVICE_COLUMNS: dict[str, str] = {
    "id": "response_id",
    "response id": "response_id",
    "start time": "started",
    "completion time": "completed",
    "last modified time": "modified",
    "email": "email",
    "email address": "email",
    "name": "name",
    "timestamp": "timestamp",
    "total points": "other",
    "score": "other",
    "quiz feedback": "other",
}
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def norm(text: str) -> str:
    """Case, spacing, non-breaking spaces and quote styles ignored."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.replace("\u00a0", " ").casefold().split())


@dataclass(frozen=True)
class Column:
    """What one column holds: a statement, an about-you field, a partner rating or a service column."""

    index: int
    header: str
    kind: str  # "statement", "about", "rating", "service"
    key: str  # statement id; about id; rating kind ("trust"/"alignment"); service role
    partner: str = ""  # for a rating: the council rated


@dataclass(frozen=True)
class ColumnMap:
    columns: tuple[Column, ...]
    unmatched: tuple[str, ...]  # headers we could not match, in order ("column AB: '...'")
    clashes: tuple[str, ...] = field(default=())  # two columns for one statement or field

    def of(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.kind == kind]

    def statement(self, sid: str) -> Column | None:
        return next((c for c in self.columns if c.kind == "statement" and c.key == sid), None)

    def about(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.kind == "about" and c.key == key), None)

    def service(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.kind == "service" and c.key == role), None)


def column_letters(col: int) -> str:
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Matcher:
    def __init__(self, fw: Framework, councils: Sequence[str]) -> None:
        self.ids = {s.id.casefold(): s.id for s in fw.statements}
        self.texts = {norm(s.text): s.id for s in fw.statements}
        self.about_texts = {norm(t): k for k, t in about_texts(fw).items()}
        self.rating_titles = {norm(t): k for k, t in rating_titles(fw).items()}
        self.councils = {norm(c): c for c in councils}

    def council_in(self, text: str) -> str | None:
        """The one council named in `text` (the longest, when one name holds another)."""
        found = [name for key, name in self.councils.items() if key and key in norm(text)]
        found = [n for n in found if not any(n != other and norm(n) in norm(other) for other in found)]
        return found[0] if len(found) == 1 else None

    def match(self, index: int, header: str) -> Column | None:
        tokens = [norm(t) for t in _BRACKETS.findall(header)]
        sids = {self.ids[t] for t in tokens if t in self.ids}
        if len(sids) == 1:
            return Column(index, header, "statement", sids.pop())
        if len(sids) > 1:
            return None
        abouts = {t for t in tokens if t in ABOUT_IDS}
        if len(abouts) == 1:
            return Column(index, header, "about", abouts.pop())
        kinds = {t for t in tokens if t in RATING_IDS}
        if len(kinds) == 1:
            partner = self.council_in(header)
            return Column(index, header, "rating", kinds.pop(), partner) if partner else None
        whole = norm(header)
        if whole in self.texts:
            return Column(index, header, "statement", self.texts[whole])
        if whole in self.about_texts:
            return Column(index, header, "about", self.about_texts[whole])
        if whole in SERVICE_COLUMNS:
            return Column(index, header, "service", SERVICE_COLUMNS[whole])
        rows = _BRACKETS.findall(header)
        if rows:  # a Google grid: "Title [Row]"
            row = norm(rows[-1])
            title = norm(header[: header.rfind("[")])
            if row in self.texts:
                return Column(index, header, "statement", self.texts[row])
            if title in self.rating_titles and row in self.councils:
                return Column(index, header, "rating", self.rating_titles[title], self.councils[row])
        return None


def match_columns(headers: Sequence[object], fw: Framework, councils: Sequence[str]) -> ColumnMap:
    """Match every header; list the ones that match nothing and the statements or fields named twice."""
    matcher = _Matcher(fw, councils)
    columns: list[Column] = []
    unmatched: list[str] = []
    clashes: list[str] = []
    seen: dict[tuple[str, str, str], Column] = {}
    for index, raw in enumerate(headers):
        header = clean_text(raw)
        if not header:
            continue
        column = matcher.match(index, header)
        if column is None:
            unmatched.append(f"column {column_letters(index)}: '{shown(header)}'")
            continue
        key = (column.kind, column.key, column.partner)
        if key in seen and column.kind != "service":
            first = seen[key]
            clashes.append(
                f"columns {column_letters(first.index)} ('{shown(first.header)}') and {column_letters(index)} "
                f"('{shown(header)}') are both {describe(column)}"
            )
            continue
        seen.setdefault(key, column)
        columns.append(column)
    return ColumnMap(tuple(columns), tuple(unmatched), tuple(clashes))


def describe(column: Column) -> str:
    """'statement S1', 'the Council question', 'the trust rating of Eastmoor'."""
    if column.kind == "statement":
        return f"statement {column.key}"
    if column.kind == "about":
        return f"the {ABOUT_IDS[column.key]} question"
    if column.kind == "rating":
        return f"the {column.key} rating of {column.partner}"
    return f"the service's {column.key} column"
