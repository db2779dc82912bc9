"""The ground every step stands on: the framework file, errors, configuration, column names, status words,
plain-English words and safe text."""

from __future__ import annotations

from rasp.core.config import DEMO_PARTNERSHIP
from rasp.core.errors import FrameworkError, InvalidReturn, Problem, RaspError, SetupError, UnreadableFile
from rasp.core.framework import (
    DEFAULT_FRAMEWORK_PATH,
    Dimension,
    Framework,
    Thresholds,
    load_framework,
    parse_framework,
)
from rasp.core.records import Answer, Directory, ParsedReturn, PartnerRating
from rasp.core.roles import MODES, ROLES, Grant, Mode, Role
from rasp.core.safety import html_text, markdown_text, spreadsheet_text
from rasp.core.words import clean_text, long_date, long_datetime, plural

__all__ = [
    "DEFAULT_FRAMEWORK_PATH",
    "DEMO_PARTNERSHIP",
    "MODES",
    "ROLES",
    "Answer",
    "Dimension",
    "Directory",
    "Framework",
    "FrameworkError",
    "Grant",
    "InvalidReturn",
    "Mode",
    "ParsedReturn",
    "PartnerRating",
    "Problem",
    "RaspError",
    "Role",
    "SetupError",
    "Thresholds",
    "UnreadableFile",
    "clean_text",
    "html_text",
    "load_framework",
    "long_date",
    "long_datetime",
    "markdown_text",
    "parse_framework",
    "plural",
    "spreadsheet_text",
]
