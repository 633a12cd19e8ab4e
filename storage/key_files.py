"""The data key file and its rotation companion, ``<key file>.next``.

``checkin keys rotate`` writes the new key to ``<key file>.next``, re-encrypts the database in
one transaction, then moves ``.next`` over the key file. A crash between the commit and the
move leaves the database under the new key while the key file still holds the old one; a
crash before the commit leaves a ``.next`` that nothing uses. ``check_configured_key`` tells
the two apart at open, so the first case ends in an error that says what to run, and the
second in one warning line. Key material is never printed: only file names.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from storage import maintenance
from storage.crypto import Keyring, parse_key
from storage.db import Database, connect
from storage.errors import KeyMissing, RotationInterrupted, StorageError, WrongKey

logger = logging.getLogger(__name__)


class _Secret(Protocol):
    def get_secret_value(self) -> str: ...


class _KeyFileSection(Protocol):
    @property
    def key_file(self) -> str: ...


class KeySettings(Protocol):
    """What this module reads from the settings (``bot.config.Settings`` fits): storage must
    not import the bot, so it names only the two fields it needs."""

    @property
    def data_key(self) -> _Secret | None: ...

    @property
    def storage(self) -> _KeyFileSection: ...


def key_file_in_use(settings: KeySettings) -> Path | None:
    """The key file the current key comes from (CHECKIN_DATA_KEY wins over the file)."""
    if settings.data_key is not None and settings.data_key.get_secret_value().strip():
        return None
    return Path(settings.storage.key_file).expanduser() if settings.storage.key_file else None


def pending_key_path(key_file: Path) -> Path:
    """Where ``keys rotate`` keeps the new key until the database is re-encrypted."""
    return key_file.with_name(key_file.name + ".next")


async def _opens(db: Database, key_path: Path) -> bool:
    """Whether the key in ``key_path`` is this database's key (False if unreadable)."""
    try:
        keyring = Keyring(parse_key(key_path.read_text(encoding="ascii")))
        await maintenance.check_key(db, keyring)
    except (OSError, UnicodeDecodeError, KeyMissing, WrongKey):
        return False
    return True


async def check_configured_key(db: Database, keyring: Keyring, settings: KeySettings) -> None:
    """``maintenance.check_key`` for a key loaded from settings, explaining a rotation that
    was interrupted (RotationInterrupted) and noting a leftover ``.next`` that is not needed."""
    key_file = key_file_in_use(settings)
    pending = pending_key_path(key_file) if key_file is not None else None
    try:
        await maintenance.check_key(db, keyring)
    except WrongKey:
        if key_file and pending and pending.exists() and await _opens(db, pending):
            raise RotationInterrupted(key_file, pending) from None
        raise
    if pending is not None and pending.exists():
        logger.warning(
            "%s is left over from a key rotation that stopped before re-encrypting anything; "
            "the key in %s opens this database, so %s is not needed and can be deleted.",
            pending,
            key_file,
            pending,
        )


async def database_is_under(path: Path, keyring: Keyring) -> bool | None:
    """Whether the existing database at ``path`` is under ``keyring`` (None: cannot tell)."""
    if not path.exists():
        return None
    try:
        db = await connect(path)
    except StorageError:
        return None
    try:
        await maintenance.check_key(db, keyring)
    except WrongKey:
        return False
    except Exception:
        return None
    finally:
        await db.close()
    return True
