"""Support for the real-browser tests: the app as a Streamlit subprocess, Debian's Chromium through Playwright.

- `chromium_path()` finds Debian's Chromium; without it the browser tests are skipped with a reason, except in
  CI (`CI` set), where they fail.
- `AppServer` runs `streamlit run dashboard.py` on a free loopback port against a database of the test's
  choosing, waits until it answers, always stops it, and keeps its stderr in a file whose tail goes into
  every failure message (`with server.explain(): ...`).
- `launch_chromium()` starts Chromium headless with a fresh profile; `open_page()` loads a page and waits for
  real content (its h1 and the script run finished), not just the health check, which answers "ok" even when
  the page script crashes.
- `run_axe()` runs axe-core (bundled in the pinned axe-playwright-python package) in the page.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Locator, Page, Playwright, expect

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = ["dashboard.py", *sorted(p.name for p in (ROOT / "pages").glob("*.py"))]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in containers, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",  # the app is on loopback; never route it through a proxy from the environment
]
SERVER_START_TIMEOUT = 60.0  # seconds until /_stcore/health answers
SERVER_STOP_TIMEOUT = 10.0  # seconds between terminate and kill
FIRST_LOAD_TIMEOUT_MS = 90_000  # first page of a server: may load the demo partnership first
PAGE_TIMEOUT_MS = 30_000  # any later wait in the browser
LOG_TAIL_LINES = 40
QUIET_MS = 150  # see settle()

# Streamlit's markers for a page that failed: an exception box, or a traceback printed anywhere.
EXCEPTION = '[data-testid="stException"]'
ERROR_ALERT = '[data-testid="stAlertContentError"]'
MENU = ".st-key-rasp_menu"  # the sidebar menu's container (rasp.ui.navigation.MENU_KEY)
MENU_LINKS = f"{MENU} a"
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PLOTLY_CHART = '[data-testid="stPlotlyChart"]'
SKELETON = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'
MAIN = '[data-testid="stMain"]'
# Only loopback traffic: the health check never goes through a proxy either.
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def chromium_path() -> str:
    """Debian's Chromium, or skip (fail in CI, where `.ci/run` installs it and the tests must run)."""
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install chromium): browser tests not run"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI is set, where they must run.", pytrace=False)
        pytest.skip(reason)
    return path


def page_title(page_file: str) -> str | re.Pattern[str]:
    """The h1 a page shows: its first literal `st.title("...")`, or any non-empty text when it has none."""
    # dashboard.py only builds the menu (st.navigation); its default page is the overview.
    path = ROOT / "pages" / ("0_Overview.py" if page_file == "dashboard.py" else Path(page_file).name)
    found = re.search(r'st\.title\(\s*"([^"]+)"\s*\)', path.read_text(encoding="utf-8"))
    return found.group(1) if found else re.compile(r"\S")


def page_url_path(page_file: str) -> str:
    """The URL path Streamlit 1.67 gives a page file: '' for the entry script; for pages/N_Name.py, 'Name'
    (the leading number and underscore are dropped, the rest is kept as written)."""
    if page_file in {"dashboard.py", "0_Overview.py", "pages/0_Overview.py"}:  # the menu's default page
        return ""
    return re.sub(r"^\d+_", "", Path(page_file).stem)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    """`streamlit run dashboard.py` in a subprocess on 127.0.0.1; use as a context manager."""

    def __init__(
        self, workdir: Path, env: Mapping[str, str], address: str = "127.0.0.1", args: tuple[str, ...] = ()
    ) -> None:
        self.workdir = workdir
        self.address = address  # loopback, or the host side of a test's own network namespace
        self.args = args  # more `streamlit run` options, e.g. ("--secrets.files", path)
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
        self.stderr_path = workdir / "streamlit-stderr.log"
        self.stdout_path = workdir / "streamlit-stdout.log"
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}/"

    def __enter__(self) -> AppServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        for _attempt in range(3):  # a free port can be taken between our check and Streamlit's bind: retry
            self.port = _free_port()
            # sys.executable is the project's .venv python when run as `.venv/bin/python -m pytest`.
            cmd = [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.address",
                self.address,
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                # No watching of source files: nothing changes under a test, and a watcher would offer
                # "File change. Rerun" in the page and cost CPU on a small machine.
                "--server.fileWatcherType",
                "none",
                *self.args,
            ]
            with self.stdout_path.open("ab") as out, self.stderr_path.open("ab") as err:
                self.proc = subprocess.Popen(
                    cmd, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
                )
            if self._wait_healthy():
                return
            if "already in use" not in self.log_tail():
                break
            self.stop()
        raise AssertionError(f"The app did not start: /_stcore/health never answered 'ok'.{self._tail_message()}")

    def _wait_healthy(self) -> bool:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                return False
            try:
                with _LOCAL.open(f"{self.url}_stcore/health", timeout=2) as resp:
                    if resp.status == 200 and resp.read().strip() == b"ok":
                        return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        """Terminate, then kill if it has not ended after SERVER_STOP_TIMEOUT seconds. Safe to repeat."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=SERVER_STOP_TIMEOUT)

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            text = self.stderr_path.read_text(errors="replace")
        except OSError:
            return "(no stderr log)"
        return "\n".join(text.splitlines()[-lines:]) or "(stderr empty)"

    def _tail_message(self) -> str:
        state = "running" if self.proc is not None and self.proc.poll() is None else "not running"
        return f"\n\n--- streamlit server ({state}) stderr, last {LOG_TAIL_LINES} lines ---\n{self.log_tail()}"

    @contextmanager
    def explain(self) -> Iterator[None]:
        """Re-raise any failure inside with the tail of the server's stderr appended."""
        try:
            yield
        except (AssertionError, Error) as exc:
            raise AssertionError(f"{exc}{self._tail_message()}") from exc


