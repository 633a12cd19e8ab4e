"""A case is found from its reference as staff type it: exactly as stored first, else
whatever the capitals and surrounding spaces of the reference and organisation ('/case
asc-1 police' said there was no such case). An exact match always wins, and a loose one that
fits more than one case is refused as ambiguous, never guessed."""

from __future__ import annotations

import pytest

from storage import Store
from storage.errors import Conflict, NotFound


async def test_capitals_and_spaces_do_not_matter(store: Store) -> None:
    """ASC-1 of Police is found as 'asc-1' of 'police', and as ' ASC-1 '."""
    opened = (await store.create_case("Police", "North", "ASC-1")).case
    assert opened.id == (await store.cases.get("asc-1", "police")).id
    assert opened.id == (await store.cases.get(" ASC-1 ")).id


async def test_an_exact_match_wins(store: Store) -> None:
    """References 'ab-1' and 'AB-1' (two cases: stored references are case-sensitive):
    each is found as written."""
    lower = (await store.create_case("Police", "North", "ab-1")).case
    upper = (await store.create_case("Police", "North", "AB-1")).case
    assert (lower.id, upper.id) == (
        (await store.cases.get("ab-1")).id,
        (await store.cases.get("AB-1")).id,
    )


async def test_a_loose_match_of_two_cases_is_refused(store: Store) -> None:
    """'Ab-2' loosely fits Police's AB-2 and Housing's ab-2: refused, asking which
    organisation; with the organisation it is found; a reference nobody has is not found."""
    await store.create_case("Police", "North", "AB-2")
    housing = (await store.create_case("Housing", "East", "ab-2")).case
    with pytest.raises(Conflict, match="More than one organisation"):
        await store.cases.get("Ab-2")
    assert housing.id == (await store.cases.get("Ab-2", "HOUSING")).id
    with pytest.raises(NotFound):
        await store.cases.get("AB-3")
