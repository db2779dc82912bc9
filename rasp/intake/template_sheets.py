"""The sheets of the Excel return template: names, headers, cell layout, styles and validations.

`rasp.intake.template` builds and fills the workbook with these helpers; the importer depends on this layout, so
change it only together with the importer. Every function here writes one sheet of an openpyxl workbook.

Layout (row 1 is always a header row):

- Instructions: column A, one paragraph a row.
- About: A = field label (ABOUT_FIELDS, rows 2..7), B = value (input), C = a hint.
- Questions: A = statement id, B = dimension name, C = statement, D = answer (input), E = evidence (input).
- Partners: A = partner council, B = trust 1-5 (input), C = alignment 1-5 (input); E1/E2 = the two questions.
- Meta (hidden): A = key, B = value (META_KEYS, rows 2..6); option lists too long or awkward to write
  inside a validation go in columns D onwards, list name in row 1 and options below.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.cell.cell import Cell  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.workbook.workbook import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped, unused-ignore]

from rasp.core.framework import Framework

ABOUT_FIELDS = ("Council", "Respondent", "Role", "Round", "Target form of sharing", "Scope")
SHEET_INSTRUCTIONS, SHEET_ABOUT, SHEET_QUESTIONS, SHEET_PARTNERS, SHEET_META = (
    "Instructions",
    "About",
    "Questions",
    "Partners",
    "Meta",
)
QUESTION_HEADERS = ("ID", "Dimension", "Statement", "Answer", "Evidence")
PARTNER_HEADERS = ("Partner", "Trust", "Alignment")
ABOUT_HEADERS = ("Field", "Value", "Help")
META_HEADERS = ("Key", "Value")
META_KEYS = ("framework_id", "framework_version", "partnership", "council", "generated_on")
CREATOR = "Partnership readiness dashboard"

# Characters that make Excel (or a CSV export) read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_LIST_FORMULA = 254  # Excel refuses an inline list of 255 characters or more.
META_LIST_COLUMN = 4  # column D: the first option list on the Meta sheet

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
FIXED_FILL = PatternFill("solid", fgColor="E7E6E6")  # light grey: leave alone
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
UNLOCKED = Protection(locked=False)
POINTS_PER_LINE = 15.0


def write_text(cell: Cell, value: str) -> None:
    """Put text in a cell so that it always stays text, even if it looks like a formula."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def write_value(cell: Cell, value: object) -> None:
    """Put any value in a cell; text is written with `write_text`, None clears the cell."""
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value


def _fixed(cell: Cell, text: str, *, bold: bool = False, wrap: bool = False) -> None:
    """A grey, locked cell holding text."""
    write_text(cell, text)
    cell.fill = FIXED_FILL
    cell.alignment = WRAP if wrap else TOP
    if bold:
        cell.font = BOLD


def _input(cell: Cell, *, wrap: bool = False) -> None:
    """Make a cell a yellow, unlocked input cell."""
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED
    cell.alignment = WRAP if wrap else TOP


def _header(ws: Worksheet, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, start=1):
        _fixed(ws.cell(row=1, column=col), text, bold=True)


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _lines(text: str, width: float) -> int:
    """Roughly how many lines `text` takes in a wrapped column of `width` characters."""
    return sum(max(1, math.ceil(len(part) / max(width - 2, 1))) for part in text.split("\n"))


