"""SQL that builds one row per selected case (temp.report_fact) for the reports.

It reads the table case_facts (migration 0004: one row per case, kept by triggers): the
first start and last end ``safety`` answer (``corrections`` puts right the few cases whose
start answer or outcomes were changed with Back), the last end answer of each experience
measure, outcome achievement flags, survey completion, SG4a status, invites. With the
case's staff-side fields they are packed into two integers (``fact_code``,
``measure_code``) so that every breakdown is a cheap GROUP BY (dimension, code). Python
unpacks the few hundred distinct codes. No answer is read here (the breakdown columns are
in ``dimensions``).
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.vocabulary import DONT_KNOW, MEASURE_SCALES, NON_ANSWERS, PREFER_NOT_TO_SAY
from storage.reporting.dimensions import DIMENSION_SQL

END_MEASURES: tuple[str, ...] = (
    "made_safer",
    "how_much_safer",
    "listened_to",
    "involved",
    "wellbeing",
    "wants_more_support",
)


# Each case's facts are packed into two integers, so that a breakdown is a GROUP BY on
# (dimension, code) - a cheap sort - and Python unpacks the few hundred distinct codes.
# A value's code is its index in the tuple (0 for no answer); unknown values get OTHER.
OTHER = 7
SAFETY_VALUES = (None, "1", "2", "3", "4", DONT_KNOW, PREFER_NOT_TO_SAY)
REASON_VALUES = (None, "unsafe_to_contact", "declined", "lacks_capacity", "no_contact", "other",
                 "not_recorded")  # fmt: skip
# "not_recorded": the bot has no record to say whether the person was asked - it was never
# used (no invite redeemed), or the answers were erased (the case, or people who withdrew).
# "not_asked" is left for cases where the bot was used but never asked about outcomes.
SG4A_VALUES = ("not_asked", "none_expressed", "expressed", "not_recorded")
MEASURE_VALUES = {m: (None, *MEASURE_SCALES[m], *NON_ANSWERS) for m in END_MEASURES}


def _code(expr: str, values: tuple[str | None, ...]) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values) if v is not None)
    return f"(CASE WHEN {expr} IS NULL THEN 0 ELSE CASE {expr} {whens} ELSE {OTHER} END END)"


def _missing_reason() -> str:
    reason = "coalesce(c.no_end_survey_reason, 'not_recorded')"
    done = "f.end_done"
    coded = _code(reason, REASON_VALUES)
    return f"(CASE WHEN c.state = 'closed' AND {done} = 0 THEN {coded} ELSE 0 END)"


# A case with no outcome revision: not recorded (3) when the bot was never used or its
# people withdrew (their answers erased), else the bot was used but did not ask (0).
_NO_REVISION = (
    "(CASE WHEN f.invite_used = 0 OR EXISTS (SELECT 1 FROM audit_log WHERE case_id = c.id "
    "AND action = 'participant_erased') THEN 3 ELSE 0 END)"
)

# (name, bits, SQL over the joined per-case tables); the order fixes the bit positions.
FACT_FIELDS: tuple[tuple[str, int, str], ...] = (
    ("end_done", 1, "f.end_done"),
    ("invite_used", 1, "f.invite_used"),
    ("start_done", 1, "f.start_done"),
    ("closed", 1, "(c.state = 'closed')"),
    (
        "sg4a",
        2,
        "(CASE WHEN c.state = 'erased' THEN 3 "
        f"ELSE CASE f.outcomes_expressed WHEN 1 THEN 2 WHEN 0 THEN 1 ELSE {_NO_REVISION} END END)",
    ),
    ("missing", 3, _missing_reason()),
    ("any_yes", 1, "f.achieved_yes"),
    ("any_partly", 1, "f.achieved_partly"),
    ("any_no", 1, "f.achieved_no"),
    # Outcomes left unanswered at the end count as non-answers.
    ("any_non", 1, "(f.achieved_other OR f.outcomes_answered < f.outcomes_active)"),
    ("start", 3, _code("f.start_safety", SAFETY_VALUES)),
    ("end", 3, _code("f.end_safety", SAFETY_VALUES)),
)
MEASURE_FIELDS = tuple((m, 3, _code(f"f.{m}", MEASURE_VALUES[m])) for m in END_MEASURES)


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


# Parameters :date_from, :date_until (UTC moments of local midnights, from
# periods.period_parameters), :organisation, :team (names: looked up once). The
# dates select cases by the day they were opened, or (concluded cases only, as the SAC
# return counts enquiries concluded in the year) by the day they were closed; a closed case
# later erased keeps its closing day.
_WHERE = """WHERE (:date_from IS NULL OR {day} >= :date_from)
  AND (:date_until IS NULL OR {day} < :date_until)
  AND (:organisation IS NULL
       OR c.organisation_id IN (SELECT id FROM organisations WHERE name = :organisation))
  AND (:team IS NULL OR c.team_id IN (SELECT id FROM teams WHERE name = :team))"""
_CONCLUDED = " AND c.closed_at IS NOT NULL AND c.state IN ('closed', 'erased')"


def where(concluded: bool = False) -> str:
    """The WHERE clause selecting the report's cases (see _WHERE)."""
    if concluded:
        return _WHERE.format(day="c.closed_at") + _CONCLUDED
    return _WHERE.format(day="c.opened_at")


def fact_rows(source: str, columns: Sequence[str], concluded: bool = False) -> str:
    """SELECT one row per selected case with a fact row in ``source`` (case_facts, or the
    temp table of cases computed at report time): the breakdown ``columns`` asked for
    (names in DIMENSION_SQL) and the packed codes."""
    wanted = "".join(f"{DIMENSION_SQL[name]} AS {name}, " for name in columns)
    return (
        f"SELECT c.id AS case_id, {wanted}{_pack(FACT_FIELDS)} AS fact_code, "
        f"{_pack(MEASURE_FIELDS)} AS measure_code "
        f"FROM cases c JOIN {source} f ON f.case_id = c.id {where(concluded)}"
    )


# Cases with no case_facts row (a delete removed it; see migration 0004): computed from the
# view, only when some exist (the counts differ).
ROWS_MISSING = "SELECT (SELECT count(*) FROM cases) > (SELECT count(*) FROM case_facts)"
MISSING_FACTS = """CREATE TEMP TABLE missing_facts AS SELECT * FROM case_facts_computed
WHERE case_id IN (SELECT id FROM cases EXCEPT SELECT case_id FROM case_facts)"""


def select_cases(concluded: bool = False) -> str:
    """Just the selected cases' ids (for reading their free text)."""
    return (
        f"CREATE TEMP TABLE report_case AS SELECT c.id AS case_id FROM cases c {where(concluded)}"
    )
