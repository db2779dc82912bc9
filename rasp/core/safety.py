"""Text that came from users, made safe for where it is written (spreadsheets, HTML)."""

from __future__ import annotations

import html

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Text no spreadsheet will run as a formula: a leading =, +, -, @, tab or CR gets an apostrophe before it
    (the OWASP advice for CSV and spreadsheet injection). Other text is unchanged."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def html_text(value: str) -> str:
    """Text that shows as itself in HTML: <, >, &, and quotes escaped."""
    return html.escape(value, quote=True)


_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:")


def markdown_text(value: object) -> str:
    """Text that Streamlit's markdown shows literally: every markdown (and LaTeX `$`) character is
    backslash-escaped, so a council called '**x**' or '[link](http://x)' is shown as written, not rendered."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(value))
