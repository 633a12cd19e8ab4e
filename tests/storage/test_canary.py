"""Canaries: known words and ids written through the store never appear in the bytes of
the database, its WAL or a backup; after erasure even their ciphertext is gone."""

from __future__ import annotations

import base64
from pathlib import Path

from dialogs.types import Answer, Outcome, OutcomesRevised, SessionState
from storage import Store, open_store
from tests.storage.conftest import context, rows

CHAT_ID = 987_654_321_987
STAFF_ID = 123_456_789_012
WORDS = "Canary-words-Pangolin-7Q"
OUTCOME = "Canary-outcome-Zebra-3K"
STATE_DRAFT = "Canary-draft-Okapi-9W"
VOICE = b"Canary-voice-Narwhal-5R" * 4


# Every encrypted or hashed value a case produces.
PROTECTED_COLUMNS = (
    "SELECT text_enc FROM answers WHERE text_enc IS NOT NULL",
    "SELECT voice_ref_enc FROM answers WHERE voice_ref_enc IS NOT NULL",
    "SELECT data_enc FROM voice_notes",
    "SELECT state_enc FROM sessions WHERE state_enc IS NOT NULL",
    "SELECT chat_enc FROM participants",
    "SELECT chat_hash FROM participants",
    "SELECT text_enc FROM outcomes",
    "SELECT text_enc FROM outcome_revision_items",
    "SELECT chat_enc FROM message_log",
)


def _int_forms(number: int) -> list[bytes]:
    """How an integer could appear on disk: as text, or as SQLite's big-endian 6/8 bytes."""
    return [str(number).encode(), number.to_bytes(6, "big"), number.to_bytes(8, "big")]


def _canaries(token: str) -> list[bytes]:
    plain = [WORDS, OUTCOME, STATE_DRAFT, token]
    forms = [text.encode("utf-8") for text in plain] + [text.encode("utf-16-le") for text in plain]
    return forms + [VOICE] + _int_forms(CHAT_ID) + _int_forms(STAFF_ID)


def _file_bytes(db_path: Path) -> bytes:
    found = b""
    for suffix in ("", "-wal"):
        path = Path(str(db_path) + suffix)
        if path.exists():
            found += path.read_bytes()
    return found


async def _write_canaries(store: Store) -> str:
    """Write every kind of protected value through the store; return the unused invite."""
    new = await store.create_case("Police", "North", "REF-C", representative=True)
    person = await store.redeem_invite(new.person_token, CHAT_ID)
    voice_ref = await store.voice.put(person.id, VOICE)
    records = [
        Answer("comments", "text", context(), "q_comments", text=WORDS),
        Answer("how_will_we_know", "voice", context(), "q_know", voice_ref=voice_ref),
        OutcomesRevised(context(), (Outcome("o1", OUTCOME, "own_words"),)),
    ]
    state = SessionState(
        "start", "standard", "en", "self", "comments", extra=(("draft", STATE_DRAFT),)
    )
    await store.save_turn(
        person.id, "start", records, state, channel="telegram", source_message_id="1"
    )
    await store.messages.remember(CHAT_ID, 31)
    await store.staff.add(STAFF_ID, "hub")
    return new.representative_token or ""


async def test_no_canary_in_the_database_wal_or_backup(tmp_path: Path, key: str) -> None:
    """Plain words, voice bytes, chat and user ids, an unused token and the data key itself
    are never on disk in clear: not in the database file, its WAL while open, or a backup."""
    db_path = tmp_path / "canary.db"
    async with open_store(db_path, key) as store:
        token = await _write_canaries(store)
        assert Path(str(db_path) + "-wal").stat().st_size > 0
        on_disk_while_open = _file_bytes(db_path)
        backup = await store.backup(tmp_path / "backup.db")
    canaries = [*_canaries(token), key.encode(), base64.urlsafe_b64decode(key)]
    for label, blob in (
        ("open", on_disk_while_open),
        ("closed", _file_bytes(db_path)),
        ("backup", backup.read_bytes()),
    ):
        assert [] == [c for c in canaries if c in blob], label


async def test_erasure_leaves_no_ciphertext_behind(tmp_path: Path, key: str) -> None:
    """After erasing the case, even the encrypted forms of the words, voice note, state and
    chat id are gone from the database file and its WAL (secure_delete, WAL truncated)."""
    db_path = tmp_path / "erase.db"
    async with open_store(db_path, key) as store:
        await _write_canaries(store)
        secrets = [blob for (blob,) in rows(db_path, " UNION ALL ".join(PROTECTED_COLUMNS))]
        assert 9 == len(secrets)
        assert all(s in _file_bytes(db_path) for s in secrets)
        await store.erase_case("REF-C")
        after_erasure = _file_bytes(db_path)
    assert [] == [s for s in secrets if s in after_erasure]
    assert [] == [s for s in secrets if s in _file_bytes(db_path)]


async def test_the_database_and_its_wal_are_owner_only(tmp_path: Path, key: str) -> None:
    """The database, -wal, -shm and .lock (who has it open) files are created readable by
    their owner only."""
    import stat

    db_path = tmp_path / "modes.db"
    async with open_store(db_path, key) as store:
        await store.create_case("Police", "North", "REF-M")
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    expected = {"modes.db": 0o600, "modes.db-wal": 0o600, "modes.db-shm": 0o600,
                "modes.db.lock": 0o600}  # fmt: skip
    assert expected == modes
