"""The command line: set up, make templates, validate and import returns, print results as CSV, write reports,
manage access. One module per group of commands; each registers its commands with `register(add)`.

Every command takes the database from --db or RASP_DATABASE_URL (default: the SQLite file data/rasp.db).
Errors are printed as one plain line each; no traceback reaches the user. The command line acts as the
deployment's administrator (whoever can run it holds the database URL).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from rasp.cli import access, api, database, results, returns
from rasp.cli.common import EXIT_ERROR, EXIT_OK
from rasp.core.errors import RaspError

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m rasp", description="Partnership readiness dashboard: command line.")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=help_text, description=help_text)
        s.add_argument("--db", help="SQLAlchemy database URL (default: RASP_DATABASE_URL or data/rasp.db)")
        return s

    returns.register(add)
    results.register(add)
    access.register(add)
    database.register(add)
    api.register(add)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except RaspError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return EXIT_ERROR
    except SQLAlchemyError as exc:  # never show SQL text or its parameters to a user
        print(
            f"Database error ({exc.__class__.__name__}); nothing was half-stored. Try again in a moment.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except Exception as exc:  # last resort: one line, never a traceback
        print(f"Unexpected error ({exc.__class__.__name__}): {exc}. Nothing was half-stored.", file=sys.stderr)
        return EXIT_ERROR
