"""Each finding's button on the overview lands on the named pair, dimension, statement or council (AppTest),
and a partnership of forty councils gets a short list of findings ending in "…and N more"."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rasp.core import markdown_text
from rasp.core.framework import Framework
from rasp.intake.demo import DEMO_PARTNERSHIP, DEMO_ROUND, DEMO_ROUND_2, LARGE_PARTNERSHIP
from rasp.method import changes_since_previous, findings
from rasp.store.engine import make_engine
from rasp.store.snapshots import build_snapshot, build_trends

ROOT = Path(__file__).resolve().parent.parent
TITLES = {
    "pages/3_Alignment_gaps.py": "Alignment gaps",
    "pages/4_Consensus_or_split.py": "Consensus or split",
    "pages/5_Ambition_and_readiness.py": "Ambition and readiness",
    "pages/2_Compare_councils.py": "Compare councils",
    "pages/7_Trends.py": "Trends",
}


@pytest.fixture
def demo_url(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_DEMO", "0")
    yield url


def overview_findings(url: str, fw: Framework, partnership: str, round_name: str, previous: bool = True) -> list:
    engine = make_engine(url)
    try:
        snap = build_snapshot(engine, fw, partnership, round_name)
        trends = build_trends(engine, fw, partnership) if previous else None
    finally:
        engine.dispose()
    changes = changes_since_previous(trends, round_name) if trends is not None else None
    return findings(snap, fw, changes)


def picked(at: AppTest, label: str) -> object:
    """The value of the selectbox with this label on the page."""
    return next(s for s in at.selectbox if s.label == label).value


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_every_finding_button_lands_on_what_it_names(demo_url: str, fw: Framework) -> None:
    found = overview_findings(demo_url, fw, DEMO_PARTNERSHIP, DEMO_ROUND_2)
    kinds = {f.kind for f in found}
    assert {"gap", "split", "ambition", "readiness", "weakest", "change"} <= kinds, kinds  # the demo has them all
    for i, finding in enumerate(found):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
        button = at.button(key=f"finding_{i}")
        assert any(markdown_text(finding.text) in m.value for m in at.markdown), finding.text
        button.click().run()
        assert not at.exception, (finding.text, at.exception)
        assert at.title[0].value == TITLES[finding.page], finding.text
        focus = finding.focus
        if finding.kind == "gap":  # "56 points apart on compromise": that dimension, that pair, their statements
            assert picked(at, "Dimension") == focus["dimension"]
            assert f"Gap on {focus['dimension']}" in chart_titles(at)
            assert picked(at, "Gap") == focus["gap"]
            pair = focus["gap"].split(":")[0].split(" and ")
            statements = at.dataframe[-1].value
            assert set(pair) <= set(statements.columns), statements.columns
            dim_statements = {s.id for s in fw.statements if fw.dimension_names[s.dimension] == focus["dimension"]}
            assert set(statements["ID"]) == dim_statements
        elif finding.kind == "split":  # that council's answers on that dimension, not all dimensions
            assert picked(at, "Council") == focus["council"]
            assert picked(at, "Dimension") == focus["dimension"]
            assert f"{focus['council']}: answers on {focus['dimension'].lower()}" in chart_titles(at)
        elif finding.kind in {"ambition", "readiness"}:
            assert picked(at, "Council") == focus["council"]
        elif finding.kind == "weakest":
            radar = next(m for m in at.multiselect if m.label.startswith("Councils on the radar"))
            assert focus["council"] in radar.value
        elif finding.kind == "change":
            assert picked(at, "Council") == focus["council"]


def test_forty_councils_get_a_short_list_that_says_how_many_more(
    large_demo_db: Path, tmp_path: Path, fw: Framework
) -> None:
    copy = tmp_path / "large.db"
    shutil.copy(large_demo_db, copy)
    found = overview_findings(f"sqlite:///{copy}", fw, LARGE_PARTNERSHIP, DEMO_ROUND, previous=False)
    assert len(found) <= 25, [f.text for f in found]
    per_kind: dict[str, int] = {}
    for f in found:
        per_kind[f.kind] = per_kind.get(f.kind, 0) + 1
    assert per_kind["gap"] == 3 and per_kind["split"] <= 5
    more = [f.text for f in found if f.kind == "more"]
    assert any(t.startswith("…and ") and t.endswith(" more material gaps.") for t in more), more
    hidden = int(next(t for t in more if "material gaps" in t).split()[1])
    engine = make_engine(f"sqlite:///{copy}")
    try:
        snap = build_snapshot(engine, fw, LARGE_PARTNERSHIP, DEMO_ROUND)
    finally:
        engine.dispose()
    assert hidden == int(snap.gaps["material"].sum()) - 3  # every material gap is either listed or counted
