"""Upload handling for the page: run each file through the importer with progress, keep plain results."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from rasp.core.safety import markdown_text as md
from rasp.intake.importer import ImportResult, import_bytes
from rasp.ui.app import Context

RESULTS = "upload_results"
ICONS = {"stored": "✅", "replaced": "✅", "duplicate": "ℹ️", "invalid": "❌", "unreadable": "❌", "error": "❌"}


def run_imports(ctx: Context, files: list[Any], uploaded_by: str) -> list[dict[str, object]]:
    """Import every uploaded file, showing progress; return plain, serialisable results."""
    results: list[dict[str, object]] = []
    bar = st.progress(0.0, text="Checking returns…")
    for i, upload in enumerate(files, start=1):
        bar.progress((i - 1) / len(files), text=f"Checking {upload.name} ({i} of {len(files)})…")
        try:
            result = import_bytes(
                ctx.engine,
                ctx.framework,
                upload.getvalue(),
                upload.name,
                partnership=ctx.partnership,
                round_name=ctx.round_name,
                uploaded_by=uploaded_by.strip() or "upload page",
            )
        except Exception as exc:  # last resort: a plain line, never a traceback; nothing was stored
            result = ImportResult(
                upload.name,
                "error",
                f"Not stored: something went wrong reading this file ({exc.__class__.__name__}). Nothing was stored.",
            )
        results.append(
            {
                "file": result.filename,
                "status": result.status,
                "message": result.message,
                "problems": [
                    {"Sheet": p.sheet, "Cell": p.cell, "Statement": p.item, "What to fix": p.message}
                    for p in result.problems
                ],
            }
        )
    bar.progress(1.0, text=f"Done: {len(files)} file{'s' if len(files) != 1 else ''} checked.")
    return results


def show_results(results: list[dict[str, object]]) -> None:
    for r in results:
        icon = ICONS.get(str(r["status"]), "•")
        box = (
            st.success if r["status"] in {"stored", "replaced"} else st.info if r["status"] == "duplicate" else st.error
        )
        box(f"**{md(r['file'])}**: {md(r['message'])}", icon=icon)
        problems = r["problems"]
        if isinstance(problems, list) and problems:
            st.dataframe(pd.DataFrame(problems), hide_index=True, width="stretch")
