"""Every page runs without an exception (AppTest), on an empty database and on the demo partnership,
plus the upload flows: a valid return, an invalid one, a hostile file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from rasp.core.framework import Framework
from rasp.intake.demo import DEMO_PARTNERSHIP, DEMO_ROUND, LARGE_PARTNERSHIP
from rasp.store.engine import make_engine
from rasp.store.snapshots import build_snapshot
from tests.helpers import COUNCILS, PARTNERSHIP, filled, set_up

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
TIMEOUT = 60
ADMIN_ONLY_PAGES = {"pages/16_Audit_log.py", "pages/17_Personal_data.py"}  # work with no partnership


@pytest.fixture
def demo_url(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_DEMO", "0")
    yield url


def _run(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if page != "dashboard.py":
        at.switch_page(page)
    return at.run()


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.exception] + [str(e.value) for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo(demo_url: str, page: str) -> None:
    at = _run(page)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("RASP_DEMO", "0")
    at = _run(page)
    assert not at.exception, at.exception
    text = " ".join(w.value for w in at.warning) + " ".join(m.value for m in at.markdown)
    if page not in {"pages/14_Partnership_set-up.py", "pages/13_Questionnaire.py", *ADMIN_ONLY_PAGES}:
        assert "No partnership is set up yet" in text


def test_first_start_loads_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    monkeypatch.setenv("RASP_DEMO", "1")
    at = _run("dashboard.py")
    assert not at.exception, at.exception
    assert any("demo data" in i.value for i in at.info)
    assert at.sidebar.selectbox[0].value == DEMO_PARTNERSHIP


def test_compare_page_charts_and_tables(demo_url: str) -> None:
    at = _run("pages/2_Compare_councils.py")
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    import json

    radar = json.loads(charts[0].proto.spec)
    names = [t["name"] for t in radar["data"]]
    assert "Partnership mean" in names and "Eastmoor Borough Council" in names
    at.multiselect[0].set_value(["Ashby City Council"]).run()
    radar = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in radar["data"]] == [
        "Ashby City Council",
        "Partnership mean",
        "split: respondents disagree",
    ]
    assert len(at.dataframe) >= 3  # a data table behind every chart


def test_gaps_page_lists_material_gaps_and_drills_down(demo_url: str, fw: Framework) -> None:
    at = _run("pages/3_Alignment_gaps.py")
    assert not at.exception, at.exception
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    ranked = next(v for k, v in tables.items() if "Material" in k)
    assert len(ranked) >= 1 and (ranked["Material"] == "yes: discuss").all()
    assert ranked["Gap (points)"].is_monotonic_decreasing
    first = ranked.iloc[0]
    assert at.main.selectbox[-1].value.startswith(
        f"{first['Council']} and {first['Other council']}: {first['Dimension']}"
    )
    statements = next(v for k, v in tables.items() if "Statement" in k)
    dimension = next(d for d in fw.dimensions if d.name == first["Dimension"])
    assert statements["ID"].tolist() == [s.id for s in dimension.statements]


@pytest.fixture
def large_url(large_demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app on a private copy of the forty-council demo (RASP_DATABASE_URL set); its URL."""
    copy = tmp_path / "large.db"
    shutil.copy(large_demo_db, copy)
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{copy}")
    monkeypatch.setenv("RASP_DEMO", "0")
    return f"sqlite:///{copy}"


