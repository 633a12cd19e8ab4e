"""The Store's forgetting methods: erasing a case or a participant on request, and the
scheduled purge of closed cases and of delivery records too old to be of use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import maintenance
from storage.audit import AuditLog
from storage.base import Context
from storage.case_lookup import case_by_id
from storage.cases import CaseRepository, find_case
from storage.clock import to_text
from storage.erasure import (
    erase_cases_in,
    erase_participant_in,
    expired_case_ids,
    open_cases_opened_before,
)
from storage.inbox import INBOX_KEEP_DAYS, MESSAGES_KEEP_DAYS, Inbox, MessageLog
from storage.models import Case, PurgeResult
from storage.staff_exchanges import StaffExchanges


class StoreForgetting:
    """Mixed into ``storage.store.Store``, whose ``__init__`` sets these attributes."""

    _ctx: Context
    audit: AuditLog
    cases: CaseRepository
    inbox: Inbox
    messages: MessageLog
    staff_exchanges: StaffExchanges

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

    async def purge_due(self, older_than_days: int, *, actor: str = "cli") -> list[Case]:
        """The cases ``purge(older_than_days)`` would delete now, oldest id first
        (``checkin purge --dry-run``). Deletes nothing; the listing is audited, as
        ``case list`` is (``purge_listed``, with the days and the count)."""
        cutoff = to_text(_days_before(self._ctx.clock(), older_than_days))
        async with self._ctx.db.reading() as conn:
            due = [await case_by_id(conn, i) for i in await expired_case_ids(conn, cutoff)]
        await self.audit.record(
            actor, "purge_listed", None, older_than_days=older_than_days, cases=len(due)
        )
        return due

    async def purge(self, older_than_days: int, *, actor: str = "cli") -> PurgeResult:
        """Delete cases past retention (``expired_case_ids``: closed, or erased, more than
        ``older_than_days`` ago) as erasure does, each audited, and processed update ids,
        message log entries and staff exchanges too old to be of use; the run itself is
        audited too (``purge_run``, with its counts), so a run that found nothing shows."""
        cutoff = to_text(_days_before(self._ctx.clock(), older_than_days))
        async with self._ctx.db.transaction() as conn:
            case_ids = await expired_case_ids(conn, cutoff)
            await erase_cases_in(conn, self._ctx, case_ids, actor, drop_case=True)
            still_open = await open_cases_opened_before(conn, cutoff)
        # Telegram re-delivers updates for a day and lets bots delete messages for 48 hours:
        # past that, update ids and message ids serve no purpose and are dropped.
        updates = await self.inbox.forget_older_than(min(older_than_days, INBOX_KEEP_DAYS))
        messages = await self.messages.forget_older_than(min(older_than_days, MESSAGES_KEEP_DAYS))
        exchanges = await self.staff_exchanges.forget_expired()  # abandoned /newcase, /close
        result = PurgeResult(tuple(case_ids), updates, messages, exchanges, still_open)
        await self.audit.record(
            actor, "purge_run", None, older_than_days=older_than_days, cases=len(case_ids),
            updates=updates, messages=messages, staff_exchanges=exchanges,
            open_past_retention=still_open,
        )  # fmt: skip
        await maintenance.truncate_wal(self._ctx.db)
        return result


def _days_before(moment: datetime, days: int) -> datetime:
    """``days`` before ``moment``, or the earliest date there is when that is before it (a
    retention longer than the calendar purges nothing, rather than failing)."""
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)
