"""The Store: one facade over small repositories, opened with ``open_store``.

    async with open_store(settings) as store:
        new = await store.create_case("Police", "North", "REF-1")
        person = await store.redeem_invite(new.person_token, chat_id)
        saved = await store.save_turn(person.id, "start", turn.records, turn.state,
                                      channel="telegram", source_message_id="123")

The terminal channel (``checkin chat --invite LINK``) does the same with
``token_from_link(LINK)`` and ``CONSOLE_CHAT_ID``: redeem, then
``load_session(person.id, person.current_timepoint)`` (None: start afresh), then one
``save_turn(..., channel="console", source_message_id=<unique per input>)`` per answer
before the next question is shown. A later check-in or end invite redeemed the same way
finds the same participant and opens a new round.

Everything returned is a frozen dataclass. The interface is kept narrow (no SQL, no rows)
so another backend (PostgreSQL) can implement it later without touching callers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dialogs.types import Outcome, Record, SessionState
from storage import maintenance
from storage.alerts import AlertRepository
from storage.answers import AnswerRepository
from storage.arrival import Arrivals
from storage.audit import AuditLog
from storage.base import Context
from storage.cases import CaseRepository
from storage.checkin_due import cases_due_checkin
from storage.clock import Clock, utc_now
from storage.consent import latest_consent
from storage.crypto import Keyring
from storage.inbox import Inbox, MessageLog, UpdateClaim, VoiceNotes, claim_in
from storage.invites import InviteRepository
from storage.models import Case, NewCase, NewInvite, Participant, SavedTurn
from storage.opening import database_path, open_context
from storage.outcomes import current_outcomes
from storage.participants import ParticipantRepository
from storage.reminders import ReminderRepository
from storage.run_lock import holding
from storage.sessions import SessionRepository
from storage.staff import StaffRepository
from storage.staff_exchanges import StaffExchanges
from storage.store_forgetting import StoreForgetting
from storage.store_operations import StoreOperations
from storage.turns import save_turn_in

if TYPE_CHECKING:
    from bot.config import Settings


class Store(StoreForgetting, StoreOperations):
    """The storage API the bot, the CLI and analytics use. Erasure and purge are in
    ``storage.store_forgetting``; backup, key rotation, export and the like in
    ``storage.store_operations``."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self.cases = CaseRepository(ctx)
        self.invites = InviteRepository(ctx)
        self.participants = ParticipantRepository(ctx)
        self.sessions = SessionRepository(ctx)
        self.answers = AnswerRepository(ctx)
        self.alerts = AlertRepository(ctx)
        self.staff = StaffRepository(ctx)
        self.audit = AuditLog(ctx)
        self.reminders = ReminderRepository(ctx)
        self.inbox = Inbox(ctx)
        self.messages = MessageLog(ctx)
        self.voice = VoiceNotes(ctx)
        self.staff_exchanges = StaffExchanges(ctx)  # unfinished /newcase, /close
        self.arrivals = Arrivals(ctx)  # a person's update: who, seen before, their round

    @property
    def path(self) -> Path:
        return self._ctx.db.path

    # ------------------------------------------------------------ cases and invites
    async def create_case(
        self,
        organisation: str,
        team: str,
        local_ref: str,
        *,
        representative: bool = False,
        concern_types: Sequence[str] = (),
        advocate_involved: bool | None = None,
        actor: str = "cli",
        rep_kind: str | None = None,
    ) -> NewCase:
        """Open a case; returns it with the person's (and a representative's) invite token.
        ``rep_kind`` says who the representative is to the person (it implies one)."""
        return await self.cases.create(
            organisation, team, local_ref, representative=representative,
            concern_types=concern_types, advocate_involved=advocate_involved, actor=actor,
            rep_kind=rep_kind,
        )  # fmt: skip

    async def create_invite(
        self, case: Case | int, kind: str, timepoint: str, *, actor: str = "cli",
        for_participant: int | None = None, rep_kind: str | None = None,
    ) -> NewInvite:  # fmt: skip
        """A check-in or end invite (start invites come with ``create_case``); with
        ``for_participant``, it works only from that participant's chat."""
        case_id = case.id if isinstance(case, Case) else int(case)
        return await self.invites.create(
            case_id, kind, timepoint, actor=actor, for_participant=for_participant,
            rep_kind=rep_kind,
        )  # fmt: skip

    async def latest_consent(self, participant_id: int) -> bool | None:
        """What the participant (or the role's earlier phone) last said to taking part;
        None if never asked (``storage.consent``)."""
        return await latest_consent(self._ctx, participant_id)

    async def due_for_checkin(self, since: datetime) -> list[Case]:
        """Open cases due a scheduled check-in: nothing asked, answered or sent since
        ``since`` (see ``storage.checkin_due``)."""
        return await cases_due_checkin(self._ctx, since)

    async def redeem_invite(
        self, token: str, chat_id: int, *, rep_kind: str | None = None
    ) -> Participant:
        """Join a chat to the invite's case. Raises InviteNotFound (InviteForAnotherChat for
        an invite bound to another chat), InviteUsed, InviteExpired."""
        return await self.invites.redeem(token, chat_id, rep_kind=rep_kind)

    async def participant_for_chat(self, chat_id: int) -> Participant | None:
        return await self.participants.for_chat(chat_id)

    async def current_outcomes(self, case_id: int) -> tuple[Outcome, ...]:
        async with self._ctx.db.reading() as conn:
            return await current_outcomes(conn, self._ctx, case_id)

    # ------------------------------------------------------------ the survey
    async def load_session(self, participant_id: int, timepoint: str) -> SessionState | None:
        return await self.sessions.load(participant_id, timepoint)

    async def save_turn(
        self,
        participant_id: int,
        timepoint: str,
        records: Sequence[Record],
        state: SessionState,
        *,
        channel: str,
        source_message_id: str | None,
        claim: UpdateClaim | None = None,
    ) -> SavedTurn:
        """Store a turn's records and new state in one transaction (see storage.turns);
        with ``claim``, mark the update that brought it as handled in the same transaction
        (a duplicate if it was already: nothing is stored)."""
        async with self._ctx.db.transaction() as conn:
            if claim is not None and not await claim_in(conn, self._ctx, claim):
                return SavedTurn(duplicate=True)
            saved = await save_turn_in(
                conn, self._ctx, participant_id, timepoint, records, state,
                channel=channel, source_message_id=source_message_id,
            )  # fmt: skip
        if saved.withdrawn:
            await maintenance.truncate_wal(self._ctx.db)
        return saved


@asynccontextmanager
async def open_store(
    source: Settings | str | Path,
    key: str | bytes | Keyring | None = None,
    *,
    clock: Clock = utc_now,
    invite_valid_days: int | None = None,
    alone: bool = False,
) -> AsyncIterator[Store]:
    """Open the store at a Settings' ``storage.url``, a ``sqlite:///`` URL or a path.

    The key comes from ``key`` or, for Settings, from CHECKIN_DATA_KEY / storage.key_file
    (KeyMissing otherwise). Migrations run automatically; WAL and synchronous=FULL are
    checked (UnsafeDatabase otherwise); a key that is not this database's raises WrongKey.
    While open, the database's lock is held (``storage.run_lock``): shared, or with
    ``alone`` (a key rotation) exclusive, so DatabaseInUse while anyone else has it open;
    RotationUnderWay while a rotation has it.
    """
    with holding(database_path(source), alone=alone):
        async with open_context(
            source, key, clock=clock, invite_valid_days=invite_valid_days
        ) as ctx:
            yield Store(ctx)
