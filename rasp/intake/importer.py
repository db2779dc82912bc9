"""From uploaded bytes to a stored return: read -> validate -> store, with one plain result per file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from rasp.core.errors import InvalidReturn, Problem, StoreBusy, UnreadableFile
from rasp.core.framework import Framework
from rasp.core.records import Directory, ParsedReturn
from rasp.intake.reader import read_workbook
from rasp.intake.template_sheets import SHEET_META
from rasp.intake.validate import validate_return
from rasp.store.reads import directory as load_directory
from rasp.store.writes import SaveResult, save_return, save_returns

Status = Literal["stored", "replaced", "duplicate", "valid", "invalid", "unreadable", "error", "refused"]


@dataclass(frozen=True)
class ImportResult:
    filename: str
    status: Status
    message: str
    problems: tuple[Problem, ...] = field(default=())
    council: str = ""
    return_id: int | None = None
    warnings: tuple[str, ...] = field(default=())  # a valid return that will not count in full

    @property
    def ok(self) -> bool:
        return self.status in {"stored", "replaced", "duplicate", "valid"}


def _who(parsed: ParsedReturn) -> str:
    person = parsed.respondent or "an unnamed respondent"
    return f"{person} ({parsed.council}, round {parsed.round_name})"


def check_bytes(
    data: bytes,
    filename: str,
    framework: Framework,
    directory: Directory,
    *,
    partnership: str | None = None,
    round_name: str | None = None,
) -> tuple[ImportResult, ParsedReturn | None]:
    """Read and validate without storing."""
    try:
        workbook = read_workbook(data, filename, hidden_allowed=(SHEET_META,))
    except UnreadableFile as exc:
        return ImportResult(filename, "unreadable", str(exc)), None
    try:
        parsed = validate_return(workbook, framework, directory, partnership=partnership, round_name=round_name)
    except InvalidReturn as exc:
        return ImportResult(filename, "invalid", f"Not stored. {exc}", tuple(exc.problems)), None
    return ImportResult(filename, "valid", f"Valid: the return from {_who(parsed)}.", council=parsed.council), parsed


def import_bytes(
    engine: Engine,
    framework: Framework,
    data: bytes,
    filename: str,
    *,
    partnership: str | None = None,
    round_name: str | None = None,
    uploaded_by: str = "",
    source: str = "excel",
    refuse: Callable[[str, str], str | None] | None = None,
) -> ImportResult:
    """Validate and store one return in one transaction; nothing is stored unless it is valid. `refuse` is
    asked with the return's partnership and council before anything is stored: a message means the return is
    not the uploader's to store (an officer uploads for their own council only)."""
    result, parsed = check_bytes(
        data, filename, framework, load_directory(engine), partnership=partnership, round_name=round_name
    )
    if parsed is None:
        return result
    reason = refuse(parsed.partnership, parsed.council) if refuse is not None else None
    if reason:
        return ImportResult(filename, "refused", f"Not stored. {reason}", council=parsed.council)
    return store_parsed(engine, parsed, data, filename, uploaded_by=uploaded_by, source=source)


def store_parsed(
    engine: Engine,
    parsed: ParsedReturn,
    data: bytes,
    filename: str,
    *,
    uploaded_by: str = "",
    source: str = "excel",
) -> ImportResult:
    """Store an already validated return (one transaction) and say what happened in plain words."""
    try:
        saved = save_return(engine, parsed, data, filename=filename, uploaded_by=uploaded_by, source=source)
    except StoreBusy as exc:
        return ImportResult(filename, "error", f"Not stored. {exc}")
    except SQLAlchemyError as exc:
        return ImportResult(
            filename,
            "error",
            "Not stored: the database could not save the return "
            f"({exc.__class__.__name__}). Nothing was changed; try again in a moment.",
        )
    return _saved(parsed, saved, filename)


def _saved(parsed: ParsedReturn, saved: SaveResult, filename: str) -> ImportResult:
    """What happened to a stored return, in plain words."""
    if saved.outcome == "duplicate":
        message = f"Already imported: this exact file is stored for {_who(parsed)}. Nothing changed."
    elif saved.outcome == "replaced":
        message = (
            f"Stored, replacing the earlier return from {_who(parsed)}. "
            "The earlier one stays in the history but no longer counts."
        )
    else:
        message = f"Stored: the return from {_who(parsed)}."
    return ImportResult(filename, saved.outcome, message, council=parsed.council, return_id=saved.return_id)


def store_many(
    engine: Engine, items: Sequence[tuple[ParsedReturn, bytes, str]], *, uploaded_by: str = "", source: str = "excel"
) -> list[ImportResult]:
    """Store validated returns in one transaction (the fast way for a batch); if that fails, store them one by
    one, each in its own transaction, so only the return that cannot be stored says so."""
    if not items:
        return []
    try:
        saved = save_returns(engine, items, uploaded_by=uploaded_by, source=source)
    except (StoreBusy, SQLAlchemyError):
        return [store_parsed(engine, p, d, f, uploaded_by=uploaded_by, source=source) for p, d, f in items]
    return [_saved(parsed, one, filename) for (parsed, _data, filename), one in zip(items, saved, strict=True)]


_OUTCOME_WORDS = (
    ("stored", "stored"),
    ("replaced", "stored, replacing an earlier return"),
    ("duplicate", "already imported"),
    ("valid", "valid"),
    ("invalid", "not stored: problems to fix"),
    ("unreadable", "not stored: not a file we can read"),
    ("error", "not stored: an error"),
    ("refused", "not stored: not yours to upload"),
)


def summary(statuses: Iterable[str], files: int | None = None) -> str:
    """From the status of every return checked (a survey export holds several returns in one file):
    '5 files checked: 3 stored; 1 not stored: problems to fix; 1 not stored: an error.', or
    '12 returns in 3 files checked: ...' when the counts differ."""
    counts = Counter(statuses)
    total = sum(counts.values())
    parts = [f"{counts[status]} {words}" for status, words in _OUTCOME_WORDS if counts[status]]
    files = total if files is None else files
    what = f"{files} file{'s' if files != 1 else ''}"
    if total != files:
        what = f"{total} return{'s' if total != 1 else ''} in {what}"
    return f"{what} checked: {'; '.join(parts)}." if parts else f"{what} checked."
