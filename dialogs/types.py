"""The engine's public values: events in; state, replies and records out.

Everything here is a frozen dataclass of plain values, so a transport (Telegram, the
terminal) and the store can use them without knowing how the engine works. ``SessionState``
round-trips through ``to_dict``/``from_dict`` (JSON-safe) so a restart resumes at the same
question.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from dialogs.vocabulary import AnsweredBy, Timepoint, Variant

# ---------------------------------------------------------------- events (transport -> engine)


@dataclass(frozen=True)
class Choose:
    """A button was pressed (or a typed answer was matched to one): the option's key."""

    key: str


@dataclass(frozen=True)
class Text:
    """The person typed a message."""

    text: str


@dataclass(frozen=True)
class Voice:
    """The person sent a voice note; ``ref`` is the transport's handle for the stored file."""

    ref: str


CommandName = Literal[
    "help", "pause", "resume", "back", "skip", "repeat", "hide", "stop", "variant", "language"
]


@dataclass(frozen=True)
class Command:
    """A command such as /pause; ``arg`` carries the variant or language where one is given."""

    name: CommandName
    arg: str | None = None


Event = Choose | Text | Voice | Command

# ---------------------------------------------------------------- replies (engine -> transport)


@dataclass(frozen=True)
class Option:
    """One button: ``key`` is what comes back in ``Choose``; ``label`` is what the person sees."""

    key: str
    label: str


ReplyKind = Literal["question", "message", "signpost", "end"]


@dataclass(frozen=True)
class Reply:
    """One message to show. ``question_id`` and ``seq`` bind buttons to the question asked."""

    text: str
    kind: ReplyKind = "message"
    options: tuple[Option, ...] = ()
    controls: tuple[Option, ...] = ()  # hide this chat, pause, skip, back: shown under options
    question_id: str | None = None
    seq: int = 0
    accepts_text: bool = False
    accepts_voice: bool = False
    protect: bool = True  # send with protect_content (no forwarding or saving)


# ---------------------------------------------------------------- records (engine -> storage)


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

# ---------------------------------------------------------------- state

Status = Literal["active", "paused", "completed", "ended_unsafe", "declined", "withdrawn"]


@dataclass(frozen=True)
class SessionState:
    """Where one person is in one survey. Serialisable: see ``to_dict``/``from_dict``.

    ``step`` names the current question; ``sub`` holds progress inside it (a yes/no step,
    a re-check stage, the outcome being asked about) as JSON-safe values; ``history`` is
    the stack of earlier (step, sub) positions for "go back"; ``seq`` increases each time a
    question is shown, so a button from an older message can be told apart.
    """

    timepoint: Timepoint
    variant: Variant
    language: str
    answered_by: AnsweredBy
    step: str
    status: Status = "active"
    sub: tuple[tuple[str, Any], ...] = ()
    history: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    pending: tuple[str, ...] = ()  # choices made but not yet confirmed (multi-select, drafts)
    seq: int = 0
    consent: bool = False
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of this state (as ``asdict``, without its deep copies: this runs
        for every saved turn)."""
        data = {name: getattr(self, name) for name in _STATE_FIELDS}
        data["outcomes"] = [asdict(outcome) for outcome in self.outcomes]
        return _jsonable(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        """Rebuild a state from ``to_dict`` output (lists become tuples again)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["outcomes"] = tuple(Outcome(**o) for o in values.get("outcomes", ()))
        for name in ("sub", "extra"):
            values[name] = _pairs(values.get(name, ()))
        values["history"] = tuple((s, _pairs(sub)) for s, sub in values.get("history", ()))
        values["pending"] = tuple(values.get("pending", ()))
        return cls(**values)


_STATE_FIELDS = tuple(f.name for f in fields(SessionState))


def _pairs(items: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((str(k), _freeze(v)) for k, v in items)


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Turn:
    """What the engine returns for one event."""

    state: SessionState
    replies: tuple[Reply, ...] = ()
    records: tuple[Record, ...] = ()
