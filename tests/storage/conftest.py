"""Fixtures for storage tests: a real database file in tmp_path, a key, a settable clock,
and small builders for the engine records the store is given."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialogs.types import AnswerContext, SessionState
from storage import Store, generate_key, open_store
from storage.models import NewCase, Participant
from tests.clock import START, FakeClock

__all__ = ["START", "FakeClock"]  # imported from here by the storage tests


def context(timepoint: str = "start", answered_by: str = "self") -> AnswerContext:
    return AnswerContext(timepoint, "standard", "en", answered_by)  # type: ignore[arg-type]


def state(timepoint: str = "start", step: str = "safety", status: str = "active") -> SessionState:
    return SessionState(timepoint, "standard", "en", "self", step, status=status)  # type: ignore[arg-type]


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the database file directly (a second connection), as an auditor would."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@dataclass
class Opened:
    """A case with its person joined from a chat."""

    new: NewCase
    person: Participant


@pytest.fixture
def key() -> str:
    return generate_key()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "checkin.db"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(db_path: Path, key: str, clock: FakeClock) -> AsyncIterator[Store]:
    async with open_store(db_path, key, clock=clock) as opened:
        yield opened


@pytest.fixture
async def opened(store: Store) -> Opened:
    new = await store.create_case("Police", "North", "REF-1", representative=True)
    person = await store.redeem_invite(new.person_token, 4242)
    return Opened(new, person)


@pytest.fixture
def no_key_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("CHECKIN_DATA_KEY", "CHECKIN_NEW_DATA_KEY", "CHECKIN_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    yield
