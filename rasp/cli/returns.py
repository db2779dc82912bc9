"""Commands for returns: set up a partnership, write the template, validate and import returns, load the demo."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from rasp.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    Add,
    date_arg,
    engine_for,
    framework,
    output_file,
    pick,
    read_file,
    resolve,
    write_output,
)
from rasp.core.errors import SetupError
from rasp.intake.dispatch import FileReport, import_files, validate_files
from rasp.intake.importer import summary
from rasp.store.reads import directory
from rasp.store.writes import setup_partnership


def _report(reports: Iterable[FileReport]) -> int:
    """One line per return (a survey export has one per response), its problems and warnings, printed as each
    file is done; then a summary of every file (on stderr); the exit code."""
    code = EXIT_OK
    statuses: list[str] = []
    files = 0
    for report in reports:
        files += 1
        if report.kind not in {"return template", "file"}:
            counts = ", ".join(f"{n} {STATUS_WORDS.get(s, s)}" for s, n in report.counts().items())
            print(f"{report.filename}: {report.kind}: {counts or 'no responses'}.")
        for note in report.notes:
            print(f"{report.filename}: {note}")
        for r in report.results:
            print(f"{r.filename}: {r.message}")
            for problem in r.problems:
                print(f"{r.filename}: {problem}")
            for warning in r.warnings:
                print(f"{r.filename}: Warning: {warning}")
            statuses.append(r.status)
            if r.status in {"unreadable", "error"}:
                code = max(code, EXIT_UNREADABLE)
            elif r.status == "invalid":
                code = max(code, EXIT_INVALID)
        sys.stdout.flush()
    print(summary(statuses, files), file=sys.stderr)
    return code


STATUS_WORDS = {
    "stored": "stored",
    "replaced": "stored replacing an earlier return",
    "duplicate": "already imported",
    "valid": "valid",
    "invalid": "not stored (problems)",
    "unreadable": "unreadable",
    "error": "not stored (database error)",
}


def _files(paths: Sequence[str], display: Callable[[str], str]) -> Iterator[tuple[str, bytes | str]]:
    """Each path's name for the report and its bytes (or why it cannot be read), one file at a time."""
    for path in paths:
        yield display(path), read_file(path)


def _checked(report: FileReport) -> FileReport:
    """The same report in the words of a check: validate never stores, so it never says 'Not stored'."""
    results = []
    for r in report.results:
        message = r.message
        for stored in ("Not stored. ", "Not stored: "):
            if message.startswith(stored):
                message = "Not valid" + stored[len("Not stored") :] + message[len(stored) :]
        results.append(dataclasses.replace(r, message=message))
    return dataclasses.replace(report, results=tuple(results))


def cmd_validate(args: argparse.Namespace) -> int:
    fw, known = framework(), directory(engine_for(args))
    files = _files(args.files, str)
    reports = validate_files(fw, known, files, partnership=args.partnership, round_name=args.round)
    return _report(_checked(report) for report in reports)


def cmd_import(args: argparse.Namespace) -> int:
    files = _files(args.files, lambda path: Path(path).name)
    options = {"partnership": args.partnership, "round_name": args.round, "uploaded_by": args.uploaded_by}
    return _report(import_files(engine_for(args), framework(), files, **options))


def cmd_questions(args: argparse.Namespace) -> int:
    from rasp.intake.questions import questions_csv, questions_text

    engine = engine_for(args)
    partnership, _ = resolve(engine, args.partnership, None)
    councils = directory(engine).councils[partnership]
    if args.format == "csv":
        sys.stdout.write(questions_csv(framework(), councils))
    else:
        sys.stdout.write(questions_text(framework(), councils, partnership))
    return EXIT_OK


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
    out = output_file(args.out, "xlsx", "return template")
    councils: Sequence[str] = ()
    rounds: Sequence[str] = ()
    council, round_name = args.council, args.round
    if args.partnership:
        known = directory(engine_for(args))
        partnership = pick(args.partnership, known.partnerships, "partnership")
        councils, rounds = known.councils[partnership], known.rounds[partnership]
        where = f" in partnership '{partnership}'"
        council = pick(council, councils, "council", where) if council else None
        round_name = pick(round_name, rounds, "round", where) if round_name else None
    elif council or round_name:
        raise SetupError(
            "A template for one council or round needs its partnership: add --partnership (the council and "
            "round must be set up in it, or the return could never be imported)."
        )
    else:
        partnership = None
    data = build_template(
        fw, partnership=partnership, councils=councils, rounds=rounds, council=council, round_name=round_name
    )
    write_output(out, data)
    print(f"Wrote the return template to {out}.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from rasp.core import config
    from rasp.intake.demo import build_demo, build_large_demo, ensure_demo

    engine, fw = engine_for(args), framework()
    progress = lambda text: print(text, file=sys.stderr)  # noqa: E731 - a one-line callback
    if args.large:
        print(build_large_demo(engine, fw, progress=progress))
    elif args.first_start:
        if not config.load_demo_when_empty():
            print("RASP_DEMO is 0: no demo is loaded at start.")
            return EXIT_OK
        print(ensure_demo(engine, fw, progress) or "Nothing to do: the demo is complete, or the database has data.")
    else:
        print(build_demo(engine, fw, progress=progress))
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
        (
            "import",
            "Check and store returns: templates (.xlsx, .ods), Microsoft Forms or Google Forms exports (.xlsx, "
            ".csv, .ods) and long CSV files, recognised by their content.",
            cmd_import,
        ),
    ):
        s = add(name, text)
        s.add_argument("files", nargs="+", metavar="FILE")
        s.add_argument("--partnership", help="the partnership, when the return does not name it")
        s.add_argument("--round", help="the round, when the return does not name it (exports: default the latest)")
        if name == "import":
            s.add_argument("--uploaded-by", default="command line", help="who is importing (kept in the history)")
        s.set_defaults(func=func)

    s = add("questions", "Print the questions to paste into a new Microsoft Forms or Google Forms survey.")
    s.add_argument("--partnership", help="the partnership (its councils are the choices and the partners to rate)")
    s.add_argument("--format", choices=["text", "csv"], default="text", help="text (default) or csv")
    s.set_defaults(func=cmd_questions)

    s = add("demo", "Load the fictional demo partnership (through the normal import path; safe to run again).")
    group = s.add_mutually_exclusive_group()
    group.add_argument(
        "--first-start",
        action="store_true",
        help="what the app does at start: load the demo into an empty database or finish an interrupted load",
    )
    group.add_argument("--large", action="store_true", help="the 40-council demo partnership instead")
    s.set_defaults(func=cmd_demo)
