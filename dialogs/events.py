"""The events a transport gives the engine: a button pressed, a message typed, a voice
note sent, or a command such as /pause. Frozen dataclasses of plain values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


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
