"""The replies the engine gives a transport: the text of one message to show and its
buttons, bound to the question asked so an old button can be told apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


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
