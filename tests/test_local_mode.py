"""Local mode (no [auth] configured) in real browsers: the machine itself gets the staff pages as the one
administrator, with a banner saying so; another device (a Chromium inside its own network namespace, joined by
a veth pair made by the test) and any request that came through a proxy (X-Forwarded-For or Forwarded) get
nothing but the questionnaire, whatever address they ask for."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from rasp.intake.demo import BASELINE, DEMO_PARTNERSHIP, DEMO_ROUND_2
from rasp.store.collection import create_link
from rasp.store.engine import make_engine
from tests.browser import FIRST_LOAD_TIMEOUT_MS, MENU, PAGE_TIMEOUT_MS, AppServer, settle, wait_for_run
from tests.test_meeting_devices import launch_phone, phone_network

pytestmark = pytest.mark.browser
QUESTIONNAIRE = "Partnership readiness questionnaire"
STAFF_PATHS = ["", "Compare_councils", "Upload_returns", "Access", "Audit_log", "Personal_data", "Presenter_view"]


@pytest.fixture
def demo(demo_db: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A copy of the demo database with an open questionnaire link: (database URL, link token)."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    url = f"sqlite:///{copy}"
    engine = make_engine(url)
    token = create_link(engine, DEMO_PARTNERSHIP, DEMO_ROUND_2, "full").token
    engine.dispose()
    yield url, token


def _only_the_questionnaire(page: Page, base: str, token: str) -> None:
    """Every staff address shows the questionnaire's page and nothing of the partnership's results."""
    for path in STAFF_PATHS:
        page.goto(base + path, wait_until="domcontentloaded")
        expect(page.locator("h1").first).to_have_text(QUESTIONNAIRE, timeout=FIRST_LOAD_TIMEOUT_MS)
        wait_for_run(page)
        body = page.locator("body").inner_text()
        assert not [c for c in BASELINE if c in body], f"/{path} shows a council name to another device"
        assert "Local mode" not in body and page.locator(MENU).count() == 0
    page.goto(f"{base}Questionnaire?link={token}", wait_until="domcontentloaded")
    expect(page.get_by_text(DEMO_PARTNERSHIP).first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    settle(page)
    expect(page.get_by_role("heading", name="About you")).to_be_visible()


def test_another_device_gets_only_the_questionnaire(browser: Browser, demo: tuple[str, str], tmp_path: Path) -> None:
    url, token = demo
    env = {"RASP_DATABASE_URL": url, "RASP_DEMO": "0"}
    with phone_network() as (ns, host, _phone):
        phone_browser = launch_phone(browser, ns, tmp_path)
        try:
            # the staff app itself (not a questionnaire listener), reachable from the namespace on the veth
            with AppServer(tmp_path, env, address=host) as app, app.explain():
                phone = phone_browser.new_context().new_page()
                _only_the_questionnaire(phone, app.url, token)
        finally:
            phone_browser.close()


def test_the_machine_itself_is_the_administrator_and_a_proxied_request_is_not(
    browser: Browser, demo: tuple[str, str], tmp_path: Path
) -> None:
    url, token = demo
    with AppServer(tmp_path, {"RASP_DATABASE_URL": url, "RASP_DEMO": "0"}) as app, app.explain():
        here = browser.new_context().new_page()
        here.goto(app.url, wait_until="domcontentloaded")
        expect(here.locator("h1").first).to_have_text("Overview", timeout=FIRST_LOAD_TIMEOUT_MS)
        wait_for_run(here)
        expect(here.get_by_text("Local mode")).to_be_visible()
        nav = here.locator(MENU)
        for label in ("Upload returns", "Access", "Audit log", "Personal data", "Partnership set-up"):
            expect(nav.get_by_text(label, exact=True)).to_be_visible()
        for header in ({"X-Forwarded-For": "127.0.0.1"}, {"Forwarded": "for=127.0.0.1"}):
            proxied = browser.new_context(extra_http_headers=header).new_page()
            _only_the_questionnaire(proxied, app.url, token)
            proxied.context.close()
