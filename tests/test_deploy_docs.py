"""The operator's guide (docs/running.md) and the examples in deploy/ cannot drift from the CLI.

Every ``checkin ...`` (or ``checkin-admin ...``) command line they quote is parsed with the
real parser (``bot.cli.build_parser``): in the guide, every line of a fenced code block and
every inline code span; in deploy/, every line, comments included. A renamed subcommand or a
removed option makes these tests fail.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.commands import purge
from bot.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "running.md"
DEPLOY = ROOT / "deploy"

# `checkin` or `checkin-admin`, bare or at the end of a path, then a lowercase word.
_COMMAND = re.compile(
    r"(?:(?<=^)|(?<=[\s`'\"(=]))(?P<prog>(?:[\w.~/-]*/)?checkin(?:-admin)?)[ \t]+(?=[a-z])"
)
_CLOSERS = {"'": "'", '"': '"', "(": ")", "`": "`"}
_SHELL_SEPARATORS = re.compile(r"&&|\|\||;|\|")
_SUBSTITUTION = re.compile(r"\$\([^()]*\)")
_FENCE = re.compile(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Quoted:
    """One command line found in a file: where, and the words after the program name."""

    source: str
    argv: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.source}: checkin {' '.join(self.argv)}"


def _words(rest: str) -> list[str]:
    """The arguments of one command: shell words up to a redirection or the line's end.

    ``$(...)`` becomes one placeholder word (a dated file name stays one argument); cron's
    ``\\%`` is read as ``%`` by the shell's own escaping rules."""
    lexer = shlex.shlex(_SUBSTITUTION.sub("SUBSTITUTED", rest), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words: list[str] = []
    for word in lexer:
        if word and all(char in "();<>|&" for char in word):
            if word[0] in "<>" and words and words[-1].isdigit():
                words.pop()  # the "2" of "2>&1"
            break
        words.append(word)
    return words


def commands_in_text(text: str, source: str) -> list[Quoted]:
    """Every checkin command line in ``text`` (one line, or a code span joined onto one)."""
    found: list[Quoted] = []
    for piece in _SHELL_SEPARATORS.split(text):
        for match in _COMMAND.finditer(piece):
            before = piece[: match.start()].split()
            if before and before[-1].startswith("-"):
                continue  # the value of an option, as in "install -o checkin -g checkin DIR"
            rest = piece[match.end() :]
            opener = piece[match.start() - 1] if match.start() > 0 else ""
            if opener in _CLOSERS:  # a command in quotes or brackets ends where they close
                rest = rest.split(_CLOSERS[opener], 1)[0]
            found.append(Quoted(source, tuple(_words(rest))))
    return found


def guide_commands(text: str, source: str) -> list[Quoted]:
    """Commands in a Markdown file's fenced code blocks (line by line) and inline code."""
    found: list[Quoted] = []
    for block in _FENCE.findall(text):
        for line in block.splitlines():
            found += commands_in_text(line, source)
    for span in _INLINE.findall(_FENCE.sub("", text)):
        found += commands_in_text(" ".join(span.split()), source)
    return found


def deploy_commands(path: Path) -> list[Quoted]:
    """Commands on every line of a deploy/ file, comments included."""
    source = f"deploy/{path.name}"
    found: list[Quoted] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        found += commands_in_text(line.lstrip("# "), source)
    return found


def all_quoted() -> list[Quoted]:
    found = guide_commands(GUIDE.read_text(encoding="utf-8"), "docs/running.md")
    for path in sorted(DEPLOY.iterdir()):
        if path.is_file():
            found += deploy_commands(path)
    return found


def problem_with(parser: argparse.ArgumentParser, quoted: Quoted) -> str | None:
    """Why the parser refuses ``quoted`` (its own error message), or None if it parses."""
    errors, shown = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(shown):
            args = parser.parse_args(list(quoted.argv))
    except SystemExit as exit_:
        if exit_.code == 0 and {"-h", "--help"} & set(quoted.argv):
            return None
        return errors.getvalue().strip().splitlines()[-1]
    if getattr(args, "handler", None) is None:
        return "not a whole command (no action chosen)"
    return None


def problems(quoted: list[Quoted], parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    """(the command as quoted, why the parser refuses it) for each one it refuses."""
    return [(str(q), why) for q in quoted if (why := problem_with(parser, q)) is not None]


def test_every_quoted_command_parses() -> None:
    """Each checkin command line in the guide and in deploy/ parses with the real parser."""
    assert [] == problems(all_quoted(), build_parser())


def test_the_guide_and_each_example_quote_their_commands() -> None:
    """The extraction finds the commands each file is about, so a change in how they are
    written cannot make the parse test pass by finding nothing."""
    found: dict[str, set[str]] = {}
    for quoted in all_quoted():
        words = [w for w in quoted.argv if not w.startswith("-")][:2]
        found.setdefault(quoted.source, set()).update({words[0], " ".join(words)})
    expected = {
        "docs/running.md": {
            "run", "keys new", "keys rotate", "staff add", "staff list", "staff remove",
            "db migrate", "db check", "backup", "purge", "erase", "case new", "dialogs check",
        },
        "deploy/checkin.service": {"run"},
        "deploy/crontab.example": {"backup", "purge", "report"},
        "deploy/checkin.env.example": {"keys new"},
        "deploy/checkin-admin": {"staff list"},
    }  # fmt: skip
    missing = {src: sorted(want - found.get(src, set())) for src, want in expected.items()}
    assert {src: [] for src in expected} == missing


def test_a_removed_option_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """If ``checkin purge`` lost --older-than, exactly the lines that use it would fail."""

    def register_without_older_than(subparsers, common) -> None:  # noqa: ANN001
        parser = subparsers.add_parser("purge", parents=[common])
        parser.set_defaults(handler=purge.purge_command)

    monkeypatch.setattr(purge, "register", register_without_older_than)
    quoted = all_quoted()
    using_it = [str(q) for q in quoted if "--older-than" in q.argv]
    assert using_it, "the guide should show --older-than"
    refused = problems(quoted, build_parser())
    assert using_it == [command for command, _ in refused]
    assert all("unrecognized arguments: --older-than" in why for _, why in refused)


@pytest.mark.parametrize(
    ("line", "argv"),
    [
        (
            "15 2 * * *  root  checkin-admin backup /b/checkin-$(date +\\%F).db >/dev/null",
            [("backup", "/b/checkin-SUBSTITUTED.db")],
        ),
        ("ExecStart=/opt/msp-checkin/.venv/bin/checkin run", [("run",)]),
        ("after 'checkin keys rotate' use the new key.", [("keys", "rotate")]),
        (
            "cd /x && sudo checkin-admin purge --older-than 30 2>&1",
            [("purge", "--older-than", "30")],
        ),
        ("journalctl -u checkin.service; the checkin-admin; msp-checkin run", []),
        ("install -d -m 0700 -o checkin -g checkin restore before-restore", []),
    ],
)
def test_command_lines_are_read_as_the_shell_would(line: str, argv: list[tuple[str, ...]]) -> None:
    """Dated file names, quoted commands, separators and redirections are read correctly;
    unit names, bare program names and other words ending in checkin are not commands."""
    assert argv == [q.argv for q in commands_in_text(line, "t")]


def test_a_misspelt_subcommand_is_caught() -> None:
    """A command the CLI does not have is reported with the parser's own message."""
    found = problems(commands_in_text("sudo checkin-admin bakup /tmp/x.db", "t"), build_parser())
    assert ["t: checkin bakup /tmp/x.db"] == [command for command, _ in found]
    assert "invalid choice: 'bakup'" in found[0][1]


def test_the_guides_settings_load(tmp_path: Path) -> None:
    """Each TOML block in the guide is a valid settings file, with an absolute database path."""
    blocks = re.findall(r"^```toml\n(.*?)^```", GUIDE.read_text("utf-8"), re.M | re.S)
    assert blocks, "the guide should show its config.toml"
    for number, block in enumerate(blocks):
        path = tmp_path / f"config{number}.toml"
        path.write_text(block, encoding="utf-8")
        settings = load_settings(path, environ={})
        assert Path("/var/lib/msp-checkin/checkin.db") == settings.database_path
