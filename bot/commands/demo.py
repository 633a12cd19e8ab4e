"""``checkin demo``: make a synthetic partnership through the real engine and store, then a
board report of it. For trying the product and for the report's end-to-end test."""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import CommandError
from bot.config import Settings

DEFAULT_DEMO_DB = "demo.db"


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="make a synthetic partnership by running the real surveys, then report on it",
        description="Opens N synthetic cases and answers every survey through the real dialog "
        "engine and store (never by writing rows directly). Without --db it writes "
        f"{DEFAULT_DEMO_DB} next to the configured database, never into it.",
    )
    parser.add_argument("--cases", type=int, default=120, help="how many cases (default 120)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.set_defaults(handler=demo)


def demo_database(args: argparse.Namespace, settings: Settings) -> Path:
    """--db if given, else demo.db beside the configured database; never an existing file."""
    path = Path(args.db) if args.db else settings.database_path.with_name(DEFAULT_DEMO_DB)
    if path.exists():
        raise CommandError(f"{path} already exists: delete it or choose another --db PATH")
    return path


def demo(args: argparse.Namespace, settings: Settings) -> int:
    """Build the demo store, then write a board HTML report beside it."""
    from analytics.demo import DemoClock, build_demo
    from storage import open_store
    from storage.crypto import use_local_key_if_missing

    if args.cases < 1:
        raise CommandError("--cases must be at least 1")
    path = demo_database(args, settings)
    settings.storage.url = f"sqlite:///{path}"
    key_file = use_local_key_if_missing(settings)
    if key_file is not None:
        print(f"No data key was set, so a local one was made at {key_file} (keep it: without it "
              "the demo's answers cannot be read).")  # fmt: skip
    clock = DemoClock(datetime.now(UTC))

    async def make() -> object:
        async with open_store(settings, clock=clock) as store:
            return await build_demo(store, clock, args.cases, args.seed)

    started = time.perf_counter()
    result = asyncio.run(make())
    print(f"Demo store: {path} ({args.cases} cases, {result.surveys} surveys, "  # type: ignore[attr-defined]
          f"{result.turns} saved turns, {time.perf_counter() - started:.0f} s).")  # type: ignore[attr-defined]  # fmt: skip
    return _report(path, settings, key_file)


def _report(path: Path, settings: Settings, key_file: Path | None) -> int:
    from analytics.cli import make_report, write_report

    output = Path(settings.reports.output_dir) / f"{path.stem}-report.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    args = argparse.Namespace(
        date_from=None, date_to=None, organisation=None, team=None, by=["variant"],
        audience="board", output_format="html", output=output, sac_return=False,
    )  # fmt: skip
    write_report(make_report(args, settings), args)
    print(f"Board report: {output}")
    key = f"CHECKIN_STORAGE_KEY_FILE={key_file} " if key_file else ""
    print(f"More: {key}checkin report --db {path} --audience hub --by organisation --by month")
    return 0
