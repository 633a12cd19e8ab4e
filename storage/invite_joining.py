"""What redeeming an invite does to participants: the chat joins the invite's case (the same
participant when the same chat comes back; a new phone keeps the person's preferences and
their "contact unsafe" flag, and replaces the old phone, which is detached and told
nothing: people often need a new phone because the old one is in an abuser's hands), an
invite bound to one participant's chat is refused from any other chat, and tapping one's
own used link again is fine while anyone else's use is refused.

Called by ``InviteRepository.redeem`` (``storage.invites``) inside its transaction.
"""

from __future__ import annotations

from typing import Any

from storage.base import CHAT_LABEL, Context, fetch_all, fetch_one, insert, write_audit
from storage.connection import Connection
from storage.errors import InviteForAnotherChat, InviteForReplacedPhone, InviteUsed
from storage.models import Participant
from storage.participants import participant_by_id
from storage.reminders import cancel_reminders


async def join_case(
    conn: Connection, ctx: Context, invite: Any, chat_id: int, rep_kind: str | None
) -> int:
    """The participant for this chat in the invite's case: the same one if it came back,
    else a new one that replaces the old phone of the same kind (see ``replace_old_phones``)."""
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
    earlier = await _earlier_of_kind(conn, invite, rep_kind)
    rep_kind = rep_kind or (earlier["rep_kind"] if earlier else None)
    default_by = "representative" if invite["kind"] == "representative" else "self"
    unsafe = await _flagged_unsafe(conn, invite["case_id"], invite["kind"], rep_kind)
    joined = await insert(
        conn,
        "INSERT INTO participants (case_id, kind, rep_kind, chat_hash, chat_enc, variant,"
        " language, answered_by, current_timepoint, contact_unsafe, joined_at, last_active_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            invite["case_id"],
            invite["kind"],
            rep_kind,
            chat_hash,
            ctx.encrypt_chat(chat_id, CHAT_LABEL),
            earlier["variant"] if earlier else "standard",
            earlier["language"] if earlier else "en",
            earlier["answered_by"] if earlier else default_by,
            invite["timepoint"],
            int(unsafe),
            now,
            now,
        ),
    )
    await replace_old_phones(conn, ctx, joined)
    return joined


async def _earlier_of_kind(conn: Connection, invite: Any, rep_kind: str | None) -> Any:
    """The latest active participant of the invite's kind (a named kind of representative
    first), whose preferences a new phone keeps; None if no one of that kind joined."""
    base = "SELECT variant, language, answered_by, rep_kind FROM participants"
    order = " ORDER BY last_active_at DESC, id DESC LIMIT 1"
    case_id, kind = invite["case_id"], invite["kind"]
    if kind == "representative" and rep_kind is not None:
        named = await fetch_one(
            conn, base + " WHERE case_id = ? AND kind = ? AND rep_kind = ?" + order,
            (case_id, kind, rep_kind),
        )  # fmt: skip
        if named is not None:
            return named
    return await fetch_one(conn, base + " WHERE case_id = ? AND kind = ?" + order, (case_id, kind))


def _role(case_id: int, kind: str, rep_kind: str | None) -> tuple[str, tuple]:
    """SQL (and its parameters) matching one role in a case: the person, or the
    representative of one kind (rep_kind), never the other, so a representative's new phone
    does not replace the person's."""
    if kind == "representative":
        return "case_id = ? AND kind = ? AND rep_kind IS ?", (case_id, kind, rep_kind)
    return "case_id = ? AND kind = ?", (case_id, kind)


async def _flagged_unsafe(conn: Connection, case_id: int, kind: str, rep_kind: str | None) -> bool:
    """Whether any earlier phone in this role had contact flagged unsafe: the flag is about
    the person's situation, not the phone, so a new phone keeps it."""
    role, params = _role(case_id, kind, rep_kind)
    row = await fetch_one(
        conn, f"SELECT MAX(contact_unsafe) AS unsafe FROM participants WHERE {role}", params
    )
    return bool(row is not None and row["unsafe"])


async def replace_old_phones(conn: Connection, ctx: Context, new_id: int) -> list[int]:
    """The new participant ``new_id`` replaces every other one in its role in the case that
    still has a chat (an old phone, which may be in the hands of the person harming them):
    the old chat is detached (chat_hash and chat_enc NULL), so nothing is sent to it again
    and its messages are those of an unknown chat; its pending reminders are cancelled; the
    bot's record of messages in that chat (for "hide this chat", which an unknown chat
    cannot use) goes unless the chat is still a participant elsewhere; the replacement is
    audited (no chat id). The old phone is told nothing. Its answers stay in the case.
    Returns the replaced participants' ids."""
    new = await fetch_one(
        conn, "SELECT case_id, kind, rep_kind, chat_hash FROM participants WHERE id = ?", (new_id,)
    )
    role, params = _role(new["case_id"], new["kind"], new["rep_kind"])
    old_rows = await fetch_all(
        conn,
        f"SELECT id, chat_hash FROM participants WHERE {role}"
        " AND id <> ? AND chat_hash IS NOT NULL AND chat_hash <> ? ORDER BY id",
        (*params, new_id, new["chat_hash"]),
    )
    for old in old_rows:
        await _detach(conn, ctx, int(old["id"]), old["chat_hash"])
        await write_audit(
            conn, ctx.now(), f"participant:{new_id}", "participant_replaced", new["case_id"],
            {"kind": new["kind"], "replaced_participant": int(old["id"])},
        )  # fmt: skip
    return [int(old["id"]) for old in old_rows]


async def _detach(conn: Connection, ctx: Context, participant_id: int, chat_hash: bytes) -> None:
    """Detach one old phone's chat (see ``replace_old_phones``)."""
    await conn.execute(
        "UPDATE participants SET chat_hash = NULL, chat_enc = NULL WHERE id = ?",
        (participant_id,),
    )
    await cancel_reminders(conn, ctx, participant_id)
    await conn.execute(
        "DELETE FROM message_log WHERE chat_hash = ?"
        " AND NOT EXISTS (SELECT 1 FROM participants WHERE chat_hash = ?)",
        (chat_hash, chat_hash),
    )


async def check_bound_chat(conn: Connection, ctx: Context, invite: Any, chat_id: int) -> None:
    """An invite sent into a participant's chat is refused from any other chat; once that
    participant's phone has been replaced (no chat left), it is refused from every chat
    as ``InviteForReplacedPhone``."""
    if invite["for_participant_id"] is None:
        return
    owner = await fetch_one(
        conn, "SELECT chat_hash FROM participants WHERE id = ?", (invite["for_participant_id"],)
    )
    if owner is not None and owner["chat_hash"] is None:
        raise InviteForReplacedPhone(int(invite["case_id"]))
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
