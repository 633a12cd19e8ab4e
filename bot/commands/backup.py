"""``checkin backup PATH``: a consistent copy of the database made by SQLite (VACUUM INTO),
safe while the bot is running. To restore: stop the bot, run ``checkin db check --db PATH``,
then put the file in place of the database (the data key stays the same)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from storage.runner import run_with_store


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "backup", parents=[common], help="write a consistent copy of the database to PATH"
    )
    parser.add_argument("path", type=Path, help="new file to write (must not exist)")
    parser.set_defaults(handler=backup_command, needs_database=True)


def backup_command(args: argparse.Namespace, settings: Settings) -> int:
    target = run_with_store(settings, lambda store: store.backup(args.path))
    print(f"Backup written to {target}. It is encrypted with the same data key: keep both safe.")
    return 0
