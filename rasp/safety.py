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
