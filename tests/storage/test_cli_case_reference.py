"""``checkin case new --ref``: the reference is stored in clear, so the command line refuses
what ``/newcase`` refuses (a person's name, an NHS number), without repeating it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("John Smith", "could be a person's name"),
        ("Mrs Patel", "could be a person's name"),
        ("943 476 5919", "looks like an NHS number"),
        ("9434765919", "looks like an NHS number"),
    ],
)
def test_a_name_or_an_nhs_number_is_refused(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], ref: str, why: str
) -> None:
    """Exit 1, one line that says why and that nothing was created, the reference not
    echoed (the error goes to terminals and cron mail); no database file is made."""
    db = tmp_path / "c.db"
    argv = ["case", "new", "--org", "Police", "--team", "North", "--ref", ref, "--db", str(db)]
    assert 1 == main(argv)
    captured = capsys.readouterr()
    assert ("", 1) == (captured.out, captured.err.count("\n"))
    assert captured.err.startswith("checkin: --ref refused: ") and why in captured.err
    assert captured.err.rstrip().endswith("Nothing was created.")
    assert ref not in captured.err and "/cancel" not in captured.err
    assert not db.exists()


def test_an_ordinary_reference_is_taken(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guide's example reference opens the case as before."""
    db = tmp_path / "c.db"
    argv = ["case", "new", "--org", "Police", "--team", "North", "--ref", "DP-0001"]
    assert 0 == main([*argv, "--db", str(db)])
    assert capsys.readouterr().out.startswith("Opened case DP-0001 for Police / North.")
