"""Real-browser walks for the analysis and facilitator features (Debian's Chromium through Playwright):
overview -> a finding -> its chart; and a phone-sized respondent answering while a projector-sized presenter
view updates on its own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.collection import create_link
from rasp.store.engine import make_engine
from tests.browser import (
    PAGE_TIMEOUT_MS,
    AppServer,
    assert_no_error_shown,
    open_page,
    settle,
)
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up

pytestmark = pytest.mark.browser
LATE = COUNCILS[2]  # the council whose answers arrive during the meeting


def test_overview_finding_opens_its_chart(browser: Browser, demo_db: Path, tmp_path: Path) -> None:
    shutil.copy(demo_db, tmp_path / "demo.db")
    with AppServer(tmp_path, {"RASP_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}", "RASP_DEMO": "0"}) as app:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        with app.explain():
            open_page(page, app, "dashboard.py", "Overview")
            finding = page.get_by_text("points apart on willingness to compromise").first
            expect(finding).to_be_visible()
            page.get_by_role("button", name="Show the gap").first.click()
            expect(page.locator("h1").first).to_have_text("Alignment gaps", timeout=PAGE_TIMEOUT_MS)
            settle(page)
            chosen = page.get_by_role("combobox", name="Gap", exact=True)
            expect(chosen).to_have_value(
                re.compile("^Northvale District Council and Eastmoor Borough Council: Willingness to compromise")
            )
            expect(page.get_by_text("The statements behind a gap")).to_be_visible()
            assert_no_error_shown(page)
        page.close()


def _radar_has_scores(page: Page, council: str) -> bool:
    return bool(
        page.evaluate(
            """council => {
            const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            if (!plot || !plot.data) return false;
            const trace = plot.data.find(t => t.name === council);
            return !!trace && trace.r.some(v => v !== null && v !== undefined);
        }""",
            council,
        )
    )


def _choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit select box as a person would: open it, type, press Enter."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    expect(box).to_have_value(option)
    settle(page)


def _answer_on_phone(phone: Page, app: AppServer, token: str, fw: Framework) -> None:
    phone.goto(f"{app.url}Questionnaire?link={token}", wait_until="domcontentloaded")
    expect(phone.locator("h2").filter(has_text="About you")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    settle(phone)
    _choose(phone, "Your council", LATE)
    phone.get_by_role("radiogroup").first.get_by_text("4 Coordinate").click()
    settle(phone)
    for dimension in fw.dimensions:
        heading = phone.locator("h2").filter(has_text=dimension.name)
        problem = phone.get_by_role("alert").filter(has_text="There is a problem")
        phone.get_by_role("button", name="Next").click()
        expect(heading.or_(problem).first).to_be_visible()
        settle(phone)  # the run has finished: Next is not redrawn under the tap
        if not heading.count():  # statements left out are named once; Next again moves on
            phone.get_by_role("button", name="Next").click()
        expect(heading).to_be_visible()
        settle(phone)
        for i in range(3):  # half the statements is enough for a score
            phone.get_by_role("radiogroup").nth(i).get_by_text("5 - Strongly agree").click()
            settle(phone)
    while not phone.get_by_role("button", name="Send my answers").count():
        phone.get_by_role("button", name="Next").click()
        settle(phone)
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you: your answers have been sent.")).to_be_visible(timeout=PAGE_TIMEOUT_MS)


def test_presenter_updates_while_a_phone_answers(browser: Browser, fw: Framework, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = make_engine(url)
    set_up(engine)
    for i, council in enumerate(COUNCILS[:2]):
        assert import_bytes(
            engine, fw, filled(fw, council=council, every=2 + i), f"{i}.xlsx", partnership=PARTNERSHIP
        ).ok
    link = create_link(engine, PARTNERSHIP, ROUND)
    engine.dispose()
    env = {"RASP_DATABASE_URL": url, "RASP_DEMO": "0", "RASP_PUBLIC_URL": "http://rasp.test"}
    with AppServer(tmp_path, env) as app:
        projector = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        with app.explain():
            open_page(projector, app, "8_Presenter_view.py", "Join in")  # a link is open: the join screen first
            projector.get_by_role("button", name="Next ▶").click()
            expect(projector.locator("h1").first).to_have_text("Where we are")
            expect(projector.get_by_text("The results are hidden")).to_be_visible()  # hidden while collecting
            projector.get_by_text("Show the results").click()
            settle(projector)
            counted = projector.locator(".st-key-p_corner .rasp-count")
            expect(counted).to_have_text("0 answers sent · 0 people answering now")
            expect(projector.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_be_visible(
                timeout=PAGE_TIMEOUT_MS
            )
            assert not _radar_has_scores(projector, LATE)
            projector.evaluate("() => { window.__sameDocument = true; }")

            _answer_on_phone(phone, app, link.token, fw)

            # no reload: the presenter's fragment refreshes on its own every few seconds
            expect(counted).to_have_text("1 answer sent · 0 people answering now", timeout=PAGE_TIMEOUT_MS)
            projector.wait_for_function(
                """council => {
                    const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
                    const trace = plot && plot.data && plot.data.find(t => t.name === council);
                    return !!trace && trace.r.some(v => v !== null && v !== undefined);
                }""",
                arg=LATE,
                timeout=PAGE_TIMEOUT_MS,
            )
            assert projector.evaluate("() => window.__sameDocument === true"), "the presenter page was reloaded"
            expect(projector.locator("h1").first).to_have_text("Where we are")  # it kept its place
            assert_no_error_shown(projector)
            assert_no_error_shown(phone)
