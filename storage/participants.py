"""Participants: the person or a representative answering for a case, found by chat id.

A participant whose phone was replaced by a new one (``storage.invite_joining``) has no
chat any more (``chat_id`` None): no chat finds it and nothing can be sent to it, while its
answers stay in the case."""

from __future__ import annotations

from typing import Any

from storage.base import Context, fetch_all, fetch_one
from storage.clock import from_text
from storage.connection import Connection
from storage.errors import NotFound
from storage.models import Participant


def participant_from_row(ctx: Context, row: Any) -> Participant:
    return Participant(
        id=row["id"],
        case_id=row["case_id"],
        kind=row["kind"],
        variant=row["variant"],
        language=row["language"],
        answered_by=row["answered_by"],
        current_timepoint=row["current_timepoint"],
        contact_unsafe=bool(row["contact_unsafe"]),
        joined_at=from_text(row["joined_at"]),  # type: ignore[arg-type]
        rep_kind=row["rep_kind"],
        chat_id=ctx.decrypt_chat(row["chat_enc"]),
    )


async def chat_participants(
    conn: Connection, ctx: Context, chat_id: int, limit: int = -1
) -> list[Participant]:
    """The participants this chat is, most recently active first (at most ``limit``; -1:
    all); erased cases left out."""
    rows = await fetch_all(
        conn,
        "SELECT p.* FROM participants p JOIN cases c ON c.id = p.case_id"
        " WHERE p.chat_hash = ? AND c.state <> 'erased'"
        " ORDER BY p.last_active_at DESC, p.id DESC LIMIT ?",
        (ctx.chat_hash(chat_id), limit),
    )
    return [participant_from_row(ctx, row) for row in rows]


async def participant_by_id(conn: Connection, ctx: Context, participant_id: int) -> Participant:
    row = await fetch_one(conn, "SELECT * FROM participants WHERE id = ?", (participant_id,))
    if row is None:
        raise NotFound("That participant no longer exists (their answers may have been erased).")
    return participant_from_row(ctx, row)


class ParticipantRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def get(self, participant_id: int) -> Participant:
        async with self._ctx.db.reading() as conn:
            return await participant_by_id(conn, self._ctx, participant_id)

    async def for_chat(self, chat_id: int) -> Participant | None:
        """The participant this chat last acted as (a chat may be in several cases, e.g.
        an advocate's); None if the chat has not redeemed an invite or was erased."""
        joined = await self.all_for_chat(chat_id)
        return joined[0] if joined else None

    async def all_for_chat(self, chat_id: int) -> list[Participant]:
        """Every participant this chat is (an advocate may be in several cases), most
        recently active first; erased cases left out."""
        async with self._ctx.db.reading() as conn:
            return await chat_participants(conn, self._ctx, chat_id)

    async def for_case(self, case_id: int) -> list[Participant]:
        """Everyone who joined the case, in the order they joined, replaced phones included
        (their ``chat_id`` is None: only those with a chat can be contacted)."""
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(
                conn, "SELECT * FROM participants WHERE case_id = ? ORDER BY id", (case_id,)
            )
        return [participant_from_row(self._ctx, row) for row in rows]
