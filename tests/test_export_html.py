"""The standalone HTML report: structure and accessibility markup, the same numbers as the pages, the anonymised
variant, hostile names that must show as text, and the file in a real Chromium (no network, every chart drawn,
no console error, several PDF pages)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page
from plotly.offline import get_plotlyjs
from sqlalchemy import Engine

from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.core.safety import html_text
from rasp.exports.content import ACTION_COLUMNS, ReportContent
from rasp.exports.html_report import build_html
from rasp.intake.demo import BASELINE, DEMO_PARTNERSHIP, DEMO_ROUND, DEMO_ROUND_2, REVIEW
from rasp.intake.importer import import_bytes
from rasp.intake.template import build_template, fill_template
from rasp.store.engine import make_engine
from rasp.store.writes import setup_partnership
from tests.browser import run_axe
from tests.helpers import report_content

TODAY = dt.date(2026, 11, 28)
SECTIONS = [
    "Summary",
    "Overview",
    "Compare councils",
    "Where we are apart",
    "Consensus or split",
    "Ambition and readiness",
    "Trust",
    "Changes since the previous round",
]
DEMO_CHARTS = 7  # bars, radar, band heatmap, gap heatmap, ladder, trust and alignment heatmaps
HOSTILE = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
]
HOSTILE_PARTNERSHIP = "<b>Bold</b> & <script>alert('p')</script>"
HOSTILE_ROUND = "<img src=y onerror=alert(2)>"
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# --- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_read(demo_db: Path) -> Iterator[Engine]:
    """The shared demo database, only read here."""
    eng = make_engine(f"sqlite:///{demo_db}")
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def content(demo_read: Engine, fw: Framework) -> ReportContent:
    return report_content(demo_read, fw, DEMO_PARTNERSHIP, DEMO_ROUND_2, today=TODAY)


@pytest.fixture(scope="module")
def html(content: ReportContent) -> str:
    return build_html(content).decode("utf-8")


@pytest.fixture(scope="module")
def anon_html(demo_read: Engine, fw: Framework) -> str:
    anon = report_content(demo_read, fw, DEMO_PARTNERSHIP, DEMO_ROUND_2, anonymised=True, today=TODAY)
    return build_html(anon).decode("utf-8")


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory, fw: Framework) -> str:
    """A partnership whose partnership, round and council names (and an action) are HTML and script."""
    councils = [*HOSTILE, "Plain District Council"]
    eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'h.db'}")
    try:
        setup_partnership(eng, HOSTILE_PARTNERSHIP, councils, HOSTILE_ROUND)
        template = build_template(fw, partnership=HOSTILE_PARTNERSHIP, councils=councils, rounds=[HOSTILE_ROUND])
        for i, council in enumerate(councils):
            about = {
                "Council": council,
                "Respondent": f"Respondent {i}",
                "Role": "Head of ICT",
                "Round": HOSTILE_ROUND,
                "Target form of sharing": fw.ladder[i % len(fw.ladder)].label,
                "Scope": fw.scopes[0],
            }
            answers = {s.id: 1 + (i + j) % 5 for j, s in enumerate(fw.statements)}
            partners = {other: (1 + (i * 2) % 5, 3) for other in councils if other != council}
            data = fill_template(template, about=about, answers=answers, partners=partners)
            result = import_bytes(eng, fw, data, f"r{i}.xlsx", partnership=HOSTILE_PARTNERSHIP)
            assert result.ok, (result.message, result.problems)
        actions = pd.DataFrame(
            [["<i>Trust</i>", "<script>alert('a')</script> Meet", HOSTILE[1], HOSTILE[0], TODAY, "open"]],
            columns=ACTION_COLUMNS,
        )
        c = report_content(eng, fw, HOSTILE_PARTNERSHIP, HOSTILE_ROUND, today=TODAY, actions=actions)
        assert set(c.snapshot.councils) == set(councils)
        return build_html(c).decode("utf-8")
    finally:
        eng.dispose()


# --- helpers -------------------------------------------------------------------------------------------------


class Markup(HTMLParser):
    """Start tags in order (script and style contents are not parsed as tags), headings and their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: int | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), []

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, "".join(self._text).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._text.append(data)


