"""Time as the store writes it: UTC text that sorts and that SQLite's date functions read."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    """'YYYY-MM-DDTHH:MM:SS.ffffffZ' in UTC (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    # isoformat, not strftime: same text, a fifth of the cost (every write stamps a time)
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def from_text(text: str | None) -> datetime | None:
    """The moment ``to_text`` wrote; ValueError for text in any other shape."""
    if text is None:
        return None
    if not _STORED.fullmatch(text):
        raise ValueError(f"not a stored time: {text!r}")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)


def now_text(clock: Clock = utc_now) -> str:
    return to_text(clock())
