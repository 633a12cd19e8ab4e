"""Invites: make a single-use, expiring token for a case; redeem it from a chat.

An invite the bot sends into a participant's chat is bound to that participant: any other
chat that opens it is refused (``InviteForAnotherChat``), so a forwarded check-in link does
not read the person's outcomes back to someone else.

Redeeming joins the chat to the case as a participant (reusing the participant when the
same chat comes back with a check-in or end invite) and opens a new survey round for the
invite's timepoint, all in one transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from storage.base import CHAT_LABEL, Context, fetch_one, insert, write_audit
from storage.clock import from_text, to_text
from storage.connection import Connection
from storage.crypto import invite_token_hash, new_invite_token
from storage.errors import (
    Conflict,
    InviteExpired,
    InviteForAnotherChat,
    InviteNotFound,
    InviteUsed,
    StorageError,
)
from storage.models import Invite, NewInvite, Participant
from storage.participants import participant_by_id
from storage.sessions import open_round

KINDS = ("person", "representative")
INVITE_TIMEPOINTS = ("start", "checkin", "end")


def invite_from_row(row: Any) -> Invite:
    return Invite(
        id=row["id"],
        case_id=row["case_id"],
        kind=row["kind"],
        timepoint=row["timepoint"],
        created_at=from_text(row["created_at"]),  # type: ignore[arg-type]
        expires_at=from_text(row["expires_at"]),  # type: ignore[arg-type]
        used_at=from_text(row["used_at"]),
    )


# The terminal channel (``checkin chat``) has no Telegram chat: it joins with this stand-in
# id, so a second run with a check-in or end invite finds the same participant.
CONSOLE_CHAT_ID = 0


def invite_link(bot_username: str, token: str) -> str:
    """The Telegram deep link that starts the bot with this invite."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={token}"


def token_from_link(text: str) -> str:
    """The token from a pasted invite link (``...?start=TOKEN``) or from a bare token."""
    text = text.strip()
    if "start=" in text:
        text = text.split("start=", 1)[1].split("&", 1)[0]
    return text


async def insert_invite(
    conn: Connection, ctx: Context, case_id: int, kind: str, timepoint: str,
    for_participant: int | None = None,
) -> NewInvite:  # fmt: skip
    """Store a new invite's hash; return the invite and its token (shown once). With
    ``for_participant``, only that participant's chat can redeem it."""
    if kind not in KINDS or timepoint not in INVITE_TIMEPOINTS:
        raise StorageError(f"An invite is for {'/'.join(KINDS)} at {'/'.join(INVITE_TIMEPOINTS)}.")
    token = new_invite_token()
    created = ctx.clock()
    expires = created + timedelta(days=ctx.invite_valid_days)
    invite_id = await insert(
        conn,
        "INSERT INTO invites (token_hash, case_id, kind, timepoint, created_at, expires_at,"
        " for_participant_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (invite_token_hash(token), case_id, kind, timepoint, to_text(created), to_text(expires),
         for_participant),
    )  # fmt: skip
    row = await fetch_one(conn, "SELECT * FROM invites WHERE id = ?", (invite_id,))
    return NewInvite(invite_from_row(row), token)


async def _join(
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


async def _check_bound_chat(conn: Connection, ctx: Context, invite: Any, chat_id: int) -> None:
    """An invite sent into a participant's chat is refused from any other chat."""
    if invite["for_participant_id"] is None:
        return
    owner = await fetch_one(
        conn, "SELECT chat_hash FROM participants WHERE id = ?", (invite["for_participant_id"],)
    )
    if owner is None or owner["chat_hash"] != ctx.chat_hash(chat_id):
        raise InviteForAnotherChat(int(invite["case_id"]))


async def _same_chat_again(
    conn: Connection, ctx: Context, invite: Any, chat_id: int
) -> Participant:
    """Tapping one's own link again is fine; anyone else gets InviteUsed."""
    if invite["participant_id"] is not None:
        owner = await fetch_one(
            conn, "SELECT chat_hash FROM participants WHERE id = ?", (invite["participant_id"],)
        )
        if owner is not None and owner["chat_hash"] == ctx.chat_hash(chat_id):
            return await participant_by_id(conn, ctx, invite["participant_id"])
    raise InviteUsed()


class InviteRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def create(
        self, case_id: int, kind: str, timepoint: str, *, actor: str = "cli",
        for_participant: int | None = None,
    ) -> NewInvite:  # fmt: skip
        """A new invite for a case (check-in and end invites; start ones come with the case);
        with ``for_participant``, redeemable only from that participant's chat."""
        async with self._ctx.db.transaction() as conn:
            case = await fetch_one(conn, "SELECT state FROM cases WHERE id = ?", (case_id,))
            if case is None or case["state"] == "erased":
                raise Conflict("That case has no one to invite: it does not exist or was erased.")
            if case["state"] == "closed" and timepoint != "end":
                raise Conflict("The case is closed: only an end-of-case invite can be made.")
            new = await insert_invite(conn, self._ctx, case_id, kind, timepoint, for_participant)
            await write_audit(
                conn,
                self._ctx.now(),
                actor,
                "invite_created",
                case_id,
                {"kind": kind, "timepoint": timepoint, "invite_id": new.invite.id},
            )
        return new

    async def redeem(self, token: str, chat_id: int, *, rep_kind: str | None = None) -> Participant:
        """Use an invite from a chat: single use, before it expires; returns the participant."""
        async with self._ctx.db.transaction() as conn:
            invite = await fetch_one(
                conn, "SELECT * FROM invites WHERE token_hash = ?", (invite_token_hash(token),)
            )
            if invite is None:
                raise InviteNotFound()
            await _check_bound_chat(conn, self._ctx, invite, chat_id)
            if invite["used_at"] is not None:
                return await _same_chat_again(conn, self._ctx, invite, chat_id)
            if invite["expires_at"] <= self._ctx.now():
                raise InviteExpired()
            case = await fetch_one(
                conn, "SELECT state FROM cases WHERE id = ?", (invite["case_id"],)
            )
            if case["state"] == "erased":
                raise InviteNotFound()
            participant_id = await _join(conn, self._ctx, invite, chat_id, rep_kind)
            await conn.execute(
                "UPDATE invites SET used_at = ?, participant_id = ? WHERE id = ?",
                (self._ctx.now(), participant_id, invite["id"]),
            )
            await open_round(conn, self._ctx, participant_id, invite["timepoint"])
            await write_audit(
                conn,
                self._ctx.now(),
                f"participant:{participant_id}",
                "invite_redeemed",
                invite["case_id"],
                {"kind": invite["kind"], "timepoint": invite["timepoint"]},
            )
            return await participant_by_id(conn, self._ctx, participant_id)
