"""Answers the person changed with Back count as they left them, not as first given.

Answers and outcome revisions are append-only, so Back leaves traces:

- a person who answers the start safety question, taps Back and answers again has two start
  ``safety`` answers in one session. The baseline is the LAST safety answer of the FIRST
  start session that has one (a later start survey, say a representative's, never replaces
  it).
- a person who picks outcomes, taps Back and chooses "not sure yet" leaves an 'expressed'
  revision and then a 'not_sure_yet' one in one session. A survey's outcomes are its last
  revision; SG4a counts outcomes as expressed when any survey (start or check-in) ended
  with them expressed.

case_facts (migration 0004) keeps the first start answer and any 'expressed' revision, so
the few cases with a second start safety answer or a second revision in one session get
their fact rows recomputed here at report time, from the view, with those columns put
right. Nothing is written outside the read's temp tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storage.reporting.dimensions import BASELINE_ID
from storage.reporting.facts import fact_rows

if TYPE_CHECKING:
    import aiosqlite

# Cases that may need it (index-only passes; a store where nobody went back finds none).
_CANDIDATES = """CREATE TEMP TABLE corrected_case AS
SELECT case_id FROM answers WHERE measure = 'safety' AND timepoint = 'start'
GROUP BY case_id HAVING count(*) > 1
UNION ALL SELECT case_id FROM outcome_revisions WHERE session_id IN
    (SELECT session_id FROM outcome_revisions GROUP BY session_id HAVING count(*) > 1)"""
_RECOMPUTED = """CREATE TEMP TABLE corrected_facts AS SELECT * FROM case_facts_computed
WHERE case_id IN (SELECT case_id FROM temp.corrected_case)
  AND case_id IN (SELECT case_id FROM temp.report_fact)"""
_BASELINE_ROW = BASELINE_ID.format(case="corrected_facts.case_id")
_BASELINE = f"(SELECT {{column}} FROM answers WHERE id = {_BASELINE_ROW})"
_PUT_RIGHT = f"""UPDATE temp.corrected_facts SET
    start_safety = {_BASELINE.format(column="value")},
    start_answered_by = {_BASELINE.format(column="answered_by")},
    start_variant = {_BASELINE.format(column="variant")},
    outcomes_expressed = (SELECT max(r.status = 'expressed') FROM outcome_revisions r
        WHERE r.case_id = corrected_facts.case_id
          AND r.id = (SELECT max(id) FROM outcome_revisions WHERE session_id = r.session_id))"""


async def correct_changed_answers(
    conn: aiosqlite.Connection,
    columns: Sequence[str],
    concluded: bool,
    params: dict[str, str | None],
) -> int:
    """Replace the temp.report_fact rows of cases with answers changed with Back; returns
    how many rows were recomputed."""
    await conn.execute(_CANDIDATES)
    await conn.execute(_RECOMPUTED)
    async with conn.execute("SELECT count(*) FROM temp.corrected_facts") as cursor:
        (recomputed,) = await cursor.fetchone()  # type: ignore[misc]
    if not recomputed:
        return 0
    await conn.execute(_PUT_RIGHT)
    await conn.execute(
        "DELETE FROM temp.report_fact WHERE case_id IN (SELECT case_id FROM temp.corrected_facts)"
    )
    await conn.execute(
        f"INSERT INTO temp.report_fact {fact_rows('temp.corrected_facts', columns, concluded)}",
        params,
    )
    return int(recomputed)
