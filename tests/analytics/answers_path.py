"""TEST ORACLE: the report's previous query path, which built every case's facts from the
answers at report time (storage/reporting before migration 0004's case_facts).

Kept only to prove that the case_facts path gives the same report. It packs the same
fields into the same codes (checked by ``same_layout``) and reuses the GROUP BY passes.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage import Store
from storage.reporting import facts, queries
from storage.reporting.dimensions import BASELINE_ID
from storage.reporting.facts import (
    END_MEASURES,
    MEASURE_VALUES,
    REASON_VALUES,
    SAFETY_VALUES,
)
from storage.reporting.facts import _code as code
from storage.reporting.facts import _pack as pack
from storage.reporting.periods import period_parameters
from storage.reporting.records import MIXED, NO_ANSWERS, ReportCounts, ReportFilters
from storage.reporting.tallies import GroupTally


def _pick(table: str, measure: str, timepoint: str, first: bool = False) -> list[str]:
    """The last answer per case; ``first``: the baseline (the last of the first session)."""
    # who the answerer is, in the oracle's own words (dimensions._REPRESENTATIVE's rule)
    who = (
        "CASE WHEN answered_by <> 'representative' THEN 'no_representative' ELSE coalesce("
        "(SELECT rep_kind FROM participants p WHERE p.id = participant_id "
        "AND p.kind = 'representative'), 'kind_not_said') END"
    )
    if first:
        baseline = BASELINE_ID.format(case="s.case_id")
        chosen = (
            f"SELECT case_id, value, answered_by, variant, language, {who} FROM answers "
            f"WHERE id IN (SELECT {baseline} FROM (SELECT "
            f"DISTINCT case_id FROM answers WHERE measure = '{measure}' "
            f"AND timepoint = '{timepoint}') s)"
        )
    else:
        chosen = (
            f"SELECT case_id, value, answered_by, variant, language, {who} FROM (SELECT "
            "case_id, max(id), value, answered_by, variant, language, participant_id FROM "
            f"answers WHERE measure = '{measure}' AND timepoint = '{timepoint}' GROUP BY case_id)"
        )
    return [
        f"CREATE TEMP TABLE {table} (case_id INTEGER PRIMARY KEY, value TEXT, "
        "answered_by TEXT, variant TEXT, language TEXT, representative TEXT)",
        f"INSERT INTO {table} {chosen}",
    ]


def _pick_code(measure: str) -> list[str]:
    value = code("value", MEASURE_VALUES[measure])
    return [
        f"CREATE TEMP TABLE rf_{measure} (case_id INTEGER PRIMARY KEY, code INTEGER)",
        f"INSERT INTO rf_{measure} SELECT case_id, {value} FROM (SELECT case_id, max(id), "
        f"value FROM answers WHERE measure = '{measure}' AND timepoint = 'end' GROUP BY case_id)",
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


def _statements() -> list[str]:
    statements = _pick("rf_start", "safety", "start", first=True)
    statements += _pick("rf_end", "safety", "end")
    for measure in END_MEASURES:
        statements += _pick_code(measure)
    statements += _per_case(
        "rf_achieved", "any_yes, any_partly, any_no, any_non, answered", _ACHIEVED
    )
    statements += _per_case("rf_session", "start_done, end_done", _SESSIONS)
    statements += _per_case(
        "rf_sg4a", "expressed",
        "SELECT case_id, max(status = 'expressed') FROM outcome_revisions r "
        "WHERE id = (SELECT max(id) FROM outcome_revisions WHERE session_id = r.session_id) "
        "GROUP BY case_id",
    )  # fmt: skip
    statements += _per_case(
        "rf_outcomes", "active",
        "SELECT case_id, count(*) FROM outcomes WHERE active = 1 GROUP BY case_id",
    )  # fmt: skip
    statements += _per_case(
        "rf_invite", "used",
        "SELECT case_id, 1 FROM invites WHERE used_at IS NOT NULL GROUP BY case_id",
    )  # fmt: skip
    return statements


def _agreed(column: str) -> str:
    return (
        f"CASE WHEN s.{column} IS NULL AND e.{column} IS NULL THEN '{NO_ANSWERS}' "
        f"WHEN s.{column} IS NULL OR s.{column} = e.{column} THEN coalesce(e.{column}, s.{column}) "
        f"WHEN e.{column} IS NULL THEN s.{column} ELSE '{MIXED}' END"
    )


def _missing_reason() -> str:
    reason = "coalesce(c.no_end_survey_reason, 'not_recorded')"
    coded = code(reason, REASON_VALUES)
    done = "coalesce(ss.end_done, 0)"
    return f"(CASE WHEN c.state = 'closed' AND {done} = 0 THEN {coded} ELSE 0 END)"


FACT_FIELDS: tuple[tuple[str, int, str], ...] = (
    ("end_done", 1, "coalesce(ss.end_done, 0)"),
    ("invite_used", 1, "(i.used IS NOT NULL)"),
    ("start_done", 1, "coalesce(ss.start_done, 0)"),
    ("closed", 1, "(c.state = 'closed')"),
    (
        "sg4a",
        2,
        "(CASE WHEN c.state = 'erased' THEN 3 "
        "ELSE CASE g.expressed WHEN 1 THEN 2 WHEN 0 THEN 1 ELSE "
        "(SELECT 3 * (i.used IS NULL OR count(*) > 0) FROM audit_log WHERE case_id = c.id "
        "AND action = 'participant_erased') END END)",
    ),
    ("missing", 3, _missing_reason()),
    ("any_yes", 1, "coalesce(a.any_yes, 0)"),
    ("any_partly", 1, "coalesce(a.any_partly, 0)"),
    ("any_no", 1, "coalesce(a.any_no, 0)"),
    ("any_non", 1, "(coalesce(a.any_non, 0) OR coalesce(a.answered, 0) < coalesce(o.active, 0))"),
    ("start", 3, code("s.value", SAFETY_VALUES)),
    ("end", 3, code("e.value", SAFETY_VALUES)),
)
MEASURE_FIELDS = tuple((m, 3, f"coalesce(rf_{m}.code, 0)") for m in END_MEASURES)


def same_layout() -> bool:
    """The oracle packs the same fields, in the same bits, as storage.reporting.facts."""
    mine = [(name, bits) for name, bits, _ in FACT_FIELDS + MEASURE_FIELDS]
    theirs = [(name, bits) for name, bits, _ in facts.FACT_FIELDS + facts.MEASURE_FIELDS]
    return mine == theirs


_CASE_COLUMNS = """c.id AS case_id, o.name AS organisation, o.name || ' / ' || t.name AS team,
       substr(c.opened_at, 1, 7) AS month,
       substr(c.opened_at, 1, 4) || '-Q' || ((CAST(substr(c.opened_at, 6, 2) AS INTEGER) + 2) / 3)
         AS quarter,
       CASE WHEN c.concern_types IN ('', '[]') THEN '["not_recorded"]'
            ELSE c.concern_types END AS concern_types"""
_JOINS = "\n".join(
    f"LEFT JOIN temp.{table} {alias} ON {alias}.case_id = c.id"
    for table, alias in [("rf_start", "s"), ("rf_end", "e")]
    + [(f"rf_{m}", f"rf_{m}") for m in END_MEASURES]
    + [("rf_achieved", "a"), ("rf_session", "ss"), ("rf_sg4a", "g"), ("rf_outcomes", "o"),
       ("rf_invite", "i")]
)  # fmt: skip
FACT = f"""CREATE TEMP TABLE report_fact AS SELECT {_CASE_COLUMNS},
  {_agreed("answered_by")} AS answered_by, {_agreed("variant")} AS variant,
  {_agreed("language")} AS language, {_agreed("representative")} AS representative,
  {pack(FACT_FIELDS)} AS fact_code, {pack(MEASURE_FIELDS)} AS measure_code
FROM cases c JOIN organisations o ON o.id = c.organisation_id JOIN teams t ON t.id = c.team_id
{_JOINS}
WHERE (:date_from IS NULL OR c.opened_at >= :date_from)
  AND (:date_until IS NULL OR c.opened_at < :date_until)
  AND (:organisation IS NULL OR o.name = :organisation)
  AND (:team IS NULL OR t.name = :team)"""


async def report_counts_from_answers(
    store: Store, filters: ReportFilters, dimensions: Sequence[str] = ()
) -> ReportCounts:
    """``report_counts`` as it was: every fact built from the answers in one snapshot (the
    temp tables vanish with its rollback). The rf_outcomes alias ``o`` shares its name with
    organisations, as it did: their columns never clash."""
    async with store._ctx.db.reading() as conn:
        for statement in _statements():
            await conn.execute(statement)
        await conn.execute(FACT, period_parameters(filters))
        total = GroupTally()
        breakdowns = {"answered_by": await queries._grouped(conn, "answered_by", total)}
        for dimension in dict.fromkeys(dimensions):
            if dimension not in breakdowns:
                breakdowns[dimension] = await queries._grouped(conn, dimension)
        overall = total.freeze()
    return ReportCounts(overall=overall, breakdowns=breakdowns)
