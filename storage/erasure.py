"""Forgetting: a participant who withdraws, a case staff erase, and closed cases past
retention. Rows are deleted (secure_delete is on) and the WAL is truncated afterwards by the
caller, so erased ciphertext lingers neither in free pages nor in old WAL frames. The audit
log keeps that an erasure happened, never what was erased.
"""

from __future__ import annotations

import aiosqlite

from storage.base import Context, fetch_all, fetch_one, write_audit


async def erase_participant_in(
    conn: aiosqlite.Connection, ctx: Context, participant_id: int, actor: str
) -> bool:
    """Delete one participant and everything they gave; False if they were already gone."""
    row = await fetch_one(
        conn, "SELECT case_id, kind, chat_hash FROM participants WHERE id = ?", (participant_id,)
    )
    if row is None:
        return False
    if row["chat_hash"] is not None:
        await conn.execute("DELETE FROM message_log WHERE chat_hash = ?", (row["chat_hash"],))
    # Outcomes they stated go too; the rest follows by ON DELETE CASCADE (answers, sessions,
    # turns, consents, voice notes, reminders, outcome revisions).
    await conn.execute("DELETE FROM outcomes WHERE participant_id = ?", (participant_id,))
    await conn.execute("DELETE FROM participants WHERE id = ?", (participant_id,))
    await write_audit(
        conn, ctx.now(), actor, "participant_erased", row["case_id"], {"kind": row["kind"]}
    )
    return True


async def erase_case_in(
    conn: aiosqlite.Connection, ctx: Context, case_id: int, actor: str, *, drop_case: bool
) -> None:
    """Erase every participant of a case and its invites and outcomes.

    ``drop_case`` (retention purge) deletes the case row too; otherwise the case stays as
    'erased' with its staff-side fields, so the hub can see that it existed.
    """
    participants = await fetch_all(
        conn, "SELECT id FROM participants WHERE case_id = ?", (case_id,)
    )
    for participant in participants:
        await erase_participant_in(conn, ctx, participant["id"], actor)
    await conn.execute("DELETE FROM outcomes WHERE case_id = ?", (case_id,))
    await conn.execute("DELETE FROM outcome_revisions WHERE case_id = ?", (case_id,))
    await conn.execute("DELETE FROM answers WHERE case_id = ?", (case_id,))
    await conn.execute("DELETE FROM invites WHERE case_id = ?", (case_id,))
    if drop_case:
        await conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        await write_audit(conn, ctx.now(), actor, "case_purged", case_id, {})
    else:
        await conn.execute("UPDATE cases SET state = 'erased' WHERE id = ?", (case_id,))
        await write_audit(conn, ctx.now(), actor, "case_erased", case_id, {})


async def expired_case_ids(conn: aiosqlite.Connection, cutoff: str) -> list[int]:
    """Closed (or erased) cases whose closing time is before ``cutoff``."""
    rows = await fetch_all(
        conn,
        "SELECT id FROM cases WHERE state IN ('closed', 'erased') AND closed_at IS NOT NULL"
        " AND closed_at < ? ORDER BY id",
        (cutoff,),
    )
    return [int(row["id"]) for row in rows]
