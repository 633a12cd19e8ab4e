"""Who a representative is to the person (advocate, family, friend, other) is said by staff
when they make the representative's link (migration 0009), and recorded on whoever joins
with it, so each answer can be traced to the kind of representative who gave it. Two
representatives of different kinds are two roles: the second joining does not detach the
first (before, every representative link joined with no kind, so a family member's link
replaced the advocate's phone). Only an advocate's link marks the case "advocate involved"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import Store
from storage.errors import StorageError
from tests.storage.conftest import rows


async def test_the_kind_on_the_link_is_the_kind_of_whoever_joins(store: Store) -> None:
    """A case opened with a family member's link: the person joining with it is a family
    representative, and the case's 'advocate involved' stays unknown (not said)."""
    new = await store.create_case("Police", "North", "REF-F", rep_kind="family")
    assert new.representative_token is not None
    joined = await store.redeem_invite(new.representative_token, 9001)
    assert ("representative", "family") == (joined.kind, joined.rep_kind)
    assert None is (await store.cases.get("REF-F")).advocate_involved


@pytest.mark.parametrize(("rep_kind", "involved"), [("advocate", True), (None, True)])
async def test_an_advocates_link_marks_an_advocate_involved(
    store: Store, rep_kind: str | None, involved: bool
) -> None:
    """An advocate's link, or a representative's link whose kind was not said (as before
    this change), marks the case 'advocate involved' (SAC) unless staff said otherwise."""
    new = await store.create_case("Police", "North", "REF-A", representative=True,
                                  rep_kind=rep_kind)  # fmt: skip
    assert involved is (await store.cases.get("REF-A")).advocate_involved
    joined = await store.redeem_invite(new.representative_token or "", 9002)
    assert rep_kind == joined.rep_kind


async def test_a_second_kind_of_representative_does_not_detach_the_first(store: Store) -> None:
    """An advocate joins at the start; later staff make a family member's link. Both stay
    in the case with their chats, each found from its own chat."""
    new = await store.create_case("Police", "North", "REF-2", rep_kind="advocate")
    advocate = await store.redeem_invite(new.representative_token or "", 9101)
    family_link = await store.create_invite(new.case, "representative", "checkin",
                                            rep_kind="family")  # fmt: skip
    family = await store.redeem_invite(family_link.token, 9102)
    assert ("advocate", "family") == (advocate.rep_kind, family.rep_kind)
    assert [advocate.id] == [p.id for p in await store.participants.all_for_chat(9101)]
    assert [family.id] == [p.id for p in await store.participants.all_for_chat(9102)]


async def test_a_new_phone_for_one_kind_replaces_only_that_kind(store: Store) -> None:
    """A new-phone link for the family member (kind not said on the link) replaces the
    family member's old phone, not the advocate's: the new phone keeps the kind of the
    representative who was active last, here the family member."""
    new = await store.create_case("Police", "North", "REF-3", rep_kind="advocate")
    advocate = await store.redeem_invite(new.representative_token or "", 9201)
    first = await store.create_invite(new.case, "representative", "checkin", rep_kind="family")
    await store.redeem_invite(first.token, 9202)
    new_phone = await store.create_invite(new.case, "representative", "checkin")
    family_again = await store.redeem_invite(new_phone.token, 9203)
    assert "family" == family_again.rep_kind
    assert [] == await store.participants.all_for_chat(9202)
    assert [advocate.id] == [p.id for p in await store.participants.all_for_chat(9201)]


@pytest.mark.parametrize(("kind", "rep_kind"), [("representative", "cousin"), ("person", "family")])
async def test_an_unknown_kind_or_a_kind_on_a_persons_link_is_refused(
    store: Store, db_path: Path, kind: str, rep_kind: str
) -> None:
    """A kind that is not one of the four, or a kind on the person's own link, is refused
    with a plain message, and no invite is made."""
    new = await store.create_case("Police", "North", "REF-4")
    before = rows(db_path, "SELECT count(*) FROM invites")
    with pytest.raises(StorageError, match="advocate, family, friend, other"):
        await store.create_invite(new.case, kind, "checkin", rep_kind=rep_kind)
    assert before == rows(db_path, "SELECT count(*) FROM invites")


async def test_an_unknown_kind_opens_no_case(store: Store, db_path: Path) -> None:
    """``create_case`` with an unknown kind is refused before anything is written."""
    with pytest.raises(StorageError, match="one of advocate, family, friend, other"):
        await store.create_case("Police", "North", "REF-5", rep_kind="neighbour")
    assert [(0,)] == rows(db_path, "SELECT count(*) FROM cases")


async def test_the_kind_is_audited_and_the_database_refuses_any_other(
    store: Store, db_path: Path
) -> None:
    """The audit entry for the case says which kind of link was made (no token, no chat);
    the column's CHECK refuses a kind written by hand."""
    await store.create_case("Police", "North", "REF-6", rep_kind="friend")
    details = rows(db_path, "SELECT detail FROM audit_log WHERE action = 'case_opened'")
    assert '"rep_kind": "friend"' in details[0][0]
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE invites SET rep_kind = 'neighbour'")
    finally:
        conn.close()
