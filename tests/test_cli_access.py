"""The access commands, run as a user runs them (a real subprocess on a real SQLite file)."""

from __future__ import annotations

import csv
import io

from tests.helpers import COUNCILS, PARTNERSHIP
from tests.test_cli import _setup, rasp


def _rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_grant_revoke_roles_mode_and_audit(db_url: str) -> None:
    _setup(db_url)
    ok = rasp(
        "grant",
        "--email",
        "Jo@Alpha.gov.uk",
        "--role",
        "officer",
        "--partnership",
        PARTNERSHIP,
        "--council",
        COUNCILS[0],
        db=db_url,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == f"Granted: jo@alpha.gov.uk is now officer for {COUNCILS[0]} in {PARTNERSHIP}."
    again = rasp(
        "grant",
        "--email",
        "jo@alpha.gov.uk",
        "--role",
        "officer",
        "--partnership",
        PARTNERSHIP,
        "--council",
        COUNCILS[0],
        db=db_url,
    )
    assert again.returncode == 0 and again.stdout.startswith("Nothing to do")
    assert rasp("grant", "--email", "boss@x.gov.uk", "--role", "administrator", db=db_url).returncode == 0

    roles = _rows(rasp("roles", db=db_url).stdout)
    assert [(r["email"], r["role"], r["council"]) for r in roles] == [
        ("boss@x.gov.uk", "administrator", ""),
        ("jo@alpha.gov.uk", "officer", COUNCILS[0]),
    ]
    assert all(r["granted_by"] == "command line" for r in roles)

    gone = rasp("revoke", "--email", "boss@x.gov.uk", "--role", "administrator", db=db_url)
    assert gone.returncode == 0 and gone.stdout.startswith("Revoked: boss@x.gov.uk")

    mode = rasp("mode", "--partnership", PARTNERSHIP, "--mode", "open", db=db_url)
    assert mode.returncode == 0 and mode.stdout.strip() == f"Partnership '{PARTNERSHIP}' is now open."

    log = _rows(rasp("audit", db=db_url).stdout)
    assert [r["action"] for r in log] == ["mode changed", "role revoked", "role granted", "role granted"]
    assert {r["who"] for r in log} == {"command line"}
    mine = _rows(rasp("audit", "--partnership", PARTNERSHIP, "--action", "role granted", db=db_url).stdout)
    assert len(mine) == 1 and mine[0]["detail"] == f"jo@alpha.gov.uk: officer for {COUNCILS[0]} in {PARTNERSHIP}"


def test_access_commands_refuse_bad_input_in_plain_words(db_url: str) -> None:
    _setup(db_url)
    cases = [
        (
            ["grant", "--email", "jo", "--role", "viewer", "--partnership", PARTNERSHIP, "--council", COUNCILS[0]],
            "'jo' is not an email address",
        ),
        (
            ["grant", "--email", "jo@a.uk", "--role", "viewer", "--partnership", PARTNERSHIP],
            "A viewer is granted for a council in a partnership",
        ),
        (
            ["grant", "--email", "jo@a.uk", "--role", "facilitator", "--partnership", "Nowhere"],
            "There is no partnership called 'Nowhere'",
        ),
        (["mode", "--partnership", "Nowhere", "--mode", "open"], "There is no partnership called 'Nowhere'"),
    ]
    for args, message in cases:
        result = rasp(*args, db=db_url)
        assert result.returncode == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr
    assert _rows(rasp("audit", db=db_url).stdout) == []
