"""SQL that builds one row per selected case (temp.report_fact) for the reports.

Per case: the first start and last end ``safety`` answer, the last end answer of each
experience measure, outcome achievement flags, survey completion, SG4a status, invites,
packed into two integers (``fact_code``, ``measure_code``) so that every breakdown is a
cheap GROUP BY (dimension, code). Python unpacks the few hundred distinct codes.
"""

from __future__ import annotations

from dialogs.vocabulary import DONT_KNOW, MEASURE_SCALES, NON_ANSWERS, PREFER_NOT_TO_SAY
from storage.reporting.records import MIXED, NO_ANSWERS

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


def _pick_code(measure: str) -> list[str]:
    """Like ``_pick`` for an end measure, keeping only the value's small integer code."""
    code = _code("value", MEASURE_VALUES[measure])
    return [
        f"CREATE TEMP TABLE rf_{measure} (case_id INTEGER PRIMARY KEY, code INTEGER)",
        f"INSERT INTO rf_{measure} SELECT case_id, {code} FROM (SELECT case_id, max(id), value "
        f"FROM answers WHERE measure = '{measure}' AND timepoint = 'end' GROUP BY case_id)",
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


def fact_statements() -> list[str]:
    """SQL that fills temp.report_fact (one row per selected case) from temp.report_case.

    A case's answered_by and variant are those of its start and end safety answers: the
    value when they agree (or only one exists), 'mixed' when they differ.
    """
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
    reason = "coalesce(c.no_end_survey_reason, 'not_recorded')"
    done = "coalesce(ss.end_done, 0)"
    coded = _code(reason, REASON_VALUES)
    return f"(CASE WHEN c.state = 'closed' AND {done} = 0 THEN {coded} ELSE 0 END)"


# (name, bits, SQL over the joined per-case tables); the order fixes the bit positions.
FACT_FIELDS: tuple[tuple[str, int, str], ...] = (
    ("end_done", 1, "coalesce(ss.end_done, 0)"),
    ("invite_used", 1, "(i.used IS NOT NULL)"),
    ("start_done", 1, "coalesce(ss.start_done, 0)"),
    ("closed", 1, "(c.state = 'closed')"),
    ("sg4a", 2, "(CASE g.expressed WHEN 1 THEN 2 WHEN 0 THEN 1 ELSE 0 END)"),
    ("missing", 3, _missing_reason()),
    ("any_yes", 1, "coalesce(a.any_yes, 0)"),
    ("any_partly", 1, "coalesce(a.any_partly, 0)"),
    ("any_no", 1, "coalesce(a.any_no, 0)"),
    ("any_non", 1, "(coalesce(a.any_non, 0) OR coalesce(a.answered, 0) < coalesce(o.active, 0))"),
    ("start", 3, _code("s.value", SAFETY_VALUES)),
    ("end", 3, _code("e.value", SAFETY_VALUES)),
)
MEASURE_FIELDS = tuple((m, 3, f"coalesce(rf_{m}.code, 0)") for m in END_MEASURES)


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


def decode(code: int, values: tuple[str | None, ...]) -> str | None:
    return values[code] if code < len(values) else "other_value"


_CASE_COLUMNS = """c.id AS case_id, o.name AS organisation, t.name AS team,
       substr(c.opened_at, 1, 7) AS month,
       substr(c.opened_at, 1, 4) || '-Q' || ((CAST(substr(c.opened_at, 6, 2) AS INTEGER) + 2) / 3)
         AS quarter,
       CASE WHEN c.concern_types IN ('', '[]') THEN '["not_recorded"]'
            ELSE c.concern_types END AS concern_types"""
_SELECTED = (
    """cases c JOIN organisations o ON o.id = c.organisation_id JOIN teams t ON t.id = c.team_id"""
)
_WHERE = """WHERE (:date_from IS NULL OR c.opened_at >= :date_from)
  AND (:date_until IS NULL OR c.opened_at < :date_until)
  AND (:organisation IS NULL OR o.name = :organisation)
  AND (:team IS NULL OR t.name = :team)"""

# The selected cases with their facts; parameters :date_from, :date_until, :organisation, :team.
FACT = f"""CREATE TEMP TABLE report_fact AS SELECT {_CASE_COLUMNS},
  {_agreed("answered_by")} AS answered_by, {_agreed("variant")} AS variant,
  {_pack(FACT_FIELDS)} AS fact_code,
  {_pack(MEASURE_FIELDS)} AS measure_code
FROM {_SELECTED}
LEFT JOIN temp.rf_start s ON s.case_id = c.id
LEFT JOIN temp.rf_end e ON e.case_id = c.id
{chr(10).join(f"LEFT JOIN temp.rf_{m} ON rf_{m}.case_id = c.id" for m in END_MEASURES)}
LEFT JOIN temp.rf_achieved a ON a.case_id = c.id
LEFT JOIN temp.rf_session ss ON ss.case_id = c.id
LEFT JOIN temp.rf_sg4a g ON g.case_id = c.id
LEFT JOIN temp.rf_outcomes o ON o.case_id = c.id
LEFT JOIN temp.rf_invite i ON i.case_id = c.id
{_WHERE}"""
# Just the selected cases' ids (for reading their free text).
SELECT_CASES = f"CREATE TEMP TABLE report_case AS SELECT c.id AS case_id FROM {_SELECTED} {_WHERE}"