def parse(text: str) -> Markup:
    m = Markup()
    m.feed(text)
    m.close()
    return m


def table_by_id(text: str, ident: str) -> str:
    found = re.search(rf'<table id="{ident}">(.*?)</table>', text, re.DOTALL)
    assert found, f"no table {ident}"
    return found.group(1)


def open_report(browser: Browser, tmp_path: Path, text: str) -> tuple[Page, dict[str, list[str]]]:
    """Load the report from a file:// URL, recording every request, console error, page error and dialog."""
    path = tmp_path / "report.html"
    path.write_text(text, encoding="utf-8")
    seen: dict[str, list[str]] = {"requests": [], "errors": [], "dialogs": []}
    page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="en-GB")
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def on_dialog(dialog: object) -> None:
        seen["dialogs"].append(getattr(dialog, "message", "?"))
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(
        """() => {
            const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
            return charts.every(c => c.querySelector('svg.main-svg'));
        }""",
        timeout=30_000,
    )
    return page, seen


def rendered_charts(page: Page) -> int:
    """How many charts drew their SVG."""
    charts = "Array.from(document.querySelectorAll('.js-plotly-plot'))"
    return int(page.evaluate(f"() => {charts}.filter(c => c.querySelector('svg.main-svg')).length"))


# --- structure -----------------------------------------------------------------------------------------------


