"""Typed storage errors with plain-language messages the bot and CLI can show as they are.

Messages never contain answer text, chat ids, user ids or invite tokens.
"""

from __future__ import annotations

import shlex
from pathlib import Path


class StorageError(Exception):
    """Root of every storage error; the message says what happened and what to do."""


class NotFound(StorageError):
    """The thing asked for does not exist (or no longer exists, after erasure)."""


class InviteNotFound(NotFound):
    """No invite matches the link: it was mistyped, or the case was erased."""

    def __init__(self) -> None:
        super().__init__("This invite link is not known. Ask the person who sent it for a new one.")


class InviteForAnotherChat(InviteNotFound):
    """The invite was sent into one person's chat and was opened from another chat.
    ``case_id`` is for the audit log only (the message names no case)."""

    def __init__(self, case_id: int) -> None:
        StorageError.__init__(
            self,
            "This invite link was sent to someone else's chat and works only there. "
            "Ask the person who sent it for a new one.",
        )
        self.case_id = case_id


class InviteForReplacedPhone(InviteForAnotherChat):
    """The invite was sent into a participant's chat on a phone that has since been
    replaced by a new one (``storage.invite_joining.replace_old_phones``): it opens for no
    chat. The old phone may be in the hands of the person harming them, so staff are told
    apart from a merely forwarded link; the message is the same as any refused link."""


class Conflict(StorageError):
    """The change clashes with what is stored (a duplicate, a used invite, a closed case)."""


class InviteUsed(Conflict):
    """The invite has already been used once; invites are single-use."""

    def __init__(self) -> None:
        super().__init__(
            "This invite link has already been used. Ask the person who sent it for a new one."
        )


class InviteExpired(Conflict):
    """The invite is past its expiry time."""

    def __init__(self) -> None:
        super().__init__("This invite link has expired. Ask the person who sent it for a new one.")


class IntegrityProblem(StorageError):
    """Stored data broke a rule or could not be decrypted; nothing was changed."""


class KeyMissing(StorageError):
    """No data key is configured, or the one configured is not a valid key."""

    def __init__(self, detail: str = "No data key is set.") -> None:
        super().__init__(
            f"{detail} Set CHECKIN_DATA_KEY, or name a key file in storage.key_file; "
            "run 'checkin keys new' to make a key."
        )


class WrongKey(StorageError):
    """The configured key is not the key this database was written with."""

    def __init__(self) -> None:
        super().__init__(
            "The data key does not match this database. Set CHECKIN_DATA_KEY (or "
            "storage.key_file) to the key it was created with; after 'checkin keys rotate' "
            "use the new key."
        )


class RotationInterrupted(WrongKey):
    """A key rotation re-encrypted the database but died before moving the new key into
    the key file: the new key is still in ``<key file>.next``."""

    def __init__(self, key_file: Path, pending: Path) -> None:
        StorageError.__init__(
            self,
            f"A key rotation ('checkin keys rotate') was interrupted after the data was "
            f"re-encrypted, before the new key was moved into place. The database now needs "
            f"the new key, which is in {pending}; {key_file} still holds the old key, which no "
            f"longer opens it. Finish the rotation by moving the new key over the old one: "
            f"mv {shlex.quote(str(pending))} {shlex.quote(str(key_file))} - then start again.",
        )


class UnsafeDatabase(StorageError):
    """SQLite did not accept the durability settings we require (WAL, synchronous=FULL)."""


class DatabaseBusy(StorageError):
    """Another process held the database's write lock for longer than the busy timeout."""

    def __init__(self, database: Path, seconds: float) -> None:
        super().__init__(
            f"The database is busy: another process (the bot, another command, a sqlite3 "
            f"shell) has held its write lock for more than {seconds:g} seconds. Try again "
            f"in a minute; if it stays busy, see what has {database} open "
            f"(fuser -v {shlex.quote(str(database))}) and stop it. Nothing was changed."
        )


class DatabaseNotWritable(StorageError):
    """SQLite could not write the file (a full disk, or the disk failing)."""

    def __init__(self, database: Path, detail: str) -> None:
        super().__init__(
            f"The database could not be written ({detail}): is the disk full? Free some "
            f"space (old backups, reports, exports), then run 'checkin db check' on "
            f"{database}. Nothing was changed."
        )


class NoDatabase(NotFound):
    """A command that works on existing data was pointed at a file that does not exist."""

    def __init__(self, database: Path) -> None:
        super().__init__(
            f"There is no database at {database}. Check --db or storage.url in your "
            "config (nothing was created)."
        )
