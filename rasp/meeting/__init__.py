"""The meeting: online collection (the questionnaire laid out as a return), the presenter storyline, QR codes."""

from __future__ import annotations

from rasp.meeting.online import framework_for, partners_of, submit
from rasp.meeting.presenter import pulse_scores, storyline, topics
from rasp.meeting.qr import qr_png
from rasp.meeting.questionnaire import ABOUT_STEP, CHECK_STEP, PARTNER_STEP, answered, steps

__all__ = [
    "ABOUT_STEP",
    "CHECK_STEP",
    "PARTNER_STEP",
    "answered",
    "framework_for",
    "partners_of",
    "pulse_scores",
    "qr_png",
    "steps",
    "storyline",
    "submit",
    "topics",
]
