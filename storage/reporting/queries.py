"""The report queries: one snapshot, per-case facts, then GROUP BY per dimension.

Analytics never loads every answer: everything is counted in SQL and only small tables of
counts come back. The temp tables live in the read snapshot and vanish with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storage.base import ANSWER_TEXT_LABEL
from storage.reporting.corrections import correct_changed_answers
from storage.reporting.facts import (
    FACT_FIELDS,
    MEASURE_FIELDS,
    MEASURE_VALUES,
    MISSING_FACTS,
    REASON_VALUES,
    ROWS_MISSING,
    SAFETY_VALUES,
    SG4A_VALUES,
    decode,
    fact_rows,
    select_cases,
    unpack,
)
from storage.reporting.periods import month_table, period_parameters
from storage.reporting.records import (
    DIMENSIONS,
    AchievementCell,
    AlertCounts,
    FlowCounts,
    GroupCounts,
    ReportCounts,
    ReportFilters,
    SafetyCell,
)

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


class _Group:
    """Mutable tallies for one group while the query results are read."""

    def __init__(self) -> None:
        self.cases = self.invites_used = self.start_completed = self.closed = 0
        self.end_completed = self.support_flags_open = self.expressed_no_end = 0
        self.alerts_raised = self.alerts_acknowledged = 0
        self.end_missing: dict[str, int] = {}
        self.sg4a: dict[str, int] = {}
        self.alert_reasons: dict[str, int] = {}
        self.safety: Counter[tuple[str | None, str | None]] = Counter()
        self.achievement: Counter[tuple[bool, ...]] = Counter()
        self.measures: dict[str, dict[str, int]] = {}
        self.waits: list[float] = []

    def add_facts(self, code: int, count: int) -> None:
        """One (fact code, cases) row of the "facts" query."""
        f = unpack(code, FACT_FIELDS)
        self.cases += count
        self.invites_used += count * f["invite_used"]
        self.start_completed += count * f["start_done"]
        self.closed += count * f["closed"]
        self.end_completed += count * f["end_done"]
        sg4a = SG4A_VALUES[f["sg4a"]]
        self.sg4a[sg4a] = self.sg4a.get(sg4a, 0) + count
        missing = decode(f["missing"], REASON_VALUES)
        if missing is not None:
            self.end_missing[missing] = self.end_missing.get(missing, 0) + count
        if sg4a == "expressed" and f["end_done"]:
            flags = tuple(bool(f[k]) for k in ("any_yes", "any_partly", "any_no", "any_non"))
            self.achievement[flags] += count
        elif sg4a == "expressed":
            self.expressed_no_end += count
        start, end = decode(f["start"], SAFETY_VALUES), decode(f["end"], SAFETY_VALUES)
        self.safety[(start, end)] += count

    def add_measures(self, code: int, count: int) -> None:
        """One (measure code, cases) row of the "measures" query."""
        for measure, value_code in unpack(code, MEASURE_FIELDS).items():
            value = decode(value_code, MEASURE_VALUES[measure])
            if value is not None:
                counts = self.measures.setdefault(measure, {})
                counts[value] = counts.get(value, 0) + count

    def add_alerts(self, reason: str, raised: int, acknowledged: int) -> None:
        if reason == "wants_support":
            self.support_flags_open += raised - acknowledged
            return
        self.alerts_raised += raised
        self.alerts_acknowledged += acknowledged
        self.alert_reasons[reason] = self.alert_reasons.get(reason, 0) + raised

    def freeze(self) -> GroupCounts:
        return GroupCounts(
            cases=self.cases,
            flow=FlowCounts(self.cases, self.invites_used, self.start_completed, self.closed,
                            self.end_completed, dict(sorted(self.end_missing.items()))),
            safety=tuple(SafetyCell(s, e, n) for (s, e), n in self.safety.items()),
            sg4a=self.sg4a,
            achievement=tuple(AchievementCell(*flags, n) for flags, n in self.achievement.items()),
            measures=self.measures,
            alerts=AlertCounts(self.alerts_raised, self.alerts_acknowledged,
                               self.alert_reasons, tuple(self.waits)),
            support_flags_open=self.support_flags_open,
            outcomes_without_end_survey=self.expressed_no_end,
        )  # fmt: skip


async def _grouped(
    conn: aiosqlite.Connection, dimension: str, total: _Group | None = None
) -> dict[str, GroupCounts]:
    """Every count for each value of one dimension; each row is also added to ``total``
    (the answered_by values partition the cases, so their sum is the whole selection)."""
    groups: dict[str, _Group] = {}
    queries = _group_queries(dimension)

    async def rows(name: str) -> list[tuple[list[_Group], tuple]]:
        async with conn.execute(queries[name]) as cursor:
            found = await cursor.fetchall()
        return [
            (
                [groups.setdefault(str(row[0]), _Group()), *([total] if total else [])],
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
        total = _Group()
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
