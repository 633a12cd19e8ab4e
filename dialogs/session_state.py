"""Where one person is in one survey (``SessionState``), and its round trip through
JSON-safe dicts so a restart, a second process or an old button resumes at the same
question."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from dialogs.records import Outcome
from dialogs.vocabulary import AnsweredBy, Timepoint, Variant

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
