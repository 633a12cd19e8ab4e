"""Who has a database open: a key rotation runs only when nothing else has it open (the bot
would go on writing under the old key), and nothing opens it while a rotation runs. The lock
is the operating system's, so a killed process lets go of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from storage import generate_key, open_store
from storage.errors import StorageError
from storage.run_lock import DatabaseInUse, RotationUnderWay

HOLDER = """
import asyncio, sys
from storage import open_store
async def hold():
    async with open_store(sys.argv[1], sys.argv[2]):
        print("open", flush=True)
        await asyncio.sleep(600)
asyncio.run(hold())
"""


async def test_stores_open_together_but_not_beside_a_rotation(tmp_path: Path) -> None:
    """Two ordinary opens share the database; one that must be alone is refused while either
    is open, and while it is open nobody else may open the database."""
    db, key = tmp_path / "c.db", generate_key()
    async with open_store(db, key), open_store(db, key):
        with pytest.raises(DatabaseInUse):
            async with open_store(db, key, alone=True):
                pass
    async with open_store(db, key, alone=True):
        with pytest.raises(RotationUnderWay):
            async with open_store(db, key):
                pass
    async with open_store(db, key):  # all let go
        pass


async def test_a_killed_process_lets_go_of_the_database(tmp_path: Path) -> None:
    """A process that had the store open and was killed (no clean shutdown) no longer
    stands in the way of a rotation."""
    db, key = tmp_path / "c.db", generate_key()
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), key],
                             stdout=subprocess.PIPE, cwd=Path(__file__).parents[2])  # fmt: skip
    try:
        assert b"open\n" == child.stdout.readline()
        with pytest.raises(DatabaseInUse):
            async with open_store(db, key, alone=True):
                pass
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        async with open_store(db, key, alone=True):
            pass
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()


def test_keys_rotate_refuses_while_the_bot_has_the_database_open(
    cli_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """`keys rotate` with another process holding the store open: exit 1, one line saying to
    stop it first, and the old key still opens the database (nothing was re-encrypted)."""
    db, key, new_key = tmp_path / "c.db", cli_key, generate_key()
    monkeypatch.setenv("CHECKIN_NEW_DATA_KEY", new_key)
    assert 0 == main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1",
                      "--db", str(db)])  # fmt: skip
    capsys.readouterr()
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), key],
                             stdout=subprocess.PIPE, cwd=Path(__file__).parents[2])  # fmt: skip
    try:
        assert b"open\n" == child.stdout.readline()
        assert 1 == main(["keys", "rotate", "--db", str(db)])
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
    refusal = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(refusal) and "Stop it first" in refusal[0]
    assert "Nothing was changed" in refusal[0]
    assert 0 == main(["case", "list", "--db", str(db)])  # the old key still opens it
    monkeypatch.setenv("CHECKIN_DATA_KEY", new_key)
    capsys.readouterr()
    assert 1 == main(["case", "list", "--db", str(db)])  # and the new one does not
    assert "does not match this database" in capsys.readouterr().err


async def test_a_lock_file_that_cannot_be_opened_is_a_plain_storage_error(
    tmp_path: Path,
) -> None:
    """Another user's lock file (say, root ran checkin first) stops the open with one plain
    message naming the file and what to do, not an OSError traceback."""
    db, key = tmp_path / "c.db", generate_key()
    lock = tmp_path / "c.db.lock"
    lock.mkdir()  # cannot be opened as a file by anyone, root included
    with pytest.raises(StorageError, match=r"Cannot open .*c\.db\.lock .*Run checkin as the user"):
        async with open_store(db, key):
            pass
