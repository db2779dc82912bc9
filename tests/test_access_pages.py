"""Role x page x action matrix in AppTest, signed in through st.user (AppTest.user) with [auth] configured:
for every role and both modes, which pages the menu offers, what every offered page shows (no other council
named to an in-confidence council's people), and every write attempted with and without the role."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from rasp.access.menu import PAGES
from rasp.core.framework import Framework
from rasp.core.roles import Grant
from rasp.intake.demo import BASELINE, DEMO_PARTNERSHIP, DEMO_ROUND_2
from rasp.intake.template import build_template, fill_template
from rasp.store.access import grant_role, role_table, set_mode, settings
from rasp.store.audit import read_audit
from rasp.store.engine import make_engine
from rasp.store.reads import load_returns

ROOT = Path(__file__).resolve().parent.parent
COUNCILS = list(BASELINE)
NORTHVALE, EASTMOOR = COUNCILS[0], COUNCILS[1]
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-enough-length",
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ADMIN, FACILITATOR = "admin@deployment.gov.uk", "fac@partnership.gov.uk"
OFFICER, VIEWER, NOBODY = "officer@northvale.gov.uk", "director@eastmoor.gov.uk", "nobody@elsewhere.gov.uk"
EXPLORE = {
    "pages/0_Overview.py",
    "pages/2_Compare_councils.py",
    "pages/3_Alignment_gaps.py",
    "pages/4_Consensus_or_split.py",
    "pages/5_Ambition_and_readiness.py",
    "pages/6_Trust_between_partners.py",
    "pages/7_Trends.py",
    "pages/12_Reports.py",
    "pages/11_Actions.py",
}
EXPECTED_PAGES = {
    ADMIN: {p.path for p in PAGES},
    FACILITATOR: EXPLORE
    | {
        "pages/8_Presenter_view.py",
        "pages/10_Collect_answers_online.py",
        "pages/18_API_tokens.py",
        "pages/15_Access.py",
        "pages/16_Audit_log.py",
    },
    OFFICER: EXPLORE | {"pages/1_Upload_returns.py"},
    VIEWER: EXPLORE,
    NOBODY: set(),
}
ALL_PAGE_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_DEMO", "0")
    monkeypatch.setenv("RASP_ADMINS", ADMIN)
    engine = make_engine(url)
    grant_role(engine, FACILITATOR, Grant("facilitator", DEMO_PARTNERSHIP), by="test")
    grant_role(engine, OFFICER, Grant("officer", DEMO_PARTNERSHIP, NORTHVALE), by="test")
    grant_role(engine, VIEWER, Grant("viewer", DEMO_PARTNERSHIP, EASTMOOR), by="test")
    yield engine
    engine.dispose()


def signed_in(email: str | None, page: str = "dashboard.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email, "name": "Test"}
    return at.run()


def offered(at: AppTest) -> set[str]:
    """The pages the menu registered for this visitor (switch_page refuses any other)."""
    out = set()
    for page in ALL_PAGE_FILES:
        try:
            at.switch_page(page)
        except ValueError:
            continue
        out.add(page)
    return out - {"pages/13_Questionnaire.py"}  # hidden, but reachable by its link for everyone


def shown_text(at: AppTest) -> str:
    """Everything a page shows in words: text elements, table cells, picker options and chart data."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.value.to_csv() for e in at.dataframe]
    parts += [" ".join(map(str, e.options)) for e in [*at.selectbox, *at.multiselect, *at.radio]]
    parts += [m.label + str(m.value) for m in at.metric]
    parts += [json.dumps(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]
    return "\n".join(parts).replace("\\", "")  # markdown escapes removed


@pytest.mark.parametrize("email", [ADMIN, FACILITATOR, OFFICER, VIEWER, NOBODY])
def test_each_role_is_offered_only_its_pages(db: Engine, email: str) -> None:
    at = signed_in(email)
    assert not at.exception
    assert offered(at) == EXPECTED_PAGES[email]
    if email == NOBODY:
        assert at.title[0].value == "You have no role yet"
        assert ADMIN in " ".join(m.value for m in at.markdown).replace("\\", "")  # whom to ask
    assert read_audit(db, action="sign-in")["who"].tolist() == [email]


def test_signed_out_visitors_see_only_the_sign_in_page(db: Engine) -> None:
    at = signed_in(None)
    assert [t.value for t in at.title] == ["Sign in"]
    assert offered(at) == set()
    assert at.button[0].label == "Sign in with your council account"


@pytest.mark.parametrize("mode", ["in-confidence", "open"])
@pytest.mark.parametrize("email", [OFFICER, VIEWER])
def test_what_a_council_sees_on_every_page(db: Engine, email: str, mode: str) -> None:
    set_mode(db, DEMO_PARTNERSHIP, mode, by="test")  # type: ignore[arg-type]
    own = NORTHVALE if email == OFFICER else EASTMOOR
    others = [c for c in COUNCILS if c != own]
    at = signed_in(email)
    for page in sorted(EXPECTED_PAGES[email]):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        text = shown_text(at)
        if mode == "in-confidence":
            leaks = [c for c in others if c in text]
            assert not leaks, f"{page} names {leaks} to {email} in confidence"
        if page == "pages/2_Compare_councils.py":
            names = set(at.multiselect[0].options)
            assert names == ({own} if mode == "in-confidence" else set(COUNCILS) | {"Southgate Town Council"})
        if page == "pages/3_Alignment_gaps.py":
            closed = "gaps between named councils are for its facilitators only" in text
            assert closed == (mode == "in-confidence")


def test_a_change_of_mode_applies_at_the_next_run_of_an_open_page(db: Engine) -> None:
    """The app keeps every partnership's settings for the data version it read them at: a change of mode is a
    change of version, so the viewer's very next run follows it (no page left open shows what it no longer may)."""
    set_mode(db, DEMO_PARTNERSHIP, "open", by="test")
    at = signed_in(VIEWER)
    at.switch_page("pages/2_Compare_councils.py").run()
    assert NORTHVALE in set(at.multiselect[0].options)
    set_mode(db, DEMO_PARTNERSHIP, "in-confidence", by="test")
    at.run()
    assert not at.exception
    assert set(at.multiselect[0].options) == {EASTMOOR}
    assert NORTHVALE not in shown_text(at)


def test_in_confidence_overview_keeps_unnamed_partnership_figures(db: Engine) -> None:
    at = signed_in(VIEWER)
    table = at.dataframe[-1].value  # the partnership, dimension by dimension
    text = table.to_csv()
    assert "a partner council" in text  # the weakest link, unnamed
    assert NORTHVALE not in text and EASTMOOR in shown_text(at)


def _return(fw: Framework, council: str) -> bytes:
    names = [*COUNCILS, "Southgate Town Council"]
    template = build_template(fw, partnership=DEMO_PARTNERSHIP, councils=names, rounds=[DEMO_ROUND_2])
    about = {
        "Council": council,
        "Respondent": "New person",
        "Round": DEMO_ROUND_2,
        "Target form of sharing": "4 Coordinate",
    }
    return fill_template(
        template, about=about, answers={s.id: "4 - Agree" for s in fw.statements}, partners={}, evidence={}
    )


def test_officer_uploads_for_own_council_only(db: Engine, fw: Framework) -> None:
    at = signed_in(OFFICER)
    at.switch_page("pages/1_Upload_returns.py").run()
    assert at.selectbox[0].options == [NORTHVALE]  # the template only for their own council
    before = load_returns(db, DEMO_PARTNERSHIP, DEMO_ROUND_2, history=True)
    shown = at.dataframe[-1].value
    assert set(shown["Council"]) == {NORTHVALE}  # the returns list: their council's only
    for council, outcome in ((EASTMOOR, "Not stored. You may upload returns only for"), (NORTHVALE, "Stored")):
        at.get("file_uploader")[0].set_value([(f"{council}.xlsx", _return(fw, council), "application/octet-stream")])
        at.button[0].click().run()
        assert not at.exception
        messages = [m.value.replace("\\", "") for m in [*at.error, *at.success]]
        assert any(outcome in m for m in messages), messages
    after = load_returns(db, DEMO_PARTNERSHIP, DEMO_ROUND_2, history=True)
    assert len(after) == len(before) + 1 and after.iloc[0]["council"] == NORTHVALE
    entry = read_audit(db, action="upload").iloc[0]
    assert entry["who"] == OFFICER and entry["detail"] == f"return {after.iloc[0]['return_id']} for {NORTHVALE}"


@pytest.mark.parametrize(
    ("email", "page", "refusal"),
    [
        (VIEWER, "pages/1_Upload_returns.py", "You may not upload, replace and withdraw returns"),
        (VIEWER, "pages/8_Presenter_view.py", "You may not present the meeting"),
        (OFFICER, "pages/10_Collect_answers_online.py", "You may not open and close questionnaire links"),
        (OFFICER, "pages/18_API_tokens.py", "You may not open and close questionnaire links"),
        (FACILITATOR, "pages/14_Partnership_set-up.py", "You may not set up partnerships"),
        (FACILITATOR, "pages/17_Personal_data.py", "You may not find, export and erase"),
        (VIEWER, "pages/16_Audit_log.py", "You may not read the audit log"),
        (NOBODY, "pages/0_Overview.py", None),
    ],
)
def test_a_page_opened_without_the_menu_still_refuses(db: Engine, email: str, page: str, refusal: str | None) -> None:
    """The menu is a convenience: each page checks the person's scope itself (here run without dashboard.py)."""
    at = signed_in(email, page)
    assert not at.exception
    if refusal:
        assert at.error and refusal in at.error[0].value
        assert len(at.title) == 0  # stopped before anything of the page
    else:  # no role at all: no partnership to pick, nothing shown
        assert at.sidebar.selectbox == [] or DEMO_PARTNERSHIP not in at.sidebar.selectbox[0].options
        assert NORTHVALE not in shown_text(at)


def test_facilitator_changes_the_mode_but_cannot_grant_roles(db: Engine) -> None:
    at = signed_in(FACILITATOR)
    at.switch_page("pages/15_Access.py").run()
    assert "Roles" not in [h.value for h in at.header]
    at.radio[0].set_value(at.radio[0].options[1]).run()
    next(b for b in at.button if b.label == "Change the mode").click().run()
    assert settings(db)[DEMO_PARTNERSHIP].mode == "open"
    entry = read_audit(db, action="mode changed").iloc[0]
    assert (entry["who"], entry["detail"]) == (FACILITATOR, "from in-confidence to open")


def test_administrator_grants_a_role_on_the_access_page(db: Engine) -> None:
    at = signed_in(ADMIN)
    at.switch_page("pages/15_Access.py").run()
    at.text_input[0].set_value("new@westbrook.gov.uk")
    at.selectbox[0].set_value("viewer")
    at.selectbox[1].set_value("Westbrook County Council")
    next(b for b in at.button if b.label == "Grant").click().run()
    assert not at.exception and at.success
    roles = role_table(db, email="new@westbrook.gov.uk")
    assert roles[["role", "council", "granted_by"]].values.tolist() == [["viewer", "Westbrook County Council", ADMIN]]


@pytest.mark.parametrize(("email", "may"), [(FACILITATOR, True), (OFFICER, False), (VIEWER, False)])
def test_only_facilitators_update_actions(db: Engine, email: str, may: bool) -> None:
    set_mode(db, DEMO_PARTNERSHIP, "open", by="test")
    at = signed_in(email)
    at.switch_page("pages/11_Actions.py").run()
    assert not at.exception
    assert ("Add an action" in [h.value for h in at.header]) is may


def test_free_text_evidence_follows_rule_eleven(tmp_path: Path, fw: Framework, monkeypatch: pytest.MonkeyPatch) -> None:
    """Evidence: a council's own people read it at any n; others by name only from 5 returns; nobody else."""
    from rasp.intake.importer import import_bytes
    from tests.helpers import COUNCILS as TEST_COUNCILS
    from tests.helpers import PARTNERSHIP, filled, set_up

    url = f"sqlite:///{tmp_path / 'evidence.db'}"
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_DEMO", "0")
    engine = make_engine(url)
    set_up(engine)
    alpha, beta, _ = TEST_COUNCILS
    statement = fw.statements[0].id
    people = [(alpha, "a1")] + [(beta, f"b{i}") for i in range(5)]
    for council, who in people:
        data = filled(fw, council=council, respondent=who, evidence={statement: f"note from {who}"})
        assert import_bytes(engine, fw, data, f"{who}.xlsx", partnership=PARTNERSHIP).ok
    grant_role(engine, "v@alpha.gov.uk", Grant("viewer", PARTNERSHIP, alpha), by="test")
    grant_role(engine, "f@x.gov.uk", Grant("facilitator", PARTNERSHIP), by="test")

    def evidence_seen(email: str, council: str) -> str:
        at = signed_in(email)
        at.switch_page("pages/4_Consensus_or_split.py").run()
        box = next(s for s in at.selectbox if s.label == "Council")
        box.set_value(council).run()
        assert not at.exception
        return shown_text(at)

    assert "note from a1" in evidence_seen("v@alpha.gov.uk", alpha)  # own council, 1 return
    assert "note from a1" not in evidence_seen("f@x.gov.uk", alpha)  # 1 return: below 5 for anyone else
    seen = evidence_seen("f@x.gov.uk", beta)  # 5 returns: the facilitator reads them
    assert all(f"note from b{i}" in seen for i in range(5))
    set_mode(engine, PARTNERSHIP, "open", by="test")
    assert "note from b0" in evidence_seen("v@alpha.gov.uk", beta)  # open: partners by name, 5 returns
    assert "note from a1" in evidence_seen("v@alpha.gov.uk", alpha)
    engine.dispose()


def test_officer_withdraws_only_own_councils_returns(db: Engine) -> None:
    at = signed_in(OFFICER)
    at.switch_page("pages/1_Upload_returns.py").run()
    box = next(s for s in at.selectbox if s.label.startswith("Withdraw a return"))
    assert box.options and all(NORTHVALE in o for o in box.options)
    chosen = box.options[0]
    box.set_value(chosen)
    next(b for b in at.button if b.label == "Withdraw it").click().run()
    assert not at.exception
    return_id = int(chosen.split(":")[0].removeprefix("Return "))
    now = load_returns(db, DEMO_PARTNERSHIP, DEMO_ROUND_2, history=True).set_index("return_id")
    assert not bool(now.loc[return_id, "is_current"])  # kept in the history, no longer counting
    entry = read_audit(db, action="withdrawal").iloc[0]
    assert (entry["who"], entry["detail"]) == (OFFICER, f"return {return_id} for {NORTHVALE}")


def test_links_opened_and_closed_and_actions_are_in_the_audit_log(db: Engine) -> None:
    at = signed_in(FACILITATOR)
    at.switch_page("pages/10_Collect_answers_online.py").run()
    next(b for b in at.button if b.label == "Open a new link").click().run()
    assert not at.exception
    next(b for b in at.button if b.label == "Close this link").click().run()
    assert not at.exception
    log = read_audit(db, who=FACILITATOR)
    opened = log[log["action"] == "link opened"]
    closed = log[log["action"] == "link closed"]
    assert len(opened) == 1 and len(closed) == 1
    assert opened.iloc[0]["detail"] == f"full questionnaire, round {DEMO_ROUND_2}"
    assert set(opened["partnership"]) | set(closed["partnership"]) == {DEMO_PARTNERSHIP}
    at.switch_page("pages/11_Actions.py").run()
    form = next(t for t in at.text_area if t.label == "Action")
    form.set_value("Agree a shared ICT budget")
    next(t for t in at.text_input if t.label == "Owner").set_value("Programme board")
    next(b for b in at.button if b.label == "Add the action").click().run()
    assert not at.exception
    added = read_audit(db, action="action added")
    assert added["who"].tolist() == [FACILITATOR] and added["detail"].tolist() == ["for the partnership"]
