"""The PowerPoint pack: reopened with python-pptx, its slides, native charts, tables and notes carry the
report content's numbers; the anonymised pack names no council; hostile names show literally."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from sqlalchemy import Engine

from rasp.charts.figures import BAND_COLOURS
from rasp.core.framework import Framework
from rasp.exports.content import ReportContent
from rasp.exports.powerpoint import FINDINGS_PER_SLIDE, build_pptx, pptx_slide_count
from rasp.intake.demo import DEMO_PARTNERSHIP, DEMO_ROUND, DEMO_ROUND_2
from rasp.intake.importer import import_bytes
from rasp.method.gaps import material_gaps
from rasp.store.engine import make_engine
from rasp.store.reads import directory
from tests import helpers
from tests.helpers import report_content
from tests.libreoffice import libreoffice_roundtrip, needs_soffice

TODAY = dt.date(2026, 11, 30)
RADARS = {XL_CHART_TYPE.RADAR, XL_CHART_TYPE.RADAR_MARKERS, XL_CHART_TYPE.RADAR_FILLED}
ACTIONS = pd.DataFrame(
    [
        {
            "topic": "Governance",
            "action": "Agree the joint board's terms of reference",
            "owner": "Head of ICT",
            "council": "Westbrook County Council",
            "due": dt.date(2027, 1, 31),
            "status": "open",
        }
    ]
)


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Iterator[Engine]:
    """The demo database, only read here (so shared by the module's tests)."""
    eng = make_engine(f"sqlite:///{demo_db}")
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def content(demo: Engine, fw: Framework) -> ReportContent:
    return report_content(demo, fw, DEMO_PARTNERSHIP, DEMO_ROUND_2, today=TODAY, actions=ACTIONS)


@pytest.fixture(scope="module")
def pack(content: ReportContent) -> Any:
    return Presentation(io.BytesIO(build_pptx(content)))


def finding_slides(content: ReportContent) -> int:
    return max(1, math.ceil(len(content.findings) / FINDINGS_PER_SLIDE))


def expected_slides(content: ReportContent) -> int:
    return 1 + finding_slides(content) + len(content.snapshot.councils) + 4 + (0 if content.actions.empty else 1)


def title(slide: Any) -> str:
    return str(slide.shapes.title.text_frame.text)


def slide_titled(prs: Any, start: str) -> Any:
    found = [s for s in prs.slides if title(s).startswith(start)]
    assert len(found) == 1, [title(s) for s in prs.slides]
    return found[0]


def tables(slide: Any) -> list[Any]:
    return [shape.table for shape in slide.shapes if shape.has_table]


def charts(slide: Any) -> list[Any]:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def texts(prs: Any) -> Iterator[str]:
    """Every text a reader can meet: shapes, table cells, chart titles, categories, series names, notes."""
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield shape.text_frame.text
            if shape.has_table:
                yield from (cell.text for row in shape.table.rows for cell in row.cells)
            if shape.has_chart:
                chart = shape.chart
                if chart.has_title:
                    yield chart.chart_title.text_frame.text
                for plot in chart.plots:
                    yield from (str(c) for c in plot.categories)
                    yield from (s.name for s in plot.series)
        yield slide.notes_slide.notes_text_frame.text


def package_text(data: bytes) -> str:
    """Every XML part of the .pptx and of each chart's embedded workbook, as one string."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        for name in outer.namelist():
            blob = outer.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(blob)) as inner:
                    parts += [inner.read(n).decode("utf-8") for n in inner.namelist() if n.endswith(".xml")]
            elif name.endswith((".xml", ".rels")):
                parts.append(blob.decode("utf-8"))
    return "\n".join(parts)


def test_slide_count_follows_the_content(content: ReportContent, pack: Any) -> None:
    assert len(pack.slides) == expected_slides(content) == pptx_slide_count(content)
    assert pack.slide_width * 9 == pack.slide_height * 16  # 16:9
    without = Presentation(io.BytesIO(build_pptx(report_content_without_actions(content))))
    assert len(without.slides) == expected_slides(content) - 1
    assert not any(title(s) == "Agreed actions" for s in without.slides)


def report_content_without_actions(content: ReportContent) -> ReportContent:
    import dataclasses

    return dataclasses.replace(content, actions=content.actions.iloc[0:0])


def test_title_and_findings_slides(content: ReportContent, pack: Any) -> None:
    first = pack.slides[0]
    assert title(first) == content.title
    assert content.subtitle in [s.text_frame.text for s in first.placeholders]
    shown = []
    for slide in list(pack.slides)[1 : 1 + finding_slides(content)]:
        assert title(slide).startswith("What stands out")
        body = slide.placeholders[1].text_frame
        shown += [p.text for p in body.paragraphs]
    assert shown == [f.text for f in content.findings]


def test_each_council_slide_has_native_radar_and_bar_charts_with_its_scores(
    content: ReportContent, pack: Any, fw: Framework
) -> None:
    snap = content.snapshot
    names = [fw.dimension_names[d] for d in fw.dimension_ids]
    mean = snap.view.set_index("dimension")["mean"].reindex(fw.dimension_ids).round(1).tolist()
    council_slides = list(pack.slides)[1 + finding_slides(content) : 1 + finding_slides(content) + len(snap.councils)]
    for council, slide in zip(snap.councils, council_slides, strict=True):
        assert title(slide) == council
        own = snap.scores[snap.scores["council"] == council].set_index("dimension").reindex(fw.dimension_ids)
        expected = [None if pd.isna(s) else round(s, 1) for s in own["score"]]
        found = charts(slide)
        assert len(found) == 2
        radar = next(c for c in found if c.chart_type in RADARS)
        bars = next(c for c in found if c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED)
        for chart in (radar, bars):
            assert list(chart.plots[0].categories) == names
            assert chart.value_axis.minimum_scale == 0 and chart.value_axis.maximum_scale == 100
            series = chart.plots[0].series[0]
            assert series.name == council
            assert list(series.values) == expected
        assert radar.plots[0].series[1].name == "Partnership mean"
        assert list(radar.plots[0].series[1].values) == mean
        notes = slide.notes_slide.notes_text_frame.text
        assert f"n={int(own['n'].iloc[0])}" in notes


def test_split_dimensions_are_marked_on_the_council_slide(content: ReportContent, pack: Any, fw: Framework) -> None:
    agreement = content.snapshot.agreement
    split = agreement[agreement["split"].eq(True)]
    assert not split.empty  # the demo has Ashby split on culture
    for council in content.snapshot.councils:
        slide = slide_titled(pack, council)
        text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        own = split[split["council"] == council]
        if own.empty:
            assert "split: respondents disagree" not in text
        else:
            for dimension in own["dimension"]:
                assert re.search(rf"{fw.dimension_names[dimension]}[^\n]*split: respondents disagree", text)


def test_heatmap_table_cell_text_and_band_colour(content: ReportContent, pack: Any, fw: Framework) -> None:
    slide = slide_titled(pack, "Scores by council and dimension")
    (table,) = tables(slide)
    assert table.cell(0, 0).text == "Council"
    assert [table.cell(0, c).text for c in range(1, 8)] == [fw.dimension_names[d] for d in fw.dimension_ids]
    scores = content.snapshot.scores
    council, dimension = "Eastmoor Borough Council", "compromise"
    row = 1 + list(content.snapshot.councils).index(council)
    column = 1 + list(fw.dimension_ids).index(dimension)
    record = scores[(scores["council"] == council) & (scores["dimension"] == dimension)].iloc[0]
    cell = table.cell(row, column)
    assert table.cell(row, 0).text == council
    assert cell.text.split("\n")[:2] == [f"{record['score']:.0f}", "concern"]
    assert record["band"] == "concern"
    assert cell.fill.fore_color.rgb == RGBColor.from_string(BAND_COLOURS["concern"].lstrip("#"))


def test_gaps_table_ranks_the_material_gaps(content: ReportContent, pack: Any, fw: Framework) -> None:
    slide = slide_titled(pack, "Material gaps between councils")
    (table,) = tables(slide)
    assert [c.text for c in table.rows[0].cells] == ["Council", "Other council", "Dimension", "Gap (points)"]
    top = material_gaps(content.snapshot.gaps).iloc[0]
    assert [c.text for c in table.rows[1].cells] == [
        top["council_a"],
        top["council_b"],
        fw.dimension_names[top["dimension"]],
        f"{top['gap']:.0f}",
    ]


def test_ladder_and_actions(content: ReportContent, pack: Any, fw: Framework) -> None:
    slide = slide_titled(pack, "Ambition and readiness")
    (table,) = tables(slide)
    assert [c.text for c in table.rows[0].cells] == ["Council", "Target", "Ready for"]
    targets = content.snapshot.targets
    label = {r.rung: r.label for r in fw.ladder}
    first = targets.iloc[0]
    assert [c.text for c in table.rows[1].cells][:2] == [first["council"], label[first["target_rung"]]]
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "framework's assumption" in text
    assert "framework's assumption" in slide.notes_slide.notes_text_frame.text
    for r in content.snapshot.ambition_disagreements.to_dict("records"):
        assert f"{r['council_a']} ({label[r['target_a']]}) and {r['council_b']}" in text
    (actions,) = tables(slide_titled(pack, "Agreed actions"))
    assert [c.text for c in actions.rows[1].cells] == [
        "Governance",
        "Agree the joint board's terms of reference",
        "Head of ICT",
        "Westbrook County Council",
        "31 January 2027",
        "open",
    ]


def test_every_slide_has_speaker_notes(pack: Any) -> None:
    for slide in pack.slides:
        assert slide.has_notes_slide
        assert len(slide.notes_slide.notes_text_frame.text) > 80, title(slide)


def test_anonymised_pack_names_no_council(demo: Engine, fw: Framework) -> None:
    real = directory(demo).councils[DEMO_PARTNERSHIP]
    assert len(real) == 6
    content = report_content(demo, fw, DEMO_PARTNERSHIP, DEMO_ROUND_2, anonymised=True, today=TODAY, actions=ACTIONS)
    data = build_pptx(content)
    prs = Presentation(io.BytesIO(data))
    shown = "\n".join(texts(prs))
    everything = shown + package_text(data)
    for name in real:
        assert name not in everything, name
    assert "Northvale" not in everything  # the partnership's real name contains a council's
    assert "Council A" in shown
    assert "Council D" in shown
    assert len(prs.slides) == expected_slides(content)


def test_first_round_pack_builds(demo: Engine, fw: Framework) -> None:
    content = report_content(demo, fw, DEMO_PARTNERSHIP, DEMO_ROUND, today=TODAY)
    prs = Presentation(io.BytesIO(build_pptx(content)))
    assert len(prs.slides) == expected_slides(content)


HOSTILE = ["<script>alert(1)</script>", "=1+2", "Plain Council", "Empty Council"]


@pytest.fixture
def hostile(engine: Engine, fw: Framework) -> ReportContent:
    """Council names that look like HTML and a formula; one council split, one below the anonymity threshold
    and missing a dimension, one with no return at all; an action with characters XML does not allow."""
    helpers.set_up(engine, councils=HOSTILE)
    governance = {s.id: "" for s in fw.statements if s.dimension == "governance"}
    returns = [
        (HOSTILE[0], "1", {}),
        (HOSTILE[0], "5", {}),
        (HOSTILE[0], "1", {}),
        (HOSTILE[1], "3", {}),
        (HOSTILE[2], "5", governance),
    ]
    for i, (council, every, answers) in enumerate(returns):
        data = helpers.filled(fw, council=council, councils=HOSTILE, respondent=f"R{i}", every=every, answers=answers)
        result = import_bytes(engine, fw, data, f"return-{i}.xlsx")
        assert result.ok, (result.message, result.problems)
    actions = pd.DataFrame(
        [
            {
                "topic": '=HYPERLINK("x")',
                "action": "Bell\x07 and \ufffe gone <b>kept</b>",
                "owner": "O\x00wner",
                "council": HOSTILE[0],
                "due": "soon",
                "status": "open",
            }
        ]
    )
    return report_content(engine, fw, helpers.PARTNERSHIP, helpers.ROUND, today=TODAY, actions=actions)


def test_hostile_names_show_literally(hostile: ReportContent, fw: Framework) -> None:
    data = build_pptx(hostile)
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == expected_slides(hostile)
    for name in HOSTILE:
        slide = slide_titled(prs, name)
        for chart in charts(slide):
            assert chart.plots[0].series[0].name == name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in package_text(data)
    # the charts' embedded workbooks hold the names as text, never as formulas
    texts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        for name in (n for n in outer.namelist() if n.endswith(".xlsx")):
            with zipfile.ZipFile(io.BytesIO(outer.read(name))) as inner:
                sheet = inner.read("xl/worksheets/sheet1.xml").decode("utf-8")
                assert "<f>" not in sheet
            # ... and neutralised as the CSV exports do it: "Edit Data" then a CSV save cannot run them either
            book = load_workbook(io.BytesIO(outer.read(name)))
            texts += [c.value for row in book.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))], texts
    assert "'=1+2" in texts
    (actions,) = tables(slide_titled(prs, "Agreed actions"))
    assert [c.text for c in actions.rows[1].cells][:3] == [
        '=HYPERLINK("x")',
        "Bell and  gone <b>kept</b>",
        "Owner",
    ]


def test_missing_scores_and_withheld_agreement(hostile: ReportContent, fw: Framework) -> None:
    prs = Presentation(io.BytesIO(build_pptx(hostile)))
    plain = slide_titled(prs, "Plain Council")  # one return, governance blank
    bars = next(c for c in charts(plain) if c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED)
    assert list(bars.plots[0].series[0].values)[-1] is None
    notes = plain.notes_slide.notes_text_frame.text
    assert "Governance: no data" in notes
    text = "\n".join(s.text_frame.text for s in plain.shapes if s.has_text_frame)
    assert "No data: Governance." in text
    assert "Agreement not shown" in text and "split" not in text
    empty = slide_titled(prs, "Empty Council")
    assert all(v is None for c in charts(empty) for v in c.plots[0].series[0].values)
    split = slide_titled(prs, HOSTILE[0])  # three returns, answering 1, 5, 1: split everywhere
    text = "\n".join(s.text_frame.text for s in split.shapes if s.has_text_frame)
    assert "split: respondents disagree" in text
    (heat,) = tables(slide_titled(prs, "Scores by council and dimension"))
    assert heat.cell(4, 1).text == "no data"
    assert heat.cell(4, 1).fill.fore_color.rgb == RGBColor.from_string("FFFFFF")
    assert tables(slide_titled(prs, "Material gaps")) != []


def _has_impress() -> bool:
    """Whether LibreOffice can open a presentation: Debian splits Impress (libsdlo) from Calc (libsclo). Where
    the layout is not Debian's (no libsclo beside soffice either), assume it can."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    program = Path(soffice).resolve().parent
    return any(program.glob("libsdlo*")) or not any(program.glob("libsclo*"))


@needs_soffice
def test_libreoffice_renders_every_slide(content: ReportContent, tmp_path: Path) -> None:
    if not _has_impress():
        if not os.environ.get("CI"):
            pytest.skip("LibreOffice Impress is not installed (apt-get install libreoffice-impress-nogui)")
        pytest.fail("CI is set but LibreOffice Impress is missing: install libreoffice-impress-nogui in .ci/run")
    data = build_pptx(content)
    pdf = libreoffice_roundtrip(data, tmp_path, name="pack.pptx", to="pdf")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages >= len(Presentation(io.BytesIO(data)).slides) > 0
