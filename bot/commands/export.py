"""``checkin export answers --format csv [--include-text] [--output PATH]``: one row per
answer. Free text only with ``--include-text``; every export goes in the audit log."""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
from dataclasses import fields
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from storage.crypto import load_key
from storage.models import ExportRow
from storage.store import open_store

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


async def _write(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    columns = COLUMNS + (["text"] if args.include_text else [])
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    async with open_store(settings) as store:
        async for row in store.export_answers(
            include_text=args.include_text, organisation=args.org
        ):
            writer.writerow([_cell(getattr(row, c), c) for c in columns])
            count += 1
    return count


def export_answers_command(args: argparse.Namespace, settings: Settings) -> int:
    load_key(settings)  # no key: say so before creating an empty output file
    if args.output is None:
        asyncio.run(_write(settings, args, sys.stdout))
        return 0
    # Owner-only: the file holds case data (and, with --include-text, people's words).
    fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        count = asyncio.run(_write(settings, args, handle))
    print(f"Wrote {count} answer(s) to {args.output}.")
    return 0
