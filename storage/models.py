"""The store's public values: frozen dataclasses, never database rows.

Telegram ids are carried decrypted where a caller needs them (to send a message) but kept
out of ``repr`` so they cannot end up in a log line by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from dialogs.vocabulary import AnsweredBy, Timepoint, Variant

Role = Literal["practitioner", "hub", "board"]
ParticipantKind = Literal["person", "representative"]
CaseState = Literal["open", "closed", "erased"]
RiskOutcome = Literal["remained", "reduced", "removed"]
Capacity = Literal["yes", "no", "not_known"]
NoEndSurveyReason = Literal[
    "unsafe_to_contact", "declined", "lacks_capacity", "no_contact", "other"
]
AlertReason = Literal["danger_words", "in_danger_now", "wants_support"]

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


@dataclass(frozen=True)
class Case:
    id: int
    organisation: str
    team: str
    local_ref: str
    state: CaseState
    opened_at: datetime
    closed_at: datetime | None = None
    concern_types: tuple[str, ...] = ()
    sg2e_risk_outcome: RiskOutcome | None = None
    sg3a_capacity: Capacity | None = None
    advocate_involved: bool | None = None
    no_end_survey_reason: NoEndSurveyReason | None = None
    organisation_id: int = 0
    team_id: int = 0


@dataclass(frozen=True)
class Invite:
    id: int
    case_id: int
    kind: ParticipantKind
    timepoint: Timepoint
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


@dataclass(frozen=True)
class NewInvite:
    """An invite just made, with its token (shown once; only its hash is stored)."""

    invite: Invite
    token: str = field(repr=False)


@dataclass(frozen=True)
class NewCase:
    """A case just opened, with the person's invite token and, if asked, a representative's."""

    case: Case
    person_token: str = field(repr=False)
    representative_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Participant:
    id: int
    case_id: int
    kind: ParticipantKind
    variant: Variant
    language: str
    answered_by: AnsweredBy
    current_timepoint: Timepoint
    contact_unsafe: bool
    joined_at: datetime
    rep_kind: str | None = None
    chat_id: int | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SavedTurn:
    """What ``save_turn`` stored. ``duplicate`` means the message was already saved: nothing
    was stored this time. ``withdrawn`` means the participant's data has been erased."""

    duplicate: bool = False
    answer_ids: tuple[int, ...] = ()
    alert_ids: tuple[int, ...] = ()
    consent_ids: tuple[int, ...] = ()
    revision_id: int | None = None
    withdrawn: bool = False
    contact_unsafe: bool = False
    session_status: str | None = None


@dataclass(frozen=True)
class StoredAnswer:
    id: int
    case_id: int
    participant_id: int
    timepoint: Timepoint
    round: int
    measure: str
    question_id: str
    value: str
    variant: Variant
    language: str
    channel: str
    answered_by: AnsweredBy
    participant_kind: ParticipantKind
    answered_at: datetime
    outcome_ref: str | None = None
    rechecked: bool = False
    text: str | None = field(default=None, repr=False)
    voice_ref: str | None = field(default=None, repr=False)
    source_message_id: str | None = None  # the incoming message that carried the answer


@dataclass(frozen=True)
class StaffMember:
    id: int
    role: Role
    organisation: str | None
    active: bool
    added_at: datetime
    telegram_user_id: int = field(repr=False, default=0)


@dataclass(frozen=True)
class Alert:
    id: int
    case_id: int
    local_ref: str
    organisation: str
    reason: AlertReason
    timepoint: Timepoint
    raised_at: datetime
    acknowledged_by: int | None = None
    acknowledged_at: datetime | None = None
    last_notified_at: datetime | None = None
    notify_count: int = 0


@dataclass(frozen=True)
class Reminder:
    id: int
    participant_id: int
    timepoint: Timepoint
    due_at: datetime
    sent_count: int
    chat_id: int | None = field(default=None, repr=False)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    case_id: int | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportRow:
    """One answer as exported (``text`` is None unless text was asked for)."""

    case_ref: str
    organisation: str
    team: str
    timepoint: Timepoint
    round: int
    measure: str
    outcome_ref: str | None
    value: str
    variant: str
    language: str
    channel: str
    answered_by: str
    participant_kind: str
    answered_at: str
    text: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PurgeResult:
    case_ids: tuple[int, ...] = ()
    updates_forgotten: int = 0
    messages_forgotten: int = 0
