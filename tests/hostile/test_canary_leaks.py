"""Canary leak test over a whole run: what people type, their ids and the secrets never
turn up where they must not.

One journey through Telegram (start survey with own words and a danger phrase, a check-in,
a staff read of the case, close, end survey with comments) with canary free text, canary
chat and user ids, a canary bot token and invite links. Afterwards none of them appears in:

- the captured logs of every logger from DEBUG up (with redaction installed as
  ``checkin run`` installs it), the CLI's included;
- the database file, its -wal and -shm files while the bot runs, and the database after;
- any export made for the board: ``checkin report --audience board`` in every format
  (table, json, csv, xlsx unzipped, html, the SAC return) and ``checkin export answers``
  without ``--include-text``.
Ids are looked for as decimal text and as the big-endian integers SQLite would store.
"""

from __future__ import annotations

import asyncio
import logging
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from bot import redact
from bot.cli import main
from bot.commands.run import _secrets
from bot.config import Settings
from bot.staff_words import staff_text
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Driver, Person
from tests.telegram.staff_setup import started, stopped, svc

PERSON_CHAT = 7302958146
HUB_STAFF = 6021847395
PRACTITIONER_STAFF = 6557203918
HUB_ALERT_CHAT = -1004829173650
CANARY_TOKEN = "7709142263:CANARYtokenQ9wX4vB7nM2kL5pR8tY1zA3s"
OWN_WORDS = "CANARY-own-words-Q7301 my brother hits me"
HOW_WILL_WE_KNOW = "CANARY-how-we-know-Q7302 the door stays locked"
COMMENTS = "CANARY-comments-Q7303 thank you Mrs Okafor"
TEXTS = (OWN_WORDS, HOW_WILL_WE_KNOW, COMMENTS)
IDS = (PERSON_CHAT, HUB_STAFF, PRACTITIONER_STAFF, HUB_ALERT_CHAT)


def settings_with_canaries(tmp_path: Path, key: str) -> Settings:
    return Settings.model_validate({
        "telegram_token": CANARY_TOKEN,
        "data_key": key,
        "storage": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
        "telegram": {"hub_alert_chat_id": HUB_ALERT_CHAT},
    })  # fmt: skip


def text_canaries(secrets: Iterable[str]) -> list[str]:
    """Strings that must not appear: the texts (and their distinctive parts), the ids as
    decimal, the token (and its secret half) and the other secrets."""
    found = [*TEXTS, *(text.split()[0] for text in TEXTS), CANARY_TOKEN.split(":")[1]]
    found += [str(abs(i)) for i in IDS] + [s for s in secrets if s]
    return found


def byte_canaries(secrets: Iterable[str]) -> list[bytes]:
    """The same as bytes, plus each id as a 6- and 8-byte big-endian integer (SQLite)."""
    found = [c.encode() for c in text_canaries(secrets)]
    found += [c.encode("utf-16-le") for c in TEXTS]
    for i in IDS:
        found += [i.to_bytes(8, "big", signed=True), abs(i).to_bytes(6, "big")]
    return found


def leaks_in(data: bytes, canaries: list[bytes]) -> list[str]:
    return [repr(c[:12]) for c in canaries if c in data]


async def journey(person: Person, staff: Driver, ref: str, token: str) -> None:
    """Start (own words with a danger phrase), check-in, /case read, close, end survey."""
    await person.type(f"/start {token}")
    for question, value in (("safe_to_talk", "yes"), ("consent", "yes"),
                            ("how_to_ask", "standard"), ("who_answering", "self"),
                            ("safety", "3")):  # fmt: skip
        if question == "consent":
            await person.next()
        await person.choose(question, value)
    await person.pick_outcomes(["safe_at_home"], OWN_WORDS)
    await person.type(HOW_WILL_WE_KNOW)
    await staff.type(f"/checkin {ref}")
    await person.type(f"/start {person.start_link_token()}")
    await person.choose("safe_to_talk", "yes")
    await person.next()
    await person.choose("safety", "4")
    for label in (CONTENT.labels.keep, CONTENT.labels.keep):  # both outcomes still wanted
        await person.tap(label)
    while not person.has_button(person.words(CONTENT.labels.done)):
        await person.tap(CONTENT.labels.no)
    await person.tap(CONTENT.labels.done)
    await staff.type(f"/case {ref}")
    await staff.type(f"/close {ref}")
    for key in ("risk_reduced", "capacity_no", "send_end_invite"):
        await staff.tap_text(staff_text(f"buttons.{key}"))
    await person.type(f"/start {person.start_link_token()}")
    await person.choose("safe_to_talk", "yes")
    await person.next()
    for question, value in (
        ("safety", "4"), ("outcomes_achieved", "yes"), ("outcomes_achieved", "partly"),
        ("made_safer", "yes"), ("how_much_safer", "a_lot"), ("listened_to", "yes"),
        ("involved", "a_bit"), ("wellbeing", "happy"), ("wants_more_support", "no"),
    ):  # fmt: skip
        await person.choose(question, value)
    await person.type(COMMENTS)


