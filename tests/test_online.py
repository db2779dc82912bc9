"""Online collection: links, drafts that survive a dropped connection, submission through the same validation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, update

from rasp.core.framework import Framework
from rasp.meeting.online import submit
from rasp.store.collection import (
    Counts,
    close_link,
    create_link,
    find_link,
    load_draft,
    response_counts,
    save_draft,
    start_draft,
)
from rasp.store.reads import load_answers, load_returns
from rasp.store.schema import drafts
from rasp.store.snapshots import build_snapshot
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up


def _values(fw: Framework, answer: str = "4 - Agree", council: str = COUNCILS[0], **about: str) -> dict[str, object]:
    return {
        "about": {
            "Council": council,
            "Respondent": "",
            "Role": "Head of ICT",
            "Target form of sharing": "4 Coordinate",
            **about,
        },
        "answers": {s.id: answer for s in fw.statements},
        "evidence": {"T1": "<b>We meet monthly</b>"},
        "partners": {COUNCILS[1]: [4, 3]},
    }


def test_draft_survives_and_submission_is_scored(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND)
    assert link.is_open and len(link.token) == 14  # 80 random bits, short enough to type from the projector
    assert response_counts(engine, [link.id]) == Counts(0, 0, 0)  # opening the link stores nothing
    draft = start_draft(engine, link, {"about": {"Council": COUNCILS[0]}})  # made on the first answer
    partial = {"about": {"Council": COUNCILS[0]}, "answers": {"S1": "5 - Strongly agree"}}
    save_draft(engine, draft, partial)
    # the connection drops; the page comes back with the same draft token
    resumed = load_draft(engine, draft.token, link)
    assert resumed is not None and resumed.values == partial
    assert response_counts(engine, [link.id]) == Counts(0, 1, 0)

    result = submit(engine, fw, link, resumed, _values(fw))
    assert result.status == "stored", (result.message, result.problems)
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    assert snap.scores[snap.scores.council == COUNCILS[0]]["score"].tolist() == [75.0] * 7
    assert snap.trust.set_index(["rater", "rated"]).loc[(COUNCILS[0], COUNCILS[1]), "trust"] == pytest.approx(75)
    assert load_returns(engine, PARTNERSHIP, ROUND)["source"].tolist() == ["online"]
    assert response_counts(engine, [link.id]) == Counts(1, 0, 0)
    # sending the same draft again stores nothing more
    again = submit(engine, fw, link, load_draft(engine, draft.token, link) or draft, _values(fw))
    assert again.status == "duplicate" and len(load_returns(engine, PARTNERSHIP, ROUND)) == 1


def test_invalid_answers_are_refused_with_the_importers_messages(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND)
    draft = start_draft(engine, link)
    values = _values(fw, council="Nowhere Council")
    values["answers"] = {}  # type: ignore[assignment]
    result = submit(engine, fw, link, draft, values)
    assert result.status == "invalid"
    text = " ".join(str(p) for p in result.problems)
    assert "'Nowhere Council' is not a council of Test partnership" in text
    assert "no statement has been answered" in text
    assert load_returns(engine, PARTNERSHIP, ROUND).empty


def test_closed_link_answers_nothing(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND)
    draft = start_draft(engine, link)
    close_link(engine, link.token)
    closed = find_link(engine, link.token)
    assert closed is not None and not closed.is_open
    result = submit(engine, fw, link, draft, _values(fw))
    assert result.status == "error" and "closed" in result.message
    assert load_returns(engine, PARTNERSHIP, ROUND).empty
    other = create_link(engine, PARTNERSHIP, ROUND)
    assert load_draft(engine, draft.token, other) is None  # a draft belongs to its own link
    assert find_link(engine, "not-a-token") is None


def test_pulse_is_scored_on_its_own(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND, kind="pulse")
    pulse = fw.pulse()
    values = {  # the pulse asks only the council and its statements: no target form of sharing
        "about": {"Council": COUNCILS[1]},
        "answers": {s.id: "2 - Disagree" for s in pulse.statements},
    }
    result = submit(engine, fw, link, start_draft(engine, link), values)
    assert result.status == "stored", (result.message, result.problems)
    assert load_answers(engine, PARTNERSHIP, ROUND).empty  # not mixed into full returns
    pulse_answers = load_answers(engine, PARTNERSHIP, ROUND, pulse=True)
    assert sorted(pulse_answers["statement"]) == sorted(s.id for s in pulse.statements)
    from rasp.method.scoring import council_scores, respondent_scores

    scores = council_scores(respondent_scores(pulse_answers, pulse), pulse, COUNCILS)
    assert scores[scores.council == COUNCILS[1]]["score"].tolist() == [25.0] * 7  # one item per dimension


def test_answering_now_and_abandoned_drafts(engine: Engine) -> None:
    """'Answering now' = not sent and answered within 10 minutes; older unsent drafts are abandoned. Moving
    between steps is not answering."""
    set_up(engine)
    link = create_link(engine, PARTNERSHIP, ROUND)
    now = dt.datetime.now(dt.UTC)
    fresh = start_draft(engine, link, {"answers": {"S1": "4 - Agree"}})
    old = start_draft(engine, link, {"answers": {"S1": "2 - Disagree"}})
    idle = start_draft(engine, link, {"answers": {"S1": "3 - Neither agree nor disagree"}})
    with engine.begin() as conn:  # two people stopped answering 11 minutes ago
        conn.execute(
            update(drafts)
            .where(drafts.c.token.in_([old.token, idle.token]))
            .values(updated_at=now - dt.timedelta(minutes=11))
        )
    assert response_counts(engine, [link.id], now=now) == Counts(0, 1, 2)
    # one of them only moves to the next step: still not answering
    save_draft(engine, idle, {"answers": {"S1": "3 - Neither agree nor disagree"}, "step": 2}, answered=False)
    assert response_counts(engine, [link.id], now=now) == Counts(0, 1, 2)
    # the other answers again: answering now
    save_draft(engine, old, {"answers": {"S1": "2 - Disagree", "S2": "4 - Agree"}})
    assert response_counts(engine, [link.id], now=now + dt.timedelta(seconds=1)) == Counts(0, 2, 1)
    # 10 minutes after the last answer, nobody is answering any more
    assert response_counts(engine, [link.id], now=now + dt.timedelta(minutes=11)) == Counts(0, 0, 3)
    assert fresh.values == {"answers": {"S1": "4 - Agree"}}
