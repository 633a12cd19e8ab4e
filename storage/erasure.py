"""Forgetting: a participant who withdraws, a case staff erase, and closed cases past
retention. Rows are deleted (secure_delete is on) and the WAL is truncated afterwards by the
caller, so erased ciphertext lingers neither in free pages nor in old WAL frames. The audit
log keeps that an erasure happened, never what was erased.
"""

from __future__ import annotations

from typing import Any

from storage.base import Context, fetch_all, fetch_one, write_audit
from storage.connection import Connection


async def erase_participant_in(
    conn: Connection, ctx: Context, participant_id: int, actor: str
) -> bool:
    """Delete one participant and everything they gave, with the phones they replaced (see
    ``replaced_phones``); False if they were already gone."""
    row = await fetch_one(
        conn,
        "SELECT case_id, kind, rep_kind, chat_hash FROM participants WHERE id = ?",
        (participant_id,),
    )
    if row is None:
        return False
    if row["chat_hash"] is not None:  # kept while the chat is in another case (see below)
        await conn.execute(
            "DELETE FROM message_log WHERE chat_hash = ? AND NOT EXISTS (SELECT 1 FROM"
            " participants WHERE chat_hash = ? AND id <> ?)",
            (row["chat_hash"], row["chat_hash"], participant_id),
        )
    old_phones = await replaced_phones(conn, participant_id, row)
    for erased in (participant_id, *old_phones):
        # Outcomes they stated go too; the rest follows by ON DELETE CASCADE (answers,
        # sessions, turns, consents, voice notes, reminders, outcome revisions).
        await conn.execute("DELETE FROM outcomes WHERE participant_id = ?", (erased,))
        await conn.execute("DELETE FROM participants WHERE id = ?", (erased,))
    await write_audit(
        conn, ctx.now(), actor, "participant_erased", row["case_id"],
        {"kind": row["kind"], "replaced_phones": len(old_phones)},
    )  # fmt: skip
    return True


async def replaced_phones(conn: Connection, participant_id: int, participant: Any) -> list[int]:
    """The earlier phones of the same person (or of the same kind of representative) in
    the case: a new phone detaches the old one in its role (``storage.invite_joining``)
    without deleting it, so its answers are still this person's and go with them."""
    role = "case_id = ? AND kind = ?"
    params: tuple = (participant["case_id"], participant["kind"])
    if participant["kind"] == "representative":
        role, params = role + " AND rep_kind IS ?", (*params, participant["rep_kind"])
    rows = await fetch_all(
        conn,
        f"SELECT id FROM participants WHERE {role} AND chat_hash IS NULL AND id <> ? ORDER BY id",
        (*params, participant_id),
    )
    return [int(r["id"]) for r in rows]


_MARKED = "SELECT id FROM temp.erase_ids"


async def erase_cases_in(
    conn: Connection, ctx: Context, case_ids: list[int], actor: str, *, drop_case: bool
) -> None:
    """Erase every participant of the cases, and their invites and outcomes.

    ``drop_case`` (retention purge) deletes the case rows too; otherwise each case stays as
    'erased' with its staff-side fields, so the hub can see that it existed. The work is a
    fixed number of set-wide statements however many cases there are, so a large purge
    stays quick.
    """
    await conn.execute("CREATE TEMP TABLE IF NOT EXISTS erase_ids (id INTEGER PRIMARY KEY)")
    await conn.execute("DELETE FROM temp.erase_ids")
    await conn.executemany("INSERT INTO temp.erase_ids (id) VALUES (?)", [(i,) for i in case_ids])
    action = "case_purged" if drop_case else "case_erased"
    await conn.execute(
        "INSERT INTO audit_log (at, actor, action, case_id, detail) SELECT ?, ?, ?, e.id,"
        " json_object('participants', (SELECT COUNT(*) FROM participants p"
        " WHERE p.case_id = e.id)) FROM temp.erase_ids e ORDER BY e.id",
        (ctx.now(), actor, action),
    )
    # The bot's record of messages in a chat (for "hide this chat") goes with the chat,
    # unless the chat is also in a case not being erased (an advocate in two cases): that
    # case's "hide this chat" must still find every message in it, and its chat id is
    # still held there anyway.
    await conn.execute(
        "DELETE FROM message_log WHERE chat_hash IN (SELECT chat_hash FROM participants"
        f" WHERE case_id IN ({_MARKED}) AND chat_hash IS NOT NULL) AND NOT EXISTS (SELECT 1"
        " FROM participants p WHERE p.chat_hash = message_log.chat_hash"
        f" AND p.case_id NOT IN ({_MARKED}))"
    )
    # Participants cascade to sessions, turns, consents, voice notes and reminders.
    for table in ("outcomes", "outcome_revisions", "answers", "participants", "invites"):
        await conn.execute(f"DELETE FROM {table} WHERE case_id IN ({_MARKED})")
    if drop_case:
        await conn.execute(f"DELETE FROM cases WHERE id IN ({_MARKED})")
    else:
        await conn.execute(f"UPDATE cases SET state = 'erased' WHERE id IN ({_MARKED})")
    await conn.execute("DELETE FROM temp.erase_ids")


async def expired_case_ids(conn: Connection, cutoff: str) -> list[int]:
    """Cases past retention: closed (or erased) cases whose closing time is before
    ``cutoff``, and cases erased while still open (they can no longer be closed) whose
    first erasure, as the audit log records it, is before ``cutoff`` (erasing again later
    does not restart the clock)."""
    rows = await fetch_all(
        conn,
        "SELECT id FROM cases WHERE state IN ('closed', 'erased') AND closed_at IS NOT NULL"
        " AND closed_at < ?"
        " UNION SELECT c.id FROM cases c WHERE c.state = 'erased' AND c.closed_at IS NULL"
        " AND (SELECT min(a.at) FROM audit_log a WHERE a.case_id = c.id"
        " AND a.action = 'case_erased') < ? ORDER BY 1",
        (cutoff, cutoff),
    )
    return [int(row["id"]) for row in rows]


async def open_cases_opened_before(conn: Connection, cutoff: str) -> int:
    """How many open cases were opened before ``cutoff`` (retention never purges them)."""
    row = await fetch_one(
        conn, "SELECT COUNT(*) AS n FROM cases WHERE state = 'open' AND opened_at < ?", (cutoff,)
    )
    return int(row["n"]) if row else 0