def collect_js_errors(page: Page, errors: list[str]) -> None:
    """Append uncaught page exceptions and console errors to `errors`, except Streamlit's own base-path probes:
    a page opened by its URL first asks <page>/_stcore/health and /host-config, which answer 404."""

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        where = str(msg.location.get("url", ""))
        if msg.text.startswith("Failed to load resource") and "/_stcore/" in where:
            return
        errors.append(f"console: {msg.text} ({where})")

    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on("console", on_console)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; Playwright's `launch` gives it a fresh temporary profile every time."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def wait_for_run(page: Page, timeout: float = PAGE_TIMEOUT_MS) -> None:
    """Wait until the page's script run has finished (Streamlit marks the app root while it runs)."""
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout)


_FAILED_REQUESTS: weakref.WeakKeyDictionary[Page, list[str]] = weakref.WeakKeyDictionary()


def _watch_requests(page: Page) -> None:
    """Keep every request of this tab that failed (address and why), for failure messages."""
    if page not in _FAILED_REQUESTS:
        failed: list[str] = []
        _FAILED_REQUESTS[page] = failed
        page.on("requestfailed", lambda r: failed.append(f"{r.method} {r.url}: {r.failure}"))


def _failed_requests(page: Page) -> str:
    failed = _FAILED_REQUESTS.get(page)
    return f"\nRequests that failed: {failed}" if failed else ""


def open_page(
    page: Page, server: AppServer, page_file: str, h1: str | re.Pattern[str], timeout: float = PAGE_TIMEOUT_MS
) -> None:
    """Load a page by its URL and wait for its h1 and the end of its script run. A first load that shows no page
    at all (a busy machine can drop the new session's websocket before its first run) is loaded once more, as a
    person would; what the first attempt showed is kept in the message if the second fails too. From here on,
    failed requests of the tab are named in failure messages."""
    _watch_requests(page)
    page.goto(server.url + page_url_path(page_file), wait_until="domcontentloaded")
    try:
        _expect_h1(page, h1, timeout)
    except AssertionError as first:
        if page.locator("h1").count() or page.locator(EXCEPTION).count():
            raise  # a page was drawn, but not this one: a real failure
        seen = _what_is_shown(page)
        page.reload(wait_until="domcontentloaded")
        try:
            _expect_h1(page, h1, timeout)
        except AssertionError as second:
            raise AssertionError(f"{second}\n\nFirst load, before one reload: {seen}") from first
    wait_for_run(page, timeout)


def _what_is_shown(page: Page) -> str:
    """The page's address, script state and the start of its text, for a failure message."""
    try:
        state = page.locator('[data-testid="stApp"]').first.get_attribute("data-test-script-state", timeout=2_000)
        text = " ".join(page.locator("body").inner_text(timeout=2_000).split())[:400]
    except Error as exc:
        return f"url {page.url} (could not read the page: {exc.message.splitlines()[0]}){_failed_requests(page)}"
    return f"url {page.url}, script state {state!r}, text {text!r}{_failed_requests(page)}"


def sidebar_links(page: Page) -> Locator:
    """The page links of the menu in the sidebar (rasp.ui.navigation draws it, grouped, with st.page_link)."""
    expect(page.locator(MENU_LINKS).first).to_be_attached(timeout=PAGE_TIMEOUT_MS)
    return page.locator(MENU_LINKS)


def go_via_sidebar(page: Page, label: str, h1: str | re.Pattern[str]) -> None:
    """Navigate as a person would: click the page's link in the sidebar, wait for its h1 and the run's end."""
    sidebar_links(page).filter(has_text=label).click()
    _expect_h1(page, h1, PAGE_TIMEOUT_MS)
    wait_for_run(page)


