"""The terminal channel: the same survey engine, one typed line per answer.

Questions are printed with numbered options; a number picks that option, anything else is
sent as typed text (the engine understands option words too); ``/pause``, ``/back``,
``/skip``, ``/repeat``, ``/hide``, ``/stop``, ``/help``, ``/howtoask VARIANT`` and
``/language LANG`` are commands. It reads from any text stream, so a whole conversation can
be piped in; at the end of input an unfinished survey is paused, as a person leaving would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any, TextIO

from dialogs.engine import begin, handle
from dialogs.schema import LanguageContent
from dialogs.types import (
    Choose,
    Command,
    Event,
    HideRequested,
    Outcome,
    Record,
    Reply,
    Text,
    Turn,
)

COMMANDS = {
    "pause": "pause", "resume": "resume", "back": "back", "skip": "skip", "repeat": "repeat",
    "hide": "hide", "stop": "stop", "help": "help", "howtoask": "variant", "variant": "variant",
    "language": "language",
}  # fmt: skip
RECORDS_HEADING = "--- records (JSON) ---"


def record_as_dict(record: Record) -> dict[str, Any]:
    """A record as plain JSON-safe data, with its type's name under ``type``."""
    return {"type": type(record).__name__, **asdict(record)}


def parse_line(line: str, question: Reply | None) -> Event | None:
    """The event a typed line means, or None for a blank line or an unknown command."""
    words = line.strip()
    if not words:
        return None
    if words.startswith("/"):
        name, _, arg = words[1:].partition(" ")
        command = COMMANDS.get(name.lower())
        return Command(command, arg.strip() or None) if command else None  # type: ignore[arg-type]
    options = question.options if question else ()
    if words.isdigit() and 1 <= int(words) <= len(options):
        return Choose(options[int(words) - 1].key)
    return Text(line.rstrip("\n"))


def render(replies: Sequence[Reply], out: TextIO) -> Reply | None:
    """Print replies; returns the question now waiting for an answer, if any."""
    waiting = None
    for reply in replies:
        print(reply.text, file=out)
        for number, option in enumerate(reply.options, start=1):
            label = option.label
            shown = label if label.startswith(f"{number}. ") else f"{number}. {label}"
            print(f"  {shown}", file=out)
        if reply.controls:
            hints = "  ".join(f"/{c.key} ({c.label})" for c in reply.controls)
            print(f"  [{hints}]", file=out)
        print(file=out)
        if reply.kind == "question":
            waiting = reply
    return waiting


Commit = Callable[[Turn], Awaitable[bool]]


def run_console(
    catalogue: Mapping[str, LanguageContent],
    *,
    timepoint: str,
    variant: str,
    language: str,
    answered_by: str,
    stdin: TextIO,
    out: TextIO,
    outcomes: Sequence[Outcome] = (),
    echo: bool = False,
) -> list[Record]:
    """Run one survey in the terminal, in memory; returns everything the engine recorded."""
    turn = begin(
        catalogue,
        timepoint,  # type: ignore[arg-type]
        variant=variant,  # type: ignore[arg-type]
        language=language,
        answered_by=answered_by,  # type: ignore[arg-type]
        outcomes=tuple(outcomes),
    )
    records: list[Record] = []

    async def keep(new: Turn) -> bool:
        records.extend(new.records)
        return True

    asyncio.run(converse(catalogue, turn, commit=keep, stdin=stdin, out=out, echo=echo))
    return records


async def converse(
    catalogue: Mapping[str, LanguageContent],
    turn: Turn,
    *,
    commit: Commit,
    stdin: TextIO,
    out: TextIO,
    echo: bool = False,
    not_saved: str = "That answer was not saved. Please try again.",
) -> Turn:
    """The terminal loop: commit each turn, and only then show its replies.

    ``commit`` returns False when the turn could not be saved: the person is told, and the
    survey stays where it was, so nothing is shown as done that was not stored.
    """
    if not await commit(turn):
        print(not_saved, file=out)
        return turn
    waiting = render(turn.replies, out)
    while turn.state.status in ("active", "paused"):
        if not echo:
            print("> ", end="", file=out, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return await _left(catalogue, turn, commit, out)
        if echo:
            print(f"> {line.rstrip()}", file=out)
        event = parse_line(line, waiting)
        if event is None:
            if line.strip():
                print(f"Commands: {' '.join('/' + name for name in COMMANDS)}", file=out)
            continue
        new = handle(catalogue, turn.state, event)
        if not await commit(new):
            print(not_saved, file=out)
            continue
        turn = new
        if any(isinstance(r, HideRequested) for r in turn.records):
            print("(Chat hidden. Type /repeat to see the question again.)\n", file=out)
        waiting = render(turn.replies, out) or waiting
    return turn


async def _left(
    catalogue: Mapping[str, LanguageContent], turn: Turn, commit: Commit, out: TextIO
) -> Turn:
    """Input ended: pause an active survey, so it can be resumed later."""
    if turn.state.status == "active":
        paused = handle(catalogue, turn.state, Command("pause"))
        if await commit(paused):
            turn = paused
            render(turn.replies, out)
    print("(End of input: the survey was paused.)", file=out)
    return turn


def print_records(records: Sequence[Record], out: TextIO) -> None:
    print(RECORDS_HEADING, file=out)
    data = [record_as_dict(r) for r in records]
    print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
