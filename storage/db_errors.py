"""SQLite's errors in plain words: a broken storage rule or a failed change (``translate``,
used inside transactions), and the two an operator can act on, a write lock held too long
(``DatabaseBusy``) and a full or failing disk (``DatabaseNotWritable``), wherever they are
met (``plain_failure``, ``plain_errors``). Messages name constraints and files, never data.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.errors import DatabaseBusy, DatabaseNotWritable, IntegrityProblem, StorageError

BUSY_TIMEOUT_MS = 10_000  # how long a statement waits for another process's write lock


def translate(exc: BaseException) -> BaseException:
    """SQLite errors become storage errors (their text names constraints, never data)."""
    if isinstance(exc, sqlite3.IntegrityError):
        return IntegrityProblem(f"The change broke a storage rule and was not saved ({exc}).")
    if isinstance(exc, sqlite3.Error):
        return StorageError(f"The database could not complete the change ({exc}).")
    return exc


BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
DISK_CODES = (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL)
DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EIO)


def plain_failure(exc: sqlite3.Error, path: Path) -> StorageError | None:
    """DatabaseBusy for a write lock held past the busy timeout, DatabaseNotWritable for a
    full or failing disk; None for anything else (a bug, or translated where it happened)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None  # extended codes keep it low
    text = str(exc).lower()
    if primary in BUSY_CODES or "database is locked" in text or "database is busy" in text:
        return DatabaseBusy(path, BUSY_TIMEOUT_MS / 1000)
    if primary in DISK_CODES or "disk i/o error" in text or "disk is full" in text:
        return DatabaseNotWritable(path, str(exc))
    return None


@contextmanager
def plain_errors(path: Path) -> Iterator[None]:
    """Raise a busy database or a full disk met inside as the typed error with a plain
    message (``plain_failure``); other errors pass through unchanged."""
    try:
        yield
    except sqlite3.Error as exc:
        failure = plain_failure(exc, path)
        if failure is None:
            raise
        raise failure from exc
