"""Benchmark: the danger-phrase matcher and the text helpers on the bot's hot path.

Times ``dialogs.danger.contains_danger`` with the shipped English and Polish phrase lists on a
realistic mix (short answers with and without danger phrases, misspellings, emoji, a
4,000-character message), next to the pre-optimisation reference kept in
``tests/dialogs/danger_reference.py``; also ``normalise``, ``strip_emoji`` and
``alarm_words(first_line(...))``. "repeated" calls send the same text again (what caches
help); "fresh" calls put a different number in front of every text, so no text is seen twice.
Prints microseconds per call; asserts nothing.

    .venv/bin/python bench/danger_bench.py [--seconds 0.2]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.dialogs.danger_reference

from dialogs.content import CONTENT_ROOT, load_language  # noqa: E402
from dialogs.danger import contains_danger  # noqa: E402
from dialogs.lint_text import alarm_words, first_line  # noqa: E402
from dialogs.matching import normalise  # noqa: E402
from dialogs.wording import strip_emoji  # noqa: E402
from tests.dialogs import danger_reference as old  # noqa: E402

EN = load_language(CONTENT_ROOT / "en").danger.phrases
PL = load_language(CONTENT_ROOT / "pl").danger.phrases
# Everyday words for the long message (one string, split where used, reads more easily).
FILLER = (
    "my daughter comes on tuesdays and we go to the shops then she helps with the letters "
    "from the council about the flat and the heating which has been broken since the winter "
    "I would like someone to look at it soon because it gets cold at night and I worry"
)


def long_message(seed: int, ending: str = "") -> str:
    """About 4,000 characters of everyday words, with ``ending`` at the end."""
    pick = random.Random(seed)
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < 4_000 - len(ending):
        words.append(pick.choice(FILLER.split(" ")))
    return " ".join(words) + " " + ending


CASES: list[tuple[str, list[str], str]] = [
    ("en short, no danger", EN, "I want him to stop coming round"),
    ("en short, danger", EN, "he hit me again last night"),
    ("en misspelt danger", EN, "Im scared for my lief"),
    ("en short, emoji", EN, "👍🏽 yes please, my son helps 🙂"),
    ("en 4,000 chars, no danger", EN, long_message(1)),
    ("en 4,000 chars, danger at end", EN, long_message(2, "and he strangeld me")),
    ("pl short, no danger", PL, "chcę żeby przestał przychodzić"),
    ("pl short, danger", PL, "on mnie bije codziennie"),
]


def per_call(call: Callable[[str], object], texts: Iterator[str], seconds: float) -> float:
    """Microseconds per call on the next texts from ``texts``, for about ``seconds``."""
    calls, spent = 0, 0.0
    while spent < seconds or calls < 5:
        batch = [next(texts) for _ in range(5)]
        started = time.perf_counter()
        for text in batch:
            call(text)
        spent += time.perf_counter() - started
        calls += len(batch)
    return spent / calls * 1e6


def texts(text: str, kind: str) -> Iterator[str]:
    """``text`` again and again ("repeated"), or with a new number in front each time."""
    if kind == "repeated":
        return itertools.repeat(text)
    return (f"{number} {text}" for number in itertools.count())


def row(name: str, before: float, after: float) -> None:
    print(f"  {name:<34} {before:>10,.1f} {after:>10,.1f} {before / after:>8,.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.2, help="time per measurement")
    seconds = parser.parse_args().seconds
    print(f"  {'contains_danger (µs per call)':<34} {'old':>10} {'new':>10} {'speed-up':>9}")
    for kind in ("repeated", "fresh"):
        print(f"  -- {kind} texts")
        for name, phrases, text in CASES:
            before = per_call(
                lambda t, p=phrases: old.contains_danger(t, p), texts(text, kind), seconds
            )
            after = per_call(lambda t, p=phrases: contains_danger(t, p), texts(text, kind), seconds)
            row(name, before, after)
    print(f"  {'helpers (µs per call)':<34} {'old':>10} {'new':>10} {'speed-up':>9}")
    short, message = "👍🏽 I don't know, maybe", long_message(3)
    sent = "Thank you. That is saved.\nIf you are in danger, call 999."
    helpers = [
        ("normalise, short", old.normalise, normalise, short),
        ("normalise, 4,000 chars", old.normalise, normalise, message),
        ("strip_emoji, short", old.strip_emoji, strip_emoji, short),
        ("strip_emoji, 4,000 chars", old.strip_emoji, strip_emoji, message),
        ("alarm_words(first_line(...))", old_first_alarm, first_alarm, sent),
    ]
    for name, before, after, text in helpers:
        for kind in ("repeated", "fresh"):
            timed = [per_call(call, texts(text, kind), seconds) for call in (before, after)]
            row(f"{name}, {kind}", *timed)


def old_first_alarm(text: str) -> list[str]:
    return old.alarm_words(old.first_line(text))


def first_alarm(text: str) -> list[str]:
    return alarm_words(first_line(text))


if __name__ == "__main__":
    main()
