"""Commands for returns: set up a partnership, write the template, validate and import returns, load the demo."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rasp.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    Add,
    date_arg,
    engine_for,
    framework,
    read_file,
)
from rasp.core.errors import SetupError
from rasp.intake.importer import ImportResult, check_bytes, import_bytes
from rasp.store.reads import directory
from rasp.store.writes import setup_partnership


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
    fw, engine = framework(), engine_for(args)
    known = directory(engine)
    results = []
    for path in args.files:
        data = read_file(path)
        if isinstance(data, str):
            results.append(ImportResult(path, "unreadable", data))
            continue
        result, _ = check_bytes(data, path, fw, known, partnership=args.partnership, round_name=args.round)
        results.append(result)
    return _report(results)


def cmd_import(args: argparse.Namespace) -> int:
    fw, engine = framework(), engine_for(args)
    results = []
    for path in args.files:
        data = read_file(path)
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
    result = setup_partnership(engine_for(args), args.partnership, args.council, args.round, args.opened)
    if result.created:
        print("Created: " + "; ".join(result.created) + ".")
    else:
        print(f"Nothing to do: partnership '{result.partnership}' is already set up as asked.")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from rasp.intake.template import build_template

    fw = framework()
    councils: Sequence[str] = ()
    rounds: Sequence[str] = ()
    if args.partnership:
        known = directory(engine_for(args))
        if args.partnership not in known.councils:
            raise SetupError(f"There is no partnership called '{args.partnership}'.")
        councils, rounds = known.councils[args.partnership], known.rounds[args.partnership]
    data = build_template(
        fw, partnership=args.partnership, councils=councils, rounds=rounds, council=args.council, round_name=args.round
    )
    Path(args.out).write_bytes(data)
    print(f"Wrote the return template to {args.out}.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from rasp.intake.demo import build_demo

    summary = build_demo(engine_for(args), framework(), progress=lambda text: print(text, file=sys.stderr))
    print(summary)
    return EXIT_OK


def register(add: Add) -> None:
    s = add("setup", "Create a partnership, its councils and a round (safe to run again).")
    s.add_argument("--partnership", required=True)
    s.add_argument("--council", action="append", default=[], help="a council name; repeat for each")
    s.add_argument("--round", help="a round name, e.g. '2026 baseline'")
    s.add_argument("--opened", type=date_arg, help="the day the round opens, as YYYY-MM-DD (e.g. 2026-11-28)")
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

    s = add("demo", "Load the fictional demo partnership (through the normal import path).")
    s.set_defaults(func=cmd_demo)
