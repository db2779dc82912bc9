"""A failed draft save is shown, the answer is kept, and trying again stores it (no silent failures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from rasp.core.framework import Framework
from rasp.store.collection import create_link
from rasp.store.engine import make_engine
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/13_Questionnaire.py"
# A real failure inside the database: SQLite refuses every change to a draft while this trigger exists.
REFUSE = "CREATE TRIGGER refuse_drafts BEFORE UPDATE ON drafts BEGIN SELECT RAISE(ABORT, 'disk full'); END"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    db = f"sqlite:///{tmp_path / 'q.db'}"
    engine = make_engine(db)
    set_up(engine)
    engine.dispose()
    monkeypatch.setenv("RASP_DATABASE_URL", db)
    monkeypatch.setenv("RASP_DEMO", "0")
    return db


def _saved(engine: object) -> dict[str, object]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(text("SELECT values_json FROM drafts")).scalars().all()
    assert len(rows) == 1
    return json.loads(rows[0])  # type: ignore[no-any-return]


def test_failed_save_is_shown_kept_and_retried(url: str, fw: Framework) -> None:
    engine = make_engine(url)
    link = create_link(engine, PARTNERSHIP, ROUND)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page(PAGE)
    at.query_params["link"] = link.token
    at.run()
    at.selectbox[0].select(COUNCILS[0]).run()
    assert _saved(engine)["about"]["Council"] == COUNCILS[0]  # type: ignore[index]
    assert not at.error

    with engine.begin() as conn:
        conn.execute(text(REFUSE))
    at.text_input[0].input("Head of ICT").run()  # "Your name"
    assert at.error, "a failed save must be shown"
    assert "Your last answer was not saved" in at.error[0].value
    assert at.text_input[0].value == "Head of ICT"  # still on the page
    assert "Respondent" not in _saved(engine)["about"]  # type: ignore[operator]

    retry = next(b for b in at.button if b.label == "Try saving again")
    retry.click().run()
    assert at.error and "not saved" in at.error[0].value  # the database still refuses: still said

    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER refuse_drafts"))
    next(b for b in at.button if b.label == "Try saving again").click().run()
    assert not at.error
    assert _saved(engine)["about"]["Respondent"] == "Head of ICT"  # type: ignore[index]
    engine.dispose()
