"""The append-only audit log: staff reads of cases and every change, without personal data."""

from __future__ import annotations

import json
from typing import Any

from storage.base import Context, fetch_all, write_audit
from storage.clock import from_text
from storage.models import AuditEntry


class AuditLog:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def record(
        self, actor: str, action: str, case_id: int | None = None, **detail: Any
    ) -> int:
        """Append an entry. ``actor``: 'staff:<id>', 'cli' (a command
        line names its operator: ``storage.audit_actor``) or 'system'. ``detail``: no
        answer text, chat ids, user ids or tokens."""
        async with self._ctx.db.transaction() as conn:
            return await write_audit(conn, self._ctx.now(), actor, action, case_id, detail)

    async def entries(
        self, case_id: int | None = None, action: str | None = None
    ) -> list[AuditEntry]:
        sql, params = "SELECT * FROM audit_log WHERE 1 = 1", []
        if case_id is not None:
            sql += " AND case_id = ?"
            params.append(case_id)
        if action is not None:
            sql += " AND action = ?"
            params.append(action)
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(conn, sql + " ORDER BY id", tuple(params))
        return [
            AuditEntry(
                id=row["id"],
                at=from_text(row["at"]),  # type: ignore[arg-type]
                actor=row["actor"],
                action=row["action"],
                case_id=row["case_id"],
                detail=json.loads(row["detail"]),
            )
            for row in rows
        ]
