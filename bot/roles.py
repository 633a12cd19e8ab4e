"""Who may do what on the staff side: deny by default, one check for every staff action.

A Telegram user is staff only if the store's staff table has them (found by keyed hash of
their user id) and they are active. Roles:

- practitioner: their own organisation's cases only;
- hub: every case;
- board: aggregates only (``/summary``), never a single case.

``authorise`` is the one function every staff action calls. It writes an audit entry for
each refusal and for each staff read of a case. A case in another organisation is refused
with the same words as a case that does not exist, so references cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storage.errors import Conflict, NotFound
from storage.models import Case, Role, StaffMember
from storage.store import Store

Action = Literal["newcase", "cases", "case", "checkin", "newlink", "close", "summary"]
RefusalReason = Literal["not_staff", "not_for_role", "no_such_case", "ambiguous_case"]
ALLOWED: dict[str, frozenset[Role]] = {
    "newcase": frozenset({"practitioner", "hub"}),
    "cases": frozenset({"practitioner", "hub"}),
    "case": frozenset({"practitioner", "hub"}),
    "checkin": frozenset({"practitioner", "hub"}),
    "newlink": frozenset({"practitioner", "hub"}),
    "close": frozenset({"practitioner", "hub"}),
    "summary": frozenset({"practitioner", "hub", "board"}),
}
# Actions on a case that show what the person said: each is audited as a read.
READS = frozenset({"case"})
UNKNOWN_ACTOR = "telegram"  # a refused non-staff user: no id is written anywhere


class AccessRefused(Exception):
    """A staff action was refused; ``reason`` picks the staff-facing words."""

    def __init__(self, reason: RefusalReason) -> None:
        super().__init__(f"Refused: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class StaffAccess:
    """What ``authorise`` allowed: who (and their audit actor name) and, if asked, the case."""

    member: StaffMember
    case: Case | None = None

    @property
    def actor(self) -> str:
        return actor_of(self.member)

    @property
    def sees_all_cases(self) -> bool:
        return self.member.role == "hub"


def actor_of(member: StaffMember) -> str:
    return f"staff:{member.id}"


async def authorise(
    store: Store,
    telegram_user_id: int | None,
    action: Action,
    case_ref: str | None = None,
    organisation: str | None = None,
) -> StaffAccess:
    """Check the user's role for ``action`` (and their access to case ``case_ref``).

    Raises ``AccessRefused`` after auditing the refusal. A read of a case is audited.
    """
    member = None
    if telegram_user_id is not None:
        member = await store.staff.by_telegram_id(telegram_user_id)
    if member is None or not member.active:
        await _refuse(store, UNKNOWN_ACTOR, action, "not_staff")
    assert member is not None  # for type checkers: _refuse always raises
    if member.role not in ALLOWED[action]:
        await _refuse(store, actor_of(member), action, "not_for_role")
    case = None
    if case_ref is not None:
        case = await _visible_case(store, member, action, case_ref, organisation)
        if action in READS:
            await store.cases.record_read(case.id, actor_of(member), "answers")
    return StaffAccess(member, case)


def visible_organisation(member: StaffMember) -> str | None:
    """The one organisation a member is limited to, or None for the whole partnership."""
    return member.organisation if member.role == "practitioner" else None


async def _visible_case(
    store: Store, member: StaffMember, action: str, case_ref: str, organisation: str | None
) -> Case:
    own, ref = visible_organisation(member), case_ref.strip()
    try:
        case = await store.cases.get(ref, organisation or own)
    except NotFound:
        # another organisation's case is audited against that case, answered as "no such case"
        elsewhere = await _case_anywhere(store, ref) if own is not None else None
        await _refuse(store, actor_of(member), action, "no_such_case", elsewhere)
        raise  # unreachable: _refuse raises
    except Conflict:
        await _refuse(store, actor_of(member), action, "ambiguous_case")
        raise
    if own is not None and case.organisation != own:
        await _refuse(store, actor_of(member), action, "no_such_case", case.id)
    return case


async def _case_anywhere(store: Store, ref: str) -> int | None:
    try:
        return (await store.cases.get(ref)).id
    except (NotFound, Conflict):
        return None


async def _refuse(
    store: Store,
    actor: str,
    action: str,
    reason: RefusalReason,
    case_id: int | None = None,
) -> None:
    await store.record_audit(actor, "staff_refused", case_id, command=action, reason=reason)
    raise AccessRefused(reason)
