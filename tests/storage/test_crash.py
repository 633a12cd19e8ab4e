"""Crash safety: answers confirmed to a person survive the process being killed."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage.runner import check_database
from tests.storage.conftest import rows

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 15


def _run_and_kill(db_path: Path, key: str, case_ref: str, delay: float) -> list[int]:
    """Start the writer, let it commit for ``delay`` seconds after its first answer, SIGKILL
    it, and return every id it printed on a complete line."""
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path), key, case_ref],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=root,
    )
    assert child.stdout is not None
    first = child.stdout.readline()  # blocks until the first commit is confirmed
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    child.stdout.close()
    output = first + rest
    complete = output[: output.rfind(b"\n") + 1] if b"\n" in output else b""
    return [int(line) for line in complete.split()]


async def test_every_confirmed_answer_survives_sigkill(tmp_path: Path, key: str) -> None:
    """Over many rounds, a writer killed at a random moment never loses an answer it had
    reported as saved, and SQLite's integrity check passes afterwards."""
    db_path = tmp_path / "crash.db"
    chooser = random.Random(20260302)
    confirmed: list[int] = []
    for round_number in range(ROUNDS):
        printed = _run_and_kill(db_path, key, f"R{round_number}", chooser.uniform(0.0, 0.15))
        assert printed, "the writer never confirmed an answer"
        confirmed += printed
    stored = {answer_id for (answer_id,) in rows(db_path, "SELECT id FROM answers")}
    assert [] == [answer_id for answer_id in confirmed if answer_id not in stored]
    assert len(confirmed) == len(set(confirmed))
    assert [] == await check_database(db_path)
