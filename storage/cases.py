"""Cases, with their organisation and team: open, look up, list, close."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storage.base import Context, fetch_all, fetch_one, insert, write_audit
from storage.clock import from_text
from storage.connection import Connection
from storage.errors import Conflict, NotFound, StorageError
from storage.invites import insert_invite
from storage.models import (
    CAPACITIES,
    CONCERN_TYPES,
    NO_END_SURVEY_REASONS,
    RISK_OUTCOMES,
    Case,
    NewCase,
)
from storage.orgs import organisation_id, team_id

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
    """The case with this reference (in this organisation, if given)."""
    sql, params = CASE_SELECT + " WHERE c.local_ref = ?", (local_ref,)
    if organisation is not None:
        sql, params = sql + " AND o.name = ?", (local_ref, organisation)
    rows = await fetch_all(conn, sql, params)
    if not rows:
        raise NotFound(
            f"No case has the reference {local_ref!r}. Check it with 'checkin case list'."
        )
    if len(rows) > 1:
        raise Conflict(
            f"More than one organisation has a case {local_ref!r}; say which with --org."
        )
    return case_from_row(rows[0])


async def case_by_id(conn: Connection, case_id: int) -> Case:
    row = await fetch_one(conn, CASE_SELECT + " WHERE c.id = ?", (case_id,))
    if row is None:
        raise NotFound("That case no longer exists.")
    return case_from_row(row)


def _check_choice(value: str | None, allowed: Sequence[str], what: str) -> None:
    if value is not None and value not in allowed:
        raise StorageError(f"{what} must be one of {', '.join(allowed)}; got {value!r}.")


def _check_new_case(
    organisation: str, team: str, local_ref: str, concern_types: Sequence[str]
) -> None:
    for label, value in (("organisation", organisation), ("team", team), ("reference", local_ref)):
        if not value.strip():
            raise StorageError(f"The case {label} must not be empty.")
    for concern in concern_types:
        _check_choice(concern, CONCERN_TYPES, "A concern type")


async def _refuse_duplicate(
    conn: Connection, org_id: int, organisation: str, local_ref: str
) -> None:
    clash = await fetch_one(
        conn, "SELECT 1 FROM cases WHERE organisation_id = ? AND local_ref = ?", (org_id, local_ref)
    )
    if clash:
        raise Conflict(f"{organisation} already has a case {local_ref!r}; use another reference.")


class CaseRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def create(
        self,
        organisation: str,
        team: str,
        local_ref: str,
        *,
        representative: bool = False,
        concern_types: Sequence[str] = (),
        advocate_involved: bool | None = None,
        actor: str = "cli",
    ) -> NewCase:
        """Open a case and make its start invite(s), in one transaction."""
        _check_new_case(organisation, team, local_ref, concern_types)
        if representative and advocate_involved is None:
            advocate_involved = True
        async with self._ctx.db.transaction() as conn:
            now = self._ctx.now()
            org_id = await organisation_id(conn, organisation.strip(), now)
            await _refuse_duplicate(conn, org_id, organisation, local_ref.strip())
            case_id = await insert(
                conn,
                "INSERT INTO cases (organisation_id, team_id, local_ref, opened_at, concern_types,"
                " advocate_involved) VALUES (?, ?, ?, ?, ?, ?)",
                (org_id, await team_id(conn, org_id, team.strip(), now), local_ref.strip(), now,
                 json.dumps(list(concern_types)),
                 None if advocate_involved is None else int(advocate_involved)),
            )  # fmt: skip
            person = await insert_invite(conn, self._ctx, case_id, "person", "start")
            rep = None
            if representative:
                rep = await insert_invite(conn, self._ctx, case_id, "representative", "start")
            detail = {"representative_invite": representative}
            await write_audit(conn, now, actor, "case_opened", case_id, detail)
            case = await case_by_id(conn, case_id)
        return NewCase(case, person.token, rep.token if rep else None)

    async def get(self, local_ref: str, organisation: str | None = None) -> Case:
        async with self._ctx.db.reading() as conn:
            return await find_case(conn, local_ref, organisation)

    async def by_id(self, case_id: int) -> Case:
        async with self._ctx.db.reading() as conn:
            return await case_by_id(conn, case_id)

    async def list(self, organisation: str | None = None, state: str | None = None) -> list[Case]:
        sql, params = CASE_SELECT + " WHERE 1 = 1", []
        if organisation is not None:
            sql += " AND o.name = ?"
            params.append(organisation)
        if state is not None:
            sql += " AND c.state = ?"
            params.append(state)
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(conn, sql + " ORDER BY c.opened_at, c.id", tuple(params))
        return [case_from_row(row) for row in rows]

    async def close(
        self,
        local_ref: str,
        *,
        organisation: str | None = None,
        risk_outcome: str | None = None,
        capacity: str | None = None,
        no_end_survey_reason: str | None = None,
        advocate_involved: bool | None = None,
        actor: str = "cli",
    ) -> Case:
        """Close an open case and record the staff-side SAC fields."""
        _check_choice(risk_outcome, RISK_OUTCOMES, "The risk outcome")
        _check_choice(capacity, CAPACITIES, "Capacity")
        _check_choice(no_end_survey_reason, NO_END_SURVEY_REASONS, "The no-end-survey reason")
        async with self._ctx.db.transaction() as conn:
            case = await find_case(conn, local_ref, organisation)
            if case.state != "open":
                raise Conflict(f"Case {local_ref!r} is already {case.state}.")
            now = self._ctx.now()
            await conn.execute(
                "UPDATE cases SET state = 'closed', closed_at = ?, sg2e_risk_outcome = ?,"
                " sg3a_capacity = ?, no_end_survey_reason = ?,"
                " advocate_involved = COALESCE(?, advocate_involved) WHERE id = ?",
                (
                    now,
                    risk_outcome,
                    capacity,
                    no_end_survey_reason,
                    None if advocate_involved is None else int(advocate_involved),
                    case.id,
                ),
            )
            await write_audit(
                conn,
                now,
                actor,
                "case_closed",
                case.id,
                {
                    "risk_outcome": risk_outcome,
                    "capacity": capacity,
                    "no_end_survey_reason": no_end_survey_reason,
                },
            )
            return await case_by_id(conn, case.id)

    async def record_read(self, case_id: int, actor: str, what: str = "case") -> None:
        """Audit a staff read of a case (every read of a case by staff is logged)."""
        async with self._ctx.db.transaction() as conn:
            await write_audit(conn, self._ctx.now(), actor, "case_read", case_id, {"what": what})
