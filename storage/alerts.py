"""Hub alerts: open until a hub member acknowledges; repeat notifications are tracked."""

from __future__ import annotations

from typing import Any

from storage.base import Context, fetch_all, fetch_one, insert, write_audit
from storage.clock import from_text
from storage.connection import Connection
from storage.errors import Conflict, NotFound
from storage.models import Alert

_SELECT = (
    "SELECT a.*, c.local_ref, o.name AS organisation FROM alerts a"
    " JOIN cases c ON c.id = a.case_id JOIN organisations o ON o.id = c.organisation_id"
)


def alert_from_row(row: Any) -> Alert:
    return Alert(
        id=row["id"],
        case_id=row["case_id"],
        local_ref=row["local_ref"],
        organisation=row["organisation"],
        reason=row["reason"],
        timepoint=row["timepoint"],
        raised_at=from_text(row["raised_at"]),  # type: ignore[arg-type]
        acknowledged_by=row["acknowledged_by"],
        acknowledged_at=from_text(row["acknowledged_at"]),
        last_notified_at=from_text(row["last_notified_at"]),
        notify_count=row["notify_count"],
    )


async def raise_alert_in(
    conn: Connection,
    ctx: Context,
    case_id: int,
    participant_id: int | None,
    reason: str,
    timepoint: str,
) -> int:
    """Insert an alert (no words, only the case) and audit it; returns its id."""
    alert_id = await insert(
        conn,
        "INSERT INTO alerts (case_id, participant_id, reason, timepoint, raised_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (case_id, participant_id, reason, timepoint, ctx.now()),
    )
    details = {"alert_id": alert_id, "reason": reason}
    await write_audit(conn, ctx.now(), "system", "alert_raised", case_id, details)
    return alert_id


class AlertRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def get(self, alert_id: int) -> Alert:
        async with self._ctx.db.reading() as conn:
            row = await fetch_one(conn, _SELECT + " WHERE a.id = ?", (alert_id,))
        if row is None:
            raise NotFound("That alert does not exist.")
        return alert_from_row(row)

    async def unacknowledged(self) -> list[Alert]:
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(
                conn, _SELECT + " WHERE a.acknowledged_at IS NULL ORDER BY a.raised_at, a.id"
            )
        return [alert_from_row(row) for row in rows]

    async def mark_notified(self, alert_id: int) -> None:
        """Record that the hub chat was told (again) about this alert."""
        async with self._ctx.db.transaction() as conn:
            await conn.execute(
                "UPDATE alerts SET last_notified_at = ?, notify_count = notify_count + 1"
                " WHERE id = ?",
                (self._ctx.now(), alert_id),
            )

    async def acknowledge(self, alert_id: int, staff_id: int) -> Alert:
        """A hub member takes the alert; a second acknowledgement is a Conflict."""
        async with self._ctx.db.transaction() as conn:
            row = await fetch_one(conn, _SELECT + " WHERE a.id = ?", (alert_id,))
            if row is None:
                raise NotFound("That alert does not exist.")
            if row["acknowledged_at"] is not None:
                raise Conflict("That alert has already been acknowledged.")
            now = self._ctx.now()
            await conn.execute(
                "UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
                (staff_id, now, alert_id),
            )
            await write_audit(
                conn,
                now,
                f"staff:{staff_id}",
                "alert_acknowledged",
                row["case_id"],
                {"alert_id": alert_id},
            )
            row = await fetch_one(conn, _SELECT + " WHERE a.id = ?", (alert_id,))
        return alert_from_row(row)
