"""The return template for the download button, cached per partnership, council, round and data version."""

from __future__ import annotations

import streamlit as st

from rasp.intake.template import build_template
from rasp.store.reads import DataVersion, directory
from rasp.ui.app import Context, _engine, _framework


@st.cache_data(show_spinner=False, max_entries=32)
def _template(
    url: str, framework_path: str, partnership: str, council: str | None, round_name: str | None, version: DataVersion
) -> bytes:
    del version  # cache key only: councils or rounds may have changed
    known = directory(_engine(url))
    return build_template(
        _framework(framework_path),
        partnership=partnership,
        councils=known.councils.get(partnership, ()),
        rounds=known.rounds.get(partnership, ()),
        council=council,
        round_name=round_name,
    )


def template_bytes(ctx: Context, council: str | None) -> bytes:
    return _template(ctx.url, ctx.framework_path, ctx.partnership or "", council, ctx.round_name, ctx.version)