def test_gaps_page_lists_the_largest_material_gaps_of_a_large_partnership_and_offers_them_all(
    large_url: str, fw: Framework
) -> None:
    engine = make_engine(large_url)
    try:
        gaps = build_snapshot(engine, fw, LARGE_PARTNERSHIP, DEMO_ROUND).gaps
    finally:
        engine.dispose()
    material = int((gaps["gap"] >= fw.thresholds.material_gap - 1e-9).sum())  # counted here; exactly 20 is material
    assert material > 500  # forty councils: 780 pairs on seven dimensions
    at = _run("pages/3_Alignment_gaps.py")
    at.selectbox(key="_pick_partnership").set_value(LARGE_PARTNERSHIP).run()
    assert not at.exception, at.exception
    listed = next(d.value for d in at.dataframe if "Material" in d.value.columns)
    assert len(listed) == 500 and listed["Gap (points)"].is_monotonic_decreasing
    assert listed["Gap (points)"].iloc[-1] >= gaps["gap"].nlargest(500).min() - 0.5  # the largest, not any 500
    assert f"The 500 largest of {material:,} material gaps are listed here" in " ".join(c.value for c in at.caption)
    button = at.get("download_button")[0]
    assert button.proto.label == f"Download all {material:,} material gaps (CSV)"
    assert len(at.main.selectbox[-1].options) == 500  # the gap picker offers the listed gaps


def test_a_table_longer_than_a_page_shows_its_first_rows_and_offers_them_all(large_url: str, fw: Framework) -> None:
    from rasp.charts import trust_table
    from rasp.ui.tables import table_csv

    at = _run("pages/6_Trust_between_partners.py")
    at.selectbox(key="_pick_partnership").set_value(LARGE_PARTNERSHIP).run()
    assert not at.exception, at.exception
    pairs = 40 * 39  # every council rates every other: one row per ordered pair
    longest = max(len(d.value) for d in at.dataframe)
    assert longest == 1000
    assert f"The first 1,000 of {pairs:,} rows are shown here" in " ".join(c.value for c in at.caption)
    assert [b.proto.label for b in at.get("download_button")] == [f"Download all {pairs:,} rows (CSV)"]
    engine = make_engine(large_url)
    try:
        whole = trust_table(build_snapshot(engine, fw, LARGE_PARTNERSHIP, DEMO_ROUND).trust)
    finally:
        engine.dispose()
    lines = table_csv(whole).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + pairs and lines[0].split(",")[0] == whole.columns[0]


def test_the_download_of_all_material_gaps_holds_every_one_safely() -> None:
    from rasp.method import safe_csv

    frame = pd.DataFrame({"Council": ["=HYPERLINK(1)", "Eastmoor"], "Gap (points)": [-30.0, 25.0]})
    text = safe_csv(frame).decode("utf-8-sig").splitlines()
    assert text == ["Council,Gap (points)", "'=HYPERLINK(1),-30.0", "Eastmoor,25.0"]


@pytest.fixture
def test_partnership(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'up.db'}"
    engine = make_engine(url)
    set_up(engine)
    engine.dispose()
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_DEMO", "0")
    return url


