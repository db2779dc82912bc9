"""The command line: exit codes, plain messages, no traceback. Most commands run in this process through the
same `main` that `python -m rasp` calls (a new Python process costs two seconds of imports each time); the
entry point itself runs as a real subprocess in `test_the_entry_point_is_python_m_rasp` and wherever
`rasp_process` is used."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest.mock import patch

import pytest

from rasp.cli import main
from rasp.core.framework import Framework
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled
from tests.hostile_files import HOSTILE, READABLE_ODD, RETURN_UNREADABLE

ROOT = Path(__file__).resolve().parent.parent


def rasp(*args: str, db: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m rasp ARGS` with the database in the environment, run in this process: its exit code, what it
    printed and what it wrote to standard error."""
    del timeout  # for the same call as rasp_process
    out, err = io.StringIO(), io.StringIO()
    environment = {"RASP_DATABASE_URL": db, "RASP_DEMO": "0"}  # as before once the command ends
    with patch.dict(os.environ, environment), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own errors (exit code 2) and --help
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(["python", "-m", "rasp", *args], code, out.getvalue(), err.getvalue())


def rasp_process(*args: str, db: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m rasp ARGS` as a user runs it: a new process, the database in its environment."""
    env = {**os.environ, "RASP_DATABASE_URL": db, "RASP_DEMO": "0"}
    return subprocess.run(
        [sys.executable, "-m", "rasp", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _setup(db: str) -> None:
    args = ["setup", "--partnership", PARTNERSHIP, "--round", ROUND]
    for c in COUNCILS:
        args += ["--council", c]
    first = rasp(*args, db=db)
    assert first.returncode == 0, first.stderr
    assert "Created: partnership Test partnership" in first.stdout


def test_setup_is_idempotent_and_scores_and_gaps_print_csv(db_url: str, tmp_path: Path, fw: Framework) -> None:
    _setup(db_url)
    again = rasp("setup", "--partnership", PARTNERSHIP, "--council", COUNCILS[0], "--round", ROUND, db=db_url)
    assert again.returncode == 0 and "Nothing to do" in again.stdout

    # Alpha: one respondent all 4 (75), one all 5 (100): 87.5. Beta: all "Disagree" (2 -> 25).
    files = {
        "a1.xlsx": filled(fw, respondent="A1", every=4),
        "a2.xlsx": filled(fw, respondent="A2", every=5),
        "b1.xlsx": filled(fw, council=COUNCILS[1], every="Disagree"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    imported = rasp("import", *(str(tmp_path / n) for n in files), db=db_url)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert imported.stdout.count("Stored") == 3

    scores = list(csv.DictReader(io.StringIO(rasp("scores", db=db_url).stdout)))
    assert list(scores[0]) == ["council", "dimension", "score", "n", "band"]
    row = {(r["council"], r["dimension"]): r for r in scores}
    assert row[(COUNCILS[0], "trust")] == {
        "council": COUNCILS[0],
        "dimension": "trust",
        "score": "87.50",
        "n": "2",
        "band": "strength",
    }
    assert row[(COUNCILS[1], "risk")]["score"] == "25.00" and row[(COUNCILS[1], "risk")]["band"] == "concern"
    assert row[(COUNCILS[2], "risk")]["score"] == "" and row[(COUNCILS[2], "risk")]["n"] == "0"

    gaps = list(
        csv.DictReader(io.StringIO(rasp("gaps", "--partnership", PARTNERSHIP, "--round", ROUND, db=db_url).stdout))
    )
    assert list(gaps[0]) == ["council_a", "council_b", "dimension", "gap", "material"]
    g = {(r["council_a"], r["council_b"], r["dimension"]): r for r in gaps}
    assert g[(COUNCILS[0], COUNCILS[1], "governance")]["gap"] == "62.50"
    assert g[(COUNCILS[0], COUNCILS[1], "governance")]["material"] == "True"
    assert len(gaps) == 3 * 7


def test_template_command_writes_a_template_that_imports(db_url: str, tmp_path: Path) -> None:
    _setup(db_url)
    out = tmp_path / "t.xlsx"
    made = rasp(
        "template",
        "--out",
        str(out),
        "--partnership",
        PARTNERSHIP,
        "--council",
        COUNCILS[2],
        "--round",
        ROUND,
        db=db_url,
    )
    assert made.returncode == 0, made.stderr
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names == ["Instructions", "About", "Questions", "Partners", "Meta"]
    # the empty template is readable but not a valid return: nothing answered, no target
    checked = rasp("validate", str(out), db=db_url)
    assert checked.returncode == 1
    assert "no statement has been answered" in checked.stdout
    assert "Target form of sharing is empty" in checked.stdout


def test_validate_exit_codes(db_url: str, tmp_path: Path, fw: Framework) -> None:
    _setup(db_url)
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(filled(fw))
    bad.write_bytes(filled(fw, answers={"T3": "Agreee"}))
    ok = rasp("validate", str(good), db=db_url)
    assert ok.returncode == 0 and "Valid" in ok.stdout
    invalid = rasp("validate", str(good), str(bad), db=db_url)
    assert invalid.returncode == 1
    assert "sheet Questions, cell D10 (T3): 'Agreee' is not an answer" in invalid.stdout
    missing = rasp("validate", str(bad), str(tmp_path / "nowhere.xlsx"), db=db_url)
    assert missing.returncode == 2 and "cannot open the file" in missing.stdout
    # validate never stores
    assert rasp("scores", db=db_url).stdout.count(",0,no data") == 21


def test_hostile_files_give_exit_2_and_one_plain_line_each(db_url: str, tmp_path: Path) -> None:
    _setup(db_url)
    paths = []
    for kind, make in HOSTILE.items():
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(make())
        paths.append(path)
    run = rasp("validate", *map(str, paths), db=db_url, timeout=300)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(paths)
    for path, line in zip(paths, lines, strict=True):
        assert line.startswith(f"{path}: "), line
        assert len(line) < 400


@pytest.mark.parametrize("kind", list(READABLE_ODD))
def test_readable_odd_workbooks_are_invalid_returns_not_crashes(db_url: str, tmp_path: Path, kind: str) -> None:
    _setup(db_url)
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(READABLE_ODD[kind]())
    run = rasp("validate", str(path), db=db_url)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "the sheet is missing" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_hostile_text_inside_a_real_return(db_url: str, tmp_path: Path, fw: Framework) -> None:
    _setup(db_url)
    formula = tmp_path / "formula.xlsx"
    formula.write_bytes(filled(fw, council='=HYPERLINK("http://x","Alpha")'))
    run = rasp("validate", str(formula), db=db_url)
    assert run.returncode == 1 and "is not a council of Test partnership" in run.stdout
    html = tmp_path / "html.xlsx"
    html.write_bytes(filled(fw, respondent="<script>alert(1)</script>", evidence={"T1": "<b>bold</b> & ‮odd"}))
    assert rasp("import", str(html), db=db_url).returncode == 0
    long = tmp_path / "long.xlsx"
    long.write_bytes(filled(fw, respondent="x" * 5000, evidence={"S1": "é" * 10_000}))
    run = rasp("validate", str(long), db=db_url)
    assert run.returncode == 1
    assert "Respondent is 5,000 characters long" in run.stdout
    assert "the evidence is 10,000 characters long" in run.stdout


def test_errors_are_one_plain_line(db_url: str, tmp_path: Path) -> None:
    run = rasp("scores", "--partnership", "Nowhere", db=db_url)
    assert run.returncode == 2
    assert run.stderr.strip() == "Error: There is no partnership called 'Nowhere'. No partnership is set up yet."
    bad_db = rasp("scores", db="notadb://x")
    assert bad_db.returncode == 2 and "Traceback" not in bad_db.stderr and bad_db.stderr.startswith("Error:")
    framework = tmp_path / "f.toml"
    framework.write_text("[framework]\nid = 'x'\n", encoding="utf-8")
    env_run = subprocess.run(
        [sys.executable, "-m", "rasp", "scores"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RASP_DATABASE_URL": db_url, "RASP_FRAMEWORK": str(framework)},
        timeout=60,
        check=False,
    )
    assert env_run.returncode == 2
    assert "cannot be used" in env_run.stderr and "[scale] section is missing" in env_run.stderr
    assert "Traceback" not in env_run.stderr


def test_agreement_ambition_and_trust_csv_by_hand(db_url: str, tmp_path: Path, fw: Framework) -> None:
    _setup(db_url)
    alpha, beta = COUNCILS[0], COUNCILS[1]
    trust_ids = [s.id for s in fw.statements if s.dimension == "trust"]
    made = {
        # Alpha: trust 1 / 5 / 3 from three people (scores 0, 100, 50 -> 50; every item |dev| 2,2,0 -> AD 4/3,
        # split); every other statement 4 (75, AD 0). Targets 5, 5, 3 -> median 5.
        "a1": filled(
            fw,
            respondent="a1",
            every=4,
            answers=dict.fromkeys(trust_ids, 1),
            about={"Target form of sharing": "5 Collaborate"},
            partners={beta: (5, 4)},
        ),
        "a2": filled(
            fw,
            respondent="a2",
            every=4,
            answers=dict.fromkeys(trust_ids, 5),
            about={"Target form of sharing": "5"},
            partners={beta: (3, None)},
        ),
        "a3": filled(
            fw,
            respondent="a3",
            every=4,
            answers=dict.fromkeys(trust_ids, 3),
            about={"Target form of sharing": "Cooperate"},
        ),
        # Beta: one respondent (below the anonymity threshold of 3), all 2 (25), target 2, trusts Alpha 2 -> 25
        "b1": filled(
            fw,
            council=beta,
            respondent="b1",
            every=2,
            about={"Target form of sharing": "2 Communicate"},
            partners={alpha: (2, 2)},
        ),
    }
    paths = []
    for name, data in made.items():
        (tmp_path / f"{name}.xlsx").write_bytes(data)
        paths.append(str(tmp_path / f"{name}.xlsx"))
    assert rasp("import", *paths, db=db_url).returncode == 0

    agreement = {
        (r["council"], r["dimension"]): r for r in csv.DictReader(io.StringIO(rasp("agreement", db=db_url).stdout))
    }
    assert agreement[(alpha, "trust")] == {
        "council": alpha,
        "dimension": "trust",
        "n": "3",
        "ad": "1.333",
        "split": "True",
    }
    assert agreement[(alpha, "strategy")]["ad"] == "0.000" and agreement[(alpha, "strategy")]["split"] == "False"
    assert agreement[(beta, "trust")] == {
        "council": beta,
        "dimension": "trust",
        "n": "1",
        "ad": "",
        "split": "below threshold",
    }
    assert agreement[(COUNCILS[2], "trust")]["split"] == "below threshold"  # no returns at all

    ambition = list(csv.DictReader(io.StringIO(rasp("ambition", db=db_url).stdout)))
    assert list(ambition[0]) == ["council", "target_rung", "ready_rung", "dimension", "required", "score", "gap"]
    a = {r["dimension"]: r for r in ambition if r["council"] == alpha}
    # Alpha: trust 50 meets rung 4 (50) but not rung 5 (65); everything else 75 -> ready for 4, target 5
    assert a["trust"] == {
        "council": alpha,
        "target_rung": "5",
        "ready_rung": "4",
        "dimension": "trust",
        "required": "65.00",
        "score": "50.00",
        "gap": "15.00",
    }
    assert a["governance"]["gap"] == "0.00" and a["governance"]["required"] == "55.00"
    b = {r["dimension"]: r for r in ambition if r["council"] == beta}
    # Beta: everything 25 -> rung 2 needs trust 25: met; rung 3 needs strategy 35: not -> ready for 2 = target
    assert b["trust"]["ready_rung"] == "2" and b["trust"]["target_rung"] == "2" and b["trust"]["gap"] == "0.00"
    assert {r["council"] for r in ambition} == {alpha, beta}

    trust = {(r["rater"], r["rated"]): r for r in csv.DictReader(io.StringIO(rasp("trust", db=db_url).stdout))}
    assert len(trust) == 6
    assert trust[(alpha, beta)] == {
        "rater": alpha,
        "rated": beta,
        "trust": "75.00",
        "alignment": "75.00",
        "n": "2",
        "trust_asymmetry": "50.00",
        "asymmetric": "True",
    }
    assert trust[(beta, alpha)]["trust"] == "25.00" and trust[(beta, alpha)]["n"] == "1"
    assert trust[(COUNCILS[2], alpha)]["trust"] == "" and trust[(COUNCILS[2], alpha)]["asymmetric"] == "False"


@pytest.mark.parametrize("fmt", ["pptx", "xlsx", "html"])
def test_export_command_writes_each_format(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    run = rasp("export", "--format", fmt, "--out", str(out), "--anonymised", db=f"sqlite:///{demo_db}")
    assert run.returncode == 0, run.stdout + run.stderr
    data = out.read_bytes()
    assert len(data) > 10_000
    assert data[:2] == b"PK" if fmt != "html" else data.lstrip().lower().startswith(b"<!doctype html")
    assert "Wrote the" in run.stdout
    if fmt == "html":
        assert b"Northvale" not in data and b"Council A" in data
    bad = rasp(
        "export",
        "--format",
        fmt,
        "--out",
        str(tmp_path / "no" / "such" / "dir" / f"x.{fmt}"),
        db=f"sqlite:///{demo_db}",
    )
    assert bad.returncode == 2
    folder = tmp_path / "no" / "such" / "dir"
    assert bad.stderr == f"Error: The folder {folder} does not exist: create it first, or choose another --out.\n"
    assert not (tmp_path / "no").exists()


FORMULA_NAMES = ['=HYPERLINK("http://evil.example","x")', "+Plus Council", "-Minus Council", "@At Council"]


def test_csv_output_neutralises_names_a_spreadsheet_would_run(db_url: str, tmp_path: Path, fw: Framework) -> None:
    """Councils named like formulas: every CSV the CLI prints writes them as text that Excel will not run (a
    leading apostrophe, as the Actions CSV does); numbers, negative ones too, stay numbers."""
    partnership = PARTNERSHIP
    councils = [*FORMULA_NAMES, "\tTab Council"]
    args = ["setup", "--partnership", partnership, "--round", ROUND]
    for c in councils:
        args += ["--council", c]
    assert rasp(*args, db=db_url).returncode == 0
    paths = []
    for i, council in enumerate(councils[:2]):
        data = filled(fw, council=council, respondent=f"r{i}", every=4 - i, councils=councils)
        path = tmp_path / f"r{i}.xlsx"
        path.write_bytes(data)
        paths.append(str(path))
    imported = rasp("import", *paths, "--partnership", partnership, db=db_url)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    for command in ("scores", "gaps", "agreement", "ambition", "trust"):
        run = rasp(command, "--partnership", partnership, db=db_url)
        assert run.returncode == 0, run.stderr
        cells = [cell for row in csv.reader(io.StringIO(run.stdout)) for cell in row]
        texts = [c for c in cells if c and not c.replace(".", "", 1).lstrip("-").isdigit()]
        assert not [c for c in texts if c.startswith(("=", "+", "-", "@", "\t", "\r"))], (command, texts)
        assert f"'{FORMULA_NAMES[0]}" in cells, command


def test_import_prints_one_line_per_file_and_a_true_summary(db_url: str, tmp_path: Path, fw: Framework) -> None:
    _setup(db_url)
    good = tmp_path / "good.xlsx"
    good.write_bytes(filled(fw, respondent="Good"))
    hidden = tmp_path / "hidden.xlsx"
    hidden.write_bytes(RETURN_UNREADABLE["hidden_questions_first"]())
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(filled(fw, respondent="Bad", answers={"T3": "Agreee"}))
    later = tmp_path / "later.xlsx"
    later.write_bytes(filled(fw, council=COUNCILS[1], respondent="Later"))
    run = rasp("import", str(good), str(hidden), str(tmp_path / "nowhere.xlsx"), str(bad), str(later), db=db_url)
    assert run.returncode == 2 and "Traceback" not in run.stdout + run.stderr
    firsts = list(dict.fromkeys(line.split(":")[0] for line in run.stdout.splitlines()))
    assert firsts == ["good.xlsx", "hidden.xlsx", "nowhere.xlsx", "bad.xlsx", "later.xlsx"]
    assert run.stderr.strip() == (
        "5 files checked: 2 stored; 1 not stored: problems to fix; 2 not stored: not a file we can read."
    )


def test_the_entry_point_is_python_m_rasp(tmp_path: Path) -> None:
    """The real entry point in a new process: exit codes, standard output and a plain error line."""
    db = f"sqlite:///{tmp_path / 'entry.db'}"
    made = rasp_process("setup", "--partnership", PARTNERSHIP, "--round", ROUND, "--council", COUNCILS[0], db=db)
    assert made.returncode == 0, made.stderr
    listed = rasp_process("scores", "--partnership", PARTNERSHIP, "--round", ROUND, db=db)
    assert listed.returncode == 0 and listed.stdout.startswith("council,"), (listed.stdout, listed.stderr)
    wrong = rasp_process("scores", "--partnership", "Nowhere", db=db)
    assert wrong.returncode == 2 and wrong.stderr.startswith("Error: ") and "Traceback" not in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1
