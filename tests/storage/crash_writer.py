"""Child process for the crash test: records answers in a loop and prints each answer id
on its own line only after ``save_turn`` has returned (committed). Killed with SIGKILL.

Usage: python crash_writer.py DB_PATH KEY CASE_REF
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from dialogs.types import Answer, AnswerContext, SessionState
from storage import open_store


async def write_forever(db_path: Path, key: str, case_ref: str) -> None:
    context = AnswerContext("start", "standard", "en", "self")
    state = SessionState("start", "standard", "en", "self", "safety")
    async with open_store(db_path, key) as store:
        new = await store.create_case("Police", "North", case_ref)
        person = await store.redeem_invite(new.person_token, 777)
        number = 0
        while True:
            number += 1
            answer = Answer("safety", str(1 + number % 4), context, "q_safety", text="words " * 20)
            saved = await store.save_turn(
                person.id,
                "start",
                [answer],
                state,
                channel="console",
                source_message_id=f"{case_ref}-{number}",
            )
            sys.stdout.write(f"{saved.answer_ids[0]}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(write_forever(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
