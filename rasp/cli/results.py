"""Commands that print results as CSV (scores, gaps, agreement, ambition, trust) or write a report."""

from __future__ import annotations

import argparse

from rasp.access import COMMAND_LINE, Readable, person_for, readable
from rasp.cli.common import EXIT_OK, Add, engine_for, framework, output_file, print_csv, resolve, write_output
from rasp.core.status import OK
from rasp.method.snapshot import Snapshot
from rasp.store.audit import audit


def readable_for(args: argparse.Namespace) -> Readable:
    """The round as the person named by --as may see it (without --as: the administrator, who sees all)."""
    engine = engine_for(args)
    person = person_for(engine, args.as_person) if args.as_person else COMMAND_LINE
    return readable(engine, framework(), person, *resolve(engine, args.partnership, args.round))


def snapshot_for(args: argparse.Namespace) -> Snapshot:
    return readable_for(args).snapshot


def cmd_scores(args: argparse.Namespace) -> int:
    print_csv(snapshot_for(args).scores)
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace) -> int:
    print_csv(snapshot_for(args).gaps)
    return EXIT_OK


def cmd_agreement(args: argparse.Namespace) -> int:
    table = snapshot_for(args).agreement
    split = table["split"].astype("object").where(table["status"] == OK, table["status"])
    print_csv(table.assign(split=split)[["council", "dimension", "n", "ad", "split"]], "%.3f")
    return EXIT_OK


def cmd_ambition(args: argparse.Namespace) -> int:
    print_csv(snapshot_for(args).ambition)
    return EXIT_OK


def cmd_trust(args: argparse.Namespace) -> int:
    print_csv(snapshot_for(args).trust)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from rasp.exports.content import report_content
    from rasp.exports.formats import formats

    fmt = formats()[args.format]
    out = output_file(args.out, fmt.extension, fmt.label)
    seen = readable_for(args)
    partnership, round_name = seen.snapshot.partnership, seen.snapshot.round_name
    content = report_content(
        seen.snapshot,
        seen.trends,
        framework(),
        anonymised=args.anonymised,
        actions=seen.actions,
        partnership_councils=seen.councils,
    )
    data = fmt.build(content)
    who = f" as {args.as_person}" if args.as_person else ""
    audit(engine_for(args), COMMAND_LINE.email, "export", partnership, f"{fmt.label}, {round_name}{who}")
    write_output(out, data)
    print(f"Wrote the {fmt.label} for {partnership}, {round_name} to {out} ({len(data) // 1024} KB).")
    return EXIT_OK


def register(add: Add) -> None:
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
        s.add_argument("--as", dest="as_person", metavar="EMAIL", help="show only what this person may see")
        s.set_defaults(func=func)

    s = add("export", "Write a report: a PowerPoint pack, an Excel analysis workbook or a standalone web page.")
    s.add_argument("--format", required=True, choices=["pptx", "xlsx", "html"])
    s.add_argument("--out", required=True, help="file to write")
    s.add_argument("--partnership")
    s.add_argument("--round", help="default: the latest round")
    s.add_argument("--anonymised", action="store_true", help="show councils as Council A, B, C")
    s.add_argument("--as", dest="as_person", metavar="EMAIL", help="a report of only what this person may see")
    s.set_defaults(func=cmd_export)
