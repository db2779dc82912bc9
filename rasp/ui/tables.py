"""Tables on a page: every column of a table in view at 1366 px (long text gives way, key columns stay)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rasp.charts.tables import TABLE_WIDTH, column_widths
from rasp.ui.cache import derived


def show_table(frame: pd.DataFrame, *, hide_index: bool = True, key: str | None = None) -> None:
    """st.dataframe with widths that fit the page: when the columns' natural widths add up to more than the
    main column, the longest text columns (statements, names) are narrowed first (their full text shows on
    hover); numbers and short words keep their width."""
    widths = derived(frame, column_widths, TABLE_WIDTH, not hide_index)
    config = {name: st.column_config.Column(width=px) for name, px in widths.items()}
    st.dataframe(frame, hide_index=hide_index, width="stretch", column_config=config or None, key=key)
