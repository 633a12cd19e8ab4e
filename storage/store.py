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
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dialogs.types import Outcome, Record, SessionState
from storage import maintenance
from storage.alerts import AlertRepository
from storage.answers import AnswerRepository
from storage.arrival import Arrivals
from storage.audit import AuditLog
from storage.base import Context, fetch_all
from storage.cases import CaseRepository, find_case
from storage.clock import Clock, to_text, utc_now
from storage.crypto import Keyring, load_key, parse_key
from storage.db import connect
from storage.erasure import erase_cases_in, erase_participant_in, expired_case_ids
from storage.export import export_rows
from storage.inbox import (
    INBOX_KEEP_DAYS,
    MESSAGES_KEEP_DAYS,
    Inbox,
    MessageLog,
    UpdateClaim,
    VoiceNotes,
    claim_in,
)
from storage.invites import InviteRepository
from storage.key_files import check_configured_key
from storage.migrate import migrate
from storage.models import Case, ExportRow, NewCase, NewInvite, Participant, PurgeResult, SavedTurn
from storage.outcomes import current_outcomes
from storage.participants import ParticipantRepository
from storage.reminders import ReminderRepository
from storage.sessions import SessionRepository
from storage.staff import StaffRepository
from storage.staff_exchanges import StaffExchanges
from storage.turns import save_turn_in

if TYPE_CHECKING:
    from bot.config import Settings


class Store:
    """The storage API the bot, the CLI and analytics use."""

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
    ) -> NewCase:
        """Open a case; returns it with the person's (and a representative's) invite token."""
        return await self.cases.create(
            organisation, team, local_ref, representative=representative,
            concern_types=concern_types, advocate_involved=advocate_involved, actor=actor,
        )  # fmt: skip

    async def create_invite(
        self, case: Case | int, kind: str, timepoint: str, *, actor: str = "cli",
        for_participant: int | None = None,
    ) -> NewInvite:  # fmt: skip
        """A check-in or end invite (start invites come with ``create_case``); with
        ``for_participant``, it works only from that participant's chat."""
        case_id = case.id if isinstance(case, Case) else int(case)
        return await self.invites.create(
            case_id, kind, timepoint, actor=actor, for_participant=for_participant
        )

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

    # ------------------------------------------------------------ forgetting
    async def erase_case(
        self, local_ref: str, *, organisation: str | None = None, actor: str = "cli"
    ) -> Case:
        """Erase the people's data in a case; the case stays as 'erased' (staff fields only)."""
        async with self._ctx.db.transaction() as conn:
            case = await find_case(conn, local_ref, organisation)
            await erase_cases_in(conn, self._ctx, [case.id], actor, drop_case=False)
        await maintenance.truncate_wal(self._ctx.db)
        return await self.cases.by_id(case.id)

    async def erase_participant(self, participant_id: int, *, actor: str) -> bool:
        """Forget one participant (the bot's withdraw path); False if already gone."""
        async with self._ctx.db.transaction() as conn:
            erased = await erase_participant_in(conn, self._ctx, participant_id, actor)
        await maintenance.truncate_wal(self._ctx.db)
        return erased

    async def purge(self, older_than_days: int, *, actor: str = "cli") -> PurgeResult:
        """Delete cases closed more than ``older_than_days`` ago (as erasure does), and
        processed update ids and message log entries too old to be of use."""
        cutoff = to_text(self._ctx.clock() - timedelta(days=older_than_days))
        async with self._ctx.db.transaction() as conn:
            case_ids = await expired_case_ids(conn, cutoff)
            await erase_cases_in(conn, self._ctx, case_ids, actor, drop_case=True)
        # Telegram re-delivers updates for a day and lets bots delete messages for 48 hours:
        # past that, update ids and message ids serve no purpose and are dropped.
        updates = await self.inbox.forget_older_than(min(older_than_days, INBOX_KEEP_DAYS))
        messages = await self.messages.forget_older_than(min(older_than_days, MESSAGES_KEEP_DAYS))
        await self.staff_exchanges.forget_expired()  # staff's abandoned /newcase, /close
        await maintenance.truncate_wal(self._ctx.db)
        return PurgeResult(tuple(case_ids), updates, messages)

    # ------------------------------------------------------------ operations
    async def backup(self, path: str | Path, *, actor: str = "cli") -> Path:
        """A consistent copy of the database (VACUUM INTO), owner-only; never a file copy."""
        target = await maintenance.backup(self._ctx.db, Path(path))
        await self.audit.record(actor, "backup_made")
        return target

    async def rotate_key(self, new_key: str | bytes | Keyring, *, actor: str = "cli") -> None:
        """Re-encrypt and re-hash everything under ``new_key`` in one transaction."""
        keyring = _keyring(new_key)
        await maintenance.rotate_key(self._ctx, keyring, actor)
        await maintenance.truncate_wal(self._ctx.db)

    def export_answers(
        self,
        *,
        include_text: bool = False,
        organisation: str | None = None,
        actor: str = "cli",
    ) -> AsyncIterator[ExportRow]:
        """One row per answer (the export is written to the audit log first)."""
        return export_rows(
            self._ctx, include_text=include_text, organisation=organisation, actor=actor
        )

    async def record_audit(
        self, actor: str, action: str, case_id: int | None = None, **detail: object
    ) -> int:
        return await self.audit.record(actor, action, case_id, **detail)

    async def bulk_load(self, cases: Sequence[object]) -> int:
        """BENCHMARKS AND TESTS ONLY: see ``storage.bulk.bulk_load``."""
        from storage.bulk import bulk_load

        return await bulk_load(self._ctx, cases)  # type: ignore[arg-type]

    async def durability(self) -> dict[str, object]:
        """The connection's pragmas as SQLite reports them (journal_mode, synchronous, ...)."""
        result: dict[str, object] = {}
        async with self._ctx.db.exclusive() as conn:
            for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete"):
                row = await fetch_all(conn, f"PRAGMA {name}")
                result[name] = row[0][0]
        return result

    async def schema_version(self) -> list[str]:
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(conn, "SELECT name FROM schema_migrations ORDER BY name")
        return [row[0] for row in rows]


