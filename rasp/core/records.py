"""A return after validation: plain values, canonical names, ready for the store."""

from __future__ import annotations

from dataclasses import dataclass, field

from rasp.core.status import AnswerStatus as Status


@dataclass(frozen=True)
class Answer:
    statement_id: str
    dimension_id: str
    value: int | None
    status: Status
    evidence: str = ""


@dataclass(frozen=True)
class PartnerRating:
    partner: str
    trust: int | None
    alignment: int | None


@dataclass(frozen=True)
class ParsedReturn:
    partnership: str
    council: str
    round_name: str
    respondent: str
    role: str
    target_rung: int | None
    scope: str | None
    framework_id: str
    framework_version: str
    answers: tuple[Answer, ...]
    ratings: tuple[PartnerRating, ...] = field(default=())


@dataclass(frozen=True)
class Directory:
    """What the store knows, for checking names in a return: partnership -> its councils and rounds."""

    councils: dict[str, tuple[str, ...]]
    rounds: dict[str, tuple[str, ...]]

    @property
    def partnerships(self) -> tuple[str, ...]:
        return tuple(self.councils)
