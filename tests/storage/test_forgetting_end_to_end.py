"""Forgetting, checked as an auditor would: the real bot on the fake Bot API and a real
SQLite file. A person answers with canary words and a voice note, staff read the case; then
the person withdraws in the chat, or staff erase the case with ``checkin erase``. Afterwards
every value the person's rows held (their ciphertexts, the chat's lookup hash) is gone from
the database file, its WAL and a backup made afterwards, and what is left is what the
operator's guide says is kept: the case record, its alerts, the audit log."""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram.ext import AIORateLimiter, Application

from bot.cli import main
from bot.commands import run
from bot.redact import LIBRARY_LOGGERS
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person, collect_errors
from tests.telegram.journey_script import PERSON_CHAT, start_survey, whole_journey
from tests.telegram.staff_setup import HUB_USER, add_staff, settings_for, stopped, svc
from tests.telegram.updates import feed, message

OWN_WORDS = "CANARY own words withdrawn 6060"
# Tables whose rows are kept after forgetting, whatever they held: the guide's list.
KEPT = {"organisations", "teams", "staff", "cases", "alerts", "audit_log", "store_meta",
        "schema_migrations", "processed_updates", "invites", "case_facts"}  # fmt: skip


def _blobs(db: Path) -> list[tuple[str, bytes]]:
    """Every BLOB value in the database (ciphertexts, lookup hashes): (table.column, value)."""
    conn = sqlite3.connect(db)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found: list[tuple[str, bytes]] = []
        for table in names:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for row in conn.execute(f"SELECT * FROM {table}"):
                found += [(f"{table}.{column}", value)
                          for column, value in zip(columns, row, strict=True)
                          if isinstance(value, bytes)]  # fmt: skip
        return found
    finally:
        conn.close()


def _personal(db: Path) -> list[tuple[str, bytes]]:
    """The BLOBs in tables that forgetting must empty of the person."""
    return [(where, value) for where, value in _blobs(db) if where.split(".")[0] not in KEPT]


def _on_disk(db: Path) -> bytes:
    """The bytes of the database file and its WAL."""
    return b"".join(
        Path(f"{db}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{db}{suffix}").exists()
    )


def _lingering(gone: list[tuple[str, bytes]], *files: bytes) -> list[str]:
    """Where each value that should be gone came from, if it is still in any of ``files``."""
    return sorted({where for where, value in gone if any(value in f for f in files)})


@pytest.fixture(autouse=True)
def logs_hold_no_words_or_ids(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Everything logged during each test, without the bot's redaction installed (the
    command line runs without it): no canary word and no chat or user id in any line of
    ours, or in any library line at warning level or above (library debug lines carry
    whole requests; ``checkin run`` withholds those)."""
    caplog.set_level(logging.DEBUG)
    yield
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    ours = [r for r in records
            if not r.name.startswith(LIBRARY_LOGGERS) or r.levelno >= logging.WARNING]  # fmt: skip
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in ours)
    forbidden = ["CANARY", str(PERSON_CHAT), str(HUB_USER)]
    assert [] == [word for word in forbidden if word in logged]


@pytest.fixture
async def app(
    tmp_path: Path, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Application]:
    """The bot as ``checkin run`` wires it (no rate limiter), with the test staff."""
    unlimited = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
    wired = functools.partial(run.build_application, rate_limiter=unlimited)
    monkeypatch.setattr(run, "build_application", wired)
    application = run.make_bot(settings_for(tmp_path, generate_key()), fake_bot_api)
    errors = collect_errors(application)
    await application.initialize()
    await application.post_init(application)
    await add_staff(application)
    yield application
    await stopped(application)
    assert [] == errors


async def test_withdrawing_in_the_chat_leaves_no_trace_of_the_person(
    app: Application, fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    """A person who stops mid-survey and confirms: their answers, own words, state, consent
    and chat id go, and the bot keeps no record of the chat afterwards either (not even the
    encrypted id and lookup hash of the "you have stopped" message it sent)."""
    store = svc(app).store
    new = await store.create_case("Police", "North", "REF-S")
    person = Person(app, fake_bot_api, PERSON_CHAT)
    await person.up_to_safety(new.person_token)
    await person.choose("safety", "3")
    await person.pick_outcomes(["safe_at_home"], OWN_WORDS)
    db = tmp_path / "bot.db"
    personal = _personal(db)
    assert {"message_log.chat_hash", "outcomes.text_enc", "participants.chat_hash",
            "sessions.state_enc"} <= {where for where, _ in personal}  # fmt: skip
    await person.type("/stop")
    await person.tap(CONTENT.labels.confirm_stop)
    assert "You have stopped" in fake_bot_api.calls("sendMessage")[-1]["text"]
    assert [] == _lingering(personal, _on_disk(db))
    assert [] == _personal(db)
    entries = await store.audit.entries(new.case.id)
    assert "participant_erased" == entries[-1].action


async def test_erasing_a_case_leaves_nothing_in_the_file_the_wal_or_a_later_backup(
    app: Application, fake_bot_api: FakeBotApi, tmp_path: Path, cli_key: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The whole journey (own words, a voice note, comments, a check-in, the end survey),
    a hub member reads the case with /case, then `checkin erase --case REF --yes` runs
    while the bot has the database open: no ciphertext or chat hash of the person is left
    in the file, the WAL or a backup made afterwards; the read and the erasure are audited."""
    case, _, _ = await whole_journey(app, fake_bot_api, "standard", voice=True)
    await feed(app, message(HUB_USER, f"/case {case.local_ref}"))
    db = tmp_path / "bot.db"
    personal = _personal(db)
    assert {"answers.text_enc", "answers.voice_ref_enc", "voice_notes.data_enc",
            "outcome_revision_items.text_enc"} <= {where for where, _ in personal}  # fmt: skip
    monkeypatch.setenv("CHECKIN_DATA_KEY", svc(app).settings.data_key.get_secret_value())
    for argv in (
        ["erase", "--case", case.local_ref, "--yes"],
        ["backup", str(tmp_path / "after.db")],
    ):
        assert 0 == await asyncio.to_thread(main, [*argv, "--db", str(db)])
    capsys.readouterr()
    backup = (tmp_path / "after.db").read_bytes()
    assert [] == _lingering(personal, _on_disk(db), backup)
    actions = [e.action for e in await svc(app).store.audit.entries(case.id)]
    assert ["case_read", "case_erased"] == [a for a in actions if a in ("case_read", "case_erased")]


async def test_withdrawing_after_finishing_the_start_questions_erases_them(
    app: Application, fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    """A person who finished the start survey (own words, a voice note) and, days later,
    sends /stop and confirms: everything they gave is erased, as mid-survey. (A finished
    survey used to answer /stop with "you have already answered" and keep everything.)"""
    store = svc(app).store
    new = await store.create_case("Police", "North", "REF-F")
    person = Person(app, fake_bot_api, PERSON_CHAT)
    await start_survey(person, new.person_token, "standard", "self", voice=True)
    db = tmp_path / "bot.db"
    personal = _personal(db)
    assert {"answers.voice_ref_enc", "voice_notes.data_enc", "outcomes.text_enc"} <= {
        where for where, _ in personal
    }
    await person.type("/stop")
    await person.tap(CONTENT.labels.confirm_stop)
    assert "You have stopped" in fake_bot_api.calls("sendMessage")[-1]["text"]
    assert ([], []) == (_lingering(personal, _on_disk(db)), _personal(db))
    assert "participant_erased" == (await store.audit.entries(new.case.id))[-1].action
