"""The terminal channel on the store: ``checkin chat --invite`` and ``checkin start``."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path

import pytest

from bot.cli import main
from storage.crypto import generate_key
from storage.errors import StorageError
from storage.store import Store, open_store

# safe to talk, about, consent, standard, me, safety = 2 (third option), the first common
# outcome, Done (typed label), how will we know, then the thank-you.
START_ANSWERS = ["1", "1", "1", "1", "1", "3", "1", "done", "When I feel calm"]
EXPECTED = [("safety", "2", "console"), ("how_will_we_know", "text", "console")]


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database path, a data key in the environment and no other CHECKIN_* settings."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("CHECKIN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CHECKIN_DATA_KEY", generate_key())
    return tmp_path / "store.db"


def _open_case(db: Path) -> str:
    async def go() -> str:
        async with open_store(db, os.environ["CHECKIN_DATA_KEY"]) as store:
            return (await store.create_case("Org", "Team", "REF-1")).person_token

    return asyncio.run(go())


def _answers(db: Path) -> list[tuple[str, str, str]]:
    async def go() -> list[tuple[str, str, str]]:
        async with open_store(db, os.environ["CHECKIN_DATA_KEY"]) as store:
            case = (await store.cases.list())[0]
            rows = await store.answers.for_case(case.id)
            return [(a.measure, a.value, a.channel) for a in rows]

    return asyncio.run(go())


def _chat(monkeypatch: pytest.MonkeyPatch, lines: list[str], *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(["chat", *args])


def test_invite_chat_saves_every_answer(db: Path, monkeypatch, capsys) -> None:
    """``checkin chat --invite`` joins the case and the answers are in the store; the
    survey's thanks is said once, in its own words (the command used to add an English
    copy of it, also after a survey in Polish)."""
    token = _open_case(db)
    assert 0 == _chat(monkeypatch, START_ANSWERS, "--db", str(db), "--invite", token)
    out = capsys.readouterr().out
    assert 1 == out.count("Thank you. Your answers are saved.")
    assert out.rstrip().endswith("(The survey is finished.)")
    assert EXPECTED == _answers(db)


def test_second_run_with_the_same_invite_resumes(db: Path, monkeypatch, capsys) -> None:
    """Input ending mid-survey pauses it; the same invite again carries on where it stopped,
    and the store ends with the same answers as one uninterrupted run."""
    token = f"https://t.me/SomeBot?start={_open_case(db)}"
    assert 0 == _chat(monkeypatch, START_ANSWERS[:6], "--db", str(db), "--invite", token)
    assert [EXPECTED[0]] == _answers(db)
    capsys.readouterr()
    # Resuming re-asks the question the person was on (the outcomes); /resume then carries on.
    assert 0 == _chat(monkeypatch, ["/resume", *START_ANSWERS[6:]], "--db", str(db),
                      "--invite", token)  # fmt: skip
    assert EXPECTED == _answers(db)


def test_unsaved_turn_is_not_shown_as_done(db: Path, monkeypatch, capsys) -> None:
    """When saving fails the person is told, and the next question is not shown."""
    token = _open_case(db)
    real_save = Store.save_turn
    calls = {"n": 0}

    async def failing_second_save(self, *args, **kwargs):  # noqa: ANN001, ANN202
        calls["n"] += 1
        if calls["n"] == 2:
            raise StorageError("disk full")
        return await real_save(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_turn", failing_second_save)
    assert 0 == _chat(monkeypatch, ["1"], "--db", str(db), "--invite", token)
    out = capsys.readouterr().out
    assert "Sorry, that did not save." in out
    assert "This chat is from the team" not in out  # the next step was never shown


def test_used_invite_from_elsewhere_is_refused(db: Path, monkeypatch, capsys) -> None:
    """A made-up invite gives one plain line and exit 1, and nothing is stored."""
    _open_case(db)
    assert 1 == _chat(monkeypatch, [], "--db", str(db), "--invite", "not-a-real-invite-token")
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err)
    assert [] == _answers(db)


def test_start_without_token_makes_a_key_and_a_trial_case(tmp_path, monkeypatch, capsys) -> None:
    """``checkin start`` (make run) with no token and no key: a local key file is made, a
    trial case opened on the configured database, and the answers are saved in it."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("CHECKIN_"):
            monkeypatch.delenv(name)
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(a + "\n" for a in START_ANSWERS)))
    assert 0 == main(["start"])
    out = capsys.readouterr().out
    key_file = tmp_path / "data" / "checkin.key"
    assert key_file.exists()
    assert 0o600 == key_file.stat().st_mode & 0o777
    assert f"a local one was made at {Path('data') / 'checkin.key'}" in out
    assert "checkin chat --invite " in out
    monkeypatch.setenv("CHECKIN_DATA_KEY", key_file.read_text(encoding="ascii").strip())
    assert EXPECTED == _answers(tmp_path / "data" / "checkin.db")
