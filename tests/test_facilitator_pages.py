"""Facilitator mode in AppTest: every screen of the storyline, hide/reveal, anonymising, agree and act,
opening and closing a questionnaire link, and the actions page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rasp.intake.demo import DEMO_PARTNERSHIP, DEMO_ROUND_2
from rasp.store.actions import load_actions, load_decisions
from rasp.store.audit import read_audit
from rasp.store.collection import links_for
from rasp.store.engine import make_engine

ROOT = Path(__file__).resolve().parent.parent
PRESENTER = "pages/8_Presenter_view.py"


@pytest.fixture
def url(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    db = f"sqlite:///{copy}"
    monkeypatch.setenv("RASP_DATABASE_URL", db)
    monkeypatch.setenv("RASP_DEMO", "0")
    return db


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page(page)
    return at.run()


def _next(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label.startswith("Next")).click()
    return at.run()


def test_storyline_walks_every_screen(url: str) -> None:
    at = _page(PRESENTER)
    titles = []
    for _ in range(10):
        assert not at.exception, at.exception
        titles.append(at.title[0].value)
        if at.title[0].value == "What to do next":
            break
        assert at.get("plotly_chart"), f"a chart on '{at.title[0].value}'"
        at = _next(at)
    assert titles == [
        "Where we are",
        "Where we differ",
        "Consensus or split",
        "Can we reach our target?",
        "What we trust",
        "What to do next",
    ]
    assert not at.metric  # no counters on the screens when no link is open
    prev = next(b for b in at.button if b.label.startswith("◀"))
    prev.click().run()
    assert at.title[0].value == "What we trust"


def test_hide_reveal_and_anonymise(url: str) -> None:
    at = _page(PRESENTER)
    at.toggle[0].set_value(False).run()  # hide the results
    assert any("hidden until the facilitator shows them" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    at.toggle[0].set_value(True).run()
    at.toggle[1].set_value(True).run()  # councils as Council A, B, ...
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [t["name"] for t in spec["data"]]
    assert "Council A" in names and not any("Northvale" in n for n in names)
    at = _next(at)
    text = " ".join(m.value for m in at.markdown)
    assert "Council A and Council B are" in text and "Northvale" not in text
    # hiding and showing the results are in the audit log, in that order (the first drawing of the switch is not)
    engine = make_engine(url)
    try:
        log = read_audit(engine, action="reveal")
    finally:
        engine.dispose()
    assert list(log["detail"])[::-1] == ["results hidden", "results shown"]


def test_agree_and_act_records_a_decision_and_an_action(url: str) -> None:
    at = _page(PRESENTER)
    for _ in range(5):
        at = _next(at)
    assert at.title[0].value == "What to do next"
    topic = next(s for s in at.selectbox if s.label == "Topic under discussion")
    assert topic.options[0].startswith("Gap: Northvale District Council and Eastmoor Borough Council")
    next(c for c in at.checkbox if c.label.startswith("No agreement")).check()
    next(b for b in at.button if b.label == "Record the decision").click().run()
    assert any("(no agreement)" in s.value for s in at.success), [e.value for e in at.error]
    engine = make_engine(url)
    decisions = load_decisions(engine, DEMO_PARTNERSHIP, DEMO_ROUND_2)
    # no agreement keeps the lower of the two scores: Eastmoor's compromise score, rounded down
    from rasp.core.framework import load_framework
    from rasp.store.snapshots import build_snapshot

    snap = build_snapshot(engine, load_framework(), DEMO_PARTNERSHIP, DEMO_ROUND_2)
    low = snap.scores.set_index(["council", "dimension"]).loc[("Eastmoor Borough Council", "compromise"), "score"]
    assert decisions["agreed_score"].tolist() == [int(low)] and decisions["no_agreement"].tolist() == [True]

    next(t for t in at.text_area if t.label == "Action").input("Agree a common approach to local policies")
    next(t for t in at.text_input if t.label == "Owner").input("Programme director")
    next(b for b in at.button if b.label == "Add the action").click().run()
    acts = load_actions(engine, DEMO_PARTNERSHIP, DEMO_ROUND_2)
    assert acts["owner"].tolist() == ["Programme director"] and acts["status"].tolist() == ["open"]
    engine.dispose()


def test_collect_page_opens_and_closes_a_link(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASP_PUBLIC_URL", "https://meet.example.org/")
    at = _page("pages/10_Collect_answers_online.py")
    next(b for b in at.button if b.label == "Open a new link").click().run()
    assert not at.exception, at.exception
    engine = make_engine(url)
    links = links_for(engine, DEMO_PARTNERSHIP, DEMO_ROUND_2)
    assert len(links) == 1 and links[0].is_open
    assert [c.value for c in at.code] == [f"https://meet.example.org/Questionnaire?link={links[0].token}"]
    assert at.get("image"), "the QR code is shown"
    # the presenter now opens on the join screen and hides results by default
    presenter = _page(PRESENTER)
    assert presenter.title[0].value == "Join in"
    assert presenter.get("image"), "the join screen shows the QR code"
    presenter = _next(presenter)
    assert any("hidden until the facilitator" in i.value for i in presenter.info)
    assert presenter.get("image"), "and so does the corner of every other screen"
    next(b for b in at.button if b.label == "Close this link").click().run()
    assert not links_for(engine, DEMO_PARTNERSHIP, DEMO_ROUND_2)[0].is_open
    engine.dispose()


def test_actions_page_add_update_export(url: str) -> None:
    at = _page("pages/11_Actions.py")
    assert any("No actions yet" in i.value for i in at.info)
    next(t for t in at.text_area if t.label == "Action").input("=Share the contract register")
    next(t for t in at.text_input if t.label == "Owner").input("ICT lead")
    next(b for b in at.button if b.label == "Add the action").click().run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert table["Action"].tolist() == ["=Share the contract register"] and table["Status"].tolist() == ["open"]
    next(s for s in at.selectbox if s.label == "New status").select("done")
    next(b for b in at.button if b.label == "Update the status").click().run()
    assert at.dataframe[0].value["Status"].tolist() == ["done"]
    download = at.get("download_button")
    assert download, "the CSV download is offered"


def test_reports_page_offers_three_downloads(url: str) -> None:
    at = _page("pages/12_Reports.py")
    assert not at.get("download_button")
    next(b for b in at.button if b.label == "Prepare the reports").click().run()
    assert not at.exception, at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert len(labels) == 3
    assert labels[0].startswith("Download the PowerPoint pack") and "Excel" in labels[1] and "web report" in labels[2]


def test_collect_page_counts_answering_now_and_abandoned(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from sqlalchemy import update

    from rasp.store.collection import create_link, start_draft
    from rasp.store.schema import drafts

    monkeypatch.setenv("RASP_PUBLIC_URL", "https://meet.example.org")
    engine = make_engine(url)
    link = create_link(engine, DEMO_PARTNERSHIP, DEMO_ROUND_2)
    start_draft(engine, link, {"answers": {"S1": "4 - Agree"}})
    for _ in range(2):  # two people who stopped answering a quarter of an hour ago
        old = start_draft(engine, link, {"answers": {"S1": "2 - Disagree"}})
        with engine.begin() as conn:
            stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=15)
            conn.execute(update(drafts).where(drafts.c.token == old.token).values(updated_at=stale))
    at = _page("pages/10_Collect_answers_online.py")
    assert not at.exception, at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "0 answers sent; 1 person answering now (an answer in the last 10 minutes); 2 started but not sent" in said
    engine.dispose()
