"""Intake: from an uploaded file or online answers to a checked return (file sniffing, safe rebuild, reading,
template, answer coding, validation, import into the store, the demo)."""

from __future__ import annotations

from rasp.intake.coding import Status, code_answer, code_rating, code_rung
from rasp.intake.demo import BASELINE, DEMO_PARTNERSHIP, DEMO_ROUND, DEMO_ROUND_2, REVIEW, ROLES, build_demo
from rasp.intake.importer import ImportResult, check_bytes, import_bytes, summary
from rasp.intake.reader import MAX_COLS, MAX_FILE_BYTES, MAX_ROWS, Workbook, read_workbook
from rasp.intake.template import (
    ABOUT_FIELDS,
    PARTNER_HEADERS,
    QUESTION_HEADERS,
    SHEET_ABOUT,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PARTNERS,
    SHEET_QUESTIONS,
    build_template,
    fill_template,
)
from rasp.intake.validate import validate_return

__all__ = [
    "ABOUT_FIELDS",
    "BASELINE",
    "DEMO_PARTNERSHIP",
    "DEMO_ROUND",
    "DEMO_ROUND_2",
    "MAX_COLS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "PARTNER_HEADERS",
    "QUESTION_HEADERS",
    "REVIEW",
    "ROLES",
    "SHEET_ABOUT",
    "SHEET_INSTRUCTIONS",
    "SHEET_META",
    "SHEET_PARTNERS",
    "SHEET_QUESTIONS",
    "ImportResult",
    "Status",
    "Workbook",
    "build_demo",
    "build_template",
    "check_bytes",
    "code_answer",
    "code_rating",
    "code_rung",
    "fill_template",
    "import_bytes",
    "read_workbook",
    "summary",
    "validate_return",
]
