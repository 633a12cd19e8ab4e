"""What an operator sees when the database or the disk is in the way: one ``checkin:`` line
on stderr that says what is wrong and what to do, exit 1, no traceback, nothing changed."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import storage.db
from bot.cli import main
from storage import open_store
from storage.cases import CaseRepository


@pytest.fixture
def db(cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with one case, R1, made through the command line."""
    path = tmp_path / "c.db"
    assert 0 == main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1",
                      "--db", str(path)])  # fmt: skip
    capsys.readouterr()
    return path


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The single stderr line of a failed command (fails on a traceback or several lines)."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert 1 == len(lines), err
    assert lines[0].startswith("checkin: ")
    return lines[0]


def _case_refs(path: Path, key: str) -> list[str]:
    async def go() -> list[str]:
        async with open_store(path, key) as store:
            return [case.local_ref for case in await store.cases.list()]

    return asyncio.run(go())


def _new_case(path: Path, ref: str) -> list[str]:
    return ["case", "new", "--org", "Police", "--team", "North", "--ref", ref, "--db", str(path)]


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store waits 0.2 s for another process's write lock instead of 10 s."""
    monkeypatch.setattr(
        storage.db,
        "_REQUIRED_PRAGMAS",
        tuple(("busy_timeout", "200", 200) if pragma[0] == "busy_timeout" else pragma
              for pragma in storage.db._REQUIRED_PRAGMAS),
    )  # fmt: skip


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another connection holds the database's write lock (as a sqlite3 shell would)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.usefixtures("short_busy_timeout")
def test_database_locked_at_open_is_one_plain_line_and_changes_nothing(
    db: Path, cli_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A write lock held past the busy timeout when `case new` opens the database gives one
    line saying it is busy and to try again, exit 1; once the lock is let go, the case it
    asked for is not there."""
    with write_lock_held(db):
        assert 1 == main(_new_case(db, "R2"))
    line = _one_error_line(capsys)
    assert "The database is busy" in line and "Try again in a minute" in line
    assert "Nothing was changed." in line
    assert ["R1"] == _case_refs(db, cli_key)


def test_database_locked_during_a_command_is_one_plain_line(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lock that times out after the store opened (outside storage.db's own translation)
    is the same plain line, not a traceback."""

    async def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(CaseRepository, "list", locked)
    assert 1 == main(["case", "list", "--db", str(db)])
    assert "The database is busy" in _one_error_line(capsys)


def test_other_sqlite_errors_are_not_dressed_up(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An SQLite error that is neither a lock nor the disk (a bug) is not turned into an
    operator's message: it propagates as it is, for a bug report."""

    async def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("no such column: nonsense")

    monkeypatch.setattr(CaseRepository, "list", broken)
    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        main(["case", "list", "--db", str(db)])


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("storage.db.open_connection", "disk I/O error"),  # the file cannot be opened
        ("storage.opening.migrate", "database or disk is full"),  # its first statement
    ],
)
def test_full_disk_at_open_is_one_plain_line_and_changes_nothing(
    db: Path,
    cli_key: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
    error: str,
) -> None:
    """SQLite failing to write as a command opens the database (a full disk) gives one
    line asking whether the disk is full, exit 1, and no new case."""

    async def failing(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError(error)

    with monkeypatch.context() as patched:
        patched.setattr(where, failing)
        assert 1 == main(_new_case(db, "R2"))
    line = _one_error_line(capsys)
    assert f"The database could not be written ({error}): is the disk full?" in line
    assert "Nothing was changed." in line
    assert ["R1"] == _case_refs(db, cli_key)


def _audit_actions(path: Path, key: str) -> list[str]:
    async def go() -> list[str]:
        async with open_store(path, key) as store:
            return [entry.action for entry in await store.audit.entries()]

    return asyncio.run(go())


def test_report_into_a_missing_folder_names_it_and_writes_nothing(
    db: Path, cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report --output` into a folder that does not exist: one line naming the folder,
    exit 1; the folder is not made and no report run is audited."""
    missing = tmp_path / "reports"
    assert 1 == main(["report", "--db", str(db), "--format", "xlsx",
                      "--output", str(missing / "board.xlsx")])  # fmt: skip
    line = _one_error_line(capsys)
    assert f"The folder {missing} does not exist" in line
    assert not missing.exists()
    assert "report_run" not in _audit_actions(db, cli_key)


def test_report_into_a_folder_it_cannot_write_says_so(
    db: Path,
    cli_key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`report --output` into a folder this user may not write: one line naming the folder,
    exit 1, no file. (The refusal is simulated: as root, permission bits do not bind.)"""
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setattr("bot.commands.report.os.access", lambda path, mode: Path(path) != folder)
    assert 1 == main(["report", "--db", str(db), "--format", "json",
                      "--output", str(folder / "board.json")])  # fmt: skip
    assert f"The folder {folder} cannot be written" in _one_error_line(capsys)
    assert [] == list(folder.iterdir())


NEEDS_A_DATABASE = [
    ["case", "list"],
    ["case", "invite", "R1", "--timepoint", "checkin"],
    ["case", "close", "R1", "--risk-outcome", "reduced"],
    ["report"],
    ["export", "answers"],
    ["erase", "--case", "R1", "--yes"],
    ["purge"],
    ["backup", "copy.db"],
    ["keys", "rotate"],
    ["staff", "list"],
    ["staff", "remove", "1"],
]


@pytest.mark.parametrize("command", NEEDS_A_DATABASE, ids=" ".join)
def test_command_on_a_mistyped_db_creates_nothing(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A command that only makes sense on existing data, given a --db that is not there,
    says so in one line (exit 1) and creates no file or folder."""
    mistyped = tmp_path / "var" / "checkin.db"
    assert 1 == main([*command, "--db", str(mistyped)])
    line = _one_error_line(capsys)
    assert f"checkin: There is no database at {mistyped}." in line
    assert "nothing was created" in line
    assert [] == list(tmp_path.iterdir())
