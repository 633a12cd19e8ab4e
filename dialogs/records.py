"""The records the engine gives the store for one turn: answers with how they were asked,
the person's outcome list, consent, alerts, preferences and the survey's milestones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dialogs.vocabulary import AnsweredBy, Timepoint, Variant


@dataclass(frozen=True)
class AnswerContext:
    """How an answer was asked: stored with every answer."""

    timepoint: Timepoint
    variant: Variant
    language: str
    answered_by: AnsweredBy


@dataclass(frozen=True)
class Answer:
    """One answer to record. ``value`` is on the measure's scale, a non-answer, or text/voice."""

    measure: str
    value: str
    context: AnswerContext
    question_id: str
    outcome_ref: str | None = None
    text: str | None = None  # free text: encrypted at rest
    voice_ref: str | None = None
    rechecked: bool = False  # yes_no variant: the either/or re-check disagreed, asked again


@dataclass(frozen=True)
class Outcome:
    """An outcome the person wants, in their words or chosen from the common list."""

    ref: str  # stable within the case: "o1", "o2", ...
    text: str
    source: str  # "common:<id>", "own_words" or "help_decide"


@dataclass(frozen=True)
class OutcomesRevised:
    """The person's outcome list after this survey: kept, dropped and added, with history."""

    context: AnswerContext
    outcomes: tuple[Outcome, ...]
    dropped: tuple[str, ...] = ()  # refs of outcomes no longer wanted
    status: Literal["expressed", "not_sure_yet", "none"] = "expressed"


@dataclass(frozen=True)
class ConsentGiven:
    text_version: str
    context: AnswerContext


@dataclass(frozen=True)
class ConsentDeclined:
    text_version: str
    context: AnswerContext


@dataclass(frozen=True)
class ContactUnsafe:
    """The person said it is not safe to talk: stop reminders; say nothing more."""

    timepoint: Timepoint


@dataclass(frozen=True)
class DangerAlert:
    """Raise a hub alert (case reference only, never the words). ``reason`` says why."""

    reason: Literal["danger_words", "in_danger_now"]
    timepoint: Timepoint


@dataclass(frozen=True)
class PreferencesChanged:
    """Variant, language or who is answering changed (kept on the participant)."""

    variant: Variant
    language: str
    answered_by: AnsweredBy


@dataclass(frozen=True)
class SurveyPaused:
    timepoint: Timepoint


@dataclass(frozen=True)
class SurveyCompleted:
    timepoint: Timepoint


@dataclass(frozen=True)
class HideRequested:
    """Delete the chat's messages; send nothing after."""


@dataclass(frozen=True)
class WithdrawConfirmed:
    """The person confirmed they want to stop and have their answers erased."""


Record = (
    Answer
    | OutcomesRevised
    | ConsentGiven
    | ConsentDeclined
    | ContactUnsafe
    | DangerAlert
    | PreferencesChanged
    | SurveyPaused
    | SurveyCompleted
    | HideRequested
    | WithdrawConfirmed
)
