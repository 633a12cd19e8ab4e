"""The storage commands end to end through ``bot.cli.main``: real files, real output."""

from __future__ import annotations

import asyncio
import csv
import io
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from dialogs.types import Answer
from storage import Keyring, WrongKey, generate_key, open_store
from tests.storage.conftest import FakeClock, context, state

LINK_PREFIX = "https://t.me/MspCheckinBot?start="


def _links(output: str) -> list[str]:
    return [w[len(LINK_PREFIX) :] for w in output.split() if w.startswith(LINK_PREFIX)]


def _answer_through_store(db: Path, key: str, token: str, text: str) -> None:
    async def go() -> None:
        async with open_store(db, key) as store:
            person = await store.redeem_invite(token, 8080)
            records = [
                Answer("safety", "2", context(), "q"),
                Answer("comments", "text", context(), "q2", text=text),
            ]
            await store.save_turn(
                person.id, "start", records, state(), channel="telegram", source_message_id="1"
            )

    asyncio.run(go())


def _audit_actions(db: Path, key: str) -> list[str]:
    async def go() -> list[str]:
        async with open_store(db, key) as store:
            return [entry.action for entry in await store.audit.entries()]

    return asyncio.run(go())


def test_case_new_prints_working_single_use_links(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`case new --representative --qr` prints two t.me links (and writes two QR PNGs);
    the person's link joins the case once; the opening is in the audit log."""
    db = tmp_path / "c.db"
    argv = [
        "case",
        "new",
        "--org",
        "Police",
        "--team",
        "North",
        "--ref",
        "R1",
        "--representative",
        "--concern",
        "financial",
        "--qr",
        "qr",
        "--db",
        str(db),
    ]
    assert 0 == main(argv)
    tokens = _links(capsys.readouterr().out)
    assert 2 == len(tokens)
    assert ["R1-person.png", "R1-representative.png"] == sorted(
        p.name for p in Path("qr").iterdir()
    )
    _answer_through_store(db, cli_key, tokens[0], "hello")
    assert "case_opened" in _audit_actions(db, cli_key)
    assert 1 == main(argv)  # the same reference again is refused
    assert "already has a case" in capsys.readouterr().err


def test_case_new_says_who_the_representative_is(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`case new --representative family` labels the second link as a family member's, and
    whoever joins with it is recorded as a family representative; `case invite
    --representative friend` makes a friend's link; a kind that is not one of the four is
    refused by the command line, naming the choices, and opens no case."""
    db = tmp_path / "c.db"
    base = ["case", "new", "--org", "Police", "--team", "North", "--db", str(db)]
    assert 0 == main([*base, "--ref", "R1", "--representative", "family"])
    out = capsys.readouterr().out
    assert "Representative's invite (family): " + LINK_PREFIX in out
    assert 0 == main(["case", "invite", "R1", "--timepoint", "checkin",
                      "--representative", "friend", "--db", str(db)])  # fmt: skip
    friend_out = capsys.readouterr().out
    assert "Representative's check-in invite (friend): " in friend_out

    async def join(token: str, chat: int) -> str | None:
        async with open_store(db, cli_key) as store:
            return (await store.redeem_invite(token, chat)).rep_kind

    assert "family" == asyncio.run(join(_links(out)[1], 8181))
    assert "friend" == asyncio.run(join(_links(friend_out)[0], 8282))
    with pytest.raises(SystemExit):
        main([*base, "--ref", "R2", "--representative", "neighbour"])
    assert "invalid choice: 'neighbour'" in capsys.readouterr().err
    assert 0 == main(["case", "list", "--db", str(db)])
    assert "R2" not in capsys.readouterr().out


def test_case_close_invite_and_list(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A check-in invite is printed for an open case; closing records the SAC fields and
    prints an end invite; list shows the state."""
    db = ["--db", str(tmp_path / "c.db")]
    main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1", *db])
    capsys.readouterr()
    assert 0 == main(["case", "invite", "R1", "--timepoint", "checkin", *db])
    assert 1 == len(_links(capsys.readouterr().out))
    assert 0 == main(["case", "close", "R1", "--risk-outcome", "reduced", "--capacity", "no", *db])
    out = capsys.readouterr().out
    assert "Closed case R1." in out and 1 == len(_links(out))
    assert 1 == main(["case", "close", "R1", "--risk-outcome", "removed", *db])
    assert "already closed" in capsys.readouterr().err
    assert 0 == main(["case", "list", *db])
    listing = capsys.readouterr().out.splitlines()
    assert ["R1", "Police", "North", "closed"] == listing[1].split()[:4]


def test_close_without_end_survey_records_why(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--no-end-survey-reason closes the case without an end invite."""
    db = ["--db", str(tmp_path / "c.db")]
    main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1", *db])
    capsys.readouterr()
    assert 0 == main(["case", "close", "R1", "--no-end-survey-reason", "unsafe_to_contact", *db])
    out = capsys.readouterr().out
    assert [] == _links(out)
    assert "No end survey: unsafe_to_contact." in out


@pytest.mark.parametrize(
    "argv",
    [
        ["case", "list"],
        ["backup", "b.db"],
        ["export", "answers"],
        ["erase", "--case", "R", "--yes"],
        ["purge"],
        ["staff", "list"],
        ["keys", "rotate"],
    ],
)
def test_commands_without_a_key_fail_with_one_clear_line(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No CHECKIN_DATA_KEY and no key file: exit 1 and one line saying how to set one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKIN_DATA_KEY", raising=False)
    monkeypatch.delenv("CHECKIN_CONFIG", raising=False)
    assert 0 == main(["db", "migrate", "--db", str(tmp_path / "c.db")])  # needs no key
    assert 1 == main([*argv, "--db", str(tmp_path / "c.db")])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err)
    assert "CHECKIN_DATA_KEY" in err[0] and "checkin keys new" in err[0]


def test_keys_new_prints_a_valid_key_last(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of `keys new` is a key the store accepts; two runs differ."""
    monkeypatch.chdir(tmp_path)
    assert 0 == main(["keys", "new"])
    first = capsys.readouterr().out.strip().splitlines()[-1]
    main(["keys", "new"])
    second = capsys.readouterr().out.strip().splitlines()[-1]
    assert first != second
    Keyring.from_text(first)


def test_keys_rotate_with_the_key_in_the_environment_needs_the_new_key_given(
    cli_key: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the key in CHECKIN_DATA_KEY, `keys rotate` will not make up a key that would
    live only in its own output: without CHECKIN_NEW_DATA_KEY it exits 1 with one line saying
    what to do and changes nothing; with it, the database ends up under the new key (which
    is not printed) and the old key no longer opens it."""
    db = tmp_path / "c.db"
    main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1", "--db", str(db)])
    token = _links(capsys.readouterr().out)[0]
    _answer_through_store(db, cli_key, token, "my words")
    monkeypatch.delenv("CHECKIN_NEW_DATA_KEY", raising=False)
    assert 1 == main(["keys", "rotate", "--db", str(db)])
    refusal = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(refusal) and "checkin keys new" in refusal[0]
    assert "CHECKIN_NEW_DATA_KEY" in refusal[0] and "Nothing was changed" in refusal[0]
    assert "key_rotated" not in _audit_actions(db, cli_key)
    new_key = generate_key()
    monkeypatch.setenv("CHECKIN_NEW_DATA_KEY", new_key)
    assert 0 == main(["keys", "rotate", "--db", str(db)])
    assert new_key not in capsys.readouterr().out
    with pytest.raises(WrongKey):
        asyncio.run(_audit_actions_async(db, cli_key))
    assert "key_rotated" in _audit_actions(db, new_key)


async def _audit_actions_async(db: Path, key: str) -> None:
    async with open_store(db, key):
        pass


def test_keys_rotate_replaces_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the key in storage.key_file and the new one in CHECKIN_NEW_DATA_KEY, the file
    ends up holding the new key (still 0600) and no key is printed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKIN_DATA_KEY", raising=False)
    from storage import ensure_local_key

    key_file = ensure_local_key(tmp_path / "data.key")
    monkeypatch.setenv("CHECKIN_STORAGE_KEY_FILE", str(key_file))
    db = ["--db", str(tmp_path / "c.db")]
    assert 0 == main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1", *db])
    new_key = generate_key()
    monkeypatch.setenv("CHECKIN_NEW_DATA_KEY", new_key)
    assert 0 == main(["keys", "rotate", *db])
    out = capsys.readouterr().out
    assert new_key not in out
    assert new_key == key_file.read_text().strip()
    assert 0o600 == stat.S_IMODE(key_file.stat().st_mode)
    assert 0 == main(["case", "list", *db])


def test_erase_asks_first_and_then_erases(
    cli_key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A wrong confirmation erases nothing (exit 1); typing the reference erases."""
    db = tmp_path / "c.db"
    main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1", "--db", str(db)])
    _answer_through_store(db, cli_key, _links(capsys.readouterr().out)[0], "words")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert 1 == main(["erase", "--case", "R1", "--db", str(db)])
    assert "case_erased" not in _audit_actions(db, cli_key)
    monkeypatch.setattr("builtins.input", lambda prompt: "R1")
    assert 0 == main(["erase", "--case", "R1", "--db", str(db)])
    assert "case_erased" in _audit_actions(db, cli_key)
    capsys.readouterr()
    main(["case", "list", "--db", str(db)])
    assert "erased" in capsys.readouterr().out


def test_purge_uses_the_configured_retention(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case closed 800 days ago is purged by `purge` (default 730 days); a new one stays."""
    db = tmp_path / "c.db"

    async def old_case() -> None:
        past = FakeClock(datetime(2020, 1, 1, tzinfo=UTC))
        async with open_store(db, cli_key, clock=past) as store:
            await store.create_case("Police", "North", "OLD")
            await store.cases.close("OLD", risk_outcome="removed")

    asyncio.run(old_case())
    main(["case", "new", "--org", "Police", "--team", "North", "--ref", "NEW-1", "--db", str(db)])
    capsys.readouterr()
    assert 0 == main(["purge", "--db", str(db)])
    assert "Purged 1 case(s) closed more than 730 days ago." in capsys.readouterr().out
    main(["case", "list", "--db", str(db)])
    listing = capsys.readouterr().out
    assert "NEW-1" in listing and "OLD" not in listing


def test_backup_and_db_commands(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`db migrate` reports the schema; `backup` writes a copy that `db check` passes."""
    db = ["--db", str(tmp_path / "c.db")]
    assert 0 == main(["db", "migrate", *db])
    assert "0002_reporting_indexes" in capsys.readouterr().out
    assert 0 == main(["db", "migrate", *db])
    assert "already up to date" in capsys.readouterr().out
    assert 0 == main(["backup", str(tmp_path / "b.db"), *db])
    assert 0 == main(["db", "check", "--db", str(tmp_path / "b.db")])
    assert "integrity ok" in capsys.readouterr().out
    assert 1 == main(["backup", str(tmp_path / "b.db"), *db])  # never overwrites


def test_staff_add_list_and_remove_never_print_the_telegram_id(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Staff are listed with role and organisation, never their Telegram id; a practitioner
    needs an organisation; a removed member is listed as inactive."""
    db = ["--db", str(tmp_path / "c.db")]
    assert 0 == main(
        [
            "staff",
            "add",
            "--telegram-id",
            "246813579",
            "--role",
            "practitioner",
            "--org",
            "Police",
            *db,
        ]
    )
    assert 1 == main(["staff", "add", "--telegram-id", "11", "--role", "practitioner", *db])
    assert 0 == main(["staff", "list", *db])
    out = capsys.readouterr().out
    assert "practitioner" in out and "Police" in out
    assert "246813579" not in out
    assert 0 == main(["staff", "remove", "1", *db])
    main(["staff", "list", *db])
    assert ["1", "practitioner", "Police", "no"] == capsys.readouterr().out.splitlines()[
        -1
    ].split()[:4]


def test_export_quotes_typed_words_a_spreadsheet_would_run(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Free text starting with = + - @ is written with a leading quote (CSV injection)."""
    db = tmp_path / "c.db"
    main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1", "--db", str(db)])
    _answer_through_store(db, cli_key, _links(capsys.readouterr().out)[0], '=HYPERLINK("x")')
    assert 0 == main(["export", "answers", "--include-text", "--db", str(db)])
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert ["", '\'=HYPERLINK("x")'] == [row["text"] for row in table]


def test_export_answers_leaves_text_out_unless_asked(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CSV has one row per answer with the required columns; free text only with
    --include-text; a file output is owner-only; each export is audited."""
    db = tmp_path / "c.db"
    main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R1", "--db", str(db)])
    _answer_through_store(db, cli_key, _links(capsys.readouterr().out)[0], "Secret words")
    assert 0 == main(["export", "answers", "--format", "csv", "--db", str(db)])
    plain = capsys.readouterr().out
    table = list(csv.DictReader(io.StringIO(plain)))
    assert 2 == len(table)
    required = {
        "case_ref",
        "organisation",
        "team",
        "timepoint",
        "measure",
        "outcome_ref",
        "value",
        "variant",
        "language",
        "channel",
        "answered_by",
        "answered_at",
    }
    assert required <= set(table[0])
    assert ("R1", "Police", "North", "safety", "2") == (
        table[0]["case_ref"],
        table[0]["organisation"],
        table[0]["team"],
        table[0]["measure"],
        table[0]["value"],
    )
    assert "Secret words" not in plain
    out_file = tmp_path / "out.csv"
    assert 0 == main(
        ["export", "answers", "--include-text", "--output", str(out_file), "--db", str(db)]
    )
    assert "Secret words" in out_file.read_text()
    assert 0o600 == stat.S_IMODE(out_file.stat().st_mode)
    assert 2 == _audit_actions(db, cli_key).count("answers_exported")
