"""Commands for access: grant and revoke roles, list them, set a partnership's mode, print the audit log.

The command line acts as the deployment's administrator (whoever can run it holds the database URL); every
change it makes is audited as "command line".
"""

from __future__ import annotations

import argparse
import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from rasp.access import COMMAND_LINE
from rasp.cli.common import Add, print_csv
from rasp.core import config
from rasp.core.errors import SetupError
from rasp.core.framework import load_framework
from rasp.core.roles import ROLES, Grant, as_mode, as_role
from rasp.core.words import long_date
from rasp.store.access import grant_role, revoke_role, role_table, set_mode
from rasp.store.audit import audit, read_audit
from rasp.store.engine import make_engine
from rasp.store.personal import apply_retention, erase_returns, find_subject, retention_plan, subject_export

WHO = COMMAND_LINE.email


def _engine(args: argparse.Namespace) -> Engine:
    return make_engine(args.db or config.database_url())


def _grant(args: argparse.Namespace) -> Grant:
    return Grant(as_role(args.role), args.partnership, args.council)


def cmd_grant(args: argparse.Namespace) -> int:
    grant = _grant(args)
    if grant_role(_engine(args), args.email, grant, by=WHO):
        print(f"Granted: {args.email.strip().casefold()} is now {grant.describe()}.")
    else:
        print(f"Nothing to do: {args.email.strip().casefold()} is already {grant.describe()}.")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    grant = _grant(args)
    if revoke_role(_engine(args), args.email, grant, by=WHO):
        print(f"Revoked: {args.email.strip().casefold()} is no longer {grant.describe()}.")
    else:
        print(f"Nothing to do: {args.email.strip().casefold()} was not {grant.describe()}.")
    return 0


def _csv(frame: pd.DataFrame) -> None:
    print_csv(frame, float_format=None)


def cmd_roles(args: argparse.Namespace) -> int:
    _csv(role_table(_engine(args), partnership=args.partnership))
    return 0


def cmd_mode(args: argparse.Namespace) -> int:
    mode = as_mode(args.mode)
    if set_mode(_engine(args), args.partnership, mode, by=WHO):
        print(f"Partnership '{args.partnership}' is now {mode}.")
    else:
        print(f"Nothing to do: partnership '{args.partnership}' is already {mode}.")
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-28") from None


def cmd_audit(args: argparse.Namespace) -> int:
    log = read_audit(
        _engine(args),
        partnerships=[args.partnership] if args.partnership else None,
        who=args.who,
        action=args.action,
        since=args.since,
        until=args.until,
    )
    log["at"] = log["at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S") if hasattr(t, "strftime") else t)
    _csv(log)
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    engine, today = _engine(args), args.today or dt.date.today()
    if args.dry_run:
        plan = retention_plan(engine, today)
    else:
        plan = apply_retention(engine, load_framework(config.framework_path()), today, by=WHO)
    verb = "Would remove" if args.dry_run else "Removed"
    for item in plan:
        print(
            f"{verb} the individual answers of {item.partnership}, round {item.round_name} (opened "
            f"{long_date(item.opened_on)}): {item.returns} return{'s' if item.returns != 1 else ''}; "
            "council scores are kept."
        )
    if not plan:
        print("Nothing is past its partnership's retention period.")
    return 0


def cmd_subject(args: argparse.Namespace) -> int:
    engine = _engine(args)
    found = find_subject(engine, args.find)
    if found.empty:
        print(f"No stored return has a respondent matching '{args.find}'.")
        return 0
    ids = [int(i) for i in found["return_id"]]
    if args.export:
        try:
            subject_export(engine, ids).to_csv(args.export, index=False)
        except OSError as exc:
            raise SetupError(f"Cannot write {args.export}: {exc.strerror or exc}.") from None
        audit(engine, WHO, "export", None, f"subject access export of returns {', '.join(map(str, ids))}")
        print(f"Wrote everything stored from {len(ids)} return{'s' if len(ids) != 1 else ''} to {args.export}.")
    if args.erase:
        gone = erase_returns(engine, ids, by=WHO)
        print(f"Erased {gone} return{'s' if gone != 1 else ''}; the figures no longer include them.")
    if not args.export and not args.erase:
        _csv(found)
    return 0


def register(add: Add) -> None:
    """Add the access commands to the parser (`add` makes a sub-command with --db)."""
    for name, text, func in (
        ("grant", "Give someone a role (the command line acts as the deployment's administrator).", cmd_grant),
        ("revoke", "Take a role away.", cmd_revoke),
    ):
        s = add(name, text)
        s.add_argument("--email", required=True, help="the address they sign in with")
        s.add_argument("--role", required=True, choices=ROLES)
        s.add_argument("--partnership", help="for facilitator, officer and viewer")
        s.add_argument("--council", help="for officer and viewer")
        s.set_defaults(func=func)
    s = add("roles", "Print every role as CSV: email,role,partnership,council,granted_by,granted_at.")
    s.add_argument("--partnership")
    s.set_defaults(func=cmd_roles)
    s = add("mode", "Set a partnership's mode: in-confidence (a council sees only itself) or open.")
    s.add_argument("--partnership", required=True)
    s.add_argument("--mode", required=True, choices=["in-confidence", "open"])
    s.set_defaults(func=cmd_mode)
    s = add("audit", "Print the audit log as CSV, newest first: at,who,action,partnership,detail.")
    s.add_argument("--partnership")
    s.add_argument("--who", help="entries by people whose email contains this")
    s.add_argument("--action", help="one kind of entry, e.g. 'upload' or 'mode changed'")
    s.add_argument("--since", type=_day, help="from this day, YYYY-MM-DD")
    s.add_argument("--until", type=_day, help="up to and including this day, YYYY-MM-DD")
    s.set_defaults(func=cmd_audit)
    s = add(
        "retention",
        "Remove individual answers of rounds past their partnership's retention period, keeping council scores.",
    )
    s.add_argument("--dry-run", action="store_true", help="only say what would go")
    s.add_argument("--today", type=_day, help=argparse.SUPPRESS)  # for tests: pretend today is this day
    s.set_defaults(func=cmd_retention)
    s = add("subject", "Find a respondent's returns (UK GDPR): list them, export them to CSV, or erase them.")
    s.add_argument("--find", required=True, help="the name or email the respondent gave")
    s.add_argument("--export", metavar="FILE", help="write everything stored from their returns to this CSV file")
    s.add_argument("--erase", action="store_true", help="erase their returns (the figures recompute)")
    s.set_defaults(func=cmd_subject)
