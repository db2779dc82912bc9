"""The app in a real browser: Streamlit as a subprocess, Debian's Chromium driven by Playwright.

Two servers per module, each started once: one on a database with the test partnership and one stored return
(RASP_DEMO=0) for the upload tests, one on an empty database that the app fills with the demo partnership at
first start (RASP_DEMO=1) for the every-page test (errors, layout at 1366 x 768, accessibility) and the
keyboard-focus test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.engine import make_engine
from tests.browser import (
    FIRST_LOAD_TIMEOUT_MS,
    PAGE_FILES,
    PAGE_TIMEOUT_MS,
    AppServer,
    assert_charts_rendered,
    assert_no_error_shown,
    chromium_path,
    collect_js_errors,
    go_via_sidebar,
    grid_rows,
    open_page,
    page_title,
    page_url_path,
    run_axe,
    settle,
    sidebar_links,
    svg_texts,
)
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up
from tests.layout import check_layout, screenshot_folder

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}
LAYOUT_VIEWPORT = {"width": 1366, "height": 768}  # the commonest council laptop: every page's layout is checked there
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STORED, NEW = COUNCILS[0], COUNCILS[1]  # a council with a return from the start, and the one uploaded
OVERVIEW = "Overview"
# Charts a page must draw on the demo data (README: radar and heatmap; the gap chart). More are welcome.
MIN_CHARTS = {"2_Compare_councils.py": 2, "3_Alignment_gaps.py": 1}
RADAR_TITLE = "Readiness by dimension"
HEATMAP_TITLE = "Scores by council and dimension"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_FAIL_IMPACTS = {"serious", "critical"}
# Violations that come from Streamlit's own chrome and that we cannot fix from the app: (rule id, a piece of the
# offending node's HTML) -> why. Empty: axe-core 4.12 finds no violation on these pages with Streamlit 1.67.
AXE_ALLOWED: dict[tuple[str, str], str] = {}


# --- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory: pytest.TempPathFactory, fw: Framework) -> Iterator[AppServer]:
    """The test partnership with one return stored for STORED; no demo."""
    chromium_path()
    work = tmp_path_factory.mktemp("upload-app")
    url = f"sqlite:///{work / 'x.db'}"
    engine = make_engine(url)
    try:
        set_up(engine)
        first = filled(fw, council=STORED, respondent="Ann Stored")
        result = import_bytes(engine, fw, first, "first.xlsx", partnership=PARTNERSHIP, round_name=ROUND)
        assert result.status == "stored", result.message
    finally:
        engine.dispose()
    with AppServer(work, {"RASP_DATABASE_URL": url, "RASP_DEMO": "0"}) as server:
        yield server


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """An empty database: the app loads the demo partnership at first start (the first page waits for it)."""
    chromium_path()
    work = tmp_path_factory.mktemp("demo-app")
    with AppServer(work, {"RASP_DATABASE_URL": f"sqlite:///{work / 'x.db'}", "RASP_DEMO": "1"}) as server:
        yield server


@pytest.fixture(scope="module")
def demo_loaded(demo_app: AppServer, context: BrowserContext) -> AppServer:
    """The demo server once its first page has loaded the demo partnership (up to FIRST_LOAD_TIMEOUT_MS)."""
    page = context.new_page()
    try:
        with demo_app.explain():
            open_page(page, demo_app, "dashboard.py", OVERVIEW, timeout=FIRST_LOAD_TIMEOUT_MS)
            expect(page.get_by_text("You are looking at demo data")).to_be_visible()
    finally:
        page.close()
    return demo_app


@pytest.fixture(scope="module")
def shots() -> Path | None:
    return screenshot_folder()


@pytest.fixture
def js_errors() -> list[str]:
    return []


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context per module, so the app's scripts are fetched and compiled once (its HTTP cache);
    each test still gets its own tab, and so its own Streamlit session."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    ctx.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext, js_errors: list[str]) -> Iterator[Page]:
    tab = context.new_page()
    collect_js_errors(tab, js_errors)
    try:
        yield tab
    finally:
        tab.close()


# --- helpers -------------------------------------------------------------------------------------------------


def chart(page: Page, title: str) -> Locator:
    """The plotly chart whose title starts with `title`."""
    return page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=title))


def radar_points(page: Page) -> dict[str, int]:
    """Trace name -> markers drawn in the radar's SVG (0 for a council with no scores, or a line-only trace).
    The name comes from the data plotly binds to each trace's SVG group, so traces kept out of the legend
    (markers, outlines) cannot shift the pairing."""
    radar = chart(page, RADAR_TITLE)
    expect(radar.locator(".scatterlayer .trace").first).to_be_attached()
    pairs = radar.locator(".scatterlayer .trace").evaluate_all(
        "traces => traces.map(t => [t.__data__[0].trace.name, t.querySelectorAll('.points path').length])"
    )
    points: dict[str, int] = {}
    for name, count in pairs:
        points[str(name)] = points.get(str(name), 0) + int(count)
    return points


def heatmap_row(page: Page, row: int, columns: int) -> list[str]:
    """The cell labels of one heatmap row (plotly writes them row by row, in data order)."""
    heatmap = chart(page, HEATMAP_TITLE)
    expect(heatmap.locator(".ytick").first).to_be_attached()
    cells = svg_texts(heatmap, ".heatmaplayer text")
    return cells[row * columns : (row + 1) * columns]


def upload(page: Page, files: dict[str, bytes]) -> None:
    """Choose files in the uploader as a person would, wait until each is uploaded, then submit the form."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [{"name": name, "mimeType": XLSX, "buffer": data} for name, data in files.items()]
    )
    for name in files:
        expect(page.get_by_test_id("stFileChipName").filter(has_text=name)).to_be_visible()
    expect(page.get_by_test_id("stFileChipIconSpinner")).to_have_count(0)
    expect(page.get_by_test_id("stFileChipIconError")).to_have_count(0)
    page.get_by_role("button", name="Check and store the returns").click()


