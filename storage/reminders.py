"""Reminders for paused or unanswered surveys; never for a contact flagged unsafe, nor for
a participant whose chat was detached (an old phone replaced by a new one)."""

from __future__ import annotations

from datetime import datetime

from storage.base import Context, fetch_all, insert
from storage.clock import from_text, to_text
from storage.connection import Connection
from storage.models import Reminder


async def cancel_reminders(
    conn: Connection, ctx: Context, participant_id: int, timepoint: str | None = None
) -> None:
    sql = "UPDATE reminders SET cancelled_at = ? WHERE participant_id = ? AND cancelled_at IS NULL"
    params: tuple = (ctx.now(), participant_id)
    if timepoint is not None:
        sql, params = sql + " AND timepoint = ?", (*params, timepoint)
    await conn.execute(sql, params)


async def hold_reminders_after_hide(
    conn: Connection, ctx: Context, participant_id: int, timepoint: str
) -> None:
    """The person hid the chat (someone may be looking over their shoulder): cancel their
    pending reminders and leave a cancelled, never-sent row for this survey, so the sweep
    (``storage.staff_queries.idle_surveys``) adds no new reminder until the person is
    active in the survey again. Call after the turn's state is written (its time is later)."""
    await cancel_reminders(conn, ctx, participant_id)
    now = ctx.now()
    await conn.execute(
        "INSERT INTO reminders (participant_id, timepoint, due_at, cancelled_at)"
        " VALUES (?, ?, ?, ?)",
        (participant_id, timepoint, now, now),
    )


class ReminderRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def schedule(self, participant_id: int, timepoint: str, due_at: datetime) -> int:
        """Add a reminder (replacing any pending one for the same survey); returns its id."""
        async with self._ctx.db.transaction() as conn:
            await cancel_reminders(conn, self._ctx, participant_id, timepoint)
            return await insert(
                conn,
                "INSERT INTO reminders (participant_id, timepoint, due_at) VALUES (?, ?, ?)",
                (participant_id, timepoint, to_text(due_at)),
            )

    async def due(self, now: datetime | None = None) -> list[Reminder]:
        """Pending reminders due by ``now`` whose participant is not flagged unsafe and still
        has a chat (a replaced phone's are cancelled when it is replaced; this holds anyway)."""
        moment = to_text(now) if now is not None else self._ctx.now()
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(
                conn,
                "SELECT r.*, p.chat_enc FROM reminders r JOIN participants p"
                " ON p.id = r.participant_id WHERE r.cancelled_at IS NULL AND r.due_at <= ?"
                " AND p.contact_unsafe = 0 AND p.chat_enc IS NOT NULL ORDER BY r.due_at, r.id",
                (moment,),
            )
        return [
            Reminder(
                id=row["id"],
                participant_id=row["participant_id"],
                timepoint=row["timepoint"],
                due_at=from_text(row["due_at"]),  # type: ignore[arg-type]
                sent_count=row["sent_count"],
                chat_id=self._ctx.decrypt_chat(row["chat_enc"]),
            )
            for row in rows
        ]

    async def mark_sent(self, reminder_id: int, next_due_at: datetime | None = None) -> None:
        """Count a sent reminder; schedule the next one at ``next_due_at`` or finish it."""
        async with self._ctx.db.transaction() as conn:
            now = self._ctx.now()
            await conn.execute(
                "UPDATE reminders SET sent_count = sent_count + 1, last_sent_at = ?,"
                " due_at = COALESCE(?, due_at),"
                " cancelled_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE id = ?",
                (
                    now,
                    None if next_due_at is None else to_text(next_due_at),
                    None if next_due_at is None else 1,
                    now,
                    reminder_id,
                ),
            )

    async def cancel(self, participant_id: int, timepoint: str | None = None) -> None:
        async with self._ctx.db.transaction() as conn:
            await cancel_reminders(conn, self._ctx, participant_id, timepoint)
