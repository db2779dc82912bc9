"""Exports: PowerPoint, Excel and HTML made from the same tables and figures the pages show (tables in, bytes out)."""

from __future__ import annotations

from rasp.exports.content import ACTION_COLUMNS, ReportContent, report_content
from rasp.exports.formats import file_name, formats
from rasp.exports.html_report import build_html
from rasp.exports.powerpoint import FINDINGS_PER_SLIDE, build_pptx, pptx_slide_count
from rasp.exports.workbook import CREATOR, build_xlsx

__all__ = [
    "ACTION_COLUMNS",
    "CREATOR",
    "FINDINGS_PER_SLIDE",
    "ReportContent",
    "build_html",
    "build_pptx",
    "build_xlsx",
    "file_name",
    "formats",
    "pptx_slide_count",
    "report_content",
]
