"""Building blocks of the HTML report: escaped text, accessible tables and embedded plotly charts.

Every piece of text goes through `rasp.core.safety.html_text` on its way into the HTML; chart data goes in as
plotly's own JSON, which escapes <, > and / so nothing in it can close a script.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from rasp.core.safety import html_text
from rasp.core.words import long_date

CHART_WIDTH = 900  # px on screen; print CSS zooms charts to fit an A4 portrait page
CHART_CONFIG = {"displayModeBar": False, "responsive": False, "displaylogo": False, "showSendToCloud": False}
MISSING = "—"
KEEP_TOGETHER_ROWS = 20  # a table this short is never split across printed pages
_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL)


def esc(value: object) -> str:
    """Any value as HTML text that shows as itself."""
    return html_text(str(value))


def script_hash(source: str) -> str:
    """The CSP source that allows exactly this inline script ('sha256-...')."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    body: str  # HTML, everything in it already escaped


@dataclass
class Builder:
    """Numbers figures and tables in order and remembers every inline script (for the page's CSP)."""

    figures: int = 0
    tables: int = 0
    scripts: list[str] = field(default_factory=list)

    def chart(self, fig: Any, caption: str, alt: str) -> str:
        """A numbered figure: caption, the interactive chart (fixed width) labelled for assistive technology."""
        self.figures += 1
        n = self.figures
        # The caption above gives the title; inside the chart it would collide with rotated axis labels.
        fig.update_layout(width=CHART_WIDTH, autosize=False, title={"text": ""})
        plot = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{n}", config=CHART_CONFIG)
        self.scripts.extend(_SCRIPT.findall(plot))
        return (
            f'<figure class="chart" id="figure-{n}" aria-labelledby="figure-{n}-caption">'
            f'<figcaption id="figure-{n}-caption">Figure {n}: {esc(caption)}</figcaption>'
            f'<div class="plot" role="img" aria-label="{esc(alt)} The table after this chart gives its numbers.">'
            f"{plot}</div></figure>\n"
        )

    def table(self, frame: pd.DataFrame, caption: str, *, table_id: str = "", row_header: bool = True) -> str:
        """A numbered table with a caption, column headers and (by default) the first column as row headers."""
        self.tables += 1
        ident = f' id="{esc(table_id)}"' if table_id else ""
        columns = list(frame.columns)
        numeric = [
            pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in columns
        ]
        places = [_decimals(frame[c]) if is_num else 0 for c, is_num in zip(columns, numeric, strict=True)]
        head = "".join(
            f'<th scope="col"{_num(is_num)}>{esc(c)}</th>' for c, is_num in zip(columns, numeric, strict=True)
        )
        body = []
        for row in frame.itertuples(index=False, name=None):
            cells = []
            for i, (value, is_num, d) in enumerate(zip(row, numeric, places, strict=True)):
                text = esc(cell_text(value, d))
                if i == 0 and row_header:
                    cells.append(f'<th scope="row"{_num(is_num)}>{text}</th>')
                else:
                    cells.append(f"<td{_num(is_num)}>{text}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        keep = " keep" if len(frame) <= KEEP_TOGETHER_ROWS else ""  # longer tables may break across pages
        return (
            f'<div class="table-wrap{keep}"><table{ident}><caption>Table {self.tables}: {esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>\n"
        )


def _num(is_num: bool) -> str:
    return ' class="num"' if is_num else ""


def _decimals(values: pd.Series, most: int = 2) -> int:
    """How many decimal places the (already rounded) numbers in a column need, at most `most`."""
    have = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype="float64")
    for d in range(most + 1):
        if np.all(np.abs(np.round(have, d) - have) < 1e-9):
            return d
    return most


def cell_text(value: object, decimals: int = 1) -> str:
    """A table cell in words: numbers to the column's decimal places, dates as 28 November 2026, yes/no,
    and a dash for a missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, float | np.floating) and math.isnan(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return f"{float(value):.{decimals}f}"
    return str(value)


def paragraph(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<p{klass}>{esc(text)}</p>\n"


def bullets(items: list[str]) -> str:
    """An unordered list; each item is escaped."""
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>\n"


def matrix_frame(matrix: pd.DataFrame, corner: str) -> pd.DataFrame:
    """A council x council matrix as a table whose first column names the row's council; the diagonal (a
    council against itself) is a dash, as in the chart."""
    out = matrix.round(1).astype("float64")
    values = out.to_numpy(copy=True)
    np.fill_diagonal(values, np.nan)
    out = pd.DataFrame(values, columns=matrix.columns)
    out.insert(0, corner, list(matrix.index), allow_duplicates=True)
    return out.reset_index(drop=True)
