"""``checkin chat``: the terminal channel driven with piped answers, one per line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.console import RECORDS_HEADING, parse_line
from dialogs.content import load_catalogue
from dialogs.types import Choose, Command, Option, Reply, Text

REPO = Path(__file__).resolve().parents[1]
# safe to talk, about, consent, standard, me, safety = 2 (third option), the first common
# outcome, Done (typed label), how will we know, then the thank-you.
START_ANSWERS = "1\n1\n1\n1\n1\n3\n1\ndone\nWhen I feel calm\n"


@pytest.fixture(autouse=True)
def _no_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each command with default settings: no config file, no CHECKIN_* variables."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("CHECKIN_"):
            monkeypatch.delenv(name)


def _chat(monkeypatch, capsys, answers: str, *args: str) -> tuple[int, str, list[dict]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    code = main(["chat", *args])
    out = capsys.readouterr().out
    records = json.loads(out.split(RECORDS_HEADING, 1)[1]) if RECORDS_HEADING in out else []
    return code, out, records


def _answers(records: list[dict]) -> list[tuple]:
    return [
        (r["measure"], r["value"], r["context"]["variant"], r["context"]["answered_by"])
        for r in records
        if r["type"] == "Answer"
    ]


def test_whole_start_survey_from_piped_answers(monkeypatch, capsys) -> None:
    """Piped answers complete the start survey; the records come out as JSON at the end."""
    code, out, records = _chat(monkeypatch, capsys, START_ANSWERS)
    assert 0 == code
    assert [("safety", "2", "standard", "self"),
            ("how_will_we_know", "text", "standard", "self")] == _answers(records)  # fmt: skip
    revised = [r for r in records if r["type"] == "OutcomesRevised"]
    assert ["common:safe_at_home"] == [o["source"] for o in revised[0]["outcomes"]]
    assert "SurveyCompleted" == records[-1]["type"]
    assert "  1. Yes, now is good" in out.splitlines()


def test_end_of_input_pauses(monkeypatch, capsys) -> None:
    """When input ends mid-survey, the survey is paused and the output says so."""
    code, out, records = _chat(monkeypatch, capsys, "1\n1\n")
    assert 0 == code
    assert "SurveyPaused" == records[-1]["type"]
    assert "(End of input: the survey was paused.)" in out


def test_variant_and_representative_options(monkeypatch, capsys) -> None:
    """--variant and --representative set how the survey asks and who answers."""
    answers = "1\n1\n1\n/howtoask screen_reader\n4\n"
    code, out, records = _chat(monkeypatch, capsys, answers, "--variant", "easy_read",
                               "--representative")  # fmt: skip
    assert 0 == code
    changed = [r for r in records if r["type"] == "PreferencesChanged"]
    assert [("screen_reader", "representative")] == [
        (r["variant"], r["answered_by"]) for r in changed]  # fmt: skip
    assert "  2. Me, with someone helping" not in out  # representative wording instead


def test_end_survey_with_named_outcomes(monkeypatch, capsys) -> None:
    """--timepoint end with --outcome asks whether each happened, in the person's words."""
    answers = "1\n1\n1\n1\n3\n"  # safe, about, consent, end intro, safety = 4, then yes
    code, out, records = _chat(monkeypatch, capsys, answers + "1\n", "--timepoint", "end",
                               "--outcome", "A quiet home")  # fmt: skip
    assert 0 == code
    assert "A quiet home" in out
    achieved = [r for r in records if r["type"] == "Answer" and r["measure"] == "outcome_achieved"]
    assert [("yes", "o1")] == [(r["value"], r["outcome_ref"]) for r in achieved]


def test_unknown_language_is_a_one_line_error(monkeypatch, capsys) -> None:
    """An unknown language stops with one line naming the languages there are."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert 1 == main(["chat", "--language", "zz"])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and "'zz'" in err[0] and "en" in err[0]


def test_start_without_token_runs_the_terminal_survey(monkeypatch, capsys) -> None:
    """``checkin start`` with no Telegram token runs the survey here; "not now" to the first
    question ends it with the neutral goodbye and nothing more."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\n"))
    assert 0 == main(["start"])
    out = capsys.readouterr().out
    assert "No Telegram token is set" in out
    goodbye = load_catalogue()["en"].messages.unsafe_goodbye.standard
    assert out.rstrip().endswith(goodbye.rstrip())


def test_parse_line() -> None:
    """Numbers pick the shown option, slash words are commands, anything else is text."""
    shown = Reply("Q", kind="question", options=(Option("yes", "Yes"), Option("no", "No")))
    assert Choose("no") == parse_line("2\n", shown)
    assert Text("3\n".rstrip()) == parse_line("3\n", shown)
    assert Command("variant", "easy_read") == parse_line("/howtoask easy_read", shown)
    assert Command("pause") == parse_line("/PAUSE", shown)
    assert None is parse_line("/dance", shown)
    assert None is parse_line("   \n", shown)


def test_python_m_bot_chat_with_a_pipe(tmp_path: Path) -> None:
    """The real command in a subprocess: piped stdin, exit 0, records on stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKIN_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--variant", "yes_no"],
        input="1\n1\n1\n1\n1\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert 0 == done.returncode, done.stderr
    records = json.loads(done.stdout.split(RECORDS_HEADING, 1)[1])
    assert ["ConsentGiven", "PreferencesChanged", "SurveyPaused"] == [r["type"] for r in records]


def test_hide_and_unknown_commands_in_the_terminal(monkeypatch, capsys) -> None:
    """/hide says the chat would be cleared and keeps the place; an unknown command lists
    the commands; /repeat shows the question again."""
    code, out, records = _chat(monkeypatch, capsys, "/hide\n/dance\n/repeat\n1\n")
    assert 0 == code
    assert "(Chat hidden. Type /repeat to see the question again.)" in out
    assert "Commands: /pause" in out
    assert ["HideRequested", "SurveyPaused"] == [r["type"] for r in records]
    assert 2 == out.count("Is now a good time to chat?")  # at the start and on /repeat
