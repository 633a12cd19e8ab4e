"""The report command's options: light to import, so building the ``checkin`` parser does
not load scipy or matplotlib. Shared by ``checkin report`` and ``python -m analytics``."""

from __future__ import annotations

import argparse
from pathlib import Path

from analytics.suppress import AUDIENCES
from storage.reporting import DIMENSIONS

FORMATS = ("table", "json", "csv", "xlsx", "html")


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """The report's options, shared by ``checkin report`` and ``python -m analytics``."""
    parser.add_argument(
        "--from",
        dest="date_from",
        metavar="YYYY-MM-DD",
        help="cases opened (--sac-return: closed) on or after this day "
        "(a local day: config reminders.timezone)",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        metavar="YYYY-MM-DD",
        help="cases opened (--sac-return: closed) on or before this day",
    )
    parser.add_argument("--org", dest="organisation", help="one organisation only")
    parser.add_argument(
        "--team", help="one team name only (every organisation's team of that name: add --org)"
    )
    parser.add_argument(
        "--by", action="append", choices=DIMENSIONS, default=[], help="add a breakdown (repeatable)"
    )
    parser.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="board",
        help="board (default): small numbers protected; hub: exact counts",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", dest="output_format")
    parser.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="file to write (a folder for csv); required for xlsx and html",
    )
    parser.add_argument("--sac-return", action="store_true",
                        help="write the SAC-style CSV return (MSP fields) of the cases "
                        "closed between --from and --to instead")  # fmt: skip
