"""Key rotation is all or nothing, even when the process is killed in the middle."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from dialogs.types import Answer
from storage import Store, WrongKey, generate_key, open_store
from storage.bulk import BulkAnswer, BulkCase
from storage.runner import check_database
from tests.storage.conftest import START, context, state

CHILD = Path(__file__).with_name("rotate_child.py")
ROOT = Path(__file__).resolve().parents[2]


async def _seed(db_path: Path, key: str) -> int:
    """Many encrypted rows (so rotation takes a while) plus one real conversation."""
    cases = [
        BulkCase(
            "Org",
            "T",
            f"B{n}",
            START,
            outcomes=(("o1", "own_words"), ("o2", "own_words")),
            answers=(BulkAnswer("start", "safety", "2", START + timedelta(minutes=n)),),
        )
        for n in range(3000)
    ]
    async with open_store(db_path, key) as store:
        await store.bulk_load(cases)
        new = await store.create_case("Police", "North", "REAL")
        person = await store.redeem_invite(new.person_token, 515)
        await store.save_turn(
            person.id,
            "start",
            [Answer("comments", "text", context(), "q", text="kept words")],
            state(),
            channel="telegram",
            source_message_id="1",
        )
        return new.case.id


async def _readable(store: Store, case_id: int) -> tuple[str | None, int, bool]:
    texts = [a.text for a in await store.answers.for_case(case_id)]
    bulk_case = await store.cases.get("B2999")
    outcomes = await store.current_outcomes(bulk_case.id)
    return texts[0], len(outcomes), await store.participant_for_chat(515) is not None


async def _open_with_either(db_path: Path, keys: tuple[str, str], case_id: int):  # noqa: ANN202
    """Exactly one of the two keys opens the database; return it and what it reads."""
    opened = []
    for key in keys:
        try:
            async with open_store(db_path, key) as store:
                opened.append((key, await _readable(store, case_id)))
        except WrongKey:
            continue
    assert 1 == len(opened)
    return opened[0]


async def test_a_rotation_killed_at_any_moment_leaves_one_working_key(tmp_path: Path) -> None:
    """Killing `rotate_key` at random moments leaves a sound database that exactly one key
    (old or new) opens, with every value readable under it."""
    db_path = tmp_path / "rotate.db"
    key = generate_key()
    case_id = await _seed(db_path, key)
    chooser = random.Random(7)
    for _ in range(5):
        new_key = generate_key()
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), key, new_key],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        assert child.stdout is not None
        assert b"rotating" == child.stdout.readline().strip()
        time.sleep(chooser.uniform(0.0, 0.8))
        child.send_signal(signal.SIGKILL)
        finished = b"rotated" in child.stdout.read()
        child.wait()
        child.stdout.close()
        working, readable = await _open_with_either(db_path, (key, new_key), case_id)
        assert ("kept words", 2, True) == readable
        if finished:
            assert new_key == working
        key = working
        assert [] == await check_database(db_path)
