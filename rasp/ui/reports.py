"""Building the reports for the page, with progress, cached per partnership, round, variant and data version."""

from __future__ import annotations

import streamlit as st

from rasp.exports.content import report_content
from rasp.exports.formats import file_name, formats
from rasp.store.actions import load_actions
from rasp.store.reads import directory
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.ui.app import Context, _engine, _framework


@st.cache_data(show_spinner=False, max_entries=8)
def _build(
    url: str, framework_path: str, partnership: str, round_name: str, anonymised: bool, version: int, fmt: str
) -> tuple[str, bytes]:
    del version  # cache key only
    engine = _engine(url)
    fw = _framework(framework_path)
    content = report_content(
        build_snapshot(engine, fw, partnership, round_name),
        build_trends(engine, fw, partnership),
        fw,
        anonymised=anonymised,
        actions=load_actions(engine, partnership, round_name),
        partnership_councils=directory(engine).councils.get(partnership, ()),
    )
    chosen = formats()[fmt]
    return file_name(content, chosen), chosen.build(content)


def prepare(ctx: Context, anonymised: bool) -> dict[str, tuple[str, bytes]]:
    """Every export as (file name, bytes), showing progress while they are made."""
    out: dict[str, tuple[str, bytes]] = {}
    all_formats = formats()
    bar = st.progress(0.0, text="Preparing the reports…")
    for i, (key, fmt) in enumerate(all_formats.items()):
        bar.progress(i / len(all_formats), text=f"Preparing the {fmt.label}…")
        out[key] = _build(
            ctx.url, ctx.framework_path, ctx.partnership or "", ctx.round_name or "", anonymised, ctx.version, key
        )
    bar.progress(1.0, text="The reports are ready.")
    return out
