"""The README sheet of the Excel analysis workbook: what the workbook is, each sheet and column in plain
words, the framework and every threshold used, the ladder's assumed minimum scores, and who was left out of
the raw answers and why."""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped, unused-ignore]

from rasp.core.words import long_date, plural
from rasp.exports.content import ReportContent
from rasp.exports.workbook_cells import BOLD, POINTS_PER_LINE, TOP, WRAP, fit_to_width, put

TITLE = Font(bold=True, size=14)
CENTRED = Alignment(horizontal="center", vertical="top")
HEADING = Font(bold=True, size=12)
WIDTHS = {"A": 34, "B": 12, "C": 100}
CHARS_PER_LINE = {1: 135, 2: 105}  # roughly, for a paragraph spanning A:C (1) or B:C (2)
ALL_SHEETS = (
    "Scores",
    "Heatmap",
    "Gaps",
    "Agreement",
    "Ambition",
    "Trust",
    "Findings",
    "Changes",
    "Actions",
    "Answers",
)
MISSING = {
    "Changes": "Not included: there is no earlier round to compare with.",
    "Actions": "Not included: no agreed actions are recorded for this round.",
}


class _Writer:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1
        for letter, width in WIDTHS.items():
            ws.column_dimensions[letter].width = width
        fit_to_width(ws)

    def _fit(self, text: str, start: int) -> None:
        lines = sum(max(1, math.ceil(len(part) / CHARS_PER_LINE[start])) for part in text.split("\n"))
        if lines > 1:
            self.ws.row_dimensions[self.row].height = lines * POINTS_PER_LINE

    def text(self, value: str, font: Font | None = None) -> None:
        """A paragraph across columns A to C."""
        cell = self.ws.cell(row=self.row, column=1)
        put(cell, value)
        cell.alignment = WRAP
        if font is not None:
            cell.font = font
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=3)
        self._fit(value, 1)
        self.row += 1

    def heading(self, value: str) -> None:
        self.row += 1
        self.text(value, HEADING)

    def entry(self, label: str, value: str) -> None:
        """A label in A and its text across B and C."""
        put(self.ws.cell(row=self.row, column=1), label)
        self.ws.cell(row=self.row, column=1).font = BOLD
        self.ws.cell(row=self.row, column=1).alignment = TOP
        cell = self.ws.cell(row=self.row, column=2)
        put(cell, value)
        cell.alignment = WRAP
        self.ws.merge_cells(start_row=self.row, start_column=2, end_row=self.row, end_column=3)
        self._fit(value, 2)
        self.row += 1

    def row_of(self, values: Sequence[object], *, bold: bool = False) -> None:
        """One row of a small table in A, B, C (numbers stay numbers)."""
        for c, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=c)
            put(cell, value)
            cell.alignment = WRAP if c == 3 else (CENTRED if c == 2 else TOP)
            if bold:
                cell.font = BOLD
        if len(values) >= 3 and isinstance(values[2], str):
            self._fit(values[2], 2)
        self.row += 1


def sheet_notes(content: ReportContent, sheets: Sequence[str]) -> dict[str, str]:
    """What each sheet shows and what its columns mean."""
    t = content.framework.thresholds
    strength, borderline, gap = f"{t.strength:g}", f"{t.borderline:g}", f"{t.material_gap:g}"
    minimum = plural(t.anonymity_min_respondents, "current return")
    top = content.framework.scale_max
    previous = str(content.changes["previous_round"].iloc[0]) if not content.changes.empty else "previous round"
    notes = {
        "Scores": "Each council's score on each dimension, one row per council and dimension. "
        f"Score (0-100): the mean of the council's respondents' scores; a respondent's score is (mean answer - 1) "
        f"/ {top - 1} x 100 over the statements they answered, when they answered at least "
        f"{t.min_answered_fraction:.0%} of them. Respondents: how many respondents have a score (n); read a score "
        f"from few respondents with care. Band: strength ({strength} or more), borderline: discuss ({borderline} to "
        f"under {strength}), concern (under {borderline}) or no data. Coloured from orange ({borderline} or below) "
        f"through white to blue ({strength} or above).",
        "Heatmap": "The same scores as a grid, one row per council and one column per dimension, coloured like the "
        "Scores sheet, and a radar chart of every council drawn from the grid (below it). An empty cell is no data.",
        "Gaps": "The gap between every pair of councils on every dimension. Gap (points): the difference between "
        "the two councils' scores; empty when either has no score. Material: yes when the gap is "
        f"{gap} points or more, worth discussing. Coloured from white (no gap) to orange ({gap} points or more).",
        "Agreement": "How far each council's respondents agree with one another. Respondents: current returns (n). "
        "Disagreement (scale points): for each statement answered by two or more of the council's respondents, "
        f"the mean distance of their answers from their average (on the 1-{top} scale); the dimension's figure "
        f"is the mean over its statements. Reading: split (above {t.split_ad:g}: the score averages people who "
        f"disagree, so discuss it before relying on it), consensus, below threshold (fewer than {minimum}: the "
        "figure is withheld because it would describe individuals; the cell is left empty) or no data (no "
        "statement answered by two or more).",
        "Ambition": "Each council's target form of sharing against the one it is ready for, per dimension. Target: "
        "the median of its respondents' targets, rounded down. Ready for: the highest form whose minimum scores it "
        "meets on every dimension (a missing score meets only a minimum of 0). Target needs: the minimum score "
        "its target needs (the framework's assumption, see below). Score: its score. Short by: how many points "
        "below that minimum it is (0 when it meets it).",
        "Trust": "How much each council's respondents trust each other council and think its goals are aligned "
        f"with theirs. Trust and Goals aligned: the mean rating on 0-100 ((rating - 1) / {top - 1} x 100). "
        "Ratings: how many of the rating council's returns rated the other council. Difference from the other "
        "direction: how far this council's trust in the other is from the other's trust in it. One-sided: yes "
        f"when that difference is {t.trust_asymmetry:g} points or more.",
        "Findings": "What stands out, in words, as on the dashboard's overview: the largest material gaps, split "
        "scores, ambition disagreements and councils not ready for their target, weakest links of concern and the "
        "biggest changes since the last round. Chart that shows it: the dashboard page with the chart.",
        "Changes": f"Each council's score on each dimension now and in {previous}, and the change in points "
        "(empty when either round has no score, for example for a council that has just joined).",
        "Actions": "The actions the partnership agreed: topic, action, owner, council, due date and status; "
        "with the round each was raised in, and whether it was carried over from an earlier round, when known.",
        "Answers": f"Every answer from councils with at least {minimum} in the round, one row per respondent and "
        "statement. Respondent: numbered within each council (Respondent 1, 2, ...); no one is named. Statement "
        f"ID: the statement's id in the framework. Answer: 1 ({content.framework.labels[0]}) to {top} "
        f"({content.framework.labels[-1]}); empty for {content.framework.dont_know} and blanks. Status: answered, "
        "don't know or blank.",
    }
    return {name: notes[name] for name in sheets if name in notes}


