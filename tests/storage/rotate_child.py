"""Child process for the rotation crash test: prints "rotating" and then re-encrypts the
database under NEW_KEY, printing "rotated" when the commit has returned.

Usage: python rotate_child.py DB_PATH OLD_KEY NEW_KEY
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from storage import open_store


async def rotate(db_path: Path, old_key: str, new_key: str) -> None:
    async with open_store(db_path, old_key) as store:
        print("rotating", flush=True)
        await store.rotate_key(new_key)
        print("rotated", flush=True)


if __name__ == "__main__":
    asyncio.run(rotate(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
