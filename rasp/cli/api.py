"""Commands for the HTTP API: create, list and revoke a partnership's API tokens; close a round to the API.

A token is printed once, when created, and kept only as a hash. Every change is audited as "command line".
"""

from __future__ import annotations

import argparse

from rasp.access import COMMAND_LINE
from rasp.cli.common import EXIT_ERROR, EXIT_OK, Add, engine_for, print_csv, resolve
from rasp.store.tokens import create_token, list_tokens, revoke_token, set_round_closed

WHO = COMMAND_LINE.email


def cmd_token(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    partnership, _ = resolve(engine, args.partnership, None)
    if args.action == "create":
        token_id, token = create_token(engine, partnership, args.label or "", WHO)
        print(f"Token {token_id} for {partnership} (shown once; keep it secret, e.g. in the flow's connection):")
        print(token)
        return EXIT_OK
    if args.action == "list":
        print_csv(list_tokens(engine, partnership))
        return EXIT_OK
    if args.id is None:
        print("Name the token to revoke with --id (see: token list).")
        return EXIT_ERROR
    if revoke_token(engine, partnership, args.id, WHO):
        print(f"Revoked token {args.id} of {partnership}: it answers nothing from now on.")
        return EXIT_OK
    print(f"Nothing to do: {partnership} has no live token {args.id}.")
    return EXIT_OK


def cmd_close_round(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    partnership, round_name = resolve(engine, args.partnership, args.round)
    set_round_closed(engine, partnership, round_name, not args.reopen, WHO)
    state = "open again to" if args.reopen else "closed: it takes no more returns from"
    print(f"Round {round_name} of {partnership} is {state} the API.")
    return EXIT_OK


def register(add: Add) -> None:
    s = add("token", "Create, list or revoke the API tokens of a partnership (a new token is shown once).")
    s.add_argument("action", choices=["create", "list", "revoke"])
    s.add_argument("--partnership")
    s.add_argument("--label", help="what the token is for, e.g. 'Power Automate flow, Eastmoor'")
    s.add_argument("--id", type=int, help="the token to revoke (see: token list)")
    s.set_defaults(func=cmd_token)

    s = add("close-round", "Close a round to the API (no more returns through it), or --reopen it.")
    s.add_argument("--partnership")
    s.add_argument("--round", help="default: the latest round")
    s.add_argument("--reopen", action="store_true")
    s.set_defaults(func=cmd_close_round)
