"""Staff exchanges in the store (migration 0008): kept per staff member, found from the
Telegram user id, claimed once at the last step, dropped when too old, and gone when the
member is removed or the case is closed, erased or purged. What was typed is not in clear."""

from __future__ import annotations

from pathlib import Path

from storage import Store, generate_key
from storage.staff_exchanges import EXCHANGE_MAX_AGE
from tests.storage.conftest import FakeClock, rows

HUB = 70_000_001
PRACTITIONER = 70_000_002
TYPED_REF = "ZQX-8841"


async def _newcase_at_reference(store: Store, user: int = HUB) -> int:
    """A hub member's /newcase with organisation and team given; returns their staff id."""
    member = await store.staff.add(user, "hub")
    await store.staff_exchanges.save(
        member.id, "newcase", "reference", 17, data={"organisation": "Police", "team": "North"}
    )
    return member.id


async def _close_at_capacity(store: Store) -> tuple[int, int]:
    """A hub member's /close of REF-1 at the capacity step; returns (staff id, case id)."""
    member = await store.staff.add(HUB, "hub")
    new = await store.create_case("Police", "North", "REF-1")
    await store.staff_exchanges.save(
        member.id, "close", "capacity", 5, choices=("yes", "no", "not_known"),
        data={"ref": "REF-1", "risk": "reduced"}, case_id=new.case.id,
    )  # fmt: skip
    return member.id, new.case.id


async def test_an_exchange_is_found_from_its_staff_members_user_id_only(store: Store) -> None:
    """What was saved comes back whole for the member's Telegram user id; another staff
    member, or someone who is not staff, finds nothing."""
    staff_id = await _newcase_at_reference(store)
    await store.staff.add(PRACTITIONER, "practitioner", "Police")
    await store.staff_exchanges.save(
        staff_id, "newcase", "concerns", 99, choices=("financial", "neglect"),
        data={"organisation": "Police", "team": "North", "reference": TYPED_REF},
        selected=("neglect",),
    )  # fmt: skip
    found = await store.staff_exchanges.for_user(HUB)
    assert found is not None
    expected = (staff_id, "newcase", "concerns", 99, ("financial", "neglect"), ("neglect",))
    assert expected == (found.staff_id, found.kind, found.step, found.seq, found.choices,
                        found.selected)  # fmt: skip
    assert {"organisation": "Police", "team": "North", "reference": TYPED_REF} == found.data
    assert (None, False) == (found.case_id, found.expired)
    assert None is await store.staff_exchanges.for_user(PRACTITIONER)
    assert None is await store.staff_exchanges.for_user(12345)


async def test_a_new_command_replaces_the_unfinished_one(store: Store) -> None:
    """One exchange per staff member: saving a /close replaces their /newcase."""
    staff_id = await _newcase_at_reference(store)
    await store.staff_exchanges.save(staff_id, "close", "risk", 3, choices=("reduced",))
    found = await store.staff_exchanges.for_user(HUB)
    assert found is not None
    assert ("close", "risk", {}) == (found.kind, found.step, found.data)
    assert 1 == rows(store.path, "SELECT COUNT(*) FROM staff_exchanges")[0][0]


async def test_the_last_step_claims_the_exchange_once(store: Store) -> None:
    """finish at a step's seq deletes only if the exchange is still at that step, and only
    one of two callers gets True; finish without a seq ends it whatever the step."""
    staff_id = await _newcase_at_reference(store)
    assert False is await store.staff_exchanges.finish(staff_id, 18)
    assert True is await store.staff_exchanges.finish(staff_id, 17)
    assert False is await store.staff_exchanges.finish(staff_id, 17)
    assert None is await store.staff_exchanges.for_user(HUB)
    await _newcase_at_reference(store, PRACTITIONER)
    practitioner = await store.staff.by_telegram_id(PRACTITIONER)
    assert practitioner is not None
    assert True is await store.staff_exchanges.finish(practitioner.id)


async def test_an_exchange_left_too_long_is_expired_and_purge_deletes_it(
    store: Store, clock: FakeClock
) -> None:
    """At exactly the limit it is still live; past it, for_user says expired; checkin purge
    deletes expired exchanges and keeps a recent one."""
    await _newcase_at_reference(store)
    clock.advance(seconds=EXCHANGE_MAX_AGE.total_seconds())
    found = await store.staff_exchanges.for_user(HUB)
    assert found is not None and False is found.expired
    await _newcase_at_reference(store, PRACTITIONER)
    clock.advance(seconds=1)
    found = await store.staff_exchanges.for_user(HUB)
    assert found is not None and True is found.expired
    await store.purge(30)
    assert None is await store.staff_exchanges.for_user(HUB)
    assert None is not await store.staff_exchanges.for_user(PRACTITIONER)


async def test_removing_the_staff_member_ends_their_exchange(store: Store) -> None:
    """Staff rows are deactivated, not deleted: deactivation deletes their exchange, and
    being added back does not bring it back."""
    staff_id = await _newcase_at_reference(store)
    await store.staff.deactivate(staff_id)
    assert [] == rows(store.path, "SELECT staff_id FROM staff_exchanges")
    await store.staff.add(HUB, "hub")
    assert None is await store.staff_exchanges.for_user(HUB)


async def test_closing_erasing_or_purging_the_case_ends_a_close_exchange(
    store: Store, clock: FakeClock
) -> None:
    """A /close exchange goes when its case is closed another way (e.g. the command line),
    erased, or purged (the exchange saved just before the purge, so not for being old)."""
    staff_id, _ = await _close_at_capacity(store)
    await store.cases.close("REF-1", no_end_survey_reason="declined")
    assert None is await store.staff_exchanges.for_user(HUB)
    await _close_exchange_for_new_case(store, staff_id, "REF-2")
    await store.erase_case("REF-2")
    assert None is await store.staff_exchanges.for_user(HUB)
    clock.advance(days=40)  # REF-1, closed above, is now past a 30-day retention
    await store.staff_exchanges.save(staff_id, "close", "end", 9,
                                     case_id=(await store.cases.get("REF-1")).id)  # fmt: skip
    assert None is not await store.staff_exchanges.for_user(HUB)
    await store.purge(30)
    assert [] == rows(store.path, "SELECT staff_id FROM staff_exchanges")


async def _close_exchange_for_new_case(store: Store, staff_id: int, ref: str) -> None:
    new = await store.create_case("Police", "North", ref)
    await store.staff_exchanges.save(staff_id, "close", "capacity", 6, case_id=new.case.id)


async def test_a_key_rotation_keeps_the_exchange_readable(store: Store) -> None:
    """The answers so far are re-encrypted with the new key, like every encrypted column."""
    await _newcase_at_reference(store)
    await store.rotate_key(generate_key())
    found = await store.staff_exchanges.for_user(HUB)
    assert found is not None
    assert {"organisation": "Police", "team": "North"} == found.data


async def test_a_typed_reference_is_not_in_clear_on_disk(store: Store, db_path: Path) -> None:
    """The reference typed into an unfinished /newcase is encrypted: neither the database
    file nor its WAL holds it in clear."""
    staff_id = await _newcase_at_reference(store)
    await store.staff_exchanges.save(staff_id, "newcase", "concerns", 3,
                                     data={"reference": TYPED_REF})  # fmt: skip
    on_disk = b"".join(
        path.read_bytes() for path in (db_path, Path(f"{db_path}-wal")) if path.exists()
    )
    assert TYPED_REF.encode() not in on_disk
    assert None is not await store.staff_exchanges.for_user(HUB)
