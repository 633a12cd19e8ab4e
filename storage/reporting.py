"""Read-only aggregate queries for the reports, and the plain records they return.

Analytics never loads every answer: the queries here count in SQL (GROUP BY) and hand back
small tables of counts, e.g. the first start safety level against the last end safety level
(at most 7 x 7 cells per group). The pure summaries in ``analytics/`` work on these records,
so they can be tested without a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dialogs.vocabulary import DONT_KNOW, MEASURE_SCALES, NON_ANSWERS, PREFER_NOT_TO_SAY
from storage.base import ANSWER_TEXT_LABEL

if TYPE_CHECKING:
    import aiosqlite

    from storage.store import Store

# Dimensions a report can be broken down by (``checkin report --by``).
DIMENSIONS: tuple[str, ...] = (
    "organisation",
    "team",
    "month",
    "quarter",
    "variant",
    "answered_by",
    "concern_type",
)
# A case whose answers were given in more than one variant, or by more than one kind of
# answerer, is grouped under this value rather than being counted twice.
MIXED = "mixed"
NO_ANSWERS = "no_answers"


@dataclass(frozen=True)
class SafetyCell:
    """Cases with this first start ``safety`` value and this last end ``safety`` value.

    A value is a level "1".."4", a non-answer ("dont_know", "prefer_not_to_say") or None
    when the case has no such answer.
    """

    start: str | None
    end: str | None
    count: int


@dataclass(frozen=True)
class AchievementCell:
    """Cases with outcomes expressed and an end survey, by the per-outcome answers given.

    Each flag says whether at least one of the case's outcomes got that answer (the last
    end ``outcome_achieved`` answer per outcome); ``any_non_answer`` covers don't know,
    prefer not to say and outcomes left unanswered.
    """

    any_yes: bool
    any_partly: bool
    any_no: bool
    any_non_answer: bool
    count: int


@dataclass(frozen=True)
class FlowCounts:
    """How far cases got: opened, invited, start and end surveys, and why no end survey."""

    opened: int = 0
    invites_used: int = 0
    start_completed: int = 0
    closed: int = 0
    end_completed: int = 0
    end_missing: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AlertCounts:
    """Danger alerts raised for the group's cases and how long acknowledgement took."""

    raised: int = 0
    acknowledged: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    minutes_to_acknowledge: tuple[float, ...] = ()


@dataclass(frozen=True)
class GroupCounts:
    """Every count a report needs for one group of cases (the whole selection or one row).

    ``sg4a`` maps expressed / none_expressed / not_asked to case counts; ``measures`` maps
    an end measure id to {value: cases}, using each case's last end answer (non-answers kept
    as their own values); ``support_flags_open`` is the number of wants_more_support flags
    not yet closed by the hub.
    """

    cases: int
    flow: FlowCounts = field(default_factory=FlowCounts)
    safety: tuple[SafetyCell, ...] = ()
    sg4a: dict[str, int] = field(default_factory=dict)
    achievement: tuple[AchievementCell, ...] = ()
    measures: dict[str, dict[str, int]] = field(default_factory=dict)
    alerts: AlertCounts = field(default_factory=AlertCounts)
    support_flags_open: int = 0


