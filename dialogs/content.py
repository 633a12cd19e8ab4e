"""Load the content files: one folder of TOML files per language, merged and validated.

``load_language(folder)`` reads every ``*.toml`` in the folder, merges them (each file adds
top-level tables; a question or table defined in two files is an error), validates the
result with the pydantic schema (``dialogs/schema.py``, extra fields forbidden) and then runs
the cross-checks in ``dialogs/content_checks.py`` (survey steps exist, the agreed roles,
kinds, measures and option values, yes/no trees, placeholders). Every problem found is
reported as ``file: question: problem``; all of them are raised together in one
``ContentProblems`` (a ``ContentError``).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dialogs.errors import ContentError
from dialogs.schema import LanguageContent

CONTENT_ROOT = Path(__file__).with_name("content")

# Tables whose entries are keyed by id and may be spread over several files.
_KEYED_TABLES = ("questions",)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, named so a content editor can find and fix it."""

    file: str
    question: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.question}: {self.problem}"


class ContentProblems(ContentError):
    """Content did not load; ``problems`` lists every problem found (one per line)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Sources:
    """Which file each table (and each question) came from, for error messages."""

    folder: str
    tables: dict[str, str] = field(default_factory=dict)
    items: dict[tuple[str, str], str] = field(default_factory=dict)

    def file_of(self, table: str, key: str | None = None) -> str:
        """The file that defined ``table`` (or the entry ``key`` in it); the folder if none."""
        if key is not None and (table, key) in self.items:
            return self.items[(table, key)]
        return self.tables.get(table, f"{self.folder}/")


def read_folder(folder: Path) -> tuple[dict[str, Any], Sources]:
    """Read and merge the TOML files of one language folder, remembering where each part is."""
    sources = Sources(folder=folder.name)
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ContentProblems([Problem(f"{folder.name}/", "-", "no .toml content files here")])
    merged: dict[str, Any] = {}
    problems: list[Problem] = []
    for path in files:
        name = f"{folder.name}/{path.name}"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, "-", f"not valid TOML: {exc}"))
            continue
        problems.extend(_merge_file(merged, data, name, sources))
    if problems:
        raise ContentProblems(problems)
    return merged, sources


def _merge_file(merged: dict[str, Any], data: dict[str, Any], name: str, sources: Sources):
    """Add one file's tables to ``merged``; return the clashes with earlier files."""
    problems: list[Problem] = []
    for table, value in data.items():
        if table in _KEYED_TABLES and isinstance(value, dict):
            target = merged.setdefault(table, {})
            sources.tables.setdefault(table, name)
            for key, entry in value.items():
                if key in target:
                    first = sources.file_of(table, key)
                    problems.append(Problem(name, key, f"{table}.{key} is also defined in {first}"))
                    continue
                target[key] = entry
                sources.items[(table, key)] = name
        elif table in merged:
            first = sources.file_of(table)
            problems.append(Problem(name, table, f"[{table}] is also defined in {first}"))
        else:
            merged[table] = value
            sources.tables[table] = name
    return problems


def _where(loc: tuple[Any, ...], data: dict[str, Any], sources: Sources) -> tuple[str, str, str]:
    """Turn a pydantic error location into (file, question-or-section, field path)."""
    table = str(loc[0]) if loc else "-"
    rest = [str(part) for part in loc[1:]]
    if table in _KEYED_TABLES and rest:
        return sources.file_of(table, rest[0]), rest[0], ".".join(rest[1:]) or table
    if rest and isinstance(loc[1], int):
        entries = data.get(table)
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else {}
        ident = entry.get("id") if isinstance(entry, dict) else None
        label = f"{table}[{ident or loc[1]}]"
        return sources.file_of(table), label, ".".join(rest[1:]) or table
    if len(rest) == 1:
        return sources.file_of(table), table, rest[0]
    if rest:
        return sources.file_of(table), f"{table}.{rest[0]}", ".".join(rest[1:])
    return sources.file_of(table), table, table


def _validate(data: dict[str, Any], sources: Sources) -> LanguageContent:
    try:
        return LanguageContent.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            file, question, path = _where(tuple(error["loc"]), data, sources)
            message = error["msg"]
            if error["type"] == "missing" and question == path:
                message = f"[{path}] is missing"
                problems.append(Problem(file, question, message))
                continue
            if error["type"] == "extra_forbidden":
                message = "unknown field (check the spelling)"
            problems.append(Problem(file, question, f"{path}: {message}"))
        raise ContentProblems(problems) from None


def load_language_with_sources(folder: Path) -> tuple[LanguageContent, Sources]:
    """Load one language and say which file each part came from (the lint needs both)."""
    from dialogs.content_checks import check_content

    data, sources = read_folder(Path(folder))
    content = _validate(data, sources)
    problems = check_content(content, sources)
    if problems:
        raise ContentProblems(problems)
    return content, sources


def load_language(folder: Path) -> LanguageContent:
    """Load, merge and validate one language folder; raises ``ContentError`` when invalid."""
    return load_language_with_sources(folder)[0]


def language_folders(root: Path) -> list[Path]:
    """The language folders under a content root (folders holding TOML files)."""
    root = Path(root)
    if not root.is_dir():
        raise ContentProblems([Problem(str(root), "-", "content folder not found")])
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.toml")))


def load_catalogue(root: Path | None = None) -> dict[str, LanguageContent]:
    """Every language under ``root`` (default: the shipped content), keyed by meta.language."""
    if root is None:
        return dict(_default_catalogue())
    return _load_catalogue(Path(root))


@functools.lru_cache(maxsize=1)
def _default_catalogue() -> dict[str, LanguageContent]:
    # The shipped content never changes while the bot runs, so it is read once.
    return _load_catalogue(CONTENT_ROOT)


def _load_catalogue(root: Path) -> dict[str, LanguageContent]:
    catalogue: dict[str, LanguageContent] = {}
    for folder in language_folders(root):
        content, sources = load_language_with_sources(folder)
        tag = content.meta.language
        if tag in catalogue:
            problem = Problem(sources.file_of("meta"), "meta", f"language {tag!r} is defined twice")
            raise ContentProblems([problem])
        catalogue[tag] = content
    if not catalogue:
        raise ContentProblems([Problem(str(root), "-", "no language folders found")])
    return catalogue
