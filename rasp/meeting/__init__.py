"""The meeting: online collection (the questionnaire laid out as a return), where phones can reach it, the presenter
storyline and the room's pulse, QR codes."""

from __future__ import annotations

from rasp.meeting.addresses import JoinAddress, JoinPlan, join_plan, machine_addresses
from rasp.meeting.online import framework_for, partners_of, submit
from rasp.meeting.presenter import ROOM, Pulse, pulse_view, storyline, topics
from rasp.meeting.qr import qr_png
from rasp.meeting.questionnaire import (
    ABOUT_STEP,
    CHECK_STEP,
    PARTNER_STEP,
    PULSE_STEP,
    answered,
    missing,
    steps,
)

__all__ = [
    "ABOUT_STEP",
    "CHECK_STEP",
    "PARTNER_STEP",
    "PULSE_STEP",
    "ROOM",
    "JoinAddress",
    "JoinPlan",
    "Pulse",
    "answered",
    "framework_for",
    "join_plan",
    "machine_addresses",
    "missing",
    "partners_of",
    "pulse_view",
    "qr_png",
    "steps",
    "storyline",
    "submit",
    "topics",
]