@dataclass(frozen=True)
class ReportCounts:
    """The whole selection plus one {value: counts} table per requested dimension."""

    overall: GroupCounts
    breakdowns: dict[str, dict[str, GroupCounts]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportFilters:
    """Which cases a report covers: opened between the dates (inclusive), org, team."""

    date_from: str | None = None
    date_to: str | None = None
    organisation: str | None = None
    team: str | None = None


# ---------------------------------------------------------------- the queries
#
# One pass builds a temporary per-case table (temp.report_fact) for the selected cases;
# every figure is then a GROUP BY over it, once per dimension. The temp tables live in the
# read snapshot and vanish when it is rolled back.

END_MEASURES: tuple[str, ...] = (
    "made_safer",
    "how_much_safer",
    "listened_to",
    "involved",
    "wellbeing",
    "wants_more_support",
)


def _pick(table: str, measure: str, timepoint: str, first: bool = False) -> list[str]:
    """A temp table of each case's first (min id) or last (max id) answer to one measure.

    SQLite gives the bare columns of the row holding the single min()/max(); with the
    covering index answers_for_reports (migration 0003) this never touches the table.
    """
    return [
        f"CREATE TEMP TABLE {table} (case_id INTEGER PRIMARY KEY, value TEXT, "
        "answered_by TEXT, variant TEXT)",
        f"INSERT INTO {table} SELECT case_id, value, answered_by, variant FROM ("
        f"SELECT case_id, {'min' if first else 'max'}(id), value, answered_by, variant "
        f"FROM answers WHERE measure = '{measure}' AND timepoint = '{timepoint}' "
        "GROUP BY case_id)",
    ]


def _per_case(table: str, columns: str, select: str) -> list[str]:
    return [
        f"CREATE TEMP TABLE {table} (case_id INTEGER PRIMARY KEY, {columns})",
        f"INSERT INTO {table} {select}",
    ]


_ACHIEVED = """SELECT case_id, max(v = 'yes'), max(v = 'partly'), max(v = 'no'),
       max(v NOT IN ('yes', 'partly', 'no')), count(*)
FROM (SELECT case_id, outcome_ref, max(id), value AS v FROM answers
      WHERE measure = 'outcome_achieved' AND timepoint = 'end' GROUP BY case_id, outcome_ref)
GROUP BY case_id"""
_SESSIONS = """SELECT p.case_id, max(s.timepoint = 'start'), max(s.timepoint = 'end')
FROM sessions s JOIN participants p ON p.id = s.participant_id
WHERE s.status = 'completed' GROUP BY p.case_id"""


def _fact_statements() -> list[str]:
    """SQL that fills temp.report_fact (one row per selected case) from temp.report_case.

    A case's answered_by and variant are those of its start and end safety answers: the
    value when they agree (or only one exists), 'mixed' when they differ.
    """
    statements = _pick("rf_start", "safety", "start", first=True)
    statements += _pick("rf_end", "safety", "end")
    for measure in END_MEASURES:
        statements += _pick(f"rf_{measure}", measure, "end")
    statements += _per_case(
        "rf_achieved", "any_yes, any_partly, any_no, any_non, answered", _ACHIEVED
    )
    statements += _per_case("rf_session", "start_done, end_done", _SESSIONS)
    statements += _per_case(
        "rf_sg4a", "expressed",
        "SELECT case_id, max(status = 'expressed') FROM outcome_revisions GROUP BY case_id",
    )  # fmt: skip
    statements += _per_case(
        "rf_outcomes", "active",
        "SELECT case_id, count(*) FROM outcomes WHERE active = 1 GROUP BY case_id",
    )  # fmt: skip
    statements += _per_case(
        "rf_invite", "used",
        "SELECT case_id, 1 FROM invites WHERE used_at IS NOT NULL GROUP BY case_id",
    )  # fmt: skip
    statements.append(_FACT)
    return statements


def _agreed(column: str) -> str:
    return (
        f"CASE WHEN s.{column} IS NULL AND e.{column} IS NULL THEN '{NO_ANSWERS}' "
        f"WHEN s.{column} IS NULL OR s.{column} = e.{column} THEN coalesce(e.{column}, s.{column}) "
        f"WHEN e.{column} IS NULL THEN s.{column} ELSE '{MIXED}' END"
    )


# Each case's facts are packed into two integers, so that a breakdown is a GROUP BY on
# (dimension, code) - a cheap sort - and Python unpacks the few hundred distinct codes.
# A value's code is its index in the tuple (0 for no answer); unknown values get OTHER.
OTHER = 7
SAFETY_VALUES = (None, "1", "2", "3", "4", DONT_KNOW, PREFER_NOT_TO_SAY)
REASON_VALUES = (None, "unsafe_to_contact", "declined", "lacks_capacity", "no_contact", "other",
                 "not_recorded")  # fmt: skip
SG4A_VALUES = ("not_asked", "none_expressed", "expressed")
MEASURE_VALUES = {m: (None, *MEASURE_SCALES[m], *NON_ANSWERS) for m in END_MEASURES}


def _code(expr: str, values: tuple[str | None, ...]) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values) if v is not None)
    return f"(CASE WHEN {expr} IS NULL THEN 0 ELSE CASE {expr} {whens} ELSE {OTHER} END END)"


def _missing_reason() -> str:
    reason = "coalesce(rc.no_end_survey_reason, 'not_recorded')"
    done = "coalesce(ss.end_done, 0)"
    coded = _code(reason, REASON_VALUES)
    return f"(CASE WHEN rc.state = 'closed' AND {done} = 0 THEN {coded} ELSE 0 END)"


# (name, bits, SQL over the joined per-case tables); the order fixes the bit positions.
FACT_FIELDS: tuple[tuple[str, int, str], ...] = (
    ("end_done", 1, "coalesce(ss.end_done, 0)"),
    ("invite_used", 1, "(i.used IS NOT NULL)"),
    ("start_done", 1, "coalesce(ss.start_done, 0)"),
    ("closed", 1, "(rc.state = 'closed')"),
    ("sg4a", 2, "(CASE g.expressed WHEN 1 THEN 2 WHEN 0 THEN 1 ELSE 0 END)"),
    ("missing", 3, _missing_reason()),
    ("any_yes", 1, "coalesce(a.any_yes, 0)"),
    ("any_partly", 1, "coalesce(a.any_partly, 0)"),
    ("any_no", 1, "coalesce(a.any_no, 0)"),
    ("any_non", 1, "(coalesce(a.any_non, 0) OR coalesce(a.answered, 0) < coalesce(o.active, 0))"),
    ("start", 3, _code("s.value", SAFETY_VALUES)),
    ("end", 3, _code("e.value", SAFETY_VALUES)),
)
MEASURE_FIELDS = tuple((m, 3, _code(f"rf_{m}.value", MEASURE_VALUES[m])) for m in END_MEASURES)


