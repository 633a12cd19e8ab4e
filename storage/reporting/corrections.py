"""A start safety answer the person corrected counts, not the one they took back.

Answers are append-only: a person who answers the start safety question, taps Back and
answers again leaves two start ``safety`` answers in one session. The baseline is the start
survey's answer as the person left it: the LAST safety answer of the FIRST start session
that has one (a later start survey, say from a new phone, never replaces it). case_facts
(migration 0004) keeps the first answer of all, so the few cases with more than one start
safety answer in that session get their fact rows recomputed here, at report time, from the
view with the start columns put right. Nothing is written outside the read's temp tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storage.reporting.facts import BASELINE_ID, fact_rows

if TYPE_CHECKING:
    import aiosqlite

# Cases whose baseline is not their first start safety answer (an index-only count first,
# so a store where nobody went back costs one pass over the start safety answers).
_CORRECTED = f"""CREATE TEMP TABLE start_corrected AS
SELECT b.case_id, a.value AS start_safety, a.answered_by AS start_answered_by,
       a.variant AS start_variant
FROM (SELECT r.case_id, {BASELINE_ID.format(case="r.case_id")} AS baseline_id, r.first_id
      FROM (SELECT case_id, min(id) AS first_id FROM answers
            WHERE measure = 'safety' AND timepoint = 'start'
            GROUP BY case_id HAVING count(*) > 1) r
      WHERE r.case_id IN (SELECT case_id FROM temp.report_fact)) b
JOIN answers a ON a.id = b.baseline_id
WHERE b.baseline_id <> b.first_id"""
_RECOMPUTED = """CREATE TEMP TABLE corrected_facts AS SELECT * FROM case_facts_computed
WHERE case_id IN (SELECT case_id FROM temp.start_corrected)"""
_PUT_RIGHT = """UPDATE temp.corrected_facts SET
    start_safety = (SELECT start_safety FROM temp.start_corrected s
                    WHERE s.case_id = corrected_facts.case_id),
    start_answered_by = (SELECT start_answered_by FROM temp.start_corrected s
                         WHERE s.case_id = corrected_facts.case_id),
    start_variant = (SELECT start_variant FROM temp.start_corrected s
                     WHERE s.case_id = corrected_facts.case_id)"""


async def correct_baselines(
    conn: aiosqlite.Connection,
    columns: Sequence[str],
    concluded: bool,
    params: dict[str, str | None],
) -> int:
    """Replace temp.report_fact rows of cases whose start safety answer was corrected;
    returns how many were."""
    await conn.execute(_CORRECTED)
    async with conn.execute("SELECT count(*) FROM temp.start_corrected") as cursor:
        (corrected,) = await cursor.fetchone()  # type: ignore[misc]
    if not corrected:
        return 0
    await conn.execute(_RECOMPUTED)
    await conn.execute(_PUT_RIGHT)
    await conn.execute(
        "DELETE FROM temp.report_fact WHERE case_id IN (SELECT case_id FROM temp.start_corrected)"
    )
    await conn.execute(
        f"INSERT INTO temp.report_fact {fact_rows('temp.corrected_facts', columns, concluded)}",
        params,
    )
    return int(corrected)
