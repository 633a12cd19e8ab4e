"""Report periods in the partnership's own time zone, over times stored in UTC.

People ask for "April" or "--from 2026-04-01" in local time: in Europe/London a case opened
at 00:30 on 1 April (BST) is stored as 23:30 UTC on 31 March. So the days of ``--from`` and
``--to`` become the UTC moments of local midnight, and the month (and quarter) a case falls
in is looked up in a small temp table of the UTC moments at which each local month starts.
With the time zone ``UTC`` every figure is as before.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from storage.clock import to_text

if TYPE_CHECKING:
    import aiosqlite

    from storage.reporting.records import ReportFilters

# The local month of the moment c.opened_at, from temp.report_month (made by month_table).
# A local day is at most one day from the UTC day, so only a case opened on a UTC 1st or
# 28th-31st can be in another local month: the others skip the look-up (cheap at 200,000).
MONTH_SQL = (
    "(CASE WHEN substr(c.opened_at, 9, 2) NOT IN ('01', '28', '29', '30', '31') "
    "THEN substr(c.opened_at, 1, 7) ELSE (SELECT m.month FROM temp.report_month m "
    "WHERE m.utc_start <= c.opened_at ORDER BY m.utc_start DESC LIMIT 1) END)"
)
QUARTER_SQL = (
    f"(substr({MONTH_SQL}, 1, 4) || '-Q' || ((CAST(substr({MONTH_SQL}, 6, 2) AS INTEGER) + 2) / 3))"
)


def local_midnight(day: str, timezone: str) -> str:
    """The stored (UTC) text of the first moment of ``day`` in ``timezone``."""
    start = datetime.combine(date.fromisoformat(day), time(0), tzinfo=ZoneInfo(timezone))
    return to_text(start)


def period_parameters(filters: ReportFilters) -> dict[str, str | None]:
    """The SQL parameters of a selection (see ``facts.where``): local days as UTC moments,
    ``--to`` inclusive (up to the next local midnight)."""
    until = None
    if filters.date_to:
        next_day = (date.fromisoformat(filters.date_to) + timedelta(days=1)).isoformat()
        until = local_midnight(next_day, filters.timezone)
    start = local_midnight(filters.date_from, filters.timezone) if filters.date_from else None
    return {
        "date_from": start,
        "date_until": until,
        "organisation": filters.organisation,
        "team": filters.team,
    }


def month_starts(first: datetime, last: datetime, timezone: str) -> list[tuple[str, str]]:
    """(UTC text of the local month's first moment, 'YYYY-MM') for every local month from
    the one holding ``first`` to the one holding ``last``."""
    zone = ZoneInfo(timezone)
    local_first, local_last = first.astimezone(zone), last.astimezone(zone)
    year, month = local_first.year, local_first.month
    starts = []
    while (year, month) <= (local_last.year, local_last.month):
        starts.append((to_text(datetime(year, month, 1, tzinfo=zone)), f"{year}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


async def month_table(conn: aiosqlite.Connection, timezone: str) -> None:
    """temp.report_month: where each local month starts, over every case's opening."""
    await conn.execute(
        "CREATE TEMP TABLE report_month (utc_start TEXT PRIMARY KEY, month TEXT NOT NULL)"
    )
    async with conn.execute("SELECT min(opened_at), max(opened_at) FROM cases") as cursor:
        first, last = await cursor.fetchone()  # type: ignore[misc]
    if first is None:
        return
    moments = [datetime.fromisoformat(text[:-1] + "+00:00") for text in (first, last)]
    await conn.executemany(
        "INSERT INTO temp.report_month VALUES (?, ?)", month_starts(*moments, timezone)
    )
