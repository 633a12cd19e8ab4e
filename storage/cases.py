"""Cases, with their organisation and team: open, look up, list, close.

Reading a case from its row is ``storage.case_lookup``; the checks on what a case may
hold are ``storage.case_checks``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from storage.base import Context, fetch_all, insert, write_audit
from storage.case_checks import check_choice, check_new_case, refuse_duplicate
from storage.case_lookup import CASE_SELECT, case_by_id, case_from_row, find_case
from storage.errors import Conflict
from storage.invites import check_invite_terms, insert_invite
from storage.models import CAPACITIES, NO_END_SURVEY_REASONS, RISK_OUTCOMES, Case, NewCase
from storage.orgs import organisation_id, team_id

__all__ = ["CASE_SELECT", "CaseRepository", "case_by_id", "case_from_row", "find_case"]


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
        rep_kind: str | None = None,
    ) -> NewCase:
        """Open a case and make its start invite(s), in one transaction. ``rep_kind`` (who the
        representative is to the person, ``REP_KINDS``) implies ``representative``; when
        ``advocate_involved`` is not given, an advocate's link (or a representative's of an
        unsaid kind) sets it, a family member's or friend's leaves it unknown."""
        check_new_case(organisation, team, local_ref, concern_types)
        representative = representative or rep_kind is not None
        if representative:
            check_invite_terms("representative", "start", rep_kind)
            if advocate_involved is None and rep_kind in (None, "advocate"):
                advocate_involved = True
        async with self._ctx.db.transaction() as conn:
            now = self._ctx.now()
            org_id = await organisation_id(conn, organisation.strip(), now)
            await refuse_duplicate(conn, org_id, organisation, local_ref.strip())
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
                rep = await insert_invite(
                    conn, self._ctx, case_id, "representative", "start", rep_kind=rep_kind
                )
            detail: dict[str, object] = {"representative_invite": representative}
            if rep_kind is not None:
                detail["rep_kind"] = rep_kind
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
        check_choice(risk_outcome, RISK_OUTCOMES, "The risk outcome")
        check_choice(capacity, CAPACITIES, "Capacity")
        check_choice(no_end_survey_reason, NO_END_SURVEY_REASONS, "The no-end-survey reason")
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
