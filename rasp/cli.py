"""The command line: set up, make templates, validate and import returns, print scores and gaps as CSV.

Every command takes the database from --db or RASP_DATABASE_URL (default: the SQLite file data/rasp.db).
Errors are printed as one plain line each; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from rasp.core import config
from rasp.core.errors import RaspError, SetupError
from rasp.core.framework import Framework, load_framework
from rasp.core.status import OK
from rasp.intake.importer import ImportResult, check_bytes, import_bytes
from rasp.intake.reader import MAX_FILE_BYTES
from rasp.method.snapshot import Snapshot
from rasp.store.engine import make_engine
from rasp.store.reads import directory
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.store.writes import setup_partnership

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_ERROR = 0, 1, 2, 2


def _engine(args: argparse.Namespace) -> Engine:
    return make_engine(args.db or config.database_url())


def _framework() -> Framework:
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


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-28") from None


def _read_file(path: str) -> bytes | str:
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


def _report(results: list[ImportResult]) -> int:
    code = EXIT_OK
    for r in results:
        print(f"{r.filename}: {r.message}")
        for problem in r.problems:
            print(f"{r.filename}: {problem}")
        if r.status in {"unreadable", "error"}:
            code = max(code, EXIT_UNREADABLE)
        elif r.status == "invalid":
            code = max(code, EXIT_INVALID)
    return code


def cmd_validate(args: argparse.Namespace) -> int:
    fw, engine = _framework(), _engine(args)
    known = directory(engine)
    results = []
    for path in args.files:
        data = _read_file(path)
        if isinstance(data, str):
            results.append(ImportResult(path, "unreadable", data))
            continue
        result, _ = check_bytes(data, path, fw, known, partnership=args.partnership, round_name=args.round)
        results.append(result)
    return _report(results)


def cmd_import(args: argparse.Namespace) -> int:
    fw, engine = _framework(), _engine(args)
    results = []
    for path in args.files:
        data = _read_file(path)
        if isinstance(data, str):
            results.append(ImportResult(path, "unreadable", data))
            continue
        results.append(
            import_bytes(
                engine,
                fw,
                data,
                Path(path).name,
                partnership=args.partnership,
                round_name=args.round,
                uploaded_by=args.uploaded_by,
            )
        )
    return _report(results)


def cmd_setup(args: argparse.Namespace) -> int:
    result = setup_partnership(_engine(args), args.partnership, args.council, args.round, args.opened)
    if result.created:
        print("Created: " + "; ".join(result.created) + ".")
    else:
        print(f"Nothing to do: partnership '{result.partnership}' is already set up as asked.")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from rasp.intake.template import build_template

    fw = _framework()
    councils: Sequence[str] = ()
    rounds: Sequence[str] = ()
    if args.partnership:
        known = directory(_engine(args))
        if args.partnership not in known.councils:
            raise SetupError(f"There is no partnership called '{args.partnership}'.")
        councils, rounds = known.councils[args.partnership], known.rounds[args.partnership]
    data = build_template(
        fw, partnership=args.partnership, councils=councils, rounds=rounds, council=args.council, round_name=args.round
    )
    Path(args.out).write_bytes(data)
    print(f"Wrote the return template to {args.out}.")
    return EXIT_OK


def _print_csv(frame: pd.DataFrame, float_format: str = "%.2f") -> None:
    frame.to_csv(sys.stdout, index=False, float_format=float_format, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def _snapshot(args: argparse.Namespace) -> Snapshot:
    engine = _engine(args)
    return build_snapshot(engine, _framework(), *resolve(engine, args.partnership, args.round))


def cmd_scores(args: argparse.Namespace) -> int:
    _print_csv(_snapshot(args).scores)
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace) -> int:
    _print_csv(_snapshot(args).gaps)
    return EXIT_OK


def cmd_agreement(args: argparse.Namespace) -> int:
    table = _snapshot(args).agreement
    split = table["split"].astype("object").where(table["status"] == OK, table["status"])
    _print_csv(table.assign(split=split)[["council", "dimension", "n", "ad", "split"]], "%.3f")
    return EXIT_OK


def cmd_ambition(args: argparse.Namespace) -> int:
    _print_csv(_snapshot(args).ambition)
    return EXIT_OK


def cmd_trust(args: argparse.Namespace) -> int:
    _print_csv(_snapshot(args).trust)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from rasp.exports.content import report_content
    from rasp.exports.formats import formats
    from rasp.store.actions import load_actions

    engine = _engine(args)
    partnership, round_name = resolve(engine, args.partnership, args.round)
    fw = _framework()
    content = report_content(
        build_snapshot(engine, fw, partnership, round_name),
        build_trends(engine, fw, partnership),
        fw,
        anonymised=args.anonymised,
        actions=load_actions(engine, partnership, round_name),
        partnership_councils=directory(engine).councils.get(partnership, ()),
    )
    fmt = formats()[args.format]
    data = fmt.build(content)
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise SetupError(f"Cannot write {args.out}: {exc.strerror or exc}.") from None
    print(f"Wrote the {fmt.label} for {partnership}, {round_name} to {args.out} ({len(data) // 1024} KB).")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from rasp.intake.demo import build_demo

    summary = build_demo(_engine(args), _framework(), progress=lambda text: print(text, file=sys.stderr))
    print(summary)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m rasp", description="Partnership readiness dashboard: command line.")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=help_text, description=help_text)
        s.add_argument("--db", help="SQLAlchemy database URL (default: RASP_DATABASE_URL or data/rasp.db)")
        return s

    s = add("setup", "Create a partnership, its councils and a round (safe to run again).")
    s.add_argument("--partnership", required=True)
    s.add_argument("--council", action="append", default=[], help="a council name; repeat for each")
    s.add_argument("--round", help="a round name, e.g. '2026 baseline'")
    s.add_argument("--opened", type=_date, help="the day the round opens, as YYYY-MM-DD (e.g. 2026-11-28)")
    s.set_defaults(func=cmd_setup)

    s = add("template", "Write the Excel return template.")
    s.add_argument("--out", required=True, help="file to write, e.g. return.xlsx")
    s.add_argument("--partnership")
    s.add_argument("--council", help="fill in this council (a template for one council)")
    s.add_argument("--round", help="fill in this round")
    s.set_defaults(func=cmd_template)

    for name, text, func in (
        (
            "validate",
            "Check returns without storing them (exit 0 all valid, 1 some invalid, 2 some unreadable).",
            cmd_validate,
        ),
        ("import", "Check and store returns.", cmd_import),
    ):
        s = add(name, text)
        s.add_argument("files", nargs="+", metavar="FILE")
        s.add_argument("--partnership", help="the partnership, when the return does not name it")
        s.add_argument("--round", help="the round, when the return does not name it")
        if name == "import":
            s.add_argument("--uploaded-by", default="command line", help="who is importing (kept in the history)")
        s.set_defaults(func=func)

    for name, text, func in (
        ("scores", "Print council scores as CSV: council,dimension,score,n,band.", cmd_scores),
        ("gaps", "Print gaps as CSV: council_a,council_b,dimension,gap,material.", cmd_gaps),
        ("agreement", "Print agreement inside each council as CSV: council,dimension,n,ad,split.", cmd_agreement),
        (
            "ambition",
            "Print ambition against readiness as CSV: council,target_rung,ready_rung,dimension,required,score,gap.",
            cmd_ambition,
        ),
        (
            "trust",
            "Print trust between partners as CSV: rater,rated,trust,alignment,n,trust_asymmetry,asymmetric.",
            cmd_trust,
        ),
    ):
        s = add(name, text)
        s.add_argument("--partnership")
        s.add_argument("--round", help="default: the latest round")
        s.set_defaults(func=func)

    s = add("export", "Write a report: a PowerPoint pack, an Excel analysis workbook or a standalone web page.")
    s.add_argument("--format", required=True, choices=["pptx", "xlsx", "html"])
    s.add_argument("--out", required=True, help="file to write")
    s.add_argument("--partnership")
    s.add_argument("--round", help="default: the latest round")
    s.add_argument("--anonymised", action="store_true", help="show councils as Council A, B, C")
    s.set_defaults(func=cmd_export)

    s = add("demo", "Load the fictional demo partnership (through the normal import path).")
    s.set_defaults(func=cmd_demo)
    from rasp.cli_access import register as access_commands

    access_commands(add)
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
    except Exception as exc:  # last resort: one line, never a traceback
        print(f"Unexpected error ({exc.__class__.__name__}): {exc}. Nothing was half-stored.", file=sys.stderr)
        return EXIT_ERROR
