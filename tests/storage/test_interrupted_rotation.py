"""A key rotation that dies between its commit and moving ``<key file>.next`` into place.

The database is then under the new key while the key file holds the old one. Every start
(the CLI, the bot) opens the store through ``open_store(settings)``; these tests open it the
same way, through ``bot.cli.main`` and ``run_with_store``, with real files in tmp_path.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.cli import build_parser, main
from bot.commands import run
from bot.config import Settings, load_settings
from dialogs.types import Answer
from storage import StorageError, WrongKey, ensure_local_key, generate_key, maintenance, open_store
from storage.crypto import write_key_file
from storage.errors import RotationInterrupted
from storage.runner import run_with_store
from tests.storage.conftest import context, state
from tests.telegram.fake_bot_api import FakeBotApi

KEPT_WORDS = "kept words"


@dataclass
class Deployment:
    """A database with one typed answer, its key in a key file named by the settings."""

    db: Path
    key_file: Path
    pending: Path
    case_id: int

    @property
    def argv_db(self) -> list[str]:
        return ["--db", str(self.db)]

    def settings(self) -> Settings:
        settings = load_settings(None)
        settings.storage.url = f"sqlite:///{self.db}"
        return settings

    def key(self) -> str:
        return self.key_file.read_text(encoding="ascii").strip()


async def _seed(db: Path, key: str) -> int:
    async with open_store(db, key) as store:
        new = await store.create_case("Police", "North", "R1")
        person = await store.redeem_invite(new.person_token, 515)
        answer = Answer("comments", "text", context(), "q", text=KEPT_WORDS)
        await store.save_turn(
            person.id, "start", [answer], state(), channel="telegram", source_message_id="1"
        )
        return new.case.id


async def _rotate(db: Path, old_key: str, new_key: str) -> None:
    async with open_store(db, old_key) as store:
        await store.rotate_key(new_key)


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Deployment:
    monkeypatch.chdir(tmp_path)
    for name in ("CHECKIN_CONFIG", "CHECKIN_DATA_KEY", "CHECKIN_NEW_DATA_KEY"):
        monkeypatch.delenv(name, raising=False)
    key_file = ensure_local_key(tmp_path / "keys" / "data.key")
    monkeypatch.setenv("CHECKIN_STORAGE_KEY_FILE", str(key_file))
    db = tmp_path / "c.db"
    case_id = asyncio.run(_seed(db, key_file.read_text(encoding="ascii").strip()))
    return Deployment(db, key_file, key_file.with_name("data.key.next"), case_id)


def _crash_after_commit(deployment: Deployment) -> str:
    """What `keys rotate` leaves when killed after its commit: new key in .next, database
    under it, key file unchanged."""
    new_key = generate_key()
    write_key_file(deployment.pending, new_key)
    asyncio.run(_rotate(deployment.db, deployment.key(), new_key))
    return new_key


def _typed_words(deployment: Deployment) -> list[str | None]:
    async def read(store):  # noqa: ANN001, ANN202
        return [answer.text for answer in await store.answers.for_case(deployment.case_id)]

    return run_with_store(deployment.settings(), read)


def test_a_start_after_an_interrupted_rotation_says_where_the_new_key_is(
    deployment: Deployment, capsys: pytest.CaptureFixture[str]
) -> None:
    """The error names the .next file and the exact `mv` that finishes the rotation, prints
    no key; after that `mv` the store opens and the typed answer decrypts."""
    old_key = deployment.key()
    new_key = _crash_after_commit(deployment)
    assert 1 == main(["case", "list", *deployment.argv_db])
    err = capsys.readouterr().err
    assert "key rotation" in err and "interrupted after the data was re-encrypted" in err
    assert f"mv {deployment.pending} {deployment.key_file}" in err
    assert 1 == len(err.strip().splitlines())
    assert new_key not in err and old_key not in err
    with pytest.raises(RotationInterrupted):
        _typed_words(deployment)
    os.replace(deployment.pending, deployment.key_file)  # the person runs the mv
    assert 0 == main(["case", "list", *deployment.argv_db])
    assert "R1" in capsys.readouterr().out
    assert [KEPT_WORDS] == _typed_words(deployment)


def test_the_bot_start_stops_with_the_same_explanation(
    deployment: Deployment, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`checkin run` (polling, on the offline fake Bot API) opens the store as it starts and
    stops with RotationInterrupted naming the .next file, before polling for any update."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # run_bot sets it; restored after the test
    _crash_after_commit(deployment)
    settings = deployment.settings()
    settings.telegram_token = SecretStr("123456789:AAtest-token-for-the-rotation-test")
    with pytest.raises(RotationInterrupted, match=f"mv {deployment.pending} "):
        run.run_bot(build_parser().parse_args(["run"]), settings, request=fake_bot_api)
    assert "getUpdates" not in fake_bot_api.methods()


def test_keys_rotate_after_an_interrupted_rotation_keeps_the_only_new_key(
    deployment: Deployment, capsys: pytest.CaptureFixture[str]
) -> None:
    """Running `keys rotate` again before the `mv` stops with the same explanation and
    leaves both files as they were (it used to overwrite the .next file first, losing the
    only key that opens the data)."""
    old_key = deployment.key()
    new_key = _crash_after_commit(deployment)
    assert 1 == main(["keys", "rotate", *deployment.argv_db])
    assert f"mv {deployment.pending} {deployment.key_file}" in capsys.readouterr().err
    assert new_key == deployment.pending.read_text(encoding="ascii").strip()
    assert old_key == deployment.key()


def test_a_leftover_next_file_from_a_rotation_that_never_committed(
    deployment: Deployment,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The current key still opens the database: a start works and logs one line saying
    the .next file is not needed (no key in it); `keys rotate` then replaces it and
    finishes normally."""
    stale_key = generate_key()
    write_key_file(deployment.pending, stale_key)
    with caplog.at_level(logging.WARNING):
        assert 0 == main(["case", "list", *deployment.argv_db])
    notes = [r.getMessage() for r in caplog.records if r.name == "storage.key_files"]
    assert 1 == len(notes)
    assert str(deployment.pending) in notes[0] and "not needed" in notes[0]
    assert stale_key not in notes[0] and deployment.key() not in notes[0]
    newest = generate_key()
    monkeypatch.setenv("CHECKIN_NEW_DATA_KEY", newest)
    assert 0 == main(["keys", "rotate", *deployment.argv_db])
    assert newest == deployment.key()
    assert not deployment.pending.exists()
    assert [KEPT_WORDS] == _typed_words(deployment)
    capsys.readouterr()


