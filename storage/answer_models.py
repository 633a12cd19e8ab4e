"""The store's values about answers: what a saved turn stored, an answer as read back, and
an answer as exported. Free text and voice references are kept out of ``repr``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dialogs.vocabulary import AnsweredBy, Timepoint, Variant
from storage.terms import ParticipantKind


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
