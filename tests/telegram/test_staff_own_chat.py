"""A staff member (not also a participant) who sends their own chat something that is not
one of their commands, a plain 'hello', /start or a person's command, is told their role and
the commands it may use: a board member only /summary. Before, plain text got no reply at
all, and everyone got the full list, /newcase included, even the board."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.staff_menu_commands import staff_help
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import BOARD_USER, HUB_USER, say, texts_to


@pytest.mark.parametrize("sent", ["hello", "/start", "/pause"])
async def test_staff_are_told_their_own_commands(
    app: Application, fake_bot_api: FakeBotApi, sent: str
) -> None:
    """The hub and the board each get one reply naming their role and their commands."""
    await say(app, HUB_USER, sent)
    await say(app, BOARD_USER, sent)
    assert [staff_help("hub")] == texts_to(fake_bot_api, HUB_USER)
    assert [staff_help("board")] == texts_to(fake_bot_api, BOARD_USER)


def test_a_board_member_is_shown_only_what_they_may_use() -> None:
    """The board's list is /summary alone; the hub's has every case command, with the
    reference they take, and /cancel."""
    assert "You are set up as board staff" in staff_help("board")
    assert "commands: /summary." in staff_help("board")
    assert "/newcase" not in staff_help("board")
    hub = staff_help("hub")
    for shown in ("/newcase", "/cases", "/case REFERENCE", "/close REFERENCE", "/cancel"):
        assert shown in hub