def export_commands(db: Path, out: Path) -> list[list[str]]:
    """Every board export: each report format, the SAC return, answers without text."""
    board = ["report", "--db", str(db), "--audience", "board", "--by", "organisation"]
    return [
        [*board, "--format", "table", "--output", str(out / "report.txt")],
        [*board, "--format", "json", "--output", str(out / "report.json")],
        [*board, "--format", "csv", "--output", str(out / "report-csv")],
        [*board, "--format", "xlsx", "--output", str(out / "report.xlsx")],
        [*board, "--format", "html", "--output", str(out / "report.html")],
        [*board, "--sac-return", "--output", str(out / "sac.csv")],
        ["export", "answers", "--db", str(db), "--output", str(out / "answers.csv")],
    ]


def exported_bytes(out: Path) -> dict[str, bytes]:
    """Every file written, xlsx workbooks unzipped member by member."""
    found: dict[str, bytes] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as workbook:
                for member in workbook.namelist():
                    found[f"{path.name}:{member}"] = workbook.read(member)
        else:
            found[path.name] = path.read_bytes()
    return found


def database_bytes(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file()}


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    records = [*caplog.get_records("setup"), *caplog.records]
    return "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.stack_info or ''} "
                     f"{r.__dict__}" for r in records)  # fmt: skip


async def test_no_canary_in_logs_database_wal_or_board_exports(
    tmp_path: Path,
    fake_bot_api: FakeBotApi,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A whole journey with canary words, ids and secrets: none of them in the logs (DEBUG,
    all loggers), the database or its WAL, or any board export; yet the answers are there
    (decrypted) and the staff read showed the words, so the canaries were really used."""
    caplog.set_level(logging.DEBUG)
    key = generate_key()
    settings = settings_with_canaries(tmp_path, key)
    installed = redact.install(_secrets(settings))
    try:
        app = await started(settings, fake_bot_api)
        store = svc(app).store
        await store.staff.add(HUB_STAFF, "hub")
        await store.staff.add(PRACTITIONER_STAFF, "practitioner", "Police")
        new = await store.create_case("Police", "North", "CAN-1")
        person, staff = Person(app, fake_bot_api, PERSON_CHAT), Driver(app, fake_bot_api, HUB_STAFF)
        await journey(person, staff, "CAN-1", new.person_token)
        stored = {a.text for a in await store.answers.for_case(new.case.id) if a.text}
        assert {HOW_WILL_WE_KNOW, COMMENTS} <= stored
        assert any(OWN_WORDS in t for t in (m.get("text", "") for m in fake_bot_api.sent))
        invites = [new.person_token, person.start_link_token()]
        canaries = byte_canaries([*_secrets(settings), *invites])
        while_running = database_bytes(store.path)
        assert {"bot.db", "bot.db-wal"} <= set(while_running)
        await stopped(app)
        after = database_bytes(tmp_path / "bot.db")
        monkeypatch.setenv("CHECKIN_DATA_KEY", key)
        monkeypatch.delenv("CHECKIN_CONFIG", raising=False)
        monkeypatch.chdir(tmp_path)
        out = tmp_path / "exports"
        out.mkdir()
        for argv in export_commands(tmp_path / "bot.db", out):
            assert 0 == await asyncio.to_thread(main, argv), argv
    finally:
        installed.remove()
    files = {**{f"running {k}": v for k, v in while_running.items()},
             **{f"after {k}": v for k, v in after.items()}, **exported_bytes(out)}  # fmt: skip
    assert 14 <= len(files)
    # the scans read real content: the case reference is stored in clear, the WAL holds
    # pages, the workbook was unzipped, and the reports name the organisation
    assert b"CAN-1" in after["bot.db"] and len(while_running["bot.db-wal"]) > 4096
    assert any(name.startswith("report.xlsx:xl/") for name in files)
    assert all(b"Police" in files[name] for name in ("report.json", "report.html"))
    assert {} == {name: leaks_in(data, canaries) for name, data in files.items()
                  if leaks_in(data, canaries)}  # fmt: skip
    logged = logged_text(caplog)
    assert [] == [c for c in text_canaries([*_secrets(settings), *invites]) if c in logged]
    hub_chat = "\n".join(m.get("text", "") for m in fake_bot_api.sent
                         if m["chat"]["id"] == HUB_ALERT_CHAT)  # fmt: skip
    assert "Check-in alert" in hub_chat and not any(t.split()[0] in hub_chat for t in TEXTS)
