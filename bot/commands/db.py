"""``checkin db migrate`` and ``checkin db check``: the database schema and file health.

Neither reads personal data, so neither needs the data key.
"""

from __future__ import annotations

import argparse
import asyncio

from bot.config import Settings
from storage.runner import check_database, migrate_database


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("db", parents=[common], help="database schema and health")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    migrate = actions.add_parser(
        "migrate", parents=[common], help="apply pending schema migrations (also automatic)"
    )
    migrate.set_defaults(handler=migrate_command)
    check = actions.add_parser(
        "check", parents=[common], help="check the database file's integrity (e.g. a restore)"
    )
    check.set_defaults(handler=check_command)


def migrate_command(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the schema up to date and say where it now stands."""
    applied, all_applied = asyncio.run(migrate_database(settings.database_path))
    if applied:
        print(f"Applied {len(applied)} migration(s): {', '.join(applied)}.")
    else:
        print("The schema was already up to date.")
    print(f"{settings.database_path} is at schema {all_applied[-1]}.")
    return 0


def check_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run SQLite's integrity and foreign-key checks; exit 1 on any problem."""
    problems = asyncio.run(check_database(settings.database_path))
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{settings.database_path}: integrity ok.")
    return 0
