"""Invites: make a single-use, expiring token for a case; redeem it from a chat.

An invite the bot sends into a participant's chat is bound to that participant: any other
chat that opens it is refused (``InviteForAnotherChat``), so a forwarded check-in link does
not read the person's outcomes back to someone else.

Redeeming joins the chat to the case as a participant (reusing the participant when the
same chat comes back with a check-in or end invite; see ``storage.invite_joining``) and
opens a new survey round for the invite's timepoint, all in one transaction. Links and
tokens as people paste them are in ``storage.invite_links``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from storage.base import Context, fetch_one, insert, write_audit
from storage.clock import from_text, to_text
from storage.connection import Connection
from storage.crypto import invite_token_hash, new_invite_token
from storage.errors import Conflict, InviteExpired, InviteNotFound, StorageError
from storage.invite_joining import check_bound_chat, join_case, same_chat_again
from storage.invite_links import CONSOLE_CHAT_ID, invite_link, token_from_link
from storage.models import REP_KINDS, Invite, NewInvite, Participant
from storage.participants import participant_by_id
from storage.sessions import open_round

# Callers import the link helpers from here (bot, CLI, storage/__init__).
__all__ = [
    "CONSOLE_CHAT_ID",
    "INVITE_TIMEPOINTS",
    "KINDS",
    "InviteRepository",
    "insert_invite",
    "invite_from_row",
    "invite_link",
    "token_from_link",
]

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
        rep_kind=row["rep_kind"],
    )


def check_invite_terms(kind: str, timepoint: str, rep_kind: str | None) -> None:
    """Refuse an invite for an unknown kind, timepoint or kind of representative."""
    if kind not in KINDS or timepoint not in INVITE_TIMEPOINTS:
        raise StorageError(f"An invite is for {'/'.join(KINDS)} at {'/'.join(INVITE_TIMEPOINTS)}.")
    if rep_kind is not None and (kind != "representative" or rep_kind not in REP_KINDS):
        raise StorageError(
            f"Only a representative's invite says who they are: one of {', '.join(REP_KINDS)}."
        )


async def insert_invite(
    conn: Connection, ctx: Context, case_id: int, kind: str, timepoint: str,
    for_participant: int | None = None, rep_kind: str | None = None,
) -> NewInvite:  # fmt: skip
    """Store a new invite's hash; return the invite and its token (shown once). With
    ``for_participant``, only that participant's chat can redeem it; ``rep_kind`` says who a
    representative is to the person (``REP_KINDS``)."""
    check_invite_terms(kind, timepoint, rep_kind)
    token = new_invite_token()
    created = ctx.clock()
    expires = created + timedelta(days=ctx.invite_valid_days)
    invite_id = await insert(
        conn,
        "INSERT INTO invites (token_hash, case_id, kind, timepoint, created_at, expires_at,"
        " for_participant_id, rep_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (invite_token_hash(token), case_id, kind, timepoint, to_text(created), to_text(expires),
         for_participant, rep_kind),
    )  # fmt: skip
    row = await fetch_one(conn, "SELECT * FROM invites WHERE id = ?", (invite_id,))
    return NewInvite(invite_from_row(row), token)


class InviteRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def create(
        self, case_id: int, kind: str, timepoint: str, *, actor: str = "cli",
        for_participant: int | None = None, rep_kind: str | None = None,
    ) -> NewInvite:  # fmt: skip
        """A new invite for a case (check-in and end invites; start ones come with the case);
        with ``for_participant``, redeemable only from that participant's chat; ``rep_kind``:
        who a representative is to the person (when not said, a new phone keeps the kind of
        the representative it replaces)."""
        async with self._ctx.db.transaction() as conn:
            case = await fetch_one(conn, "SELECT state FROM cases WHERE id = ?", (case_id,))
            if case is None or case["state"] == "erased":
                raise Conflict("That case has no one to invite: it does not exist or was erased.")
            if case["state"] == "closed" and timepoint != "end":
                raise Conflict("The case is closed: only an end-of-case invite can be made.")
            new = await insert_invite(
                conn, self._ctx, case_id, kind, timepoint, for_participant, rep_kind
            )
            detail = {"kind": kind, "timepoint": timepoint, "invite_id": new.invite.id}
            if rep_kind is not None:
                detail["rep_kind"] = rep_kind
            await write_audit(conn, self._ctx.now(), actor, "invite_created", case_id, detail)
        return new

    async def redeem(self, token: str, chat_id: int, *, rep_kind: str | None = None) -> Participant:
        """Use an invite from a chat: single use, before it expires; returns the participant."""
        async with self._ctx.db.transaction() as conn:
            invite = await fetch_one(
                conn, "SELECT * FROM invites WHERE token_hash = ?", (invite_token_hash(token),)
            )
            if invite is None:
                raise InviteNotFound()
            await check_bound_chat(conn, self._ctx, invite, chat_id)
            if invite["used_at"] is not None:
                return await same_chat_again(conn, self._ctx, invite, chat_id)
            if invite["expires_at"] <= self._ctx.now():
                raise InviteExpired()
            case = await fetch_one(
                conn, "SELECT state FROM cases WHERE id = ?", (invite["case_id"],)
            )
            if case["state"] == "erased":
                raise InviteNotFound()
            participant_id = await join_case(
                conn, self._ctx, invite, chat_id, rep_kind or invite["rep_kind"]
            )
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
