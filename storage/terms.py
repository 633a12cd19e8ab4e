"""The fixed terms the store records: staff roles, kinds of participant and of
representative, case states, the Safeguarding Adults Collection answers (SG2e risk outcome,
SG3a capacity, concern types), why no end survey was done, and why an alert was raised.
Each has its Literal type and, where callers list the choices, a tuple of them."""

from __future__ import annotations

from typing import Literal

Role = Literal["practitioner", "hub", "board"]
ParticipantKind = Literal["person", "representative"]
CaseState = Literal["open", "closed", "erased"]
RiskOutcome = Literal["remained", "reduced", "removed"]
Capacity = Literal["yes", "no", "not_known"]
NoEndSurveyReason = Literal[
    "unsafe_to_contact", "declined", "lacks_capacity", "no_contact", "other"
]
AlertReason = Literal["danger_words", "in_danger_now", "wants_support"]
# Who a representative is to the person: an independent advocate (an IMCA or a Care Act
# advocate), family, a friend, or someone else (a paid carer, say). Never a name.
RepKind = Literal["advocate", "family", "friend", "other"]

RISK_OUTCOMES: tuple[str, ...] = ("remained", "reduced", "removed")
CAPACITIES: tuple[str, ...] = ("yes", "no", "not_known")
NO_END_SURVEY_REASONS: tuple[str, ...] = (
    "unsafe_to_contact",
    "declined",
    "lacks_capacity",
    "no_contact",
    "other",
)
ROLES: tuple[str, ...] = ("practitioner", "hub", "board")
REP_KINDS: tuple[str, ...] = ("advocate", "family", "friend", "other")
# Safeguarding Adults Collection concern types (abuse and neglect categories): case ids.
CONCERN_TYPES: tuple[str, ...] = (
    "physical",
    "sexual",
    "psychological",
    "financial",
    "discriminatory",
    "organisational",
    "neglect",
    "self_neglect",
    "domestic_abuse",
    "sexual_exploitation",
    "modern_slavery",
)