def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    uploader = at.get("file_uploader")[0]
    uploader.set_value(
        [(name, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") for name, data in files]
    )
    at.button[0].click()  # the form's submit button
    return at.run()


def test_upload_valid_invalid_and_hostile_together(test_partnership: str, fw: Framework) -> None:
    at = _run("pages/1_Upload_returns.py")
    assert at.sidebar.selectbox[0].value == PARTNERSHIP
    good = filled(fw, council=COUNCILS[1], respondent="Bo")
    bad = filled(fw, answers={"T3": "Agreee"})
    at = _upload(at, [("good.xlsx", good), ("bad.xlsx", bad), ("junk.xlsx", b"%PDF-1.4 not a workbook")])
    assert not at.exception, at.exception
    from rasp.core.safety import markdown_text as md

    assert any(md("good.xlsx") in s.value and "Stored" in s.value for s in at.success)
    errors = [e.value for e in at.error]
    assert any(md("bad.xlsx") in e and "1 problem" in e for e in errors)
    assert any(md("junk.xlsx") in e and "PDF" in e for e in errors)
    problems = [d.value for d in at.dataframe if "What to fix" in d.value.columns]
    assert problems and problems[0].iloc[0]["Cell"] == "D10" and problems[0].iloc[0]["Statement"] == "T3"
    history = at.dataframe[-1].value
    assert history["Council"].tolist() == [COUNCILS[1]]


def test_partnership_and_round_choice_persists_across_pages(test_partnership: str) -> None:
    engine = make_engine(test_partnership)
    set_up(engine, round_name="2027 review")
    engine.dispose()
    at = _run("dashboard.py")
    assert at.sidebar.selectbox[1].value == "2027 review"  # the latest round by default
    at.sidebar.selectbox[1].set_value("2026 baseline").run()
    at.switch_page("pages/2_Compare_councils.py").run()
    assert not at.exception
    assert at.sidebar.selectbox[0].value == PARTNERSHIP
    assert at.sidebar.selectbox[1].value == "2026 baseline"


def test_setup_page_creates_and_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{tmp_path / 'setup.db'}")
    monkeypatch.setenv("RASP_DEMO", "0")
    at = _run("pages/14_Partnership_set-up.py")
    at.text_input[0].set_value("West shared service")
    at.text_area[0].set_value("Ayton Council\n\n  Beeford   Council \nAyton Council")
    at.text_input[1].set_value("2026 baseline")
    at.button[0].click().run()
    assert not at.exception
    assert at.success and "partnership West shared service" in at.success[0].value
    assert "council Beeford Council" in at.success[0].value and at.success[0].value.count("council Ayton") == 1
    at.button[0].click().run()  # the same again: nothing new
    assert any("Nothing new to save" in i.value for i in at.info)
    at.text_input[0].set_value("   ")
    at.button[0].click().run()
    assert at.error and "The partnership name is empty." in at.error[0].value


def test_overview_finding_opens_its_chart_with_the_item_selected(demo_url: str) -> None:
    at = _run("dashboard.py")
    texts = [m.value for m in at.markdown]
    gap = next(t for t in texts if "points apart on willingness to compromise" in t)
    assert "Northvale District Council and Eastmoor Borough Council" in gap
    assert any("is split on ethos and culture" in t for t in texts)
    assert any("rungs apart on the form of sharing" in t for t in texts)
    assert any("rose by" in t and "since 2026 baseline" in t for t in texts)
    show = next(b for b in at.button if b.label == "Show the gap")
    show.click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Alignment gaps"
    assert at.main.selectbox[-1].value.startswith(
        "Northvale District Council and Eastmoor Borough Council: Willingness to compromise"
    )


def test_split_finding_opens_the_answers_of_that_council(demo_url: str) -> None:
    at = _run("dashboard.py")
    next(b for b in at.button if b.label == "Show the answers").click().run()
    assert at.title[0].value == "Consensus or split"
    assert at.main.selectbox[0].value == "Ashby City Council"
    assert any("Ashby City Council is split on ethos and culture" in w.value for w in at.warning)
    assert at.get("plotly_chart"), "the distribution chart is drawn"


def test_consensus_page_says_below_threshold(demo_url: str) -> None:
    at = _run("pages/4_Consensus_or_split.py")
    at.main.selectbox[0].set_value("Southgate Town Council").run()  # 3 returns: at the threshold, shown
    assert at.get("plotly_chart")
    table = at.dataframe[0].value
    assert (table["Reading"] != "below threshold: too few respondents to show").all()


def test_ambition_trust_and_trend_pages_show_their_findings(demo_url: str) -> None:
    at = _run("pages/5_Ambition_and_readiness.py")
    assert any("2 rungs apart" in w.value for w in at.warning)
    assert at.get("plotly_chart")
    assert any("framework's own assumptions" in c.value for c in at.caption)
    at = _run("pages/6_Trust_between_partners.py")
    assert len(at.get("plotly_chart")) == 2 and any("trusts" in w.value for w in at.warning)
    at = _run("pages/7_Trends.py")
    changes = next(d.value for d in at.dataframe if "Change" in d.value.columns)
    newcomer = changes[changes["Council"] == "Southgate Town Council"]
    assert newcomer["Change"].isna().all() and len(newcomer) == 7  # joined in round 2: no earlier score


def test_answers_of_a_small_council_are_not_shown(test_partnership: str, fw: Framework) -> None:
    from rasp.intake.importer import import_bytes

    engine = make_engine(test_partnership)
    for i in range(2):
        assert import_bytes(
            engine, fw, filled(fw, respondent=f"r{i}", every=1 + 4 * i), f"{i}.xlsx", partnership=PARTNERSHIP
        ).ok
    engine.dispose()
    at = _run("pages/4_Consensus_or_split.py")
    table = at.dataframe[0].value
    alpha = table[table["Council"] == COUNCILS[0]]
    assert (alpha["Reading"] == "below threshold: too few respondents to show").all()
    assert (alpha["Disagreement (scale points)"] == "").all()  # 1 and 5 would be a wide split: not shown
    assert any("Below threshold" in i.value for i in at.info)
    assert not at.get("plotly_chart")


@pytest.fixture(scope="module")
def small_dbs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Edge cases: a partnership of one council with one return; and three councils with no return yet."""
    from rasp.core.framework import load_framework
    from rasp.intake.importer import import_bytes
    from rasp.store.writes import setup_partnership

    fw = load_framework()
    folder = tmp_path_factory.mktemp("small")
    one = make_engine(f"sqlite:///{folder / 'one.db'}")
    setup_partnership(one, PARTNERSHIP, [COUNCILS[0]], "2026 baseline")
    assert import_bytes(one, fw, filled(fw, councils=[COUNCILS[0]]), "a.xlsx", partnership=PARTNERSHIP).ok
    one.dispose()
    none = make_engine(f"sqlite:///{folder / 'none.db'}")
    set_up(none)
    none.dispose()
    return {"one council": folder / "one.db", "no returns": folder / "none.db"}


@pytest.mark.parametrize("case", ["one council", "no returns"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_copes_with_small_partnerships(
    small_dbs: dict[str, Path], case: str, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{small_dbs[case]}")
    monkeypatch.setenv("RASP_DEMO", "0")
    at = _run(page)
    assert not at.exception, at.exception
    if page.endswith("Presenter_view.py"):  # walk the whole storyline
        for _ in range(8):
            forward = [b for b in at.button if b.label.startswith("Next")]
            if not forward or forward[0].disabled:
                break
            forward[0].click().run()
            assert not at.exception, (at.title[0].value, at.exception)
    if page.endswith("Reports.py"):
        next(b for b in at.button if b.label == "Prepare the reports").click().run()
        assert not at.exception, at.exception
        assert len(at.get("download_button")) == 3


def test_markdown_in_names_is_shown_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fw: Framework) -> None:
    from rasp.core.safety import markdown_text
    from rasp.intake.importer import import_bytes
    from rasp.store.writes import setup_partnership

    odd = ["**Bold** Council", "[Click](http://example.org) Council", "$x$ Council"]
    url = f"sqlite:///{tmp_path / 'md.db'}"
    engine = make_engine(url)
    setup_partnership(engine, PARTNERSHIP, odd, "2026 baseline")
    for i, council in enumerate(odd[:2]):
        data = filled(fw, council=council, councils=odd, every=1 + 4 * i)
        assert import_bytes(engine, fw, data, f"{i}.xlsx", partnership=PARTNERSHIP).ok
    engine.dispose()
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_DEMO", "0")
    at = _run("dashboard.py")
    assert not at.exception
    findings = [m.value for m in at.markdown if "points apart" in m.value]
    assert findings and markdown_text("**Bold** Council") in findings[0]
    assert markdown_text("[Click](http://example.org) Council") in findings[0]
    assert markdown_text("a*b_c[d](e)$f") == "a\\*b\\_c\\[d\\]\\(e\\)\\$f"
