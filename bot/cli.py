"""The ``checkin`` command line: one dispatcher, one module per command in ``bot/commands``.

Each module in ``bot.commands`` defines ``register(subparsers, common)``; it adds its own
subcommand with ``parents=[common]`` (so ``--config`` and ``--db`` work everywhere) and sets
``handler=`` to a function ``(args, settings) -> int``; a command that only makes sense on an
existing database also sets ``needs_database=True``, and is refused (NoDatabase, nothing
created) when the file is not there. Errors people can act on are mapped here, in one place,
to a single line on stderr and a non-zero exit; a database locked too long or a full disk met
anywhere in a command is one of them (``storage.db.plain_failure``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys
from collections.abc import Sequence

from bot import commands
from bot.config import ConfigError, Settings, load_settings
from storage.audit_actor import CLI_OPERATOR, operator_from_environment
from storage.db_errors import plain_failure
from storage.runner import require_database


class CommandError(Exception):
    """A command cannot go on; the message says what to do."""


def _user_errors() -> tuple[type[BaseException], ...]:
    """Every error type whose message is written for the person at the terminal."""
    found: list[type[BaseException]] = [ConfigError, CommandError]
    for module_name, attr in (
        ("dialogs.errors", "ContentError"),
        ("storage.errors", "StorageError"),
        ("analytics.errors", "ReportError"),
    ):
        try:
            found.append(getattr(importlib.import_module(module_name), attr))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command module in ``bot.commands`` registered."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", help="settings file (default: $CHECKIN_CONFIG or ./config.toml)"
    )
    common.add_argument("--db", help="SQLite database file to use instead of the configured one")
    parser = argparse.ArgumentParser(
        prog="checkin",
        description="MSP Check-in: ask adults at risk what they want, and how safe they feel.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers, common)
    return parser


def settings_for(args: argparse.Namespace) -> Settings:
    """Load settings for a command, applying ``--db`` over the configured database."""
    settings = load_settings(getattr(args, "config", None))
    if getattr(args, "db", None):
        settings.storage.url = f"sqlite:///{args.db}"
    return settings


def run_command(args: argparse.Namespace) -> int:
    """Load the settings and run the command's handler (refusing a missing database when
    it ``needs_database``)."""
    settings = settings_for(args)
    if getattr(args, "needs_database", False):
        require_database(settings.database_path)
    try:
        return int(args.handler(args, settings) or 0)
    except sqlite3.Error as exc:
        failure = plain_failure(exc, settings.database_path)
        if failure is None:
            raise  # not the operator's to fix: keep the traceback for a bug report
        raise failure from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``checkin`` command and return its exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    operator = CLI_OPERATOR.set(operator_from_environment())  # named in audit entries
    try:
        return run_command(args)
    except _user_errors() as exc:
        print(f"checkin: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("checkin: stopped.", file=sys.stderr)
        return 130
    finally:
        CLI_OPERATOR.reset(operator)


if __name__ == "__main__":
    raise SystemExit(main())