def test_a_next_file_that_opens_nothing_gets_the_plain_wrong_key_message(
    deployment: Deployment, capsys: pytest.CaptureFixture[str]
) -> None:
    """When neither the key file nor .next opens the database, the message does not send
    the person to the .next file."""
    asyncio.run(_rotate(deployment.db, deployment.key(), generate_key()))
    write_key_file(deployment.pending, generate_key())
    assert 1 == main(["case", "list", *deployment.argv_db])
    err = capsys.readouterr().err
    assert "does not match this database" in err and ".next" not in err
    with pytest.raises(WrongKey) as raised:
        _typed_words(deployment)
    assert not isinstance(raised.value, RotationInterrupted)


def _fail(message: str):  # noqa: ANN202
    async def fail(*args: object, **kwargs: object) -> None:
        raise StorageError(message)

    return fail


def test_a_rotation_failing_after_its_commit_keeps_the_next_file(
    deployment: Deployment,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure after the commit (here: emptying the WAL) must not delete .next, the only
    copy of the key now in use; the next start then explains the `mv`."""
    truncate_wal = maintenance.truncate_wal
    monkeypatch.setattr(maintenance, "truncate_wal", _fail("The WAL could not be emptied."))
    new_key = generate_key()
    monkeypatch.setenv("CHECKIN_NEW_DATA_KEY", new_key)
    assert 1 == main(["keys", "rotate", *deployment.argv_db])
    assert "WAL could not be emptied" in capsys.readouterr().err
    assert new_key == deployment.pending.read_text(encoding="ascii").strip()
    monkeypatch.setattr(maintenance, "truncate_wal", truncate_wal)
    assert 1 == main(["case", "list", *deployment.argv_db])
    assert f"mv {deployment.pending} {deployment.key_file}" in capsys.readouterr().err
    os.replace(deployment.pending, deployment.key_file)
    assert [KEPT_WORDS] == _typed_words(deployment)


def test_a_rotation_failing_before_its_commit_removes_its_next_file(
    deployment: Deployment,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rotation that changed nothing deletes the .next it wrote; the old key still works."""
    old_key = deployment.key()
    monkeypatch.setattr(maintenance, "rotate_key", _fail("A stored value is damaged."))
    monkeypatch.setenv("CHECKIN_NEW_DATA_KEY", generate_key())
    assert 1 == main(["keys", "rotate", *deployment.argv_db])
    assert "damaged" in capsys.readouterr().err
    assert not deployment.pending.exists()
    assert old_key == deployment.key()
    assert [KEPT_WORDS] == _typed_words(deployment)
