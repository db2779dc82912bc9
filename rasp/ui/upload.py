"""Upload handling for the page: run each file through the importer with progress, keep plain results."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from rasp.core.errors import Problem
from rasp.core.safety import markdown_text as md
from rasp.intake.dispatch import FileReport, import_file
from rasp.intake.importer import ImportResult, summary
from rasp.intake.layout import SourceProblem
from rasp.store.audit import audit
from rasp.ui.app import Context

RESULTS = "upload_results"
UPLOADS_DONE = "uploads_done"  # how many times every chosen file was stored: part of the chooser's key


def all_stored(results: list[dict[str, object]]) -> bool:
    """True when no file was refused (stored, replaced or already there): the chooser can be emptied."""
    return all(r["status"] in {"stored", "replaced", "duplicate"} for r in results)


ICONS = {
    "stored": "✅",
    "replaced": "✅",
    "duplicate": "ℹ️",
    "invalid": "❌",
    "unreadable": "❌",
    "error": "❌",
    "refused": "⛔",
}


def run_imports(ctx: Context, files: list[Any], uploaded_by: str) -> list[dict[str, object]]:
    """Import every uploaded file (a template, an .ods, a survey export, a long CSV), showing progress; return
    plain, serialisable results: one per file, with one line per response of an export."""
    results: list[dict[str, object]] = []
    bar = st.progress(0.0, text="Checking returns…")
    for i, upload in enumerate(files, start=1):
        bar.progress((i - 1) / len(files), text=f"Checking {upload.name} ({i} of {len(files)})…")
        try:
            report = import_file(
                ctx.engine,
                ctx.framework,
                upload.getvalue(),
                upload.name,
                partnership=ctx.partnership,
                round_name=ctx.round_name,
                uploaded_by=uploaded_by.strip() or ctx.person.email,
                refuse=ctx.scope.upload_refusal,
            )
            for result in report.results:
                if result.return_id is not None and result.status in {"stored", "replaced"}:
                    audit(
                        ctx.engine,
                        ctx.person.email,
                        "upload" if result.status == "stored" else "replacement",
                        ctx.partnership,
                        f"return {result.return_id} for {result.council}",
                    )
        except Exception as exc:  # last resort: a plain line, never a traceback; nothing was stored
            failed = ImportResult(
                upload.name,
                "error",
                f"Not stored: something went wrong reading this file ({exc.__class__.__name__}). Nothing was stored.",
            )
            report = FileReport(upload.name, "file", (failed,))
        results.append(_plain(report))
    bar.progress(1.0, text=f"Done: {len(files)} file{'s' if len(files) != 1 else ''} checked.")
    return results


def _problem_row(p: Problem, response: str) -> dict[str, str]:
    if isinstance(p, SourceProblem):
        return {"Response": response, "Where": p.where(), "Statement": p.item, "What to fix": p.message}
    return {"Sheet": p.sheet, "Cell": p.cell, "Statement": p.item, "What to fix": p.message}


def _plain(report: FileReport) -> dict[str, object]:
    """One file's outcome as plain data for session state."""
    one = len(report.results) == 1 and report.kind in {"return template", "return template (.ods)", "file"}
    status: str
    if one:
        result = report.results[0]
        status, message = result.status, result.message
    else:
        counts = report.counts()
        words = ", ".join(f"{n} {STATUS_WORDS.get(s, s)}" for s, n in counts.items()) or "no responses"
        message = f"{report.kind[0].upper()}{report.kind[1:]}: {words}."
        bad = [s for s in counts if s in {"invalid", "unreadable", "error", "refused"}]
        status = bad[0] if bad else "stored" if {"stored", "replaced"} & set(counts) else "duplicate"

    def prefix(r: ImportResult) -> str:
        return "" if one else r.filename.removeprefix(report.filename).lstrip(", ")

    return {
        "file": report.filename,
        "status": status,
        "message": message,
        "notes": list(report.notes),
        "problems": [_problem_row(p, prefix(r)) for r in report.results for p in r.problems],
        "warnings": [{"Response": prefix(r), "Warning": w} for r in report.results for w in r.warnings],
    }


STATUS_WORDS = {
    "stored": "stored",
    "replaced": "stored (replacing earlier returns)",
    "duplicate": "already imported",
    "invalid": "not stored (problems below)",
    "unreadable": "unreadable",
    "error": "not stored (database error)",
    "refused": "refused (for a council you may not upload for)",
}


def show_results(results: list[dict[str, object]]) -> None:
    st.markdown(md(summary(str(r["status"]) for r in results)))
    for r in results:
        icon = ICONS.get(str(r["status"]), "•")
        box = (
            st.success if r["status"] in {"stored", "replaced"} else st.info if r["status"] == "duplicate" else st.error
        )
        box(f"**{md(r['file'])}**: {md(r['message'])}", icon=icon)
        for note in r.get("notes") or []:  # type: ignore[attr-defined]
            st.info(md(note), icon="ℹ️")
        warnings = r.get("warnings")
        if isinstance(warnings, list) and warnings:
            if not any(w["Response"] for w in warnings):  # one return: each warning in full
                for w in warnings:
                    st.warning(md(w["Warning"]), icon="⚠️")
            else:
                st.warning(
                    f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}: stored, but not counting in full."
                )
                st.dataframe(pd.DataFrame(warnings), hide_index=True, width="stretch")
        problems = r["problems"]
        if isinstance(problems, list) and problems:
            st.dataframe(pd.DataFrame(problems), hide_index=True, width="stretch")
