"""Building the reports for the page, with progress, cached per partnership, round, variant, data version and
the person's scope (a report holds only what its reader may see)."""

from __future__ import annotations

import streamlit as st

from rasp.access import Person, readable
from rasp.exports.content import report_content
from rasp.exports.formats import file_name, formats
from rasp.store.reads import DataVersion
from rasp.ui.app import Context, _engine, _framework


@st.cache_data(show_spinner=False, max_entries=8)
def _build(
    url: str,
    framework_path: str,
    partnership: str,
    round_name: str,
    anonymised: bool,
    version: DataVersion,
    fmt: str,
    scope_key: str,
    _person: Person,
) -> tuple[str, bytes]:
    del version, scope_key  # cache key only: the scope says what the person may see
    fw = _framework(framework_path)
    seen = readable(_engine(url), fw, _person, partnership, round_name)
    content = report_content(
        seen.snapshot,
        seen.trends,
        fw,
        anonymised=anonymised,
        actions=seen.actions,
        partnership_councils=seen.councils,
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
            ctx.url,
            ctx.framework_path,
            ctx.partnership or "",
            ctx.round_name or "",
            anonymised,
            ctx.version,
            key,
            repr(ctx.scope),
            ctx.person,
        )
    bar.progress(1.0, text="The reports are ready.")
    return out
