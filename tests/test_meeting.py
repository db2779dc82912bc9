"""The meeting's rules without a browser: which address phones can use, the pulse rule (a council's own row only
from 3 pulse answers; the room pooled once 3 have answered), and what each questionnaire step leaves unanswered."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.meeting.addresses import LOCALHOST_ONLY, NO_NETWORK, is_loopback, join_plan, machine_addresses
from rasp.meeting.online import submit
from rasp.meeting.presenter import ROOM, pulse_view, storyline
from rasp.meeting.questionnaire import ABOUT_STEP, CHECK_STEP, PULSE_STEP, missing, steps
from rasp.store.collection import create_link, start_draft
from rasp.store.reads import load_answers
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up


def _plan(browser: str | None, listen: str | None, public: str | None = None, found: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return join_plan(
        browser_url=browser,
        server_address=listen,
        port=8501,
        base_path="",
        public_url=public,
        network_addresses=found or ("192.168.1.20", "10.0.0.5"),
    )


def test_a_network_address_in_the_browser_is_used_as_it_is() -> None:
    plan = _plan("http://192.168.1.20:8501/Presenter_view?x=1", "0.0.0.0")
    assert [c.base for c in plan.choices] == ["http://192.168.1.20:8501"] and plan.warning is None
    only = plan.chosen(None)
    assert only is not None and only.reachable
    assert only.link("abc") == "http://192.168.1.20:8501/Questionnaire?link=abc"
    assert only.short("abc") == "192.168.1.20:8501/Questionnaire?link=abc"
    named = _plan("https://rasp.example.gov.uk/Presenter_view", None)
    assert [c.base for c in named.choices] == ["https://rasp.example.gov.uk"]  # default port left out
    v6 = _plan("http://[2001:db8::7]:8600/", None)
    assert v6.choices[0].link("t") == "http://[2001:db8::7]:8600/Questionnaire?link=t"


def test_localhost_offers_this_machines_addresses() -> None:
    everywhere = _plan("http://localhost:8501/Presenter_view", "0.0.0.0")
    assert [(c.base, c.reachable) for c in everywhere.choices] == [
        ("http://192.168.1.20:8501", True),
        ("http://10.0.0.5:8501", True),
    ]
    assert everywhere.warning is None
    one = _plan("http://127.0.0.1:8501/", "10.0.0.5")  # listening on one address only: that one first
    assert [(c.base, c.reachable) for c in one.choices] == [
        ("http://10.0.0.5:8501", True),
        ("http://192.168.1.20:8501", False),
    ]
    chosen = one.chosen("http://192.168.1.20:8501")  # the facilitator may still pick the other, marked unreachable
    assert chosen is not None and not chosen.reachable


def test_listening_on_localhost_only_says_so_with_the_fix() -> None:
    plan = _plan("http://localhost:8501/", "localhost")
    assert plan.choices and not any(c.reachable for c in plan.choices)
    assert plan.warning == LOCALHOST_ONLY and "RASP_ADDRESS=0.0.0.0" in LOCALHOST_ONLY
    assert _plan("http://[::1]:8501/", "127.0.0.1").warning == LOCALHOST_ONLY
    lonely = join_plan(
        browser_url="http://localhost:8501/",
        server_address=None,
        port=8501,
        base_path="",
        public_url=None,
        network_addresses=["127.0.0.1"],
    )
    assert lonely.choices == () and lonely.warning == NO_NETWORK and lonely.chosen(None) is None


def test_public_url_comes_first_with_the_base_path() -> None:
    plan = join_plan(
        browser_url="http://localhost:8501/rasp/Presenter_view",
        server_address="127.0.0.1",
        port=8501,
        base_path="/rasp/",
        public_url="https://meet.example.org/rasp/",
        network_addresses=["192.168.1.20"],
    )
    assert [(c.base, c.reachable) for c in plan.choices] == [
        ("https://meet.example.org/rasp", True),
        ("http://192.168.1.20:8501/rasp", False),
    ]
    assert plan.warning is None  # the public address works: no alarm


def test_loopback_names() -> None:
    assert all(is_loopback(h) for h in ("localhost", "127.0.0.1", "127.8.9.1", "::1", "app.localhost"))
    assert not any(is_loopback(h) for h in ("192.168.1.20", "rasp.example.gov.uk", "0.0.0.0", ""))
    found = machine_addresses()
    assert all(not is_loopback(a) for a in found) and len(found) == len(set(found))


def _pulse(engine: Engine, fw: Framework, link: object, council: str, answer: str) -> None:
    values = {"about": {"Council": council}, "answers": {s.id: answer for s in fw.pulse().statements}}
    result = submit(engine, fw, link, start_draft(engine, link, values), values)  # type: ignore[arg-type]
    assert result.ok, (result.message, result.problems)


def test_pulse_rule_at_one_two_and_three_answers(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND, kind="pulse")
    councils = tuple(COUNCILS)

    def view():  # type: ignore[no-untyped-def]
        return pulse_view(load_answers(engine, PARTNERSHIP, ROUND, pulse=True), fw, councils)

    _pulse(engine, fw, link, COUNCILS[2], "2 - Disagree")
    one = view()
    assert one.rows == () and one.scores.empty  # one person's views never reach the projector
    assert one.sentence == "1 person has answered the pulse. The room's view is shown once 3 have answered."

    _pulse(engine, fw, link, COUNCILS[1], "4 - Agree")
    two = view()
    assert two.rows == () and two.scores.empty
    assert two.sentence.startswith("2 people have answered the pulse.")

    _pulse(engine, fw, link, COUNCILS[1], "5 - Strongly agree")
    three = view()
    assert three.rows == (ROOM,)  # no council has 3 answers: only the room, pooled
    assert set(three.scores["council"]) == {ROOM}
    # (25 + 75 + 100) / 3 on every dimension: Disagree, Agree, Strongly agree on the 0-100 scale
    assert three.scores["score"].tolist() == pytest.approx([200 / 3] * len(fw.dimensions))
    assert three.scores["n"].tolist() == [3] * len(fw.dimensions)
    assert three.held_back == (COUNCILS[1], COUNCILS[2])
    assert three.sentence == (
        "3 people have answered the pulse. 2 councils with fewer than 3 answers are counted in the room's view only."
    )

    _pulse(engine, fw, link, COUNCILS[1], "3 - Neither agree nor disagree")
    four = view()
    assert four.rows == (COUNCILS[1], ROOM)  # the council with 3 answers gets its own row
    own = four.scores[four.scores["council"] == COUNCILS[1]]
    assert own["score"].tolist() == pytest.approx([(75 + 100 + 50) / 3] * len(fw.dimensions))
    room = four.scores[four.scores["council"] == ROOM]
    assert room["score"].tolist() == pytest.approx([(25 + 75 + 100 + 50) / 4] * len(fw.dimensions))
    assert four.held_back == (COUNCILS[2],)
    assert four.sentence.endswith("1 council with fewer than 3 answers is counted in the room's view only.")


def test_pulse_view_of_nothing(fw: Framework) -> None:
    empty = pulse_view(pd.DataFrame(), fw, tuple(COUNCILS))
    assert empty.rows == () and empty.answered == 0
    assert empty.sentence.startswith("0 people have answered the pulse.")


def test_steps_and_what_each_leaves_unanswered(fw: Framework) -> None:
    assert steps(fw, True, pulse=True) == [PULSE_STEP, CHECK_STEP]  # the pulse: council and statements, then send
    full = steps(fw, True)
    assert full[0] == ABOUT_STEP and full[-1] == CHECK_STEP and len(full) == len(fw.dimensions) + 3
    about = missing({}, fw, ABOUT_STEP)
    assert [m.key for m in about] == ["w_about_Council", "w_about_Target form of sharing"]
    first = fw.dimensions[0]
    given = {"answers": {first.statements[0].id: "4 - Agree", first.statements[1].id: "Don't know"}}
    gaps = missing(given, fw, first.name)
    assert [m.key for m in gaps] == [f"w_answers_{s.id}" for s in first.statements[2:]]
    assert gaps[0].text == f"{first.statements[2].id}. {first.statements[2].text}"
    pulse = fw.pulse()
    assert [m.key for m in missing({"about": {"Council": COUNCILS[0]}}, pulse, PULSE_STEP)] == [
        f"w_answers_{s.id}" for s in pulse.statements
    ]


def test_storyline_opens_with_the_join_screen_while_a_link_is_open(fw: Framework) -> None:
    assert [s.id for s in storyline(False, fw, live=True)][:2] == ["join", "where"]
    shown = [s.id for s in storyline(True, fw)]
    assert "join" not in shown and "pulse" in shown
