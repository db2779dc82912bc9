"""Tables on a page: every column of a table in view at 1366 px (long text gives way, key columns stay), and no
more rows than a person can read (the rest are offered as a download)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from rasp.charts.tables import TABLE_WIDTH, column_widths
from rasp.method import safe_csv
from rasp.ui.cache import derived

SHOWN_ROWS = 1000  # a national partnership's pair tables hold 80,000 rows and more: the rest are downloaded


def show_table(frame: pd.DataFrame, *, hide_index: bool = True, key: str | None = None) -> None:
    """st.dataframe with widths that fit the page: when the columns' natural widths add up to more than the
    main column, the longest text columns (statements, names) are narrowed first (their full text shows on
    hover); numbers and short words keep their width. A table of more than SHOWN_ROWS rows shows its first
    SHOWN_ROWS (every table is in a meaningful order) and offers the whole table as a CSV file, made only when
    the button is pressed: sending 180,000 rows to a browser takes seconds and hundreds of megabytes."""
    widths = derived(frame, shown_widths, SHOWN_ROWS, TABLE_WIDTH, not hide_index)
    config = {name: st.column_config.Column(width=px) for name, px in widths.items()}
    total = len(frame)
    if total > SHOWN_ROWS:
        st.caption(f"The first {SHOWN_ROWS:,} of {total:,} rows are shown here; download them all below.")
    shown = frame if total <= SHOWN_ROWS else frame.head(SHOWN_ROWS)
    st.dataframe(shown, hide_index=hide_index, width="stretch", column_config=config or None, key=key)
    if total > SHOWN_ROWS:
        name = re.sub(r"[^a-z0-9]+", "-", " ".join(map(str, frame.columns[:3])).lower()).strip("-") or "table"
        offer_all(f"Download all {total:,} rows (CSV)", lambda: table_csv(frame, hide_index), name, key)


def offer_all(label: str, make: Callable[[], bytes], name: str, key: str | None = None) -> None:
    """A button that downloads `make()` as `name`.csv; the file is made only when the button is pressed."""
    st.download_button(
        label,
        data=make,
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        key=None if key is None else f"{key}_download",
    )


def shown_widths(frame: pd.DataFrame, rows: int, total: int, index: bool) -> dict[str, int]:
    """`column_widths` of the rows a page shows (the first `rows`): the work stays bounded for a long table."""
    return column_widths(frame.head(rows), total, index)


def table_csv(frame: pd.DataFrame, hide_index: bool = True) -> bytes:
    """The whole table as the CSV file `show_table` offers (its index as the first column when shown)."""
    return safe_csv(frame if hide_index else frame.reset_index())
