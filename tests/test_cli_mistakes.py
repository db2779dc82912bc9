"""The command-line mistakes a new officer makes, each answered plainly (a real subprocess, a real database)."""

from __future__ import annotations

from pathlib import Path

from rasp.core.framework import Framework
from rasp.intake.template import fill_template
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND
from tests.test_cli import _setup, rasp

KNOWN_COUNCILS = "Known councils: " + ", ".join(f"'{c}'" for c in COUNCILS) + "."


def test_template_for_a_council_not_in_the_partnership_is_refused(db_url: str, tmp_path: Path) -> None:
    _setup(db_url)
    out = tmp_path / "t.xlsx"
    run = rasp("template", "--out", str(out), "--partnership", PARTNERSHIP, "--council", "Northvale", db=db_url)
    assert run.returncode == 2
    assert run.stderr == (
        f"Error: There is no council called 'Northvale' in partnership '{PARTNERSHIP}'. {KNOWN_COUNCILS}\n"
    )
    assert not out.exists()  # a template that could never validate is not written


def test_template_for_an_unknown_round_is_refused(db_url: str, tmp_path: Path) -> None:
    _setup(db_url)
    out = tmp_path / "t.xlsx"
    run = rasp("template", "--out", str(out), "--partnership", PARTNERSHIP, "--round", "2027 baseline", db=db_url)
    assert run.returncode == 2
    assert run.stderr == (
        f"Error: There is no round called '2027 baseline' in partnership '{PARTNERSHIP}'. Known rounds: '{ROUND}'.\n"
    )
    assert not out.exists()


def test_template_names_match_ignoring_case_and_the_file_holds_the_known_names(
    db_url: str, tmp_path: Path, fw: Framework
) -> None:
    _setup(db_url)
    out = tmp_path / "t.xlsx"
    run = rasp(
        "template",
        "--out",
        str(out),
        "--partnership",
        PARTNERSHIP.upper(),
        "--council",
        COUNCILS[1].lower(),
        "--round",
        ROUND.upper(),
        db=db_url,
    )
    assert run.returncode == 0, run.stderr
    # the template was made for the names as set up: filled in, it validates
    answered = tmp_path / "filled.xlsx"
    answered.write_bytes(
        fill_template(
            out.read_bytes(),
            about={"Target form of sharing": "4 Coordinate"},
            answers={s.id: "4 - Agree" for s in fw.statements},
            partners={},
        )
    )
    check = rasp("validate", str(answered), db=db_url)
    assert check.returncode == 0, check.stdout
    assert COUNCILS[1] in check.stdout and "Valid" in check.stdout


def test_template_council_without_partnership_is_refused(db_url: str, tmp_path: Path) -> None:
    run = rasp("template", "--out", str(tmp_path / "t.xlsx"), "--council", "Northvale", db=db_url)
    assert run.returncode == 2
    assert run.stderr.startswith("Error: A template for one council or round needs its partnership: add --partnership")


def test_template_out_in_a_missing_folder_or_not_xlsx(db_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "dir" / "x.xlsx"
    run = rasp("template", "--out", str(missing), db=db_url)
    assert run.returncode == 2
    assert run.stderr == (
        f"Error: The folder {missing.parent} does not exist: create it first, or choose another --out.\n"
    )
    assert "Unexpected error" not in run.stderr and "half-stored" not in run.stderr
    assert not (tmp_path / "missing").exists()

    csv_name = tmp_path / "x.csv"
    run = rasp("template", "--out", str(csv_name), db=db_url)
    assert run.returncode == 2
    assert run.stderr == (
        "Error: The return template is a .xlsx file: give --out a name ending in .xlsx, e.g. x.xlsx.\n"
    )
    assert not csv_name.exists()  # never an xlsx under a .csv name


def test_partnership_and_round_match_ignoring_case_and_unknown_ones_list_the_known(db_url: str) -> None:
    _setup(db_url)
    ok = rasp("scores", "--partnership", "  test PARTNERSHIP ", "--round", "2026 BASELINE", db=db_url)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("council,dimension,score")
    wrong = rasp("scores", "--partnership", "Test partnerships", db=db_url)
    assert wrong.returncode == 2
    assert wrong.stderr == (
        f"Error: There is no partnership called 'Test partnerships'. Known partnerships: '{PARTNERSHIP}'.\n"
    )
    wrong_round = rasp("gaps", "--partnership", PARTNERSHIP, "--round", "2025", db=db_url)
    assert wrong_round.returncode == 2
    assert wrong_round.stderr == (
        f"Error: There is no round called '2025' in partnership '{PARTNERSHIP}'. Known rounds: '{ROUND}'.\n"
    )


def test_db_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "no" / "such" / "dir"
    run = rasp("scores", db=f"sqlite:///{folder / 'x.db'}")
    assert run.returncode == 2
    assert run.stderr == (
        f"Error: The folder {folder} for the database file does not exist. Check --db (or RASP_DATABASE_URL), "
        "or create the folder first; nothing was created.\n"
    )
    assert not (tmp_path / "no").exists()
    assert "none yet" not in run.stderr


def test_validate_never_says_not_stored(db_url: str, tmp_path: Path, fw: Framework) -> None:
    from tests.helpers import filled

    _setup(db_url)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(filled(fw, answers={"T3": "Agreee"}))
    run = rasp("validate", str(bad), db=db_url)
    assert run.returncode == 1
    assert "Not stored" not in run.stdout
    assert f"{bad}: Not valid. The return has 1 problem to fix." in run.stdout


def test_every_problem_at_once_when_the_about_council_is_wrong(db_url: str, tmp_path: Path, fw: Framework) -> None:
    from tests.helpers import filled

    _setup(db_url)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        filled(
            fw,
            council="Northvale",  # not a council of the partnership
            answers={"T3": "Agreee"},
            partners={COUNCILS[1]: ("7", "3"), COUNCILS[2]: ("3", "high")},
        )
    )
    run = rasp("validate", str(bad), db=db_url)
    assert run.returncode == 1
    lines = [line for line in run.stdout.splitlines() if line.startswith(f"{bad}: ")]
    text = "\n".join(lines)
    assert "'Northvale'" in text  # the About sheet's council
    assert "'Agreee'" in text  # the Questions sheet
    assert "'7' is not a rating" in text  # the Partners sheet, reported in the same run
    assert "'high' is not a rating" in text
    assert "The return has 4 problems to fix." in text


def test_demo_at_first_start_is_there_for_the_next_command(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.test_cli import ROOT

    db = f"sqlite:///{tmp_path / 'first.db'}"
    env = {**os.environ, "RASP_DATABASE_URL": db, "RASP_DEMO": "1"}
    first = subprocess.run(
        [sys.executable, "-m", "rasp", "demo", "--first-start"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    assert "ready: 6 councils, 57 returns" in first.stdout
    scores = rasp("scores", db=db)  # what `rasp scores` right after start said "no partnership" to
    assert scores.returncode == 0 and "Northvale District Council" in scores.stdout
    again = subprocess.run(
        [sys.executable, "-m", "rasp", "demo", "--first-start"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert again.stdout.startswith("Nothing to do")
    off = subprocess.run(
        [sys.executable, "-m", "rasp", "demo", "--first-start"],
        cwd=ROOT,
        env={**env, "RASP_DEMO": "0", "RASP_DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"},
        capture_output=True,
        text=True,
    )
    assert off.stdout.startswith("RASP_DEMO is 0")