def _keyring(key: str | bytes | Keyring) -> Keyring:
    if isinstance(key, Keyring):
        return key
    return Keyring(parse_key(key) if isinstance(key, str) else key)


def _database_path(source: Settings | str | Path) -> Path:
    if isinstance(source, Path):
        return source
    if isinstance(source, str):
        return Path(source.removeprefix("sqlite:///"))
    return source.database_path


@asynccontextmanager
async def open_store(
    source: Settings | str | Path,
    key: str | bytes | Keyring | None = None,
    *,
    clock: Clock = utc_now,
    invite_valid_days: int | None = None,
) -> AsyncIterator[Store]:
    """Open the store at a Settings' ``storage.url``, a ``sqlite:///`` URL or a path.

    The key comes from ``key`` or, for Settings, from CHECKIN_DATA_KEY / storage.key_file
    (KeyMissing otherwise). Migrations run automatically; WAL and synchronous=FULL are
    checked (UnsafeDatabase otherwise); a key that is not this database's raises WrongKey.
    """
    if key is None:
        if isinstance(source, (str, Path)):
            from storage.errors import KeyMissing

            raise KeyMissing()
        keyring = load_key(source)
    else:
        keyring = _keyring(key)
    if invite_valid_days is None:
        invite_valid_days = (
            14 if isinstance(source, (str, Path)) else source.survey.invite_valid_days
        )
    db = await connect(_database_path(source))
    try:
        await migrate(db.conn)
        if key is None and not isinstance(source, (str, Path)):
            # The key came from settings: explain an interrupted rotation's <key file>.next.
            await check_configured_key(db, keyring, source)
        else:
            await maintenance.check_key(db, keyring)
        yield Store(Context(db, keyring, clock, invite_valid_days))
    finally:
        await db.close()
