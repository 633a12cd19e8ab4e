"""The SQL of each report breakdown (``--by``): one column of temp.report_fact per
dimension, computed only when a report asks for it, from the case, its facts row ``f`` and
(for language and representative) its answers."""

from __future__ import annotations

from storage.reporting.periods import MONTH_SQL, QUARTER_SQL
from storage.reporting.records import KIND_NOT_SAID, MIXED, NO_ANSWERS, NO_REPRESENTATIVE


def _agreed(column: str, table: str = "f.") -> str:
    """A case's answered_by, variant or language: that of its start and end safety answers
    when they agree (or only one exists), 'mixed' when they differ."""
    s, e = f"{table}start_{column}", f"{table}end_{column}"
    return (
        f"CASE WHEN {s} IS NULL AND {e} IS NULL THEN '{NO_ANSWERS}' "
        f"WHEN {s} IS NULL OR {s} = {e} THEN coalesce({e}, {s}) "
        f"WHEN {e} IS NULL THEN {s} ELSE '{MIXED}' END"
    )


# A case's baseline safety answer: the last safety answer of its first start session (see
# storage/reporting/corrections.py: a corrected answer counts, not the one taken back).
BASELINE_SESSION = (
    "(SELECT session_id FROM answers WHERE measure = 'safety' AND timepoint = 'start' "
    "AND case_id = {case} ORDER BY id LIMIT 1)"
)
BASELINE_ID = (
    "(SELECT max(id) FROM answers WHERE measure = 'safety' AND timepoint = 'start' "
    f"AND case_id = {{case}} AND session_id = {BASELINE_SESSION})"
)


END_ID = (
    "(SELECT id FROM answers WHERE measure = 'safety' AND timepoint = 'end' "
    "AND case_id = {case} ORDER BY id DESC LIMIT 1)"
)


def _agreed_from_answers(name: str, of_answer: str) -> str:
    """``of_answer`` (SQL of one answer, its id as ``{answer}``) for a case's baseline start
    and last end safety answers, agreed as ``_agreed`` does. Read from the answers, only
    when a report asks (case_facts holds neither language nor representative)."""
    start = of_answer.format(answer=BASELINE_ID.format(case="c.id"))
    end = of_answer.format(answer=END_ID.format(case="c.id"))
    return (
        f"(SELECT {_agreed(name, table='')} FROM (SELECT "
        f"{start} AS start_{name}, {end} AS end_{name}))"
    )


_LANGUAGE = "(SELECT language FROM answers WHERE id = {answer})"
# Who the representative who answered is to the person (storage.terms.REP_KINDS), as staff
# said on their link; not said when a representative answered on the person's phone or on
# a link made without it; no representative when the person answered (alone or helped).
_REPRESENTATIVE = (
    f"(SELECT CASE WHEN a.answered_by <> 'representative' THEN '{NO_REPRESENTATIVE}' "
    "WHEN p.kind = 'representative' AND p.rep_kind IS NOT NULL THEN p.rep_kind "
    f"ELSE '{KIND_NOT_SAID}' END FROM answers a JOIN participants p "
    "ON p.id = a.participant_id WHERE a.id = {answer})"
)


# Each breakdown's column of temp.report_fact; only those a report asks for are computed.
DIMENSION_SQL = {
    "organisation": "(SELECT name FROM organisations WHERE id = c.organisation_id)",
    # Team names are unique only within an organisation: two organisations' "North" teams
    # are different teams, so a team row is named with its organisation.
    "team": "(SELECT o.name || ' / ' || t.name FROM teams t "
    "JOIN organisations o ON o.id = t.organisation_id WHERE t.id = c.team_id)",
    # The local month and quarter the case was opened in (needs temp.report_month).
    "month": MONTH_SQL,
    "quarter": QUARTER_SQL,
    "concern_types": "CASE WHEN c.concern_types IN ('', '[]') THEN '[\"not_recorded\"]' "
    "ELSE c.concern_types END",
    "variant": _agreed("variant"),
    "answered_by": _agreed("answered_by"),
    "language": _agreed_from_answers("language", _LANGUAGE),
    "representative": _agreed_from_answers("representative", _REPRESENTATIVE),
}
