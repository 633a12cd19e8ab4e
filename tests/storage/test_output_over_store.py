"""No command writes its output over the database: ``checkin report --output`` given the
database's own path (or its WAL) is refused before anything is read, instead of replacing
the store with a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.storage.conftest import rows


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_a_report_over_the_database_is_refused(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """One line naming the path, exit 1, the database byte for byte as it was and still
    opening with its case (the report used to overwrite it: 'file is not a database')."""
    db = tmp_path / "c.db"
    assert 0 == main(["case", "new", "--org", "Police", "--team", "North", "--ref", "R-1",
                      "--db", str(db)])  # fmt: skip
    before = db.read_bytes()
    (tmp_path / "sub").mkdir()
    target = f"{tmp_path}/sub/../c.db{suffix}"
    capsys.readouterr()
    assert 1 == main(["report", "--output", target, "--db", str(db)])
    err = capsys.readouterr().err
    assert f"checkin: {target} is the database or one of its files" in err
    assert before == db.read_bytes()
    assert [("R-1",)] == rows(db, "SELECT local_ref FROM cases")
