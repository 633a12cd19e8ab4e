"""Backup and restore, key handling, and key rotation."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.types import Answer, Outcome, OutcomesRevised
from storage import (
    Conflict,
    IntegrityProblem,
    KeyMissing,
    Keyring,
    Store,
    WrongKey,
    ensure_local_key,
    generate_key,
    load_key,
    open_store,
)
from storage.runner import check_database
from tests.storage.conftest import FakeClock, Opened, context, rows, state

_KEYRING = Keyring.from_text(generate_key())


@given(st.text(max_size=300))
def test_any_text_round_trips_through_encryption(text: str) -> None:
    """Whatever a person types comes back exactly; the same text never encrypts to the same
    bytes twice (a fresh nonce each time)."""
    blob = _KEYRING.encrypt_text(text, "answers.text")
    assert blob != _KEYRING.encrypt_text(text, "answers.text")
    assert text == _KEYRING.decrypt_text(blob, "answers.text")


def test_a_ciphertext_cannot_be_moved_to_another_column() -> None:
    """The column label is bound in: decrypting under another label fails."""
    blob = _KEYRING.encrypt(b"words", "answers.text")
    with pytest.raises(IntegrityProblem):
        _KEYRING.decrypt(blob, "outcomes.text")


def test_keys_come_from_the_environment_then_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CHECKIN_DATA_KEY wins; else storage.key_file; else KeyMissing naming both and the
    command that makes a key. A bad key is refused without echoing it."""
    from bot.config import load_settings

    monkeypatch.chdir(tmp_path)  # no ./config.toml

    key_file = ensure_local_key(tmp_path / "keys" / "data.key")
    assert 0o600 == stat.S_IMODE(key_file.stat().st_mode)
    assert key_file == ensure_local_key(key_file)  # an existing key is never replaced
    env = {"CHECKIN_STORAGE_KEY_FILE": str(key_file)}
    settings = load_settings(environ=env)
    assert load_key(settings).check_value() == Keyring.from_text(key_file.read_text()).check_value()
    env_key = generate_key()
    both = load_settings(environ={**env, "CHECKIN_DATA_KEY": env_key})
    assert Keyring.from_text(env_key).check_value() == load_key(both).check_value()
    with pytest.raises(KeyMissing) as missing:
        load_key(load_settings(environ={}))
    message = str(missing.value)
    assert "CHECKIN_DATA_KEY" in message and "storage.key_file" in message
    assert "checkin keys new" in message
    with pytest.raises(KeyMissing) as bad:
        load_key(load_settings(environ={"CHECKIN_DATA_KEY": "not-a-key-secret"}))
    assert "not-a-key-secret" not in str(bad.value)


async def test_a_database_refuses_a_different_key(db_path: Path, key: str) -> None:
    """Opening with a key other than the database's raises WrongKey (nothing is written)."""
    async with open_store(db_path, key):
        pass
    with pytest.raises(WrongKey):
        async with open_store(db_path, generate_key()):
            pass


async def test_backup_restores_to_a_working_store(
    store: Store, opened: Opened, key: str, tmp_path: Path
) -> None:
    """The backup is a sound, owner-only database that opens with the same key and holds
    the data as it was at backup time; an existing file is never overwritten; the audit
    log says where the backup is."""
    await store.save_turn(
        opened.person.id,
        "start",
        [Answer("comments", "text", context(), "q", text="before")],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    backup = await store.backup(tmp_path / "backups" / "b1.db")
    await store.save_turn(
        opened.person.id,
        "start",
        [Answer("safety", "2", context(), "q")],
        state(),
        channel="telegram",
        source_message_id="2",
    )
    with pytest.raises(Conflict):
        await store.backup(backup)
    made = await store.audit.entries(action="backup_made")
    assert [{"path": str(backup.resolve())}] == [entry.detail for entry in made]
    assert 0o600 == stat.S_IMODE(os.stat(backup).st_mode)
    assert [] == await check_database(backup)
    async with open_store(backup, key) as restored:
        answers = await restored.answers.for_case(opened.new.case.id)
        assert ["before"] == [a.text for a in answers]
        assert opened.person.id == (await restored.participant_for_chat(4242)).id  # type: ignore[union-attr]


async def test_rotation_re_encrypts_and_re_hashes_everything(
    store: Store, opened: Opened, db_path: Path, key: str, clock: FakeClock
) -> None:
    """After rotation the old key no longer opens the database; with the new key every
    lookup and every decryption works, and unused invites still work."""
    pid, case_id = opened.person.id, opened.new.case.id
    voice = await store.voice.put(pid, b"audio")
    records = [
        Answer("comments", "text", context(), "q", text="my words", voice_ref=voice),
        OutcomesRevised(context(), (Outcome("o1", "be safe", "own_words"),)),
    ]
    await store.save_turn(pid, "start", records, state(), channel="telegram", source_message_id="1")
    await store.staff.add(777, "hub")
    await store.messages.remember(4242, 12)
    before = rows(db_path, "SELECT text_enc FROM answers")
    new_key = generate_key()
    await store.rotate_key(new_key)
    assert before != rows(db_path, "SELECT text_enc FROM answers")
    assert "my words" == (await store.answers.for_case(case_id))[0].text  # the open store switched
    with pytest.raises(WrongKey):
        async with open_store(db_path, key):
            pass
    async with open_store(db_path, new_key, clock=clock) as rotated:
        assert pid == (await rotated.participant_for_chat(4242)).id  # type: ignore[union-attr]
        assert (Outcome("o1", "be safe", "own_words"),) == await rotated.current_outcomes(case_id)
        assert b"audio" == await rotated.voice.get(voice)
        assert 777 == (await rotated.staff.by_telegram_id(777)).telegram_user_id  # type: ignore[union-attr]
        assert [12] == await rotated.messages.for_chat(4242)
        assert state() == await rotated.load_session(pid, "start")
        rep = await rotated.redeem_invite(opened.new.representative_token or "", 999)
        assert "representative" == rep.kind
        assert "key_rotated" in [e.action for e in await rotated.audit.entries()]


async def test_a_failed_rotation_changes_nothing(
    store: Store, opened: Opened, db_path: Path, key: str
) -> None:
    """If one value cannot be decrypted, rotation stops and the old key still opens all."""
    await store.save_turn(
        opened.person.id, "start", [], state(), channel="telegram", source_message_id="1"
    )
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO voice_notes (participant_id, data_enc, created_at)"
        " VALUES (?, x'01deadbeef', 'x')",
        (opened.person.id,),
    )
    conn.commit()
    conn.close()
    before = rows(db_path, "SELECT state_enc FROM sessions")
    with pytest.raises(IntegrityProblem):
        await store.rotate_key(generate_key())
    assert before == rows(db_path, "SELECT state_enc FROM sessions")
    assert state() == await store.load_session(opened.person.id, "start")


def test_a_first_try_gets_a_local_key_beside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no key configured, use_local_key_if_missing makes <db folder>/checkin.key
    (0600) and points the settings at it; with a key configured it does nothing."""
    from bot.config import load_settings
    from storage import use_local_key_if_missing

    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={"CHECKIN_STORAGE_URL": f"sqlite:///{tmp_path}/d/x.db"})
    made = use_local_key_if_missing(settings)
    assert tmp_path / "d" / "checkin.key" == made
    assert str(made) == settings.storage.key_file
    assert 0o600 == stat.S_IMODE(made.stat().st_mode)
    load_key(settings)
    assert use_local_key_if_missing(settings) is None
    with_env = load_settings(environ={"CHECKIN_DATA_KEY": generate_key()})
    assert use_local_key_if_missing(with_env) is None
