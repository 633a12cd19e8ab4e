"""Property-based checks on what people type: any text survives the store unchanged and
never reaches the disk in clear; any message id de-duplicates."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dialogs.types import Answer
from storage import generate_key, open_store
from tests.storage.conftest import context, state

KEY = generate_key()
_REFERENCE: list[bytes] = []


def _reference_bytes() -> bytes:
    """The same database holding other words: what is on disk whatever was typed (schema
    names, measure ids...). Text found there proves nothing, so it is not generated."""
    if not _REFERENCE:
        with tempfile.TemporaryDirectory() as folder:
            _REFERENCE.append(asyncio.run(_store_and_read(Path(folder), "x" * 12, "m"))[1])
    return _REFERENCE[0]


# Long enough that finding it by chance in random ciphertext is impossible.
WORDS = st.text(min_size=12, max_size=400).filter(
    lambda t: len(t.strip()) >= 12 and t.encode("utf-8") not in _reference_bytes()
)


async def _store_and_read(folder: Path, text: str, message_id: str) -> tuple[list, bytes, bool]:
    db_path = folder / "p.db"
    async with open_store(db_path, KEY) as store:
        new = await store.create_case("Org", "Team", "R")
        person = await store.redeem_invite(new.person_token, 1)
        answer = Answer("comments", "text", context("end"), "q", text=text)
        for _ in range(2):
            saved = await store.save_turn(
                person.id,
                "end",
                [answer],
                state("end"),
                channel="telegram",
                source_message_id=message_id,
            )
        answers = await store.answers.for_case(new.case.id)
        on_disk = db_path.read_bytes() + Path(str(db_path) + "-wal").read_bytes()
    return [a.text for a in answers], on_disk, saved.duplicate


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=WORDS, message_id=st.integers(min_value=1, max_value=2**31).map(str))
def test_any_text_is_stored_once_unchanged_and_never_in_clear(text: str, message_id: str) -> None:
    """Whatever is typed (any Unicode) reads back exactly, is stored once however often the
    message is delivered, and its UTF-8 bytes are not in the database or WAL."""
    assume(text not in message_id)  # message ids are stored in clear, by design
    with tempfile.TemporaryDirectory() as folder:
        texts, on_disk, second_was_duplicate = asyncio.run(
            _store_and_read(Path(folder), text, message_id)
        )
    assert [text] == texts
    assert second_was_duplicate
    assert text.encode("utf-8") not in on_disk
