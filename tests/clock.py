"""The one settable clock the tests give the store and the bot, so times are known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand: set ``now``, or ``advance(days=.., minutes=..)``."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
