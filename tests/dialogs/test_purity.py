"""The dialog package stays pure: no I/O, network, database, Telegram or clock imports.

Every ``dialogs/**/*.py`` is parsed with ``ast``. The content loader (``dialogs/content.py``)
and the content lint (``dialogs/lint.py``, which walks the content folders) may read files
with ``pathlib``/``tomllib``; nothing in the package writes files or imports Telegram,
databases, network code or the clock.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dialogs

PACKAGE = Path(dialogs.__file__).parent
# Modules that reach outside the process (or the clock): never in the pure engine.
NEVER = {
    "telegram", "aiosqlite", "sqlite3", "httpx", "requests", "aiohttp", "urllib", "http",
    "socket", "ssl", "asyncio", "subprocess", "storage", "bot",
}  # fmt: skip
IO = {"os", "pathlib", "io", "shutil", "tempfile", "time", "datetime", "random", "tomllib"}
LOADERS = {"content.py", "lint.py"}  # read the content files; nothing else may
# Calls that change files: never anywhere in the package.
WRITES = {"write_text", "write_bytes", "mkdir", "unlink", "rmdir", "rename", "touch", "open"}


def imported_roots(source: str) -> set[str]:
    """Top-level module names a piece of source imports (including ``from x import y``)."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if name == "__import__" or name in WRITES:
                roots.add(name)
    return roots


def forbidden(path: Path) -> set[str]:
    roots = imported_roots(path.read_text(encoding="utf-8"))
    banned = NEVER | WRITES | {"__import__", "importlib"}
    if path.name not in LOADERS or path.parent != PACKAGE:
        banned = banned | IO
    return roots & banned


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_dialog_module_imports_nothing_impure(path: Path) -> None:
    """No dialogs module imports network, database, Telegram or clock code, or writes files;
    only the loader and the lint read them."""
    assert set() == forbidden(path)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import telegram", {"telegram"}),
        ("from aiosqlite import connect", {"aiosqlite"}),
        ("import os.path", {"os"}),
        ("from datetime import datetime", {"datetime"}),
        ("x = __import__('socket')", {"__import__"}),
        ("open('notes.txt', 'w')", {"open"}),
        ("folder.write_text('x')", {"write_text"}),
        ("from dialogs.types import Text", set()),
    ],
)
def test_the_check_catches_each_kind_of_import(tmp_path: Path, source: str, found: set) -> None:
    """The checker finds plain, dotted, from- and dynamic imports, and passes pure ones."""
    module = tmp_path / "sample.py"
    module.write_text(source, encoding="utf-8")
    assert found == forbidden(module)
