"""Who has a database open. Every process that opens the store holds a shared lock on
``<database>.lock`` while it is open; a key rotation takes it alone, so it never runs while
the bot (or a terminal survey) is still open on the old key, which would go on writing
under it. The lock is the operating system's (``flock``): a process that stops, even one
killed outright, lets go of it at once. Where ``flock`` does not exist nothing is locked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.errors import StorageError

try:
    import fcntl
except ImportError:  # not a POSIX system
    fcntl = None  # type: ignore[assignment]


class DatabaseInUse(StorageError):
    """Something else has the database open, so a key rotation must wait."""

    def __init__(self, database: Path) -> None:
        super().__init__(
            f"Another checkin process has {database} open (the bot, or a survey in a "
            "terminal). Stop it first (for the service: systemctl stop checkin), then run "
            "this again. Nothing was changed."
        )


class RotationUnderWay(StorageError):
    """A key rotation has the database to itself: opening it now could write under the old
    key."""

    def __init__(self, database: Path) -> None:
        super().__init__(
            f"The data key of {database} is being changed ('checkin keys rotate'). Try "
            "again when that has finished, with the new key. Nothing was changed."
        )


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextmanager
def holding(database: Path, *, alone: bool = False) -> Iterator[None]:
    """Hold the database's lock, shared or (``alone``) exclusive, without waiting: raises
    ``DatabaseInUse`` (alone, while others have it open) or ``RotationUnderWay``."""
    if fcntl is None or str(database) == ":memory:":
        yield
        return
    database.parent.mkdir(parents=True, exist_ok=True)  # as opening the database would
    try:
        fd = os.open(lock_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StorageError(
            f"Cannot open {lock_path(database)} ({exc.strerror}). Run checkin as the user "
            "that owns the database folder (for the service: sudo checkin-admin ...)."
        ) from exc
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if alone else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUse(database) if alone else RotationUnderWay(database) from None
        yield
    finally:
        os.close(fd)  # closing lets go of the lock
