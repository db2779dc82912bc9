"""Agreeing in the room: what score stands when a meeting cannot agree, and actions as a safe CSV."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import pandas as pd

from rasp.core.safety import spreadsheet_text


def no_agreement_score(scores: Sequence[float]) -> int | None:
    """With no agreement the lower score stands (the weakest-link rule), rounded down; None without scores."""
    known = [s for s in scores if s is not None and not math.isnan(s)]
    return math.floor(min(known)) if known else None


def safe_csv(frame: pd.DataFrame) -> bytes:
    """A table (actions, gaps) as CSV: UTF-8 with a byte-order mark so Excel reads the accents, and every text
    cell made safe against formula injection."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: spreadsheet_text(v) if isinstance(v, str) else v)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
