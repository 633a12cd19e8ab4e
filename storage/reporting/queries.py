"""The report queries: one snapshot, per-case facts, then GROUP BY per dimension.

Analytics never loads every answer: everything is counted in SQL and only small tables of
counts come back. The temp tables live in the read snapshot and vanish with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storage.base import ANSWER_TEXT_LABEL
from storage.reporting.corrections import correct_changed_answers
from storage.reporting.facts import MISSING_FACTS, ROWS_MISSING, fact_rows, select_cases
from storage.reporting.periods import month_table, period_parameters
from storage.reporting.records import DIMENSIONS, GroupCounts, ReportCounts, ReportFilters
from storage.reporting.tallies import GroupTally

if TYPE_CHECKING:
    import aiosqlite

    from storage.store import Store


# The temp.report_fact column a dimension reads (concern_type: a JSON list per case).
_COLUMN = {"concern_type": "concern_types"}


def _source(dimension: str) -> tuple[str, str]:
    """(dimension expression, FROM clause) for one breakdown; 'all' is the whole selection."""
    if dimension == "all":
        return "'all'", "temp.report_fact f"
    if dimension == "concern_type":
        return "j.value", "temp.report_fact f, json_each(f.concern_types) j"
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    return f"f.{dimension}", "temp.report_fact f"


def _group_queries(dimension: str) -> dict[str, str]:
    """Two passes per dimension (case facts, end measures) plus two small alert reads."""
    dim, src = _source(dimension)
    alerts = f"FROM {src} JOIN alerts a ON a.case_id = f.case_id"
    return {
        "facts": f"SELECT {dim}, f.fact_code, count(*) FROM {src} GROUP BY 1, 2",
        "measures": f"SELECT {dim}, f.measure_code, count(*) FROM {src} GROUP BY 1, 2",
        "alerts": f"SELECT {dim}, a.reason, count(*), count(a.acknowledged_at) {alerts} "
        "GROUP BY 1, 2",
        "waits": f"SELECT {dim}, (julianday(a.acknowledged_at) - julianday(a.raised_at)) * 1440.0 "
        f"{alerts} WHERE a.reason <> 'wants_support' AND a.acknowledged_at IS NOT NULL",
    }


async def _grouped(
    conn: aiosqlite.Connection, dimension: str, total: GroupTally | None = None
) -> dict[str, GroupCounts]:
    """Every count for each value of one dimension; each row is also added to ``total``
    (the answered_by values partition the cases, so their sum is the whole selection)."""
    groups: dict[str, GroupTally] = {}
    queries = _group_queries(dimension)

    async def rows(name: str) -> list[tuple[list[GroupTally], tuple]]:
        async with conn.execute(queries[name]) as cursor:
            found = await cursor.fetchall()
        return [
            (
                [groups.setdefault(str(row[0]), GroupTally()), *([total] if total else [])],
                tuple(row)[1:],
            )
            for row in found
        ]

    for targets, (code, count) in await rows("facts"):
        for group in targets:
            group.add_facts(code, count)
    for targets, (code, count) in await rows("measures"):
        for group in targets:
            group.add_measures(code, count)
    for targets, row in await rows("alerts"):
        for group in targets:
            group.add_alerts(*row)
    for targets, (minutes,) in await rows("waits"):
        for group in targets:
            group.waits.append(round(float(minutes), 2))
    return {value: group.freeze() for value, group in groups.items()}


async def _select_cases(
    conn: aiosqlite.Connection, filters: ReportFilters, dimensions: Sequence[str]
) -> None:
    """Fill temp.report_fact: one row per selected case, with the breakdown columns the
    dimensions need, from case_facts and (rarely: after erasure, or answers changed with
    Back, see ``corrections``) the view."""
    for dimension in dimensions:
        if dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dimension!r}")
    columns = list(dict.fromkeys(_COLUMN.get(d, d) for d in dimensions))
    params = period_parameters(filters)
    if "month" in columns or "quarter" in columns:
        await month_table(conn, filters.timezone)
    selected = fact_rows("case_facts", columns, filters.concluded)
    await conn.execute(f"CREATE TEMP TABLE report_fact AS {selected}", params)
    async with conn.execute(ROWS_MISSING) as cursor:
        (missing,) = await cursor.fetchone()  # type: ignore[misc]
    if missing:
        await conn.execute(MISSING_FACTS)
        await conn.execute(
            f"INSERT INTO temp.report_fact "
            f"{fact_rows('temp.missing_facts', columns, filters.concluded)}",
            params,
        )
    await correct_changed_answers(conn, columns, filters.concluded, params)


async def report_counts(
    store: Store, filters: ReportFilters, dimensions: Sequence[str] = ()
) -> ReportCounts:
    """Every count a report needs, for the whole selection and each requested dimension.

    The answered_by breakdown is always included (self and representative answers are
    reported separately as well as together). Read-only: one consistent snapshot, on a
    connection of its own (``Database.snapshot``), so saves go on while it runs.
    """
    wanted = dict.fromkeys(dimensions)
    # A read-only connection of its own: a long report never holds up the bot's writes.
    async with store._ctx.db.snapshot() as conn:  # storage-internal: same package
        await _select_cases(conn, filters, ["answered_by", *wanted])
        total = GroupTally()
        breakdowns = {"answered_by": await _grouped(conn, "answered_by", total)}
        for dimension in wanted:
            if dimension not in breakdowns:
                breakdowns[dimension] = await _grouped(conn, dimension)
        overall = total.freeze()
    return ReportCounts(overall=overall, breakdowns=breakdowns)


async def free_texts(store: Store, filters: ReportFilters) -> dict[str, list[str]]:
    """HUB ONLY: the decrypted start (how_will_we_know) and end (comments) free texts of the
    selected cases, for an indicative polarity figure. The caller must never show them."""
    found: dict[str, list[str]] = {"start": [], "end": []}
    ctx = store._ctx  # storage-internal: decryption needs the keyring
    async with ctx.db.snapshot() as conn:
        await conn.execute(select_cases(filters.concluded), period_parameters(filters))
        async with conn.execute(
            "SELECT a.timepoint, a.text_enc FROM answers a "
            "WHERE a.case_id IN (SELECT case_id FROM temp.report_case) AND a.text_enc IS NOT NULL"
            " AND ((a.timepoint = 'start' AND a.measure = 'how_will_we_know')"
            "   OR (a.timepoint = 'end' AND a.measure = 'comments'))"
        ) as cursor:
            async for timepoint, blob in cursor:
                text = ctx.keyring.decrypt_text(blob, ANSWER_TEXT_LABEL)
                if text:
                    found[timepoint].append(text)
    return found
