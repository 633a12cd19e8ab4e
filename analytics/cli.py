"""``checkin report`` (and ``python -m analytics``): arguments, reading the store, writing.

One report run is one aggregate read of the selected cases, recorded as one audit entry.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from analytics.build import build_report
from analytics.errors import ReportError
from analytics.formats.sac import to_sac_csv
from analytics.formats.text import to_csv_stream, to_json, to_table, write_csv_folder
from analytics.schema import Filters, FreeText, Report
from analytics.sentiment import summarise_polarity
from bot.config import Settings
from storage import Store, open_store
from storage.reporting import ReportCounts, ReportFilters, free_texts, report_counts

FILE_ONLY = ("xlsx", "html")
HTML_DIMENSIONS = ("organisation", "month")  # the HTML charts need these breakdowns


def _day(text: str | None, option: str) -> str | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ReportError(f"{option} must be a date like 2026-04-30, not {text!r}") from None


def filters_from(args: argparse.Namespace) -> ReportFilters:
    """The selection the arguments ask for; a bad date or range says how to fix it."""
    date_from, date_to = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise ReportError("--from must be on or before --to")
    if args.output_format in FILE_ONLY and args.output is None and not args.sac_return:
        raise ReportError(f"--format {args.output_format} writes a file: add --output PATH")
    # The SAC return counts enquiries concluded in the period (SAC SG2/SG4 notes), not
    # cases opened in it: open cases are left out, and a case opened in March and closed in
    # April belongs to the year starting in April.
    return ReportFilters(
        date_from, date_to, args.organisation, args.team, concluded=bool(args.sac_return)
    )


async def collect(
    settings: Settings, selection: ReportFilters, dims: list[str], args: argparse.Namespace
) -> tuple[ReportCounts, FreeText | None]:
    """Read the counts (and, for the hub, the free-text tone) and audit the run once."""
    async with open_store(settings) as store:
        counts = await report_counts(store, selection, dims)
        free_text = await _free_text(store, selection, counts) if args.audience == "hub" else None
        await store.record_audit(
            "cli", "report_run", None, audience=args.audience, format=args.output_format,
            by=dims, organisation=selection.organisation, team=selection.team,
            date_from=selection.date_from, date_to=selection.date_to,
            concluded=selection.concluded, sac_return=args.sac_return,
            cases=counts.overall.cases,
        )  # fmt: skip
    return counts, free_text


async def _free_text(store: Store, selection: ReportFilters, counts: ReportCounts) -> FreeText:
    """Hub only: the indicative tone of start and end comments; the texts go no further."""
    texts = await free_texts(store, selection)
    return FreeText(
        start=summarise_polarity(texts["start"]),
        end=summarise_polarity(texts["end"]),
        danger_alerts=counts.overall.alerts.raised,
    )


def _zone(settings: Settings) -> str:
    """The partnership's time zone (config reminders.timezone): report days are local."""
    zone = settings.reminders.timezone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReportError(
            f"Config 'reminders.timezone' is {zone!r}, not a time zone: use one like Europe/London"
        ) from None
    return zone


def warm_statistics() -> threading.Thread:
    """Import scipy.stats (for the Wilcoxon test) in a background thread: it takes 1.5-2 s
    and needs nothing from the store, and the store's queries run in their own thread
    with the GIL released, so the two overlap. Python's import lock makes the later
    ``from scipy import stats`` wait for this import rather than start another."""
    thread = threading.Thread(target=importlib.import_module, args=("scipy.stats",), daemon=True)
    thread.start()
    return thread


def make_report(args: argparse.Namespace, settings: Settings) -> Report:
    """Read the store named by ``settings`` and build the report the arguments ask for."""
    selection = replace(filters_from(args), timezone=_zone(settings))
    database = settings.database_path
    if not database.exists():
        raise ReportError(f"There is no database at {database}: pass --db PATH, or make a "
                          "demo one with 'checkin demo'")  # fmt: skip
    dims = list(dict.fromkeys(args.by))
    if args.output_format == "html":
        dims = list(dict.fromkeys([*dims, *HTML_DIMENSIONS]))
    warm_statistics()  # loads while the store is read: about half a report's time
    counts, free_text = asyncio.run(collect(settings, selection, dims, args))
    filters = Filters(
        date_from=selection.date_from,
        date_to=selection.date_to,
        organisation=selection.organisation,
        team=selection.team,
        by=dims,
        concluded=selection.concluded,
        timezone=selection.timezone,
    )
    return build_report(counts, filters, args.audience, free_text=free_text)


def write_report(report: Report, args: argparse.Namespace) -> str | None:
    """Write the report as asked; returns text for stdout, or None when a file was written."""
    output: Path | None = args.output
    if args.sac_return:
        return _to_file_or_text(to_sac_csv(report), output)
    fmt = args.output_format
    if fmt == "xlsx":
        from analytics.formats.xlsx import write_xlsx

        write_xlsx(report, output)  # type: ignore[arg-type]
    elif fmt == "html":
        from analytics.formats.html import write_html  # loads matplotlib: only when asked

        write_html(report, output)  # type: ignore[arg-type]
    elif fmt == "csv" and output is not None:
        write_csv_folder(report, output)
    else:
        text = {"table": to_table, "json": to_json, "csv": to_csv_stream}[fmt](report)
        return _to_file_or_text(text, output)
    return None


def _to_file_or_text(text: str, output: Path | None) -> str | None:
    if output is None:
        return text
    output.write_text(text, encoding="utf-8")
    return None


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    """The command's handler: build, write, and say where the file went."""
    report = make_report(args, settings)
    text = write_report(report, args)
    if text is not None:
        sys.stdout.write(text)
    else:
        print(f"Report written to {args.output} ({report.audience} audience).")
    return 0
