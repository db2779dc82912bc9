"""The online questionnaire page, answered as a respondent would, including a dropped session resumed."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rasp.core.framework import Framework
from rasp.store.collection import close_link, create_link
from rasp.store.engine import make_engine
from rasp.store.reads import load_returns
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/13_Questionnaire.py"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    db = f"sqlite:///{tmp_path / 'q.db'}"
    engine = make_engine(db)
    set_up(engine)
    engine.dispose()
    monkeypatch.setenv("RASP_DATABASE_URL", db)
    monkeypatch.setenv("RASP_DEMO", "0")
    return db


def _open(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page(PAGE)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _next(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Next").click()
    return at.run()


def test_answer_drop_resume_and_send(url: str, fw: Framework) -> None:
    engine = make_engine(url)
    link = create_link(engine, PARTNERSHIP, ROUND)
    at = _open({"link": link.token})
    assert not at.exception, at.exception
    assert at.header[0].value == "About you"
    draft = at.query_params["draft"]
    draft_token = draft[0] if isinstance(draft, list) else draft
    at.selectbox[0].select(COUNCILS[0]).run()
    at.selectbox[1].select("4 Coordinate").run()
    at = _next(at)
    assert at.header[0].value == fw.dimensions[0].name
    at.radio[0].set_value("5 - Strongly agree").run()
    at.radio[1].set_value("Don't know").run()

    # the connection drops: a new session opens the same address
    again = _open({"link": link.token, "draft": draft_token})
    assert not again.exception, again.exception
    assert again.header[0].value == fw.dimensions[0].name  # back on the same step
    assert again.radio[0].value == "5 - Strongly agree" and again.radio[1].value == "Don't know"

    for _ in range(len(fw.dimensions)):
        for radio in again.radio:
            if radio.value is None:
                radio.set_value("4 - Agree")
        again.run()
        again = _next(again)
    assert again.header[0].value == "Your partners"
    again.radio[0].set_value("5").run()
    again = _next(again)
    assert again.header[0].value == "Check and send"
    assert any("You have answered 42 of 42 statements" in m.value for m in again.markdown)
    next(b for b in again.button if b.label == "Send my answers").click().run()
    assert any("Your answers have been sent" in s.value for s in again.success), [e.value for e in again.error]
    returns = load_returns(engine, PARTNERSHIP, ROUND)
    assert returns["council"].tolist() == [COUNCILS[0]] and returns["source"].tolist() == ["online"]
    engine.dispose()


def test_missing_answers_are_explained(url: str) -> None:
    engine = make_engine(url)
    link = create_link(engine, PARTNERSHIP, ROUND, kind="pulse")
    at = _open({"link": link.token})
    steps = 0
    while not any(b.label == "Send my answers" for b in at.button) and steps < 10:
        at = _next(at)
        steps += 1
    next(b for b in at.button if b.label == "Send my answers").click().run()
    assert at.error and "Not sent yet" in at.error[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "Council is empty" in text and "no statement has been answered" in text
    assert load_returns(engine, PARTNERSHIP, ROUND, pulse=True).empty
    engine.dispose()


def test_closed_and_unknown_links(url: str) -> None:
    engine = make_engine(url)
    link = create_link(engine, PARTNERSHIP, ROUND)
    close_link(engine, link.token)
    at = _open({"link": link.token})
    assert at.warning and "closed" in at.warning[0].value
    assert not at.radio and not at.selectbox
    at = _open({"link": "made-up"})
    assert at.error and "not recognised" in at.error[0].value
    engine.dispose()
