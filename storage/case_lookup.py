"""Reading cases: the query that joins a case to its organisation and team, the row to
``Case`` conversion, and finding a case by its reference or id."""

from __future__ import annotations

import json
from typing import Any

from storage.base import fetch_all, fetch_one
from storage.clock import from_text
from storage.connection import Connection
from storage.errors import Conflict, NotFound
from storage.models import Case

CASE_SELECT = (
    "SELECT c.*, o.name AS organisation, t.name AS team FROM cases c"
    " JOIN organisations o ON o.id = c.organisation_id JOIN teams t ON t.id = c.team_id"
)


def case_from_row(row: Any) -> Case:
    advocate = row["advocate_involved"]
    return Case(
        id=row["id"],
        organisation=row["organisation"],
        team=row["team"],
        local_ref=row["local_ref"],
        state=row["state"],
        opened_at=from_text(row["opened_at"]),  # type: ignore[arg-type]
        closed_at=from_text(row["closed_at"]),
        concern_types=tuple(json.loads(row["concern_types"])),
        sg2e_risk_outcome=row["sg2e_risk_outcome"],
        sg3a_capacity=row["sg3a_capacity"],
        advocate_involved=None if advocate is None else bool(advocate),
        no_end_survey_reason=row["no_end_survey_reason"],
        organisation_id=row["organisation_id"],
        team_id=row["team_id"],
    )


async def find_case(conn: Connection, local_ref: str, organisation: str | None = None) -> Case:
    """The case with this reference (in this organisation, if given). Written exactly as
    stored first; failing that, whatever the capitals and spaces around it ('asc-1 police'
    finds ASC-1 of Police), as staff type them in a hurry."""
    rows = await _matching(conn, local_ref, organisation, "")
    if not rows:
        rows = await _matching(conn, local_ref.strip(), organisation, " COLLATE NOCASE")
    if not rows:
        raise NotFound(
            f"No case has the reference {local_ref!r}. Check it with 'checkin case list'."
        )
    if len(rows) > 1:
        raise Conflict(
            f"More than one organisation has a case {local_ref!r}; say which with --org."
        )
    return case_from_row(rows[0])


async def _matching(
    conn: Connection, local_ref: str, organisation: str | None, collate: str
) -> list[Any]:
    sql, params = CASE_SELECT + f" WHERE c.local_ref = ?{collate}", (local_ref,)
    if organisation is not None:
        sql, params = sql + f" AND o.name = ?{collate}", (local_ref, organisation.strip())
    return await fetch_all(conn, sql, params)


async def case_by_id(conn: Connection, case_id: int) -> Case:
    row = await fetch_one(conn, CASE_SELECT + " WHERE c.id = ?", (case_id,))
    if row is None:
        raise NotFound("That case no longer exists.")
    return case_from_row(row)
