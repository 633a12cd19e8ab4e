"""The demo's simulated person at work: one survey driven through the real engine and saved
turn by turn with ``save_turn``, and a hub member acknowledging alerts (``analytics.demo``
builds the partnership around them)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from analytics.demo_person import Profile, next_event
from dialogs.engine import Catalogue, begin, handle
from dialogs.types import Command, Turn
from storage import Store

if TYPE_CHECKING:
    from analytics.demo import DemoClock

MAX_TURNS = 120  # a guard: no survey needs this many steps


async def run_survey(
    store: Store, catalogue: Catalogue, participant_id: int, timepoint: str, profile: Profile,
    rng: random.Random, counter: list[int],
) -> int:  # fmt: skip
    """One survey through ``begin``/``handle``; every turn is saved (``save_turn``) before
    the next event, as a transport must. Returns the number of turns."""
    participant = await store.participants.get(participant_id)
    first = timepoint == "start"
    turn: Turn = begin(
        catalogue, timepoint,  # type: ignore[arg-type]
        variant="standard" if first else participant.variant,
        language="en",
        answered_by=profile.answered_by if first else participant.answered_by,  # type: ignore[arg-type]
        outcomes=await store.current_outcomes(participant.case_id),
    )  # fmt: skip
    turns = 0
    while True:
        counter[0] += 1
        await store.save_turn(
            participant_id, timepoint, turn.records, turn.state,
            channel="console", source_message_id=f"demo-{counter[0]}",
        )  # fmt: skip
        turns += 1
        questions = [reply for reply in turn.replies if reply.kind == "question"]
        if turn.state.status not in ("active", "paused") or not questions:
            return turns
        event = next_event(questions[-1], turn.state, profile, rng)
        turn = handle(catalogue, turn.state, Command("pause") if turns >= MAX_TURNS else event)


async def acknowledge_alerts(
    store: Store, clock: DemoClock, staff_id: int, rng: random.Random
) -> int:
    """A hub member takes most open alerts after a few minutes to a few hours."""
    taken = 0
    for alert in await store.alerts.unacknowledged():
        if rng.random() < 0.9:
            saved_now = clock.now
            clock.now = alert.raised_at + timedelta(
                minutes=rng.choice((3, 8, 15, 30, 45, 120, 300))
            )
            await store.alerts.acknowledge(alert.id, staff_id)
            clock.now = saved_now
            taken += 1
    return taken
