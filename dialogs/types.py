"""The engine's public values: events in; state, replies and records out.

Everything here is a frozen dataclass of plain values, so a transport (Telegram, the
terminal) and the store can use them without knowing how the engine works. ``SessionState``
round-trips through ``to_dict``/``from_dict`` (JSON-safe) so a restart resumes at the same
question.

The values live in ``dialogs.events`` (transport -> engine), ``dialogs.replies`` (engine ->
transport), ``dialogs.records`` (engine -> storage) and ``dialogs.session_state``; they are
all importable from here, where callers import them.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.events import Choose, Command, CommandName, Event, Text, Voice
from dialogs.records import (
    Answer,
    AnswerContext,
    ConsentDeclined,
    ConsentGiven,
    ContactUnsafe,
    DangerAlert,
    HideRequested,
    Outcome,
    OutcomesRevised,
    PreferencesChanged,
    Record,
    SurveyCompleted,
    SurveyPaused,
    WithdrawConfirmed,
)
from dialogs.replies import Option, Reply, ReplyKind
from dialogs.session_state import SessionState, Status

__all__ = [
    "Answer",
    "AnswerContext",
    "Choose",
    "Command",
    "CommandName",
    "ConsentDeclined",
    "ConsentGiven",
    "ContactUnsafe",
    "DangerAlert",
    "Event",
    "HideRequested",
    "Option",
    "Outcome",
    "OutcomesRevised",
    "PreferencesChanged",
    "Record",
    "Reply",
    "ReplyKind",
    "SessionState",
    "Status",
    "SurveyCompleted",
    "SurveyPaused",
    "Text",
    "Turn",
    "Voice",
    "WithdrawConfirmed",
]


@dataclass(frozen=True)
class Turn:
    """What the engine returns for one event."""

    state: SessionState
    replies: tuple[Reply, ...] = ()
    records: tuple[Record, ...] = ()