def test_document_language_headings_and_sections(html: str, content: ReportContent) -> None:
    m = parse(html)
    assert [t for t, _ in m.tags].count("html") == 1
    assert re.search(r'<html lang="en-GB">', html)
    assert html.startswith("<!DOCTYPE html>")
    levels = [level for level, _ in m.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels  # no level skipped
    h2 = [text for level, text in m.headings if level == 2]
    assert h2 == SECTIONS
    assert m.headings[0][1] == content.title
    assert "Produced 28 November 2026." in html


def test_every_chart_has_a_label_and_a_table_right_after_it(html: str) -> None:
    charts = html.count('class="plotly-graph-div"')
    assert charts == DEMO_CHARTS
    figures = re.findall(r'<figure class="chart".*?</figure>\s*(<[^>]+>\s*<[^>]+>)', html, re.DOTALL)
    assert len(figures) == charts
    assert all(re.fullmatch(r'<div class="table-wrap( keep)?">\s*<table[^>]*>', after) for after in figures), figures
    labels = re.findall(r'<div class="plot" role="img" aria-label="([^"]+)">', html)
    assert len(labels) == charts and all(len(label) > 40 for label in labels)


def test_tables_have_captions_and_header_scopes(html: str) -> None:
    m = parse(html)
    tables = html.count("<table")
    assert tables >= 10
    assert html.count("<caption>") == tables
    scopes = [a.get("scope") for t, a in m.tags if t == "th"]
    assert scopes and set(scopes) <= {"col", "row"}
    assert html_text("(the framework's assumption)") in html


def test_plotly_js_embedded_once_and_nothing_external(html: str) -> None:
    head = get_plotlyjs()[:200]
    assert html.count(head) == 1
    assert html.count("* plotly.js v") == 1
    m = parse(html)
    for tag, attrs in m.tags:
        assert tag not in {"link", "iframe", "object", "embed", "base"}, tag
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("#"), (tag, name, value)  # in-page links only
        if tag == "script":
            assert "src" not in attrs
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert styles and not any("url(" in s or "@import" in s for s in styles)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy, "no Content-Security-Policy"
    directives = dict(d.strip().split(" ", 1) for d in html_unescape(policy.group(1)).split(";"))
    assert directives["default-src"] == "'none'"
    assert all(s.startswith("'sha256-") for s in directives["script-src"].split())  # only this file's scripts


def test_scores_table_holds_a_known_score(html: str, content: ReportContent) -> None:
    scores = content.snapshot.scores.dropna(subset=[col.SCORE])
    row = scores.iloc[len(scores) // 2]
    table = table_by_id(html, "table-scores")
    dim = content.framework.dimension_names[row[col.DIMENSION]]
    cells = f'<th scope="row">{html_text(row[col.COUNCIL])}</th><td>{html_text(dim)}</td>'
    assert f'{cells}<td class="num">{round(row[col.SCORE]):d}</td><td class="num">{row[col.N]}</td>' in table


def test_changes_only_when_there_is_a_previous_round(demo_read: Engine, fw: Framework, html: str) -> None:
    assert "2026 baseline" in table_by_id(html, "table-changes")
    first = build_html(report_content(demo_read, fw, DEMO_PARTNERSHIP, DEMO_ROUND, today=TODAY)).decode()
    assert "Changes since the previous round" not in first
    assert 'id="actions"' not in first


def test_anonymised_report_names_no_council(anon_html: str) -> None:
    real = set(BASELINE) | set(REVIEW)
    assert not [name for name in real if name in anon_html]
    assert not [name for name in real if html_text(name) in anon_html]
    assert "Council A" in anon_html and "Council F" in anon_html
    assert "Councils anonymised" in anon_html


def test_a_round_with_no_returns_says_so(engine: Engine, fw: Framework) -> None:
    setup_partnership(engine, "Empty partnership", ["One Council", "Two Council"], "2027 baseline")
    text = build_html(report_content(engine, fw, "Empty partnership", "2027 baseline", today=TODAY)).decode()
    assert "No returns have been stored for this round yet" in text
    assert "plotly-graph-div" not in text and "plotly.js v" not in text


def test_hostile_names_are_escaped_in_the_file(hostile_html: str) -> None:
    for raw in [*HOSTILE, HOSTILE_PARTNERSHIP, HOSTILE_ROUND, "<i>Trust</i>", "<script>alert('a')</script>"]:
        assert raw not in hostile_html, raw
        assert html_text(raw) in hostile_html, raw
    m = parse(hostile_html)
    assert not [t for t, _ in m.tags if t in {"img", "svg", "b", "i"}]
    scripts = [a for t, a in m.tags if t == "script"]
    assert len(scripts) == 1 + hostile_html.count('class="plotly-graph-div"')  # plotly.js, then one per chart


# --- in Chromium ---------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_demo_report_in_chromium(browser: Browser, tmp_path: Path, html: str) -> None:
    page, seen = open_report(browser, tmp_path, html)
    try:
        assert rendered_charts(page) == html.count('class="plotly-graph-div"') == DEMO_CHARTS
        outside = [u for u in seen["requests"] if not u.startswith(LOCAL_SCHEMES)]
        assert outside == [], outside
        assert seen["errors"] == [] and seen["dialogs"] == []
        results = run_axe(page, AXE_TAGS)
        serious = [(v["id"], v["help"]) for v in results["violations"] if v["impact"] in {"serious", "critical"}]
        assert serious == []
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
        assert pages >= len(SECTIONS), pages  # every section starts on a new page
        assert [u for u in seen["requests"] if not u.startswith(LOCAL_SCHEMES)] == []
    finally:
        page.close()


@pytest.mark.browser
def test_hostile_names_show_as_text_and_never_run(browser: Browser, tmp_path: Path, hostile_html: str) -> None:
    page, seen = open_report(browser, tmp_path, hostile_html)
    try:
        page.mouse.move(400, 400)
        page.wait_for_timeout(300)
        assert seen["dialogs"] == [], seen["dialogs"]
        assert seen["errors"] == []
        assert rendered_charts(page) == hostile_html.count('class="plotly-graph-div"') >= 5
        assert page.evaluate("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("() => document.scripts.length") == 1 + rendered_charts(page)
        shown = page.locator("#table-returns tbody th").all_inner_texts()
        assert [name for name in HOSTILE if name in shown] == HOSTILE
        assert page.locator("h1").inner_text().startswith(HOSTILE_PARTNERSHIP)
        assert HOSTILE[0] in page.locator("#table-actions").inner_text()
        outside = [u for u in seen["requests"] if not u.startswith(LOCAL_SCHEMES)]
        assert outside == []
    finally:
        page.close()