# --- 1. upload flow ------------------------------------------------------------------------------------------


def test_uploaded_return_shows_on_the_radar_heatmap_and_data(
    upload_app: AppServer, page: Page, js_errors: list[str], fw: Framework
) -> None:
    dims = len(fw.dimensions)
    with upload_app.explain():
        open_page(page, upload_app, "dashboard.py", OVERVIEW)
        go_via_sidebar(page, "Compare councils", "Compare councils")
        before = radar_points(page)
        # the radar starts with councils that have scores: the one without is not drawn (or drawn empty)
        assert before[STORED] == dims + 1 and before.get(NEW, 0) == 0, f"before the upload: {before}"
        assert heatmap_row(page, 1, dims) == ["no data"] * dims

        go_via_sidebar(page, "Upload returns", "Upload returns")
        upload(page, {"second.xlsx": filled(fw, council=NEW, respondent="Bo Uploaded")})
        success = page.get_by_test_id("stAlertContentSuccess")
        expect(success).to_contain_text("second.xlsx")
        expect(success).to_contain_text(f"Stored: the return from Bo Uploaded ({NEW}, round {ROUND})")
        settle(page)
        assert_no_error_shown(page)
        # The round's returns table lists the new return.
        expect(page.get_by_test_id("stDataFrame").filter(has_text=NEW).first).to_be_visible()

        go_via_sidebar(page, "Compare councils", "Compare councils")
        after = radar_points(page)
        assert NEW in svg_texts(chart(page, RADAR_TITLE), ".legendtext")
        assert after[NEW] == dims + 1, f"the uploaded council's line is not drawn: {after}"  # closed line
        heatmap = chart(page, HEATMAP_TITLE)
        assert NEW in svg_texts(heatmap, ".ytick text")
        assert heatmap_row(page, 1, dims) == ["75 strength"] * dims  # every answer "4 - Agree" scores 75

        expander = page.get_by_test_id("stExpander").filter(has_text="Data behind the radar")
        expander.locator("summary").click()
        table = expander.get_by_test_id("stDataFrame")
        expect(table.locator('table[role="grid"]')).to_contain_text(NEW)
        rows = grid_rows(table)
        assert any(r[0] == NEW and r[2] == "75" for r in rows), rows
        assert_no_error_shown(page)
        assert not js_errors, js_errors


# --- 2. invalid upload ---------------------------------------------------------------------------------------


