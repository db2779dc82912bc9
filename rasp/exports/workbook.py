"""The Excel analysis workbook: the dashboard's tables for one partnership and round, ready to sort, filter and
chart, with a README sheet that says what every sheet and column means and which thresholds were used.

    build_xlsx(report_content(engine, fw, partnership, round_name)) -> bytes

Sheets, in order: README, Scores, Heatmap (with a native radar chart), Gaps, Agreement, Ambition, Trust,
Findings, Changes (when there is an earlier round), Actions (when any are recorded), Answers (raw answers of
councils at or above the anonymity threshold only, respondents numbered, never named).

Safe by construction: every value goes through `workbook_cells.put`, which writes text as a string cell made
safe with `rasp.core.safety.spreadsheet_text`, so nothing a user typed (council, partnership or round names,
findings, actions) can become a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from rasp.exports.content import ReportContent
from rasp.exports.workbook_readme import readme_sheet
from rasp.exports.workbook_sheets import (
    actions_sheet,
    agreement_sheet,
    ambition_sheet,
    answer_councils,
    answers_sheet,
    changes_sheet,
    findings_sheet,
    gaps_sheet,
    heatmap_sheet,
    scores_sheet,
    trust_sheet,
)

CREATOR = "Partnership readiness dashboard"
__all__ = ["CREATOR", "build_xlsx", "sheet_names"]


def sheet_names(content: ReportContent) -> list[str]:
    """The workbook's sheets, in order (Changes and Actions only when they have rows)."""
    names = ["README", "Scores", "Heatmap", "Gaps", "Agreement", "Ambition", "Trust", "Findings"]
    if not content.changes.empty:
        names.append("Changes")
    if not content.actions.empty:
        names.append("Actions")
    return [*names, "Answers"]


def build_xlsx(content: ReportContent) -> bytes:
    """The analysis workbook for `content` as .xlsx bytes."""
    snap, fw = content.snapshot, content.framework
    names = sheet_names(content)
    wb = Workbook()
    sheets = {name: wb.create_sheet(name) for name in names}
    wb.remove(wb.worksheets[0])  # the empty default sheet

    readme_sheet(sheets["README"], content, names, answer_councils(snap, fw))
    scores_sheet(sheets["Scores"], snap, fw)
    heatmap_sheet(sheets["Heatmap"], snap, fw)
    gaps_sheet(sheets["Gaps"], snap, fw)
    agreement_sheet(sheets["Agreement"], snap, fw)
    ambition_sheet(sheets["Ambition"], snap, fw)
    trust_sheet(sheets["Trust"], snap)
    findings_sheet(sheets["Findings"], content)
    if "Changes" in sheets:
        changes_sheet(sheets["Changes"], content)
    if "Actions" in sheets:
        actions_sheet(sheets["Actions"], content)
    answers_sheet(sheets["Answers"], snap, fw)

    wb.active = 0
    props = wb.properties
    props.title = content.title
    props.subject = "Partnership readiness analysis"
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.description = f"Framework {fw.id} version {fw.version}. {content.subtitle}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
