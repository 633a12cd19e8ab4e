"""``checkin purge [--older-than DAYS]``: delete closed cases past retention (default
``storage.retention_days``), the same way as erasure, with an audit entry for each."""

from __future__ import annotations

import argparse

from bot.config import Settings
from storage.runner import run_with_store


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "purge", parents=[common], help="delete closed cases older than the retention period"
    )
    parser.add_argument(
        "--older-than",
        type=int,
        metavar="DAYS",
        help="days since the case was closed (default: storage.retention_days)",
    )
    parser.set_defaults(handler=purge_command, needs_database=True)


def purge_command(args: argparse.Namespace, settings: Settings) -> int:
    days = args.older_than if args.older_than is not None else settings.storage.retention_days
    if days < 1:
        from bot.cli import CommandError

        raise CommandError("--older-than must be at least 1 day.")
    result = run_with_store(settings, lambda store: store.purge(days))
    print(f"Purged {len(result.case_ids)} case(s) closed more than {days} days ago.")
    return 0
