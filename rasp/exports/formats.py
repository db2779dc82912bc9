"""The three exports by name, with their file types: one place the Reports page and the CLI both use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rasp.exports.content import ReportContent


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    extension: str
    mime: str
    build: Callable[[ReportContent], bytes]


def formats() -> dict[str, ExportFormat]:
    """pptx, xlsx and html, in the order the Reports page offers them."""
    from rasp.exports.html_report import build_html
    from rasp.exports.powerpoint import build_pptx
    from rasp.exports.workbook import build_xlsx

    return {
        "pptx": ExportFormat(
            "pptx",
            "PowerPoint pack",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            build_pptx,
        ),
        "xlsx": ExportFormat(
            "xlsx",
            "Excel analysis workbook",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            build_xlsx,
        ),
        "html": ExportFormat("html", "standalone web report", "html", "text/html", build_html),
    }


def file_name(content: ReportContent, fmt: ExportFormat) -> str:
    """e.g. 'readiness-2026-autumn-review.pptx' (council names never appear in it)."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in content.snapshot.round_name.lower()).strip("-")
    suffix = "-anonymised" if content.anonymised else ""
    return f"readiness-{slug or 'round'}{suffix}.{fmt.extension}"
