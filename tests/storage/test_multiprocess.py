"""Several processes on one database (the bot, a CLI command, a second writer): each waits
its turn; none fails with "database is locked"; nothing confirmed is lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from storage import open_store
from tests.storage.conftest import rows

WRITER = Path(__file__).with_name("crash_writer.py")
ROOT = Path(__file__).resolve().parents[2]


async def test_two_writer_processes_and_this_one_share_the_database(
    tmp_path: Path, key: str
) -> None:
    """Two child processes record answers non-stop while this process opens cases; after
    a second both children are still running (no lock errors), and every id they
    confirmed is stored."""
    db_path = tmp_path / "shared.db"
    async with open_store(db_path, key):
        pass  # create the schema first, as the bot would have
    children = [
        subprocess.Popen([sys.executable, str(WRITER), str(db_path), key, f"W{n}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        for n in range(2)
    ]  # fmt: skip
    firsts = []
    for child in children:
        assert child.stdout is not None
        firsts.append(child.stdout.readline())  # each has committed at least once
    async with open_store(db_path, key) as store:
        deadline = time.monotonic() + 1.0
        opened = 0
        while time.monotonic() < deadline:
            await store.create_case("Police", "North", f"P{opened}")
            opened += 1
    still_running = [child.poll() is None for child in children]
    confirmed: list[int] = []
    for child, first in zip(children, firsts, strict=True):
        child.send_signal(signal.SIGKILL)
        output = first + (child.stdout.read() if child.stdout else b"")
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
        confirmed += [int(line) for line in output[: output.rfind(b"\n") + 1].split()]
    assert [True, True] == still_running
    stored = {answer_id for (answer_id,) in rows(db_path, "SELECT id FROM answers")}
    assert [] == [answer_id for answer_id in confirmed if answer_id not in stored]
    assert [(opened,)] == rows(db_path, "SELECT COUNT(*) FROM cases WHERE local_ref LIKE 'P%'")
