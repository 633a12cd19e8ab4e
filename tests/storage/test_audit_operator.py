"""Audit entries made by a command line name its operator ("cli:alice"): the login name
behind ``sudo checkin-admin`` (SUDO_USER), else the current user; only plain characters are
kept. Outside a command (the store opened directly) "cli" is left as it is."""

from __future__ import annotations

import asyncio
import getpass
from pathlib import Path

import pytest

from bot.cli import main
from storage import open_store


def _actors(db: Path, key: str, action: str) -> list[str]:
    async def go() -> list[str]:
        async with open_store(db, key) as store:
            return [entry.actor for entry in await store.audit.entries(action=action)]

    return asyncio.run(go())


def _open_case(db: Path, ref: str) -> int:
    return main(["case", "new", "--org", "Police", "--team", "North", "--ref", ref,
                 "--db", str(db)])  # fmt: skip


@pytest.mark.parametrize(
    ("sudo_user", "login", "actor"),
    [("alice", "root", "cli:alice"), (None, "bob", "cli:bob"),
     ("al ice;\nDROP", "root", "cli:aliceDROP")],
)  # fmt: skip
def test_a_command_names_its_operator(
    cli_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    sudo_user: str | None, login: str, actor: str,
) -> None:  # fmt: skip
    """`case new` run through sudo by alice is audited as cli:alice; without sudo, as the
    login name; odd characters are dropped."""
    if sudo_user is None:
        monkeypatch.delenv("SUDO_USER", raising=False)
    else:
        monkeypatch.setenv("SUDO_USER", sudo_user)
    monkeypatch.setattr(getpass, "getuser", lambda: login)
    db = tmp_path / "a.db"
    assert 0 == _open_case(db, "R1")
    assert [actor] == _actors(db, cli_key, "case_opened")


def test_outside_a_command_cli_stays_plain(
    cli_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a command has run, an entry written through the store directly is "cli"."""
    monkeypatch.setenv("SUDO_USER", "alice")
    db = tmp_path / "a.db"
    assert 0 == _open_case(db, "R1")

    async def list_directly() -> None:
        async with open_store(db, cli_key) as store:
            await store.record_audit("cli", "cases_listed")

    asyncio.run(list_directly())
    assert ["cli"] == _actors(db, cli_key, "cases_listed")
