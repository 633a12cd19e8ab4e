"""``checkin export answers --format csv [--include-text] [--output PATH]``: one row per
answer. Free text only with ``--include-text``; every export goes in the audit log.

An output file is owner-only (0600) whatever it was before, and is opened only once the
store has opened: a wrong key or a busy database leaves an earlier export untouched
instead of a file that looks like an export with no answers."""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from storage.crypto import load_key
from storage.models import ExportRow
from storage.runner import is_store_file
from storage.store import Store, open_store

COLUMNS = [f.name for f in fields(ExportRow) if f.name != "text"]
# A cell starting with one of these is a formula in Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("export", parents=[common], help="export stored data")
    actions = parser.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    answers = actions.add_parser("answers", parents=[common], help="one row per answer")
    answers.add_argument("--format", choices=["csv"], default="csv")
    answers.add_argument("--include-text", action="store_true", help="include free text")
    answers.add_argument("--org", help="only this organisation's cases")
    answers.add_argument("--output", type=Path, help="file to write (default: standard output)")
    answers.set_defaults(handler=export_answers_command, needs_database=True)


def _cell(value: object, column: str) -> object:
    """A CSV cell; typed words that a spreadsheet would run as a formula are quoted."""
    if value is None:
        return ""
    if column == "text" and isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


@contextmanager
def owner_only_file(path: Path) -> Iterator[TextIO]:
    """``path`` opened for writing, emptied, and readable by its owner only (0600), even
    when it already existed with a wider mode (the file holds case data and, with
    --include-text, people's words). The mode is set before anything is emptied or written."""
    from bot.cli import CommandError

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise CommandError(
            f"The export could not be written to {path} ({exc.strerror or exc}): choose "
            "another --output. Nothing was exported."
        ) from exc
    try:
        os.fchmod(fd, 0o600)
        os.ftruncate(fd, 0)
    except OSError as exc:
        os.close(fd)
        raise CommandError(
            f"{path} cannot be made readable by its owner only ({exc.strerror or exc}): "
            "choose another --output. Nothing was exported."
        ) from exc
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        yield handle


async def _write_rows(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    columns = COLUMNS + (["text"] if args.include_text else [])
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    destination = "standard output" if args.output is None else str(args.output.resolve())
    rows = store.export_answers(
        include_text=args.include_text, organisation=args.org, destination=destination
    )
    async for row in rows:
        writer.writerow([_cell(getattr(row, c), c) for c in columns])
        count += 1
    return count


def refuse_store_files(output: Path, database: Path) -> None:
    """An --output that is the database or one of its companion files would be emptied
    and overwritten (a slip of the keyboard would wipe the store): refuse it."""
    from bot.cli import CommandError

    if is_store_file(output, database):
        raise CommandError(
            f"{output} is the database or one of its files: choose another --output. "
            "Nothing was exported."
        )


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    """Open the store first, then the output: nothing is written unless the store opened."""
    if args.output is not None:
        refuse_store_files(args.output, settings.database_path)
    async with open_store(settings) as store:
        if args.output is None:
            return await _write_rows(store, args, sys.stdout)
        with owner_only_file(args.output) as handle:
            return await _write_rows(store, args, handle)


def export_answers_command(args: argparse.Namespace, settings: Settings) -> int:
    load_key(settings)  # no key: say so before anything is opened
    count = asyncio.run(_export(settings, args))
    if args.output is not None:
        print(f"Wrote {count} answer(s) to {args.output}.")
    return 0
