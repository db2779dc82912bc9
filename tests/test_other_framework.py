"""Nothing on a screen, in a command or in an export assumes the default framework: a framework with other
thresholds, three dimensions and six statements runs through every page, the CLI and every export, and
what they show follows that file.

The variant: strength 80, borderline 60, material gap 15 (defaults 75, 50, 20); dimensions strategy, trust and
compromise with two statements each. Returns (worked by hand, score = (mean - 1) / 4 * 100):
- Alpha, one respondent, every statement 4: 75 on each dimension. Borderline under the variant
  (60 <= 75 < 80); it would be a strength under the defaults.
- Beta, one respondent, every statement 3: 50 on each dimension. A concern (< 60); borderline by default.
- Gamma, two respondents: every statement 4, except strategy S1 and S2 answered 3 and 3 by the first and 3 and 4
  by the second. Strategy: (50 + 62.5) / 2 = 56.25; trust and compromise 75.
Gaps on strategy: Alpha-Gamma 18.75, material at 15 (not at 20); Alpha-Beta 25; Beta-Gamma 6.25.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
import tomli_w
from streamlit.testing.v1 import AppTest

from rasp.core.framework import Framework, load_framework
from rasp.exports.html_report import build_html
from rasp.exports.powerpoint import build_pptx
from rasp.exports.workbook import build_xlsx
from rasp.intake.importer import import_bytes
from rasp.store.engine import make_engine
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, report_content, set_up

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
KEEP = {"strategy": ("S1", "S2"), "trust": ("T1", "T2"), "compromise": ("C1", "C2")}
ALPHA, BETA, GAMMA = COUNCILS


def _variant(path: Path) -> Path:
    data = tomllib.loads((ROOT / "data" / "framework.toml").read_text(encoding="utf-8"))
    data["framework"].update(id="small-variant", name="A smaller framework for the test")
    data["thresholds"].update(strength=80, borderline=60, material_gap=15)
    data["dimensions"] = [
        {**d, "statements": [s for s in d["statements"] if s["id"] in KEEP[d["id"]]]}
        for d in data["dimensions"]
        if d["id"] in KEEP
    ]
    for rung in data["ladder"]:
        rung["requires"] = {k: v for k, v in rung["requires"].items() if k in KEEP}
    out = path / "small.toml"
    out.write_text(tomli_w.dumps(data), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Framework, str, Path]:
    folder = tmp_path_factory.mktemp("small")
    path = _variant(folder)
    fw = load_framework(path)
    assert len(fw.dimensions) == 3 and len(fw.statements) == 6
    url = f"sqlite:///{folder / 'small.db'}"
    engine = make_engine(url)
    set_up(engine)
    returns = [
        filled(fw, council=ALPHA, respondent="a1", every="4 - Agree"),
        filled(fw, council=BETA, respondent="b1", every="3"),
        filled(fw, council=GAMMA, respondent="g1", every="4", answers={"S1": "3", "S2": "3"}),
        filled(fw, council=GAMMA, respondent="g2", every="4", answers={"S1": "3", "S2": "4"}),
    ]
    for i, data in enumerate(returns):
        result = import_bytes(engine, fw, data, f"r{i}.xlsx")
        assert result.status == "stored", (result.message, result.problems)
    engine.dispose()
    return fw, url, path


@pytest.fixture
def app_env(small: tuple[Framework, str, Path], monkeypatch: pytest.MonkeyPatch) -> Framework:
    fw, url, path = small
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_FRAMEWORK", str(path))
    monkeypatch.setenv("RASP_DEMO", "0")
    return fw


def _run(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if page != "dashboard.py":
        at.switch_page(page)
    return at.run()


def _words(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "success", "info", "warning", "text"):
        parts += [str(e.value) for e in at.get(kind)]
    for e in at.get("radio") + at.get("selectbox"):
        parts += [str(o) for o in e.options]
    return "\n".join(parts)


def _charts(at: AppTest) -> list[dict[str, object]]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_smaller_framework(app_env: Framework, page: str) -> None:
    at = _run(page)
    assert not at.exception, at.exception
    text = _words(at)
    assert "75 or more" not in text and "50 to 74" not in text and "42 statements" not in text
    assert "seven dimensions" not in text.lower() and "20 points" not in text
    for chart in _charts(at):
        for trace in chart["data"]:  # type: ignore[index]
            for axis in ("theta", "x", "y"):
                values = trace.get(axis) or []
                names = {str(v) for v in values if isinstance(v, str)}
                default_only = {"Ethos and culture", "Treatment of resources", "Risk management", "Governance"}
                assert not names & default_only, (page, axis, names & default_only)


def test_pages_word_the_variant_thresholds(app_env: Framework) -> None:
    overview = _words(_run("dashboard.py"))
    assert "80 or more" in overview and "60 to under 80" in overview and "below 60" in overview
    compare = _run("pages/2_Compare_councils.py")
    assert "80 or more" in _words(compare)
    radar = _charts(compare)[0]
    dims = {t for trace in radar["data"] for t in trace.get("theta", [])}  # type: ignore[index]
    assert dims == {"Shared vision and strategy", "Trust and relationships", "Willingness to compromise"}
    assert "6 statements" in _words(_run("pages/10_Collect_answers_online.py"))
    gaps = _words(_run("pages/3_Alignment_gaps.py"))
    assert "**15 points or more** is material" in gaps
    # Alpha and Gamma are 18.75 apart on strategy: material at 15 (it would not be at the default 20)
    assert f"{ALPHA} and {GAMMA}: Shared vision and strategy (19 points)" in gaps


def _cli(*args: str, small: tuple[Framework, str, Path]) -> list[dict[str, str]]:
    _, url, path = small
    env = {**os.environ, "RASP_DATABASE_URL": url, "RASP_FRAMEWORK": str(path), "RASP_DEMO": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "rasp", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_cli_uses_the_variant(small: tuple[Framework, str, Path]) -> None:
    scores = {(r["council"], r["dimension"]): r for r in _cli("scores", small=small)}
    assert {d for _, d in scores} == set(KEEP)
    assert scores[(ALPHA, "trust")]["band"] == "borderline"  # 75 < 80
    assert scores[(BETA, "trust")]["band"] == "concern"  # 50 < 60
    assert float(scores[(GAMMA, "strategy")]["score"]) == pytest.approx(56.25)
    gaps = {(r["council_a"], r["council_b"], r["dimension"]): r for r in _cli("gaps", small=small)}
    strategy = gaps[(ALPHA, GAMMA, "strategy")]
    assert float(strategy["gap"]) == pytest.approx(18.75) and strategy["material"] == "True"  # 18.75 >= 15
    assert gaps[(ALPHA, BETA, "trust")]["material"] == "True"  # 25
    assert gaps[(ALPHA, GAMMA, "trust")]["material"] == "False"  # 0


def test_exports_use_the_variant(small: tuple[Framework, str, Path]) -> None:
    fw, url, _ = small
    engine = make_engine(url)
    content = report_content(engine, fw, PARTNERSHIP, ROUND)
    engine.dispose()
    html = build_html(content).decode()
    assert "Governance" not in html and "Risk management" not in html
    assert "80 or more" in html and "75 or more" not in html
    pptx = zipfile.ZipFile(io.BytesIO(build_pptx(content)))
    notes = " ".join(pptx.read(n).decode() for n in pptx.namelist() if n.startswith("ppt/notesSlides/"))
    assert "three dimensions" in notes and "seven dimensions" not in notes
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx(content)), read_only=True)
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    book.close()
    assert "Governance" not in cells and "Willingness to compromise" in cells
