"""Hypothesis throws updates of every kind, from anyone, at the running bot.

Each batch is fed to one long-lived bot (so state builds up as it would in use: people mid
survey, staff exchanges half done, alerts raised). After each batch: no exception reached
the error handler, every callback query got exactly one answerCallbackQuery, and every
request made conforms to the Bot API spec. Strangers, groups and channels store nothing
(row counts of every table but the audit log unchanged); an invite opens exactly one
participant however often it is used; staff exchanges never open a case under a
reference that should be refused. A long run (100,000 updates) is marked slow.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.staff_newcase import reference_problem
from tests.hostile.fuzzing import (
    World,
    assert_batch_handled,
    close_world,
    feed_batch,
    open_world,
    senders_of,
    table_counts,
)
from tests.hostile.strategies import KNOWN, batches, staff_batches, stranger_batches
from tests.telegram.fake_bot_api import FakeBotApi

# No shrinking: the bot's state carries over from batch to batch, so a failing batch
# replayed later does not meet the same state. Hypothesis prints the batch as drawn.
FUZZ = settings(
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],  # fmt: skip
)


def run_fuzz(tmp_path: Path, fake: FakeBotApi, strategy: st.SearchStrategy, check, **options):
    """Run ``check(world, batch)`` for each batch hypothesis draws, on one running bot."""
    with asyncio.Runner() as runner:
        world = runner.run(open_world(tmp_path, fake))
        try:

            @settings(FUZZ, **options)
            @given(strategy)
            def each_batch(batch: list) -> None:
                runner.run(check(world, batch))

            each_batch()
        finally:
            runner.run(close_world(world))


async def handled_and_nothing_stored_for_strangers(world: World, batch: list) -> None:
    since, before = len(world.fake.requests), table_counts(world.database)
    audited = len(await world.store.audit.entries())
    fed = await feed_batch(world, batch)
    assert_batch_handled(world, fed, since)
    after = table_counts(world.database)
    before.pop("audit_log"), after.pop("audit_log")
    assert before == after
    refusals = (await world.store.audit.entries())[audited:]
    assert {"telegram"} >= {entry.actor for entry in refusals}  # no staff or id as actor
    details = " ".join(str(entry.detail) for entry in refusals)
    assert [] == [sender for sender in senders_of(fed) if str(sender) in details]


async def handled_and_one_participant_per_invite(world: World, batch: list) -> None:
    since, staff_before = len(world.fake.requests), table_counts(world.database)["staff"]
    fed = await feed_batch(world, batch)
    assert_batch_handled(world, fed, since)
    assert staff_before == table_counts(world.database)["staff"]
    store = world.store
    for slot, case_id in world.fresh_cases.items():  # used twice, joined once, by the first
        joined = await store.participants.for_case(case_id)
        newcomer = await store.participant_for_chat(world.newcomers[slot])
        assert [case_id] == [p.case_id for p in joined]
        assert newcomer is not None and case_id == newcomer.case_id
    strangers = senders_of(fed) - KNOWN - set(world.newcomers.values())
    assert [] == [c for c in strangers if await store.participant_for_chat(c) is not None]


def test_strangers_groups_and_channels_store_nothing(
    tmp_path: Path, fake_bot_api: FakeBotApi
) -> None:
    """Any update from someone with no case and no staff role, or from a group or channel
    (odd commands, used and made-up invites, media, edits, forwards, forged and other
    chats' buttons, the bot blocked): handled without error, every tap answered once, every
    request to spec, and no row added anywhere but the audit log."""
    run_fuzz(tmp_path, fake_bot_api, stranger_batches(), handled_and_nothing_stored_for_strangers,
             max_examples=100)  # fmt: skip


def test_any_update_from_anyone(tmp_path: Path, fake_bot_api: FakeBotApi) -> None:
    """Updates from the people with cases, staff, strangers, groups and channels, with
    genuine buttons tapped at random and fresh invites used twice: handled without error,
    every tap answered once, every request to spec, and exactly one participant per invite
    used (the second use adds nobody)."""
    run_fuzz(tmp_path, fake_bot_api, batches(), handled_and_one_participant_per_invite,
             max_examples=150)  # fmt: skip


async def handled_and_only_good_references(world: World, batch: list) -> None:
    since = len(world.fake.requests)
    fed = await feed_batch(world, batch)
    assert_batch_handled(world, fed, since)
    opened = await world.store.cases.list()
    assert [] == [c.local_ref for c in opened if reference_problem(c.local_ref) is not None]


def test_staff_exchanges_with_taps_double_taps_and_typing(
    tmp_path: Path, fake_bot_api: FakeBotApi
) -> None:
    """Staff start, abandon, cancel and finish /newcase and /close exchanges, tapping their
    own buttons (also twice) and typing anything: handled without error, every tap answered
    once, every request to spec, and no case opened under a reference that should be
    refused (a name, an NHS number, too long)."""
    run_fuzz(tmp_path, fake_bot_api, staff_batches(), handled_and_only_good_references,
             max_examples=60)  # fmt: skip


SOAK_UPDATES = 100_000
SOAK_BATCH = 25  # updates per batch at least (an invite used twice adds one)


@pytest.mark.slow
def test_a_hundred_thousand_updates(
    tmp_path: Path, fake_bot_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """The long run (make soak, about 20 minutes): 100,000 updates from anyone, checked as
    above after every batch of 25. The log check runs per batch (and the captured records
    are then dropped, so memory stays flat); aiosqlite's per-statement DEBUG lines are left
    out here for speed (the canary leak test keeps them)."""
    caplog.set_level(logging.INFO, logger="aiosqlite")
    fed_count = 0

    async def check(world: World, batch: list) -> None:
        nonlocal fed_count
        since = len(world.fake.requests)
        await handled_and_one_participant_per_invite(world, batch)
        fed_count += len(batch)
        used = {str(abs(r.params["chat_id"])) for r in world.fake.requests[since:]
                if isinstance(r.params.get("chat_id"), int)}  # fmt: skip
        logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
        assert [] == sorted(chat_id for chat_id in used if chat_id in logged)
        caplog.clear()

    examples = SOAK_UPDATES // SOAK_BATCH
    run_fuzz(tmp_path, fake_bot_api, batches(SOAK_BATCH, SOAK_BATCH), check,
             max_examples=examples)  # fmt: skip
    assert fed_count >= SOAK_UPDATES
