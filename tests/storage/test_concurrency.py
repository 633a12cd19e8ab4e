"""Many coroutines writing at once: no answer lost, none doubled."""

from __future__ import annotations

import asyncio
from pathlib import Path

from dialogs.types import Answer
from storage import Store
from tests.storage.conftest import context, rows, state


async def test_fifty_concurrent_writers_lose_and_double_nothing(
    store: Store, db_path: Path
) -> None:
    """10 people send 5 messages each, every message delivered twice at the same moment
    (100 coroutines): exactly 50 answers are stored and 50 deliveries report duplicates."""
    people = []
    for number in range(10):
        new = await store.create_case("Police", "North", f"C{number}")
        people.append(await store.redeem_invite(new.person_token, 9000 + number))

    async def deliver(person_id: int, message: int) -> bool:
        answer = Answer("safety", str(1 + message % 4), context(), "q_safety")
        saved = await store.save_turn(
            person_id,
            "start",
            [answer],
            state(step=f"s{message}"),
            channel="telegram",
            source_message_id=str(message),
        )
        return saved.duplicate

    jobs = [deliver(p.id, m) for p in people for m in range(5) for _ in range(2)]
    duplicates = await asyncio.gather(*jobs)
    assert 50 == sum(duplicates)
    assert [(50, 50)] == rows(
        db_path, "SELECT COUNT(*), COUNT(DISTINCT participant_id || ':' || turn_id) FROM answers"
    )
    per_person = rows(db_path, "SELECT participant_id, COUNT(*) FROM answers GROUP BY 1")
    assert [5] * 10 == [count for _, count in per_person]
