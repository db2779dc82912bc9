"""Native, editable PowerPoint charts for a council slide: a radar with the partnership mean, and bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pptx.enum.chart import (  # type: ignore[import-untyped]
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE  # type: ignore[import-untyped]
from pptx.util import Pt  # type: ignore[import-untyped]

from rasp.exports.powerpoint_shapes import FONT, INK, LiteralChartData, one_line, rgb

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
MEAN_NAME = "Partnership mean"
GRID = "B1B4B6"
CHART_FONT = 14


def _chart_data(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> Any:
    data = LiteralChartData(number_format="0")  # type: ignore[no-untyped-call]
    data.categories = [one_line(c) for c in categories]
    for name, values in series:
        data.add_series(one_line(name), list(values), number_format="0.0")  # type: ignore[no-untyped-call]
    return data


def _value_axis(chart: Any) -> None:
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 25
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(GRID)
    axis.tick_labels.font.size = Pt(12)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False


def _plot_area(chart: Any, x: float, y: float, w: float, h: float) -> None:
    """Place the plot area (inside the axis labels) by hand, as shares of the chart: PowerPoint and LibreOffice
    then draw the same, and a radar is not shrunk to leave room for its long dimension names."""
    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(f"{{{C_NS}}}layout"):
        plot_area.remove(old)
    layout = etree.SubElement(plot_area, f"{{{C_NS}}}layout")
    plot_area.insert(0, layout)
    manual = etree.SubElement(layout, f"{{{C_NS}}}manualLayout")
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge")):
        etree.SubElement(manual, f"{{{C_NS}}}{tag}", val=value)
    for tag, share in (("x", x), ("y", y), ("w", w), ("h", h)):
        etree.SubElement(manual, f"{{{C_NS}}}{tag}", val=f"{share:.4f}")


def _base(chart: Any, title: str) -> None:
    chart.font.name, chart.font.size = FONT, Pt(CHART_FONT)
    chart.font.color.rgb = rgb(INK)
    chart.has_title = True
    chart.chart_title.text_frame.text = one_line(title)
    chart.chart_title.text_frame.paragraphs[0].font.size = Pt(16)
    chart.chart_title.text_frame.paragraphs[0].font.bold = True


def add_radar(
    slide: Any,
    box: tuple[int, int, int, int],
    categories: Sequence[str],
    council: str,
    scores: Sequence[float | None],
    mean: Sequence[float | None],
    colour: str,
) -> Any:
    """The council's scores as a solid line with circles, the partnership mean as a dashed black line."""
    data = _chart_data(categories, [(council, scores), (MEAN_NAME, mean)])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.RADAR_MARKERS, *box, data).chart
    _base(chart, "Score on each dimension (0-100)")
    _value_axis(chart)
    chart.value_axis.tick_labels.font.size = Pt(10)
    chart.category_axis.tick_labels.font.size = Pt(12)
    width, height = box[2], box[3]
    diameter = min(width * 0.44, height * 0.6)
    _plot_area(chart, 0.5 - diameter / width / 2 - 0.02, 0.17, diameter / width, diameter / height)
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.legend.font.size = Pt(CHART_FONT)
    own, avg = chart.plots[0].series
    own.smooth = avg.smooth = False
    own.format.line.color.rgb = rgb(colour)
    own.format.line.width = Pt(3)
    own.marker.style, own.marker.size = XL_MARKER_STYLE.CIRCLE, 8
    own.marker.format.fill.solid()
    own.marker.format.fill.fore_color.rgb = rgb(colour)
    own.marker.format.line.color.rgb = rgb(colour)
    avg.format.line.color.rgb = rgb("000000")
    avg.format.line.width = Pt(2.25)
    avg.format.line.dash_style = MSO_LINE.DASH
    avg.marker.style = XL_MARKER_STYLE.NONE
    return chart


def add_bars(
    slide: Any,
    box: tuple[int, int, int, int],
    categories: Sequence[str],
    council: str,
    scores: Sequence[float | None],
    fills: Sequence[str],
) -> Any:
    """Horizontal bars of the same scores, first dimension at the top, each bar filled with its band colour
    and labelled with its number (a missing score has no bar)."""
    data = _chart_data(categories, [(council, scores)])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, data).chart
    _base(chart, "The same scores as bars")
    _value_axis(chart)
    chart.has_legend = False
    chart.category_axis.reverse_order = True  # framework order from the top
    chart.value_axis._element.find(f"{{{C_NS}}}crosses").set("val", "max")  # the 0-100 scale at the bottom
    chart.category_axis.tick_labels.font.size = Pt(CHART_FONT)
    chart.category_axis.format.line.color.rgb = rgb(INK)
    plot = chart.plots[0]
    plot.gap_width, plot.vary_by_categories = 45, False
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "0", False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size, labels.font.bold = Pt(CHART_FONT), True
    series = plot.series[0]
    series.invert_if_negative = False
    for i, fill in enumerate(fills):
        point = series.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(fill)
        point.format.line.color.rgb = rgb(INK)
        point.format.line.width = Pt(0.75)
    return chart
