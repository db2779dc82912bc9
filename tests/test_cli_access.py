"""The access commands, run as a user runs them (a real subprocess on a real SQLite file)."""

from __future__ import annotations

import csv
import html
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from rasp.intake.demo import BASELINE, DEMO_PARTNERSHIP
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


def _demo(demo_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    return f"sqlite:///{copy}"


OTHERS = [c for c in BASELINE if c != "Eastmoor Borough Council"]


@pytest.mark.parametrize("mode", ["in-confidence", "open"])
def test_cli_tables_and_exports_as_a_council_viewer(demo_db: Path, tmp_path: Path, mode: str) -> None:
    db = _demo(demo_db, tmp_path)
    viewer = "director@eastmoor.gov.uk"
    assert (
        rasp(
            "grant",
            "--email",
            viewer,
            "--role",
            "viewer",
            "--partnership",
            DEMO_PARTNERSHIP,
            "--council",
            "Eastmoor Borough Council",
            db=db,
        ).returncode
        == 0
    )
    assert rasp("mode", "--partnership", DEMO_PARTNERSHIP, "--mode", mode, db=db).returncode == 0
    scores = _rows(rasp("scores", "--partnership", DEMO_PARTNERSHIP, "--as", viewer, db=db).stdout)
    gaps = _rows(rasp("gaps", "--partnership", DEMO_PARTNERSHIP, "--as", viewer, db=db).stdout)
    trust = _rows(rasp("trust", "--partnership", DEMO_PARTNERSHIP, "--as", viewer, db=db).stdout)
    everyone = _rows(rasp("scores", "--partnership", DEMO_PARTNERSHIP, db=db).stdout)  # the administrator
    assert len({r["council"] for r in everyone}) == 6
    earlier = len(_rows(rasp("audit", "--action", "export", db=db).stdout))  # the shared demo may hold some
    for fmt in ("html", "xlsx", "pptx"):
        out = tmp_path / f"report.{fmt}"
        made = rasp(
            "export", "--format", fmt, "--out", str(out), "--partnership", DEMO_PARTNERSHIP, "--as", viewer, db=db
        )
        assert made.returncode == 0, made.stderr
        text = _report_text(out)
        named = [c for c in OTHERS if c in text]
        if mode == "in-confidence":
            assert named == [], f"the {fmt} report names {named} to Eastmoor's viewer"
        else:
            assert len(named) == len(OTHERS)
        assert "Eastmoor Borough Council" in text
    if mode == "in-confidence":
        assert {r["council"] for r in scores} == {"Eastmoor Borough Council"}
        assert gaps == [] and trust == []
    else:
        assert len({r["council"] for r in scores}) == 6 and gaps and trust
    log = _rows(rasp("audit", "--action", "export", db=db).stdout)
    mine = [r for r in log if r["detail"].endswith(f"as {viewer}")]
    assert len(log) == earlier + 3 and len(mine) >= 3


def test_cli_as_someone_without_a_role_is_refused(demo_db: Path, tmp_path: Path) -> None:
    db = _demo(demo_db, tmp_path)
    result = rasp("scores", "--partnership", DEMO_PARTNERSHIP, "--as", "nobody@x.gov.uk", db=db)
    assert result.returncode == 2 and result.stdout == ""
    assert f"nobody@x.gov.uk has no role in {DEMO_PARTNERSHIP}" in result.stderr


def _report_text(path: Path) -> str:
    """Every piece of text inside a report file (xlsx and pptx are zip files of XML)."""
    if path.suffix == ".html":
        return html.unescape(path.read_text(encoding="utf-8"))
    with zipfile.ZipFile(path) as z:
        return html.unescape(" ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")))