def readme_sheet(ws: Worksheet, content: ReportContent, sheets: Sequence[str], counts: dict[str, int]) -> None:
    fw, t, snap = content.framework, content.framework.thresholds, content.snapshot
    w = _Writer(ws)
    w.text(content.title, TITLE)
    w.text(content.subtitle)
    w.heading("What this workbook is")
    w.text(
        "The numbers behind the partnership readiness dashboard for one partnership and round, to sort, filter and "
        "chart. Each sheet after this one is a table: its first row is the header, kept in view as you scroll, "
        "with a filter button on every column."
    )
    w.text(
        "Numbers are as calculated, not rounded: the cell holds the exact value and its format shows one decimal "
        "place (two for disagreement), so totals and averages you work out agree with the dashboard. An empty "
        "number cell means there is no value; where a value is withheld, a column says why."
    )
    w.text(
        "Text that starts with =, +, - or @ is shown with an apostrophe in front, so that no spreadsheet runs it "
        "as a formula. Colour only repeats what the numbers and words in the cells already say."
    )
    if content.anonymised:
        w.text("Councils are shown as Council A, Council B, ... and no respondent is named anywhere.")
    else:
        w.text("No respondent is named anywhere: in the Answers sheet respondents are numbered within each council.")
    w.heading("Sheets")
    notes = sheet_notes(content, sheets)
    for name in ALL_SHEETS:
        if name in notes:
            w.entry(name, notes[name])
        elif name in MISSING:
            w.entry(name, MISSING[name])
    w.heading("Partnership and framework")
    w.entry("Partnership", snap.partnership)
    w.entry("Round", snap.round_name)
    w.entry("Councils", plural(len(snap.councils), "council"))
    w.entry("Framework", fw.name)
    w.entry("Framework id", fw.id)
    w.entry("Framework version", fw.version)
    w.entry("Produced", long_date(content.generated_on))
    w.heading("Thresholds used")
    w.row_of(["Threshold", "Value", "What it means"], bold=True)
    for row in (
        ("Strength", t.strength, "A score of this or more is a strength."),
        (
            "Borderline",
            t.borderline,
            "A score of this or more, below strength, is borderline: discuss. Below, a concern.",
        ),
        ("Material gap", t.material_gap, "A gap of this many points or more between two councils is material."),
        ("Split (disagreement above)", t.split_ad, "Disagreement above this many scale points is a split."),
        (
            "One-sided trust",
            t.trust_asymmetry,
            "Trust differing by this many points or more between the two directions is one-sided.",
        ),
        (
            "Anonymity minimum",
            t.anonymity_min_respondents,
            "Current returns a council needs before its disagreement figures and raw answers are shown.",
        ),
        (
            "Statements answered",
            t.min_answered_fraction,
            "The share of a dimension's statements a respondent must answer for a dimension score.",
        ),
        (
            "Ambition apart (rungs)",
            t.ambition_disagreement_rungs,
            "Targets this many rungs apart or more disagree on ambition.",
        ),
    ):
        w.row_of(row)
    w.heading("Forms of sharing and the minimum scores each needs")
    w.text(
        "These minimum scores (0-100) are the framework's assumptions, not research findings; a partnership may "
        "change them in its framework file. The Ambition sheet compares each council's scores with them."
    )
    for rung in fw.ladder:
        needs = "; ".join(f"{fw.dimension_names[d]} {rung.requires[d]:g}" for d in fw.dimension_ids)
        w.entry(rung.label, f"{rung.meaning}. Needs at least: {needs}.")
    w.heading("Councils left out of the Answers sheet")
    minimum = t.anonymity_min_respondents
    left_out = [(c, n) for c, n in counts.items() if n < minimum]
    if not left_out:
        w.text(f"None: every council has at least {plural(minimum, 'current return')} in the round.")
    else:
        w.text(
            f"A council's raw answers are shown only when it has at least {plural(minimum, 'current return')} in "
            "the round: with fewer, individual answers could identify the people who gave them. Their scores are "
            "still in the other sheets, always with the number of respondents."
        )
        w.row_of(["Council", "Returns", "Why"], bold=True)
        for council, n in left_out:
            why = "no returns in this round" if n == 0 else f"fewer than {minimum} returns: answers withheld"
            w.row_of([council, n, why])