def test_invalid_upload_lists_the_problem_by_sheet_and_cell(
    upload_app: AppServer, page: Page, js_errors: list[str], fw: Framework
) -> None:
    with upload_app.explain():
        open_page(page, upload_app, "dashboard.py", OVERVIEW)
        go_via_sidebar(page, "Upload returns", "Upload returns")
        upload(page, {"typo.xlsx": filled(fw, council=COUNCILS[2], answers={"T3": "Agreee"})})
        error = page.get_by_test_id("stAlertContentError")
        expect(error).to_contain_text("typo.xlsx")
        expect(error).to_contain_text("Not stored")
        expect(error).to_contain_text("1 problem")
        problems = page.get_by_test_id("stDataFrame").filter(has_text="What to fix")
        expect(problems.locator('table[role="grid"]')).to_contain_text("Agreee")
        settle(page)
        rows = grid_rows(problems)
        assert rows[0] == ["Sheet", "Cell", "Statement", "What to fix"], rows
        assert [r[:3] for r in rows[1:]] == [["Questions", "D10", "T3"]], rows
        assert "Agreee" in rows[1][3]
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stAlertContentSuccess")).to_have_count(0)
        assert not js_errors, js_errors


# --- 3. every page, demo data: opens, draws, accessible ------------------------------------------------------


@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_every_page_opens_with_no_error_and_no_serious_accessibility_violation(
    demo_loaded: AppServer, page: Page, js_errors: list[str], page_file: str, shots: Path | None
) -> None:
    """One visit per page at 1366 x 768: it opens from its sidebar link's address with no error and draws its
    charts; then, with every expander open, no two text boxes of a chart overlap or stick out of it, no table is
    cut off, and axe-core finds no serious or critical violation and no contrast failure. (The same layout checks
    on a partnership of forty councils are in test_browser_layout.py.)"""
    page.set_viewport_size(LAYOUT_VIEWPORT)
    with demo_loaded.explain():
        open_page(page, demo_loaded, page_file, page_title(page_file))
        hrefs = [str(h).rstrip("/") for h in sidebar_links(page).evaluate_all("links => links.map(a => a.href)")]
        if page_file != "13_Questionnaire.py":  # respondents reach it by its link; staff menus do not list it
            assert (demo_loaded.url + page_url_path(page_file)).rstrip("/") in hrefs, f"no sidebar link: {hrefs}"
        settle(page)
        assert_no_error_shown(page)
        drawn = assert_charts_rendered(page)
        assert drawn >= MIN_CHARTS.get(page_file, 0), f"{drawn} charts drawn on {page_file}"
        assert not js_errors, js_errors
        check_layout(page, page_file, shots, "demo")
        results = run_axe(page, AXE_TAGS)
    failing = []
    for v in results["violations"]:
        nodes = [n for n in v["nodes"] if not any(rule == v["id"] and part in n["html"] for rule, part in AXE_ALLOWED)]
        if nodes and (v["id"] == "color-contrast" or v["impact"] in AXE_FAIL_IMPACTS):
            failing += [
                f"{v['id']} ({v['impact']}): {v['help']}\n    {n['target']} {n['html'][:200]}\n    "
                + " ".join(c["message"] for c in n["any"] + n["all"] + n["none"])
                for n in nodes
            ]
    assert not failing, "axe-core found:\n" + "\n".join(failing)


def test_pages_named_in_expectations_exist() -> None:
    """MIN_CHARTS names real pages (a renamed page must not silently lose its check)."""
    assert set(MIN_CHARTS) <= set(PAGE_FILES), set(MIN_CHARTS) - set(PAGE_FILES)


def test_keyboard_focus_on_a_sidebar_link_is_plain_to_see(demo_loaded: AppServer, page: Page) -> None:
    """Tabbing to a sidebar link gives it a thick outline and a yellow band, unlike the current page's grey."""
    with demo_loaded.explain():
        open_page(page, demo_loaded, PAGE_FILES[0], page_title(PAGE_FILES[0]), timeout=FIRST_LOAD_TIMEOUT_MS)
        settle(page)
        focused = None
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const a = document.activeElement;
                    if (!a || !a.closest('.st-key-rasp_menu') || a.tagName !== 'A') return null;
                    const s = getComputedStyle(a);
                    return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), background: s.backgroundColor,
                            current: a.getAttribute('aria-current')};
                }"""
            )
            if focused and focused["current"] != "page":
                break
        assert focused, "no sidebar link took the keyboard focus"
        assert focused["outline"] == "solid" and focused["width"] >= 3, focused
        assert focused["background"] == "rgb(255, 221, 0)", focused  # the GOV.UK focus yellow
