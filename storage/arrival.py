"""What the bot needs to know when a person's update arrives, read in one snapshot.

Which participant the chat is, whether this update was handled already (Telegram delivers
at least once), the survey state of the participant's current round and the number of the
last question they were sent. Read separately these were three or four short reads, each
taking the writer's lock and forcing out any commit waiting to be batched; together they are
one.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.types import SessionState
from storage.base import Context
from storage.inbox import handled_in
from storage.models import Participant
from storage.participants import chat_participants
from storage.sessions import latest_round, state_from_row


@dataclass(frozen=True)
class Arrival:
    """A person's update as the store sees it on arrival."""

    participant: Participant | None  # None: the chat has no case (or it was erased)
    seen: bool  # the update was handled before: Telegram delivered it again
    state: SessionState | None = None  # the current round's survey state, if started
    shown_seq: int | None = None  # the last question sent in that round (None: not known)

    @property
    def question_unseen(self) -> bool:
        """True when the current question was saved but never reached the person (the bot
        stopped between the two): typed words are then not an answer to it."""
        state = self.state
        if state is None or state.status != "active":
            return False
        return self.shown_seq is not None and self.shown_seq != state.seq


class Arrivals:
    """Reads an update's ``Arrival``."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def read(self, chat_id: int, update_id: int) -> Arrival:
        """The chat's most recently active participant, whether ``update_id`` was handled,
        and that participant's current round, all from one snapshot."""
        async with self._ctx.db.reading() as conn:
            joined = await chat_participants(conn, self._ctx, chat_id, limit=1)
            seen = await handled_in(conn, update_id)
            if not joined:
                return Arrival(None, seen)
            participant = joined[0]
            row = await latest_round(conn, participant.id, participant.current_timepoint)
        shown = None if row is None or row["shown_seq"] is None else int(row["shown_seq"])
        return Arrival(participant, seen, state_from_row(self._ctx, row), shown)