def _pack(fields: tuple[tuple[str, int, str], ...]) -> str:
    parts, shift = [], 0
    for _, bits, expr in fields:
        parts.append(f"({expr} << {shift})")
        shift += bits
    return " + ".join(parts)


def unpack(code: int, fields: tuple[tuple[str, int, str], ...]) -> dict[str, int]:
    """The fields packed into ``code`` by ``_pack``, as integers."""
    values, shift = {}, 0
    for name, bits, _ in fields:
        values[name] = (code >> shift) & ((1 << bits) - 1)
        shift += bits
    return values


def _decode(code: int, values: tuple[str | None, ...]) -> str | None:
    return values[code] if code < len(values) else "other_value"


_FACT = f"""CREATE TEMP TABLE report_fact AS SELECT rc.case_id, rc.organisation, rc.team,
  rc.month, rc.quarter, rc.concern_types,
  {_agreed("answered_by")} AS answered_by, {_agreed("variant")} AS variant,
  {_pack(FACT_FIELDS)} AS fact_code,
  {_pack(MEASURE_FIELDS)} AS measure_code
FROM temp.report_case rc
LEFT JOIN temp.rf_start s ON s.case_id = rc.case_id
LEFT JOIN temp.rf_end e ON e.case_id = rc.case_id
{chr(10).join(f"LEFT JOIN temp.rf_{m} ON rf_{m}.case_id = rc.case_id" for m in END_MEASURES)}
LEFT JOIN temp.rf_achieved a ON a.case_id = rc.case_id
LEFT JOIN temp.rf_session ss ON ss.case_id = rc.case_id
LEFT JOIN temp.rf_sg4a g ON g.case_id = rc.case_id
LEFT JOIN temp.rf_outcomes o ON o.case_id = rc.case_id
LEFT JOIN temp.rf_invite i ON i.case_id = rc.case_id"""


_SELECT_CASES = """CREATE TEMP TABLE report_case AS
SELECT c.id AS case_id, o.name AS organisation, t.name AS team,
       substr(c.opened_at, 1, 7) AS month,
       substr(c.opened_at, 1, 4) || '-Q' || ((CAST(substr(c.opened_at, 6, 2) AS INTEGER) + 2) / 3)
         AS quarter,
       c.state AS state, c.no_end_survey_reason AS no_end_survey_reason,
       CASE WHEN c.concern_types IN ('', '[]') THEN '["not_recorded"]'
            ELSE c.concern_types END AS concern_types
FROM cases c JOIN organisations o ON o.id = c.organisation_id JOIN teams t ON t.id = c.team_id
WHERE (:date_from IS NULL OR c.opened_at >= :date_from)
  AND (:date_until IS NULL OR c.opened_at < :date_until)
  AND (:organisation IS NULL OR o.name = :organisation)
  AND (:team IS NULL OR t.name = :team)"""


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
        self.end_completed = self.support_flags_open = 0
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
        missing = _decode(f["missing"], REASON_VALUES)
        if missing is not None:
            self.end_missing[missing] = self.end_missing.get(missing, 0) + count
        if sg4a == "expressed" and f["end_done"]:
            flags = tuple(bool(f[k]) for k in ("any_yes", "any_partly", "any_no", "any_non"))
            self.achievement[flags] += count
        start, end = _decode(f["start"], SAFETY_VALUES), _decode(f["end"], SAFETY_VALUES)
        self.safety[(start, end)] += count

    def add_measures(self, code: int, count: int) -> None:
        """One (measure code, cases) row of the "measures" query."""
        for measure, value_code in unpack(code, MEASURE_FIELDS).items():
            value = _decode(value_code, MEASURE_VALUES[measure])
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


def _period(filters: ReportFilters) -> dict[str, str | None]:
    until = None
    if filters.date_to:
        until = (date.fromisoformat(filters.date_to) + timedelta(days=1)).isoformat()
    return {
        "date_from": filters.date_from,
        "date_until": until,
        "organisation": filters.organisation,
        "team": filters.team,
    }


async def report_counts(
    store: Store, filters: ReportFilters, dimensions: Sequence[str] = ()
) -> ReportCounts:
    """Every count a report needs, for the whole selection and each requested dimension.

    The answered_by breakdown is always included (self and representative answers are
    reported separately as well as together). Read-only: one consistent snapshot.
    """
    wanted = dict.fromkeys(dimensions)
    async with store._ctx.db.reading() as conn:  # storage-internal: same package
        await conn.execute(_SELECT_CASES, _period(filters))
        for statement in _fact_statements():
            await conn.execute(statement)
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
    async with ctx.db.reading() as conn:
        await conn.execute(_SELECT_CASES, _period(filters))
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
