"""``checkin keys new`` and ``checkin keys rotate``: the data key that encrypts answers.

``keys new`` prints a fresh key as its last line (nothing is stored). ``keys rotate``
re-encrypts everything under a new key in one transaction: the new key comes from
CHECKIN_NEW_DATA_KEY. When the current key is in ``storage.key_file``, the new key may instead
be generated (and printed as the last line): that file is replaced with it (written beside it,
as ``<key file>.next``, first, so a crash cannot lose it; the next start explains how to
finish). With the key in CHECKIN_DATA_KEY a new key must be given, so it is kept safe before
anything is re-encrypted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from bot.cli import CommandError
from bot.config import Settings
from storage.crypto import Keyring, generate_key, load_key, parse_key, write_key_file
from storage.key_files import database_is_under, key_file_in_use, pending_key_path
from storage.runner import run_with_store
from storage.store import Store

NEW_KEY_VARIABLE = "CHECKIN_NEW_DATA_KEY"


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("keys", parents=[common], help="make or rotate the data key")
    actions = parser.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", parents=[common], help="print a fresh data key")
    new.set_defaults(handler=new_key_command)
    rotate = actions.add_parser(
        "rotate",
        parents=[common],
        help=f"re-encrypt everything under a new key (${NEW_KEY_VARIABLE})",
    )
    rotate.set_defaults(handler=rotate_command, needs_database=True)


def new_key_command(args: argparse.Namespace, settings: Settings) -> int:
    print("A new data key. Put it in CHECKIN_DATA_KEY or in the file named by storage.key_file")
    print("(mode 0600). Whoever has it can read the stored answers; losing it loses them.")
    print(generate_key())
    return 0


def _forget_unused_pending(settings: Settings, pending: Path, new: Keyring) -> None:
    """After a failed rotation, delete ``pending`` only when the database is sure not to be
    under the new key: a failure after the commit (or one we cannot read) leaves it as the
    only copy of the key that opens the data, and the next start explains what to do."""
    try:
        under_new = asyncio.run(database_is_under(settings.database_path, new))
    except Exception:
        under_new = None
    if under_new is False:
        pending.unlink(missing_ok=True)


def rotate_command(args: argparse.Namespace, settings: Settings) -> int:
    load_key(settings)  # fail early, with the usual message, when there is no current key
    supplied = os.environ.get(NEW_KEY_VARIABLE, "").strip()
    key_file = key_file_in_use(settings)
    if key_file is None and not supplied:
        # a key made here would exist only in this process until printed: if the process
        # died after the commit, or its output was lost, nothing could open the data again
        raise CommandError(
            "Your data key comes from CHECKIN_DATA_KEY, so the new key must be kept safe "
            "before anything is re-encrypted: make one with 'checkin keys new', store it, "
            f"then run the rotation with it in {NEW_KEY_VARIABLE}. Nothing was changed."
        )
    new_text = supplied or generate_key()
    new = Keyring(parse_key(new_text, NEW_KEY_VARIABLE))
    pending = pending_key_path(key_file) if key_file else None
    written: list[Path] = []

    async def rotate(store: Store) -> None:
        # Written only once the store has opened with the current key: a .next left by a
        # rotation that died after its commit is the only key that opens the database, and
        # opening stops with RotationInterrupted before anything could overwrite it.
        if pending is not None:
            write_key_file(pending, new_text)  # replaces a stale .next from a failed attempt
            written.append(pending)
        await store.rotate_key(new)

    try:
        run_with_store(settings, rotate, alone=True)
    except BaseException:
        for path in written:
            _forget_unused_pending(settings, path, new)
        raise
    if key_file is not None and pending is not None:
        os.replace(pending, key_file)
        print(f"Everything is re-encrypted; {key_file} now holds the new key.")
    else:
        print("Everything is re-encrypted. Set CHECKIN_DATA_KEY to the new key before the")
        print("next start; the old key no longer opens this database.")
    if not supplied:
        print(new_text)
    return 0
