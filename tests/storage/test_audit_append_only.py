"""The audit log cannot be changed after the fact, by any SQL a command or a person at an
sqlite3 prompt might run against the file: no UPDATE, DELETE, REPLACE or upsert."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import Store
from tests.storage.conftest import rows

CHANGES = [
    "UPDATE audit_log SET action = 'nothing' WHERE id = 1",
    "DELETE FROM audit_log WHERE id = 1",
    "INSERT OR REPLACE INTO audit_log (id, at, actor, action) VALUES (1, 'x', 'cli', 'nothing')",
    "REPLACE INTO audit_log (id, at, actor, action) VALUES (1, 'x', 'cli', 'nothing')",
    "INSERT INTO audit_log (id, at, actor, action) VALUES (1, 'x', 'cli', 'nothing')"
    " ON CONFLICT (id) DO UPDATE SET action = excluded.action",
]


@pytest.mark.parametrize("change", CHANGES)
async def test_an_entry_cannot_be_rewritten(store: Store, db_path: Path, change: str) -> None:
    """Each statement that would rewrite or remove entry 1 is refused: the log reads back
    exactly as written."""
    await store.create_case("Police", "North", "REF-1")
    before = rows(db_path, "SELECT * FROM audit_log ORDER BY id")
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(change)
        conn.commit()
    finally:
        conn.close()
    assert before == rows(db_path, "SELECT * FROM audit_log ORDER BY id")


async def test_new_entries_are_still_appended(store: Store, db_path: Path) -> None:
    """The trigger lets every ordinary entry in: ids keep counting up."""
    await store.create_case("Police", "North", "REF-1")
    await store.record_audit("cli", "cases_listed")
    await store.record_audit("cli", "cases_listed")
    ids = [i for (i,) in rows(db_path, "SELECT id FROM audit_log ORDER BY id")]
    assert list(range(1, len(ids) + 1)) == ids
    assert 3 <= len(ids)
