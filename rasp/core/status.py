"""Status words, each defined once: how an answer was coded, and whether a figure may be shown."""

from __future__ import annotations

from typing import Final, Literal

# How one answer cell was coded (rasp.intake.coding).
AnswerStatus = Literal["answered", "dont_know", "blank", "invalid"]

# Whether a figure that describes individuals may be shown (BRIEF rule 11).
OK: Final = "ok"
BELOW_THRESHOLD: Final = "below threshold"  # too few respondents: withheld, not missing
NO_DATA: Final = "no data"  # nothing to show
