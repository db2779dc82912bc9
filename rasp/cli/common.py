"""What every command shares: the database and framework it works on, names resolved, files read, CSV out."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from rasp.core import config
from rasp.core.errors import SetupError
from rasp.core.framework import Framework, load_framework
from rasp.core.safety import spreadsheet_text
from rasp.intake.reader import MAX_FILE_BYTES
from rasp.intake.validate import match_name
from rasp.store.engine import make_engine
from rasp.store.reads import directory

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_ERROR = 0, 1, 2, 2

# Makes a sub-command (name, help) that already takes --db; each command module registers its own with it.
Add = Callable[[str, str], argparse.ArgumentParser]


def engine_for(args: argparse.Namespace) -> Engine:
    url = args.db or config.database_url()
    check_database_folder(url)
    return make_engine(url)


def check_database_folder(url: str) -> None:
    """A SQLite file in a folder that does not exist is refused before anything is created: a typing mistake
    in --db must not leave new folders and an empty database behind (which would then report 'none yet')."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # the store says plainly that the address is not a database URL
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return
    folder = Path(database).parent
    if not folder.is_dir():
        raise SetupError(
            f"The folder {folder} for the database file does not exist. Check --db (or RASP_DATABASE_URL), or "
            "create the folder first; nothing was created."
        )


def framework() -> Framework:
    return load_framework(config.framework_path())


def listed(names: Sequence[str], kind: str, limit: int = 20) -> str:
    """ "Known partnerships: 'A', 'B'." (the first `limit`, then how many more), or that there are none yet."""
    if not names:
        return f"No {kind} is set up yet."
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f"Known {kind}s: {shown}{more}."


def pick(given: str, known: Sequence[str], kind: str, where: str = "") -> str:
    """The known name that `given` means, ignoring case and spacing ('north shared ict' is 'North shared
    ICT'); a name not known is refused with the names that are."""
    found = match_name(given, known)
    if found is None:
        raise SetupError(f"There is no {kind} called '{given}'{where}. {listed(known, kind)}")
    return found


def resolve(engine: Engine, partnership: str | None, round_name: str | None) -> tuple[str, str]:
    """The partnership (the only one when not given) and round (the latest when not given), matched to the
    known names ignoring case."""
    known = directory(engine)
    if partnership is None:
        if len(known.partnerships) != 1:
            raise SetupError(f"Name the partnership with --partnership. {listed(known.partnerships, 'partnership')}")
        partnership = known.partnerships[0]
    partnership = pick(partnership, known.partnerships, "partnership")
    rounds = known.rounds[partnership]
    if round_name is None:
        if not rounds:
            raise SetupError(f"Partnership '{partnership}' has no rounds yet; add one with setup --round.")
        round_name = rounds[-1]
    else:
        round_name = pick(round_name, rounds, "round", f" in partnership '{partnership}'")
    return partnership, round_name


def output_file(out: str, extension: str, what: str) -> Path:
    """Where to write: refused plainly when the name does not end in `extension` (a file that opens as
    something else helps nobody) or its folder does not exist (never created on a guess)."""
    path = Path(out)
    if path.suffix.lower() != f".{extension}":
        raise SetupError(
            f"The {what} is a .{extension} file: give --out a name ending in .{extension}, e.g. "
            f"{path.with_suffix('.' + extension).name if path.name else 'report.' + extension}."
        )
    if not path.parent.is_dir():
        raise SetupError(f"The folder {path.parent} does not exist: create it first, or choose another --out.")
    return path


def write_output(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise SetupError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-28") from None


def read_file(path: str) -> bytes | str:
    """The file's bytes, or a plain message when it cannot be read (missing, a folder, too big)."""
    p = Path(path)
    try:
        if p.is_dir():
            return "this is a folder, not a file."
        if p.stat().st_size > MAX_FILE_BYTES:
            return f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; a return is far smaller."
        return p.read_bytes()
    except OSError as exc:
        return f"cannot open the file: {exc.strerror or exc}."


def safe_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell made safe for a spreadsheet (`spreadsheet_text`): a council called '=HYPERLINK(...)'
    is printed as text that Excel will not run. Numbers (a negative gap too) are left alone."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    safe = {c: frame[c].map(lambda v: spreadsheet_text(v) if isinstance(v, str) else v) for c in text_columns}
    return frame.assign(**safe) if safe else frame


def print_csv(frame: pd.DataFrame, float_format: str | None = "%.2f") -> None:
    """A table as CSV on stdout, every text cell neutralised (`safe_cells`): every CSV the CLI prints goes here."""
    safe_cells(frame).to_csv(
        sys.stdout, index=False, float_format=float_format, quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
    )
