"""``checkin purge [--older-than DAYS] [--dry-run]``: delete closed cases past retention
(default ``storage.retention_days``), the same way as erasure, with an audit entry for each
and one for the run. ``--dry-run`` lists the cases it would delete and deletes nothing (try
it before lowering the retention period)."""

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
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="list the cases that would be purged (reference, organisation, closing date) "
        "and delete nothing",
    )
    parser.set_defaults(handler=purge_command, needs_database=True)


def purge_command(args: argparse.Namespace, settings: Settings) -> int:
    days = args.older_than if args.older_than is not None else settings.storage.retention_days
    if days < 1:
        from bot.cli import CommandError

        raise CommandError("--older-than must be at least 1 day.")
    if args.dry_run:
        due = run_with_store(settings, lambda store: store.purge_due(days))
        print(f"Would purge {len(due)} case(s) closed more than {days} days ago:")
        for case in due:
            when = case.closed_at.date().isoformat() if case.closed_at else "erased while open"
            print(f"  {case.local_ref} ({case.organisation}), {when}")
        print("Nothing was deleted.")
        return 0
    result = run_with_store(settings, lambda store: store.purge(days))
    print(f"Purged {len(result.case_ids)} case(s) closed more than {days} days ago.")
    if result.open_past_retention:
        print(
            f"{result.open_past_retention} open case(s) were opened more than {days} days ago;"
            " open cases are never purged, so close them when they end (checkin case list"
            " --state open)."
        )
    return 0
