"""What redeeming an invite does to participants: the chat joins the invite's case (the same
participant when the same chat comes back; a new phone keeps the person's preferences), an
invite bound to one participant's chat is refused from any other chat, and tapping one's
own used link again is fine while anyone else's use is refused.

Called by ``InviteRepository.redeem`` (``storage.invites``) inside its transaction.
"""

from __future__ import annotations

from typing import Any

from storage.base import CHAT_LABEL, Context, fetch_one, insert
from storage.connection import Connection
from storage.errors import InviteForAnotherChat, InviteUsed
from storage.models import Participant
from storage.participants import participant_by_id


async def join_case(
    conn: Connection, ctx: Context, invite: Any, chat_id: int, rep_kind: str | None
) -> int:
    """The participant for this chat in the invite's case: the same one if it came back."""
    now = ctx.now()
    chat_hash = ctx.chat_hash(chat_id)
    same = await fetch_one(
        conn,
        "SELECT id FROM participants WHERE case_id = ? AND kind = ? AND chat_hash = ?",
        (invite["case_id"], invite["kind"], chat_hash),
    )
    if same is not None:
        await conn.execute(
            "UPDATE participants SET current_timepoint = ?, last_active_at = ? WHERE id = ?",
            (invite["timepoint"], now, same["id"]),
        )
        return int(same["id"])
    # A new phone for someone already in the case keeps their preferences.
    earlier = await fetch_one(
        conn,
        "SELECT variant, language, answered_by, rep_kind FROM participants"
        " WHERE case_id = ? AND kind = ? ORDER BY last_active_at DESC LIMIT 1",
        (invite["case_id"], invite["kind"]),
    )
    default_by = "representative" if invite["kind"] == "representative" else "self"
    return await insert(
        conn,
        "INSERT INTO participants (case_id, kind, rep_kind, chat_hash, chat_enc, variant,"
        " language, answered_by, current_timepoint, joined_at, last_active_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            invite["case_id"],
            invite["kind"],
            rep_kind or (earlier["rep_kind"] if earlier else None),
            chat_hash,
            ctx.encrypt_chat(chat_id, CHAT_LABEL),
            earlier["variant"] if earlier else "standard",
            earlier["language"] if earlier else "en",
            earlier["answered_by"] if earlier else default_by,
            invite["timepoint"],
            now,
            now,
        ),
    )


async def check_bound_chat(conn: Connection, ctx: Context, invite: Any, chat_id: int) -> None:
    """An invite sent into a participant's chat is refused from any other chat."""
    if invite["for_participant_id"] is None:
        return
    owner = await fetch_one(
        conn, "SELECT chat_hash FROM participants WHERE id = ?", (invite["for_participant_id"],)
    )
    if owner is None or owner["chat_hash"] != ctx.chat_hash(chat_id):
        raise InviteForAnotherChat(int(invite["case_id"]))


async def same_chat_again(conn: Connection, ctx: Context, invite: Any, chat_id: int) -> Participant:
    """Tapping one's own link again is fine; anyone else gets InviteUsed."""
    if invite["participant_id"] is not None:
        owner = await fetch_one(
            conn, "SELECT chat_hash FROM participants WHERE id = ?", (invite["participant_id"],)
        )
        if owner is not None and owner["chat_hash"] == ctx.chat_hash(chat_id):
            return await participant_by_id(conn, ctx, invite["participant_id"])
    raise InviteUsed()