def _expect_h1(page: Page, h1: str | re.Pattern[str], timeout: float) -> None:
    """Wait for the page's h1; a page that crashes before its title fails at once, not after the timeout."""
    heading = page.locator("h1").filter(has_text=h1)
    try:
        expect(heading.or_(page.locator(EXCEPTION)).first).to_be_visible(timeout=timeout)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nThe page shows: {_what_is_shown(page)}") from None
    shown = page.locator(EXCEPTION).all_inner_texts()
    assert not shown, f"the page shows an exception instead of its h1 {h1!r}: {shown}"
    expect(page.locator("h1").first).to_have_text(h1)


def settle(page: Page, timeout: float = PAGE_TIMEOUT_MS) -> None:
    """Wait until the script run has finished and every element is drawn. Charts and tables are components
    the browser fetches when first needed; until then Streamlit shows a skeleton in their place. Settled means
    no skeleton for QUIET_MS in a row (so elements that arrive a frame after the run's end are not missed)."""
    wait_for_run(page, timeout)
    page.evaluate("() => { window.__settledSince = null; }")
    page.wait_for_function(
        """([skeleton, quietMs]) => {
            const now = performance.now();
            if (document.querySelectorAll(skeleton).length > 0) { window.__settledSince = null; return false; }
            if (window.__settledSince === null) window.__settledSince = now;
            return now - window.__settledSince >= quietMs;
        }""",
        arg=[SKELETON, QUIET_MS],
        timeout=timeout,
    )


def assert_no_error_shown(page: Page) -> None:
    """No exception box, no error alert, no traceback text anywhere on the page (checked as it is now)."""
    shown = {
        "exception box": page.locator(EXCEPTION).all_inner_texts(),
        "error alert": page.locator(ERROR_ALERT).all_inner_texts(),
        "'Traceback' text": page.get_by_text("Traceback").all_inner_texts(),
    }
    assert not any(shown.values()), (
        f"the page shows an error: { {k: v for k, v in shown.items() if v} }{_failed_requests(page)}"
    )


def assert_charts_rendered(page: Page, timeout: float = PAGE_TIMEOUT_MS) -> int:
    """Every plotly chart on the page drew its SVG; returns how many there are. Call after `settle`."""
    charts = page.locator(PLOTLY_CHART)
    for i in range(charts.count()):
        expect(charts.nth(i).locator(".js-plotly-plot svg.main-svg").first).to_be_attached(timeout=timeout)
    return charts.count()


def svg_texts(scope: Page | Locator, selector: str) -> list[str]:
    """Text of SVG text elements under `scope`. SVG has no innerText, so this reads textContent, joining the
    lines of plotly's multi-line labels (tspan.line) with a space."""
    texts = scope.locator(selector).evaluate_all(
        """els => els.map(e => {
            const lines = e.querySelectorAll('tspan.line');
            const parts = lines.length ? Array.from(lines, l => l.textContent) : [e.textContent];
            return parts.map(p => (p || '').trim()).join(' ');
        })"""
    )
    return [str(t) for t in texts]


def show_everything(page: Page, max_height: int = 12_000) -> None:
    """Open every expander and make the window tall enough that nothing scrolls. axe-core's contrast rule
    only judges what is on screen: below the fold of Streamlit's scrolling main area it checks nothing."""
    settle(page)
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for _ in range(closed.count()):
        closed.first.click()
    settle(page)
    size = page.viewport_size or {"width": 1280, "height": 900}
    for _ in range(5):  # taller windows can lay out taller (charts, wrapped text): repeat until it all fits
        needed = page.evaluate("main => document.querySelector(main).scrollHeight", MAIN)
        if needed <= size["height"] or size["height"] >= max_height:
            break
        size = {"width": size["width"], "height": min(max_height, int(needed) + 40)}
        page.set_viewport_size(size)
        settle(page)


def axe_script() -> str:
    """axe.min.js from the pinned axe-playwright-python package (requirements-dev.txt): no network needed."""
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        reason = "axe-playwright-python is not installed (pip install -r requirements-dev.txt): axe not run"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI is set.", pytrace=False)
        pytest.skip(reason)
    return Path(AXE_FILE_PATH).read_text(encoding="utf-8")


def run_axe(page: Page, tags: list[str]) -> dict[str, Any]:
    """Run axe-core on the whole page for the given rule tags; returns axe's results (violations and more)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    return dict(page.evaluate("options => window.axe.run(document, options)", options))


def grid_rows(table: Locator) -> list[list[str]]:
    """The rows a Streamlit dataframe exposes to assistive technology (a role=grid table inside its canvas):
    header first, then the rows drawn so far (the grid is virtual: long tables expose only visible rows)."""
    rows = table.locator('table[role="grid"] tr').evaluate_all(
        "rows => rows.map(r => Array.from(r.children, c => (c.textContent || '').trim()))"
    )
    return [list(map(str, r)) for r in rows]