def protect(ws: Worksheet) -> None:
    """Protect a sheet without a password; officers may still select cells and resize rows and columns."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def list_validation(
    wb: Workbook, ws: Worksheet, name: str, options: Sequence[str], *, title: str, prompt: str, error: str
) -> DataValidation:
    """A dropdown of `options` on `ws`, with a prompt and an error message. Add cells with `.add()`.

    Short, plain lists are written in the validation itself. A list that would reach 255 characters, or
    has an option with a comma, a double quote or spaces at either end, goes on the Meta sheet (list
    `name` in row 1, options below, from column D) and the validation points at that range.
    """
    inline = '"' + ",".join(options) + '"'
    awkward = any("," in o or '"' in o or o != o.strip() or not o for o in options)
    if awkward or len(inline) > MAX_LIST_FORMULA:
        meta = wb[SHEET_META]
        col = META_LIST_COLUMN
        while meta.cell(row=1, column=col).value is not None:
            col += 1
        _fixed(meta.cell(row=1, column=col), name, bold=True)
        for row, option in enumerate(options, start=2):
            write_text(meta.cell(row=row, column=col), option)
        letter = get_column_letter(col)
        formula = f"{SHEET_META}!${letter}$2:${letter}${len(options) + 1}"
    else:
        formula = inline
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=_short(title, 32),
        error=_short(error, 255),
        promptTitle=_short(title, 32),
        prompt=_short(prompt, 255),
    )
    ws.add_data_validation(dv)
    return dv


def write_instructions(ws: Worksheet, fw: Framework, partnership: str | None, has_partners: bool) -> None:
    """The Instructions sheet: plain English for the officer filling in the return."""
    labels = ", ".join(f"{i} {label}" for i, label in enumerate(fw.labels, start=1))
    dont_know = f"\u201c{fw.dont_know}\u201d"
    paragraphs = ["How to fill in this return"]
    paragraphs.append(
        "This return is part of a readiness assessment of councils for sharing services. It uses the "
        f"framework \u201c{fw.name}\u201d, version {fw.version}."
    )
    if partnership:
        paragraphs.append(f"Partnership: {partnership}")
    paragraphs.append(
        "Fill in the yellow cells only. Do not change the grey cells, and do not rename, move or delete "
        "the sheets: the dashboard reads them by name."
    )
    paragraphs.append(
        "1. About: choose your council, write your name or a label for yourself (for example \u201cHead "
        "of ICT\u201d) and your role, choose the round, the form of sharing you think your council should "
        "aim for and the scope of sharing you expect. Column C explains each one."
    )
    paragraphs.append(
        f"2. Questions: for each statement choose how far you agree, from 1 to {fw.scale_max}: {labels}. "
        f"If you cannot say, choose {dont_know} rather than guessing or leaving it blank."
    )
    paragraphs.append(
        "Use the Evidence box to say briefly why you chose your answer: a document, a decision or an "
        "example. Evidence helps the partnership discuss the results."
    )
    if has_partners:
        paragraphs.append(
            "3. Partners: for each partner council, rate trust and alignment from 1 to 5 (the two "
            "questions are beside the table). If your own council is listed, leave its row blank."
        )
    paragraphs.append(
        "Send one return per person. Fill in Respondent with your name or a label if you may send a "
        "corrected return later: a return sent again with the same respondent and round replaces the "
        "earlier one."
    )
    paragraphs.append(
        "Save the file as an Excel workbook (.xlsx) and upload it on the \u201cUpload returns\u201d "
        "page of the dashboard."
    )
    width = 100.0
    ws.column_dimensions["A"].width = width
    for row, text in enumerate(paragraphs, start=1):
        cell = ws.cell(row=row, column=1)
        write_text(cell, text)
        cell.alignment = WRAP
        ws.row_dimensions[row].height = POINTS_PER_LINE * _lines(text, width) + 3
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 22
    protect(ws)


def write_about(
    wb: Workbook,
    ws: Worksheet,
    fw: Framework,
    *,
    councils: Sequence[str],
    rounds: Sequence[str],
    council: str | None,
    round_name: str | None,
) -> None:
    """The About sheet: who is answering, for which council and round, and their ambition."""
    _header(ws, ABOUT_HEADERS)
    rung_lines = "\n".join(f"{r.label}: {r.meaning}" for r in fw.ladder)
    hints = {
        "Council": "Choose your council from the list." if councils else "The name of your council.",
        "Respondent": "Your name or a label. Use the same one if you send a corrected return later: "
        "it replaces the earlier one for the same round.",
        "Role": "Your job title or role.",
        "Round": "The assessment round this return is for.",
        "Target form of sharing": "The form of sharing you think your council should aim for:\n" + rung_lines,
        "Scope": "The scope of sharing you expect: " + "; ".join(fw.scopes) + ".",
    }
    prefill = {"Council": council, "Round": round_name}
    rows = {label: row for row, label in enumerate(ABOUT_FIELDS, start=2)}
    for label, row in rows.items():
        _fixed(ws.cell(row=row, column=1), label, bold=True)
        value = ws.cell(row=row, column=2)
        _input(value)
        if prefill.get(label):
            write_text(value, str(prefill[label]))
        hint = ws.cell(row=row, column=3)
        write_text(hint, hints[label])
        hint.alignment = WRAP
        ws.row_dimensions[row].height = POINTS_PER_LINE * _lines(hints[label], 70) + 3
    lists = [
        ("Council", "councils", list(councils), "Choose your council."),
        ("Round", "rounds", list(rounds), "Choose the round this return is for."),
        (
            "Target form of sharing",
            "target_forms",
            [r.label for r in fw.ladder],
            "Choose the form of sharing your council should aim for (see the help in column C).",
        ),
        ("Scope", "scopes", list(fw.scopes), "Choose the scope of sharing you expect."),
    ]
    for label, name, options, prompt in lists:
        if options:
            error = f"Please choose the {label.lower()} from the list."
            dv = list_validation(wb, ws, name, options, title=label, prompt=prompt, error=error)
            dv.add(f"B{rows[label]}")
    _widths(ws, (26, 34, 70))
    protect(ws)


def write_questions(wb: Workbook, ws: Worksheet, fw: Framework) -> None:
    """The Questions sheet: one row per statement, in framework order, with an answer dropdown."""
    _header(ws, QUESTION_HEADERS)
    ws.freeze_panes = "A2"
    names = fw.dimension_names
    widths = (8, 28, 70, 28, 50)
    for row, st in enumerate(fw.statements, start=2):
        _fixed(ws.cell(row=row, column=1), st.id)
        _fixed(ws.cell(row=row, column=2), names[st.dimension], wrap=True)
        _fixed(ws.cell(row=row, column=3), st.text, wrap=True)
        _input(ws.cell(row=row, column=4))
        _input(ws.cell(row=row, column=5), wrap=True)
        lines = max(_lines(st.text, widths[2]), _lines(names[st.dimension], widths[1]))
        ws.row_dimensions[row].height = POINTS_PER_LINE * lines + 3
    last = len(fw.statements) + 1
    dont_know = f"\u201c{fw.dont_know}\u201d"
    dv = list_validation(
        wb,
        ws,
        "answers",
        fw.answer_options(),
        title="Answer",
        prompt=f"Choose how far you agree, or {dont_know}.",
        error=f"Please choose an answer from the list: 1 to {fw.scale_max}, or {dont_know}.",
    )
    dv.add(f"D2:D{last}")
    _widths(ws, widths)
    protect(ws)


def write_partners(ws: Worksheet, fw: Framework, partners: Sequence[str]) -> None:
    """The Partners sheet: trust and alignment ratings, 1 to 5, for each partner council."""
    _header(ws, PARTNER_HEADERS)
    ws.freeze_panes = "A2"
    for row, name in enumerate(partners, start=2):
        _fixed(ws.cell(row=row, column=1), name)
        _input(ws.cell(row=row, column=2))
        _input(ws.cell(row=row, column=3))
    last = len(partners) + 1
    questions = (("Trust", fw.partner_trust_question, "B"), ("Alignment", fw.partner_alignment_question, "C"))
    for row, (title, question, col) in enumerate(questions, start=1):
        note = ws.cell(row=row, column=5)
        write_text(note, f"{title} (column {col}): {question}")
        note.alignment = WRAP
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2="5",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            errorTitle=f"{title} rating",
            error="Please enter a whole number from 1 to 5.",
            promptTitle=title,
            prompt=_short(question, 255),
        )
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    _widths(ws, (34, 10, 12, 3, 70))
    for row in (1, 2):
        text = str(ws.cell(row=row, column=5).value)
        ws.row_dimensions[row].height = max(POINTS_PER_LINE * _lines(text, 70) + 3, POINTS_PER_LINE + 3)
    protect(ws)


def write_meta(ws: Worksheet, values: dict[str, str]) -> None:
    """The hidden Meta sheet: which framework, partnership and council the template was made for."""
    _header(ws, META_HEADERS)
    for row, key in enumerate(META_KEYS, start=2):
        write_text(ws.cell(row=row, column=1), key)
        if values.get(key):
            write_text(ws.cell(row=row, column=2), values[key])
    _widths(ws, (20, 40))
    ws.sheet_state = "hidden"
    protect(ws)
