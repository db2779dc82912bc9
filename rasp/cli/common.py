"""What every command shares: the database and framework it works on, names resolved, files read, CSV out."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from rasp.core import config
from rasp.core.errors import SetupError
from rasp.core.framework import Framework, load_framework
from rasp.intake.reader import MAX_FILE_BYTES
from rasp.store.engine import make_engine
from rasp.store.reads import directory

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_ERROR = 0, 1, 2, 2

# Makes a sub-command (name, help) that already takes --db; each command module registers its own with it.
Add = Callable[[str, str], argparse.ArgumentParser]


def engine_for(args: argparse.Namespace) -> Engine:
    return make_engine(args.db or config.database_url())


def framework() -> Framework:
    return load_framework(config.framework_path())


def resolve(engine: Engine, partnership: str | None, round_name: str | None) -> tuple[str, str]:
    """The partnership (the only one when not given) and round (the latest when not given)."""
    known = directory(engine)
    if partnership is None:
        if len(known.partnerships) != 1:
            names = ", ".join(known.partnerships) or "none yet"
            raise SetupError(f"Name the partnership with --partnership (set up: {names}).")
        partnership = known.partnerships[0]
    if partnership not in known.councils:
        raise SetupError(f"There is no partnership called '{partnership}'.")
    rounds = known.rounds[partnership]
    if round_name is None:
        if not rounds:
            raise SetupError(f"Partnership '{partnership}' has no rounds yet; add one with setup --round.")
        round_name = rounds[-1]
    elif round_name not in rounds:
        raise SetupError(f"Partnership '{partnership}' has no round called '{round_name}'.")
    return partnership, round_name


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


def print_csv(frame: pd.DataFrame, float_format: str = "%.2f") -> None:
    frame.to_csv(sys.stdout, index=False, float_format=float_format, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
