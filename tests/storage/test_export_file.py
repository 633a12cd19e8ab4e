"""``checkin export answers --output``: the file people's words are written to is
owner-only whatever it was before, and a failed export leaves an earlier one untouched."""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

import pytest

from bot.cli import main
from dialogs.types import Answer
from storage import generate_key, open_store
from tests.storage.conftest import context, rows, state

WORDS = "CANARY export words 5150"


def _case_with_words(db: Path, key: str) -> None:
    """One case whose person answered the safety question and typed WORDS."""

    async def go() -> None:
        async with open_store(db, key) as store:
            new = await store.create_case("Police", "North", "R1")
            person = await store.redeem_invite(new.person_token, 8080)
            records = [
                Answer("safety", "2", context(), "q"),
                Answer("comments", "text", context(), "q2", text=WORDS),
            ]
            await store.save_turn(
                person.id, "start", records, state(), channel="telegram", source_message_id="1"
            )

    asyncio.run(go())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_existing_world_readable_file_becomes_owner_only(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exporting with --include-text over a file that exists with mode 0644 (an earlier
    export copied about, a file made with touch) leaves it 0600 with the words in it:
    opening with mode 0600 alone only applies to a file it creates."""
    db, out = tmp_path / "c.db", tmp_path / "answers.csv"
    _case_with_words(db, cli_key)
    out.write_text("old contents that are longer than nothing\n" * 50)
    out.chmod(0o644)
    assert 0 == main(["export", "answers", "--include-text", "--output", str(out), "--db", str(db)])
    assert 0o600 == _mode(out)
    lines = out.read_text().splitlines()
    assert (3, WORDS) == (len(lines), lines[2].split(",")[-1])
    assert f"Wrote 2 answer(s) to {out}.\n" == capsys.readouterr().out


def test_a_wrong_key_leaves_an_earlier_export_untouched(
    cli_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """With the wrong key the export stops with the key's one-line message before the
    output is opened: yesterday's export is neither emptied nor replaced by a header-only
    file that looks like an export of no answers."""
    db, out = tmp_path / "c.db", tmp_path / "answers.csv"
    _case_with_words(db, cli_key)
    assert 0 == main(["export", "answers", "--output", str(out), "--db", str(db)])
    before = out.read_bytes()
    monkeypatch.setenv("CHECKIN_DATA_KEY", generate_key())
    capsys.readouterr()
    assert 1 == main(["export", "answers", "--output", str(out), "--db", str(db)])
    assert before == out.read_bytes()
    err = capsys.readouterr().err
    assert err.startswith("checkin: The data key does not match this database.")


def test_an_output_that_cannot_be_opened_is_one_plain_line(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder given as --output, or a file in a folder that does not exist, is a one-line
    error naming the path (no traceback), exit 1, and nothing is written."""
    db = tmp_path / "c.db"
    _case_with_words(db, cli_key)
    for target in (tmp_path, tmp_path / "missing" / "a.csv"):
        assert 1 == main(["export", "answers", "--output", str(target), "--db", str(db)])
        err = capsys.readouterr().err
        expected = f"checkin: The export could not be written to {target} ("
        assert (expected, 1) == (err[: len(expected)], err.count("\n"))
        assert "Nothing was exported." in err and WORDS not in err
    assert not (tmp_path / "missing").exists()


def test_a_link_as_output_is_refused(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symbolic link as --output is refused rather than followed: the words must not be
    written through a link into a file somewhere else."""
    db, elsewhere, link = tmp_path / "c.db", tmp_path / "elsewhere.csv", tmp_path / "link.csv"
    _case_with_words(db, cli_key)
    elsewhere.write_text("")
    link.symlink_to(elsewhere)
    assert 1 == main(["export", "answers", "--include-text", "--output", str(link),
                      "--db", str(db)])  # fmt: skip
    assert "" == elsewhere.read_text()
    assert capsys.readouterr().err.startswith(f"checkin: The export could not be written to {link}")


def test_the_audit_entry_says_where_the_words_went(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each export's audit entry names its destination (the file's full path, or standard
    output) with whether free text was included, so a data protection officer can find
    every copy of people's words that left the database."""
    db, out = tmp_path / "c.db", tmp_path / "answers.csv"
    _case_with_words(db, cli_key)
    assert 0 == main(["export", "answers", "--include-text", "--output", str(out), "--db", str(db)])
    assert 0 == main(["export", "answers", "--db", str(db)])
    capsys.readouterr()
    entries = rows(db, "SELECT detail FROM audit_log WHERE action = 'answers_exported'")
    expected = [
        {"destination": str(out.resolve()), "include_text": True, "organisation": None},
        {"destination": "standard output", "include_text": False, "organisation": None},
    ]
    assert expected == [json.loads(detail) for (detail,) in entries]


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_the_database_itself_is_refused_as_output(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """`--output` naming the database (or its WAL), even by another spelling of the path,
    is refused before anything is opened: the export used to empty it and write CSV over
    the store. The database still opens with its case afterwards."""
    db = tmp_path / "c.db"
    _case_with_words(db, cli_key)
    before = db.read_bytes()
    (tmp_path / "sub").mkdir()
    target = f"{tmp_path}/sub/../c.db{suffix}"
    assert 1 == main(["export", "answers", "--output", target, "--db", str(db)])
    assert capsys.readouterr().err.startswith(f"checkin: {target} is the database or one of")
    assert before == db.read_bytes()
    assert [("R1",)] == rows(db, "SELECT local_ref FROM cases")
