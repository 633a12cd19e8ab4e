"""Fixtures shared by the whole suite. Keep this small: area-specific fixtures live in the
``conftest.py`` of their own test folder."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.spec_check import spec_problems


@pytest.fixture
def fake_bot_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBotApi]:
    """A recording, offline Bot API. At teardown every request the test made is checked
    against the Bot API description, so any bot test that sends a bad request fails.

    PTB_TIMEDELTA=1 as ``checkin run`` sets it (PTB 23's time types; no deprecation warning
    when a 429 is answered)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    fake = FakeBotApi()
    yield fake
    problems = spec_problems(fake.requests)
    assert not problems, "Requests that break the Bot API spec:\n" + "\n".join(problems)


@pytest.fixture
def cli_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A data key in the environment and a clean working folder (no ./config.toml)."""
    monkeypatch.chdir(tmp_path)
    for name in ("CHECKIN_CONFIG", "CHECKIN_NEW_DATA_KEY", "CHECKIN_STORAGE_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    key = generate_key()
    monkeypatch.setenv("CHECKIN_DATA_KEY", key)
    return key
