"""The ``checkin`` dispatcher: help, one-line errors, ``python -m bot``."""

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser, main


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    """``checkin`` alone shows the commands and exits 2 (usage)."""
    assert 2 == main([])
    assert "COMMAND" in capsys.readouterr().out


def test_every_command_takes_config_and_db() -> None:
    """Every registered subcommand accepts --config and --db (the common options)."""
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert subparsers.choices, "no commands registered"
    for name, sub in subparsers.choices.items():
        options = {opt for action in sub._actions for opt in action.option_strings}
        assert {"--config", "--db"} <= options, name


def test_config_error_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad settings file gives one line on stderr naming the setting, and exit 1."""
    config = tmp_path / "c.toml"
    config.write_text('[survey]\ndefault_variant = "fancy"\n', encoding="utf-8")
    monkeypatch.delenv("CHECKIN_CONFIG", raising=False)
    assert 1 == main(["start", "--config", str(config)])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err)
    assert "survey.default_variant" in err[0]


def test_python_dash_m_bot_is_checkin() -> None:
    """``python -m bot --help`` runs the same dispatcher."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=False
    )
    assert 0 == result.returncode
    assert "usage: checkin" in result.stdout
