"""``checkin report``: before/after safety and outcomes reports for the hub and the board."""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path

from bot.cli import CommandError
from bot.config import Settings
from storage.runner import is_store_file


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from analytics.arguments import add_report_arguments

    parser = subparsers.add_parser(
        "report",
        parents=[common],
        help="paired safety, outcomes and experience reports (board: small numbers protected)",
        description="Report on the cases in the store. Board reports (the default) hide "
        "counts of 0-4 and round the rest to 5; hub reports show exact counts.",
    )
    add_report_arguments(parser)
    parser.set_defaults(handler=report, needs_database=True)


def _writes_folder(args: argparse.Namespace) -> bool:
    """``--format csv --output PATH`` writes a folder of CSV files (made if missing)."""
    return args.output_format == "csv" and not args.sac_return


def _example_name(args: argparse.Namespace) -> str:
    extension = "csv" if args.sac_return else {"table": "txt"}.get(args.output_format)
    return f"report.{extension or args.output_format}"


def check_output(args: argparse.Namespace, database: Path | None = None) -> None:
    """Refuse, before the store is read (and the run audited), an --output the report could
    not be written to: a missing folder, one this user cannot write, a folder given as a
    file, or the ``database`` itself or one of its files (it would be overwritten)."""
    output: Path | None = args.output
    if output is None:
        return
    if database is not None and is_store_file(output, database):
        raise CommandError(
            f"{output} is the database or one of its files: choose another --output. "
            "Nothing was written."
        )
    if _writes_folder(args):
        if output.exists() and not output.is_dir():
            raise CommandError(
                f"{output} is a file: --format csv writes a folder of files; "
                "give a folder for --output. Nothing was written."
            )
        folder = next(p for p in (output, *output.parents) if p.exists())  # made below it
    else:
        if output.is_dir():
            raise CommandError(
                f"{output} is a folder: give --output a file name in it "
                f"(for example {output / _example_name(args)}). Nothing was written."
            )
        folder = output.parent
        if not folder.is_dir():
            raise CommandError(
                f"The folder {folder} does not exist: make it first "
                f"(mkdir -p {shlex.quote(str(folder))}) or choose another --output. "
                "Nothing was written."
            )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(
            f"The folder {folder} cannot be written by this user: choose "
            "another --output, or run the command as the service's user "
            "(checkin-admin). Nothing was written."
        )


def report(args: argparse.Namespace, settings: Settings) -> int:
    """Build and write the report the options ask for."""
    from analytics.cli import run_report

    check_output(args, settings.database_path)
    try:
        return run_report(args, settings)
    except OSError as exc:  # the folder changed after the check, or the disk filled up
        if args.output is None:
            raise
        raise CommandError(
            f"The report could not be written to {args.output} ({exc.strerror or exc})."
        ) from exc
