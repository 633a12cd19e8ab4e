"""``checkin report``: before/after safety and outcomes reports for the hub and the board."""

from __future__ import annotations

import argparse

from bot.config import Settings


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
    parser.set_defaults(handler=report)


def report(args: argparse.Namespace, settings: Settings) -> int:
    """Build and write the report the options ask for."""
    from analytics.cli import run_report

    return run_report(args, settings)
