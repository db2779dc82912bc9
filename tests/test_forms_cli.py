"""`python -m rasp questions` and `import` / `validate` of survey exports, run as a user runs them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rasp.core.framework import Framework
from tests import forms_exports as fx
from tests.helpers import COUNCILS, filled
from tests.test_cli import _setup, rasp


def test_questions_text_and_csv(db_url: str, fw: Framework) -> None:
    _setup(db_url)
    text = rasp("questions", db=db_url)
    assert text.returncode == 0, text.stderr
    assert "[council] Which council do you work for?" in text.stdout
    assert f"row: [S1] {fw.statements[0].text}" in text.stdout
    assert f"row: [trust] {COUNCILS[2]}" in text.stdout
    table = rasp("questions", "--format", "csv", db=db_url)
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == 5 + len(fw.statements) + 2 * len(COUNCILS)
    assert rows[3] == {
        "section": "About you",
        "id": "target",
        "question": "[target] Which form of sharing should the partnership aim for?",
        "answer_type": "choice",
        "options": " | ".join(r.label for r in fw.ladder),
        "required": "yes",
    }
    unknown = rasp("questions", "--partnership", "Nowhere", db=db_url)
    assert unknown.returncode == 2 and "There is no partnership called 'Nowhere'" in unknown.stderr


def test_import_an_export_row_by_row_with_warnings(db_url: str, fw: Framework, tmp_path: Path) -> None:
    _setup(db_url)
    who = fx.people(fw, COUNCILS, 4)
    who[1].ratings = {}
    for s in fw.statements[6:12]:  # trust: none answered
        who[2].answers[s.id] = None
    rows = fx.google_rows(fw, COUNCILS, who)
    t3 = next(i for i, h in enumerate(rows[0]) if "[T3]" in str(h))
    rows[4][t3] = "Agreee"
    path = tmp_path / "responses.csv"
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    run = rasp("import", str(path), db=db_url)
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "responses.csv: survey export (.csv): 3 stored, 1 not stored (problems)."
    assert "responses.csv: Not matched, so not used: column BD: 'Any other comments?'." in lines
    assert any(line.startswith("responses.csv, row 3 (") and "Warning: No partner ratings" in line for line in lines)
    warned = [line for line in lines if "row 4 (" in line and "Warning: Fewer than half" in line]
    assert warned and "Trust and relationships (0 of 6 answered)" in warned[0]
    assert any(line.startswith("responses.csv, row 5 (") and "'Agreee' is not an answer" in line for line in lines)
    again = rasp("import", str(path), db=db_url)
    assert again.stdout.splitlines()[0] == (
        "responses.csv: survey export (.csv): 3 already imported, 1 not stored (problems)."
    )


def test_template_warnings_in_validate(db_url: str, fw: Framework, tmp_path: Path) -> None:
    _setup(db_url)
    path = tmp_path / "one.xlsx"
    path.write_bytes(filled(fw, answers={s.id: None for s in fw.statements[:4]}))
    run = rasp("validate", str(path), db=db_url)
    assert run.returncode == 0
    assert run.stdout.splitlines()[1:] == [
        f"{path}: Warning: Fewer than half of the statements are answered in: Shared vision and strategy (2 of 6 "
        "answered). This dimension will not count for this respondent (Don't know and blanks are not answers).",
        f"{path}: Warning: No partner ratings: this return adds nothing to the trust and alignment figures "
        "between partners.",
    ]


def test_token_create_list_revoke_and_close_round(db_url: str) -> None:
    from rasp.store.engine import make_engine
    from rasp.store.tokens import find_token, round_closed_at
    from tests.helpers import PARTNERSHIP, ROUND

    _setup(db_url)
    made = rasp("token", "create", "--label", "Power Automate", db=db_url)
    assert made.returncode == 0, made.stderr
    first, token = made.stdout.splitlines()
    assert first.startswith("Token 1 for Test partnership (shown once") and token.startswith("rasp_")
    listed = rasp("token", "list", db=db_url)
    assert "Power Automate" in listed.stdout and token not in listed.stdout
    engine = make_engine(db_url)
    assert find_token(engine, token) is not None
    assert rasp("token", "revoke", "--id", "1", db=db_url).stdout.startswith("Revoked token 1")
    assert find_token(engine, token) is None
    assert rasp("token", "revoke", "--id", "1", db=db_url).stdout.startswith("Nothing to do")
    closed = rasp("close-round", db=db_url)
    assert closed.returncode == 0 and "closed" in closed.stdout
    assert round_closed_at(engine, PARTNERSHIP, ROUND) is not None
    rasp("close-round", "--reopen", db=db_url)
    assert round_closed_at(engine, PARTNERSHIP, ROUND) is None
    engine.dispose()
