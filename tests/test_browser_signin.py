"""Sign-in in a real browser against a real OpenID Connect provider on loopback (oidc-provider-mock, started
by the test): each role signs in, sees only its pages and councils, and signs out; a person with no role sees
only whom to ask."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from rasp.core.roles import Grant
from rasp.intake.demo import BASELINE, DEMO_PARTNERSHIP
from rasp.store.access import grant_role
from rasp.store.audit import read_audit
from rasp.store.engine import make_engine
from tests.browser import FIRST_LOAD_TIMEOUT_MS, MENU_LINKS, PAGE_TIMEOUT_MS, AppServer, wait_for_run
from tests.browser import MENU as MENU_BOX

FACILITATOR, OFFICER, VIEWER, NOBODY = (
    "fac@partnership.gov.uk",
    "officer@northvale.gov.uk",
    "director@eastmoor.gov.uk",
    "nobody@elsewhere.gov.uk",
)
NORTHVALE, EASTMOOR = list(BASELINE)[:2]
OTHERS_OF_EASTMOOR = [c for c in BASELINE if c != EASTMOOR]
EXPLORE = [
    "Overview",
    "Compare councils",
    "Alignment gaps",
    "Consensus or split",
    "Ambition and readiness",
    "Trust between partners",
    "Trends",
    "Reports",
]
MENU = {
    FACILITATOR: [*EXPLORE, "Presenter view", "Collect answers online", "Actions", "API tokens", "Access", "Audit log"],
    OFFICER: [*EXPLORE, "Actions", "Upload returns"],
    VIEWER: [*EXPLORE, "Actions"],
}
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on 127.0.0.1 with one predefined user per role (a button each on its sign-in page)."""
    port = _free_port()
    users = [json.dumps({"sub": email.split("@")[0], "email": email, "name": email}) for email in MENU | {NOBODY: []}]
    args = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    for user in users:
        args += ["--user-claims", user]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with _LOCAL.open(f"{url}/.well-known/openid-configuration", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError("the OpenID Connect provider did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def app(provider: str, demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, str]]:
    work = tmp_path_factory.mktemp("signin")
    db = work / "demo.db"
    shutil.copy(demo_db, db)
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    grant_role(engine, FACILITATOR, Grant("facilitator", DEMO_PARTNERSHIP), by="test")
    grant_role(engine, OFFICER, Grant("officer", DEMO_PARTNERSHIP, NORTHVALE), by="test")
    grant_role(engine, VIEWER, Grant("viewer", DEMO_PARTNERSHIP, EASTMOOR), by="test")
    engine.dispose()
    secrets = work / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-for-the-sign-in-browser-test"\n'
        'client_id = "readiness-dashboard"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_kwargs = { scope = "openid profile email" }\n',
        encoding="utf-8",
    )
    env = {"RASP_DATABASE_URL": url, "RASP_DEMO": "0", "NO_PROXY": "*"}
    with AppServer(work, env, args=("--secrets.files", str(secrets))) as server:
        yield server, url


def _sign_in(page: Page, server: AppServer, email: str) -> None:
    page.goto(server.url, wait_until="domcontentloaded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in", timeout=FIRST_LOAD_TIMEOUT_MS)
    page.get_by_role("button", name="Sign in with your council account").click()
    page.get_by_role("button", name=email.split("@")[0], exact=True).click(timeout=PAGE_TIMEOUT_MS)
    page.wait_for_url(f"{server.url}**", timeout=PAGE_TIMEOUT_MS)


def _menu(page: Page) -> list[str]:
    expect(page.locator(MENU_BOX)).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    expect(page.locator(MENU_LINKS).first).to_be_attached(timeout=PAGE_TIMEOUT_MS)  # the menu is drawn by the run
    return [t.strip() for t in page.locator(MENU_LINKS).all_inner_texts()]


@pytest.mark.parametrize("email", [FACILITATOR, OFFICER, VIEWER])
def test_sign_in_see_only_your_pages_and_councils_then_sign_out(
    browser: Browser, app: tuple[AppServer, str], email: str
) -> None:
    server, url = app
    context = browser.new_context()
    page = context.new_page()
    with server.explain():
        _sign_in(page, server, email)
        expect(page.get_by_role("heading", level=1)).to_have_text("Overview", timeout=FIRST_LOAD_TIMEOUT_MS)
        wait_for_run(page)
        assert _menu(page) == MENU[email]
        in_confidence = "is in confidence" in page.locator('[data-testid="stMain"]').inner_text()
        assert in_confidence == (email != FACILITATOR)  # the partnership is in confidence (the default)
        page.goto(server.url + "Compare_councils", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", level=1)).to_have_text("Compare councils", timeout=PAGE_TIMEOUT_MS)
        wait_for_run(page)
        page.locator(".legendtext").first.wait_for(timeout=PAGE_TIMEOUT_MS)
        legend = set(page.eval_on_selector_all(".legendtext", "els => els.map(e => e.textContent)"))
        own = {FACILITATOR: set(BASELINE) | {"Southgate Town Council"}, OFFICER: {NORTHVALE}, VIEWER: {EASTMOOR}}
        drawn = legend - {"Partnership mean", "split: respondents disagree"}
        # the radar names only councils one may see (a large partnership starts with a few of them chosen)
        assert drawn and drawn <= own[email], (drawn, own[email])
        if email != FACILITATOR:
            assert drawn == own[email]
        page.goto(server.url + "Presenter_view", wait_until="domcontentloaded")  # not on this menu for most
        wait_for_run(page)
        heading = page.get_by_role("heading", level=1).first.inner_text()
        assert (heading != "Overview") == (email == FACILITATOR)
        page.goto(server.url, wait_until="domcontentloaded")  # the presenter view hides the sidebar
        wait_for_run(page)
        page.get_by_role("button", name="Sign out").click()
        # Streamlit ends the provider's session too (its end-session endpoint), then comes back signed out.
        page.get_by_role("button", name="End session").click(timeout=PAGE_TIMEOUT_MS)
        page.goto(server.url, wait_until="domcontentloaded")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in", timeout=PAGE_TIMEOUT_MS)
    context.close()
    assert email in set(read_audit(make_engine(url), action="sign-in")["who"])


def test_a_person_without_a_role_sees_whom_to_ask(browser: Browser, app: tuple[AppServer, str]) -> None:
    server, _ = app
    context = browser.new_context()
    page = context.new_page()
    with server.explain():
        _sign_in(page, server, NOBODY)
        expect(page.get_by_role("heading", level=1)).to_have_text("You have no role yet", timeout=PAGE_TIMEOUT_MS)
        body = page.locator('[data-testid="stMain"]').inner_text()
        assert NOBODY in body and DEMO_PARTNERSHIP not in body
        assert page.locator(MENU_BOX).count() == 0
    context.close()
