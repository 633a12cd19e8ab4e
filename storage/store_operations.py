"""The Store's operator methods: backup, key rotation, the answer export, the audit log,
bulk loading for benchmarks, and what the database reports about itself."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from storage import maintenance
from storage.audit import AuditLog
from storage.base import Context, fetch_all
from storage.crypto import Keyring
from storage.export import export_rows
from storage.models import ExportRow
from storage.opening import keyring_from


class StoreOperations:
    """Mixed into ``storage.store.Store``, whose ``__init__`` sets these attributes."""

    _ctx: Context
    audit: AuditLog

    async def backup(self, path: str | Path, *, actor: str = "cli") -> Path:
        """A consistent copy of the database (VACUUM INTO), owner-only; never a file copy.
        Audited with the copy's full path: a backup holds everyone's data, and erased or
        purged cases live on in it, so an auditor must be able to find each one."""
        target = await maintenance.backup(self._ctx.db, Path(path))
        await self.audit.record(actor, "backup_made", path=str(target.resolve()))
        return target

    async def rotate_key(self, new_key: str | bytes | Keyring, *, actor: str = "cli") -> None:
        """Re-encrypt and re-hash everything under ``new_key`` in one transaction."""
        keyring = keyring_from(new_key)
        await maintenance.rotate_key(self._ctx, keyring, actor)
        await maintenance.truncate_wal(self._ctx.db)

    def export_answers(
        self,
        *,
        include_text: bool = False,
        organisation: str | None = None,
        actor: str = "cli",
        destination: str | None = None,
    ) -> AsyncIterator[ExportRow]:
        """One row per answer (the export, and ``destination`` if given, is written to the
        audit log first)."""
        return export_rows(
            self._ctx, include_text=include_text, organisation=organisation, actor=actor,
            destination=destination,
        )  # fmt: skip

    async def record_audit(
        self, actor: str, action: str, case_id: int | None = None, **detail: object
    ) -> int:
        return await self.audit.record(actor, action, case_id, **detail)

    async def bulk_load(self, cases: Sequence[object]) -> int:
        """BENCHMARKS AND TESTS ONLY: see ``storage.bulk.bulk_load``."""
        from storage.bulk import bulk_load

        return await bulk_load(self._ctx, cases)  # type: ignore[arg-type]

    async def durability(self) -> dict[str, object]:
        """The connection's pragmas as SQLite reports them (journal_mode, synchronous, ...)."""
        result: dict[str, object] = {}
        async with self._ctx.db.exclusive() as conn:
            for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete"):
                row = await fetch_all(conn, f"PRAGMA {name}")
                result[name] = row[0][0]
        return result

    async def schema_version(self) -> list[str]:
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(conn, "SELECT name FROM schema_migrations ORDER BY name")
        return [row[0] for row in rows]
