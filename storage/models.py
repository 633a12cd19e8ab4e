"""The store's public values: frozen dataclasses, never database rows.

Telegram ids are carried decrypted where a caller needs them (to send a message) but kept
out of ``repr`` so they cannot end up in a log line by accident.

The fixed terms (roles, case states, SG2e/SG3a answers, ...) are in ``storage.terms`` and
the answer values in ``storage.answer_models``; both are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dialogs.vocabulary import AnsweredBy, Timepoint, Variant
from storage.answer_models import ExportRow, SavedTurn, StoredAnswer
from storage.terms import (
    CAPACITIES,
    CONCERN_TYPES,
    NO_END_SURVEY_REASONS,
    REP_KINDS,
    RISK_OUTCOMES,
    ROLES,
    AlertReason,
    Capacity,
    CaseState,
    NoEndSurveyReason,
    ParticipantKind,
    RepKind,
    RiskOutcome,
    Role,
)

__all__ = [
    "Alert",
    "AlertReason",
    "AuditEntry",
    "CAPACITIES",
    "CONCERN_TYPES",
    "Capacity",
    "Case",
    "CaseState",
    "ExportRow",
    "Invite",
    "NO_END_SURVEY_REASONS",
    "NewCase",
    "NewInvite",
    "NoEndSurveyReason",
    "Participant",
    "ParticipantKind",
    "PurgeResult",
    "REP_KINDS",
    "RISK_OUTCOMES",
    "ROLES",
    "Reminder",
    "RepKind",
    "RiskOutcome",
    "Role",
    "SavedTurn",
    "StaffMember",
    "StoredAnswer",
]


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
    rep_kind: RepKind | None = None  # a representative's invite: who they are to the person


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
class PurgeResult:
    case_ids: tuple[int, ...] = ()
    updates_forgotten: int = 0
    messages_forgotten: int = 0
    exchanges_forgotten: int = 0
    # open cases opened before the cutoff: never purged, so they keep their people's data
    # until someone closes them (the purge command says so)
    open_past_retention: int = 0
