"""The online questionnaire page, answered as a respondent would, including a dropped session resumed."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rasp.core.framework import Framework
from rasp.store.collection import Counts, close_link, create_link, response_counts
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


def _html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_answer_drop_resume_and_send(url: str, fw: Framework) -> None:
    engine = make_engine(url)
    link = create_link(engine, PARTNERSHIP, ROUND)
    at = _open({"link": link.token})
    assert not at.exception, at.exception
    assert at.header[0].value == "About you"
    assert "draft" not in at.query_params and response_counts(engine, [link.id]) == Counts(0, 0, 0)  # a visit
    at.selectbox[0].select(COUNCILS[0]).run()  # the first answer makes the draft
    draft = at.query_params["draft"]
    draft_token = draft[0] if isinstance(draft, list) else draft
    assert response_counts(engine, [link.id]) == Counts(0, 1, 0)
    target = next(r for r in at.radio if r.label == "The form of sharing your council is aiming for")
    assert list(target.options)[3] == "4 Coordinate"
    assert list(target.proto.captions)[3] == "Systematic adjustment and alignment of work"  # its meaning shown
    target.set_value("4 Coordinate").run()
    at = _next(at)
    assert at.header[0].value == fw.dimensions[0].name
    assert "w_answers_" in _html(at) or "scrollTo" in _html(at)  # the new step scrolls to its top
    at.radio[0].set_value("5 - Strongly agree").run()
    at.radio[1].set_value("Don't know").run()
    at = _next(at)  # four statements unanswered: asked once, naming each
    assert at.header[0].value == fw.dimensions[0].name
    summary = _html(at)
    assert "There is a problem" in summary
    for s in fw.dimensions[0].statements[2:]:
        assert f"href='#w_answers_{s.id}'" in summary and s.id in summary
    assert fw.dimensions[0].statements[0].id + "." not in summary

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
        assert "There is a problem" not in _html(again)
    assert again.header[0].value == "Your partners"
    again.radio[0].set_value("5").run()
    again = _next(again)  # partner ratings are optional: no question asked
    assert any("You have answered 42 of 42 statements" in m.value for m in again.markdown)
    next(b for b in again.button if b.label == "Send my answers").click().run()
    assert not again.exception, again.exception
    assert [s.value for s in again.success] == ["Thank you: your answers have been sent."], [
        e.value for e in again.error
    ]
    assert not any(b.label in {"Send my answers", "Next", "Back"} for b in again.button)  # nothing to press twice
    returns = load_returns(engine, PARTNERSHIP, ROUND)
    assert returns["council"].tolist() == [COUNCILS[0]] and returns["source"].tolist() == ["online"]
    # reopening the address after sending shows the thank-you, not the form
    later = _open({"link": link.token, "draft": draft_token})
    assert [s.value for s in later.success] == ["Thank you: your answers have been sent."] and not later.radio
    assert response_counts(engine, [link.id]) == Counts(1, 0, 0)
    engine.dispose()


def test_pulse_asks_only_the_council_and_its_statements(url: str, fw: Framework) -> None:
    engine = make_engine(url)
    link = create_link(engine, PARTNERSHIP, ROUND, kind="pulse")
    at = _open({"link": link.token})
    assert at.header[0].value == "Your view now"
    assert [s.label for s in at.selectbox] == ["Your council"] and not at.text_input
    assert len(at.radio) == len(fw.dimensions)  # one pulse statement per dimension, on one screen
    at.selectbox[0].select(COUNCILS[1]).run()
    for radio in at.radio:
        radio.set_value("4 - Agree")
    at.run()
    at = _next(at)
    assert at.header[0].value == "Check and send" and "There is a problem" not in _html(at)
    next(b for b in at.button if b.label == "Send my answers").click().run()
    assert [s.value for s in at.success] == ["Thank you: your answers have been sent."], [e.value for e in at.error]
    assert load_returns(engine, PARTNERSHIP, ROUND, pulse=True)["council"].tolist() == [COUNCILS[1]]
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
    text = at.error[0].value  # the importer's messages, each on its own line
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
