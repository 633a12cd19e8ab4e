"""Hypothesis strategies for every kind of update the bot may receive, from anyone.

An update is drawn as plain Bot API JSON, except for values that only make sense once the
bot is running (a genuine button of some chat's latest keyboard, a payload signed for
another chat, a fresh invite): those are ``Late`` placeholders that ``tests.hostile.fuzzing``
resolves just before the update is fed. Update ids and callback query ids are filled in
then too, so each is unique.

Who sends: the person and a second person with cases (``PERSON``, ``OTHER_PERSON``), the
staff from ``tests.telegram.staff_setup``, strangers (any id), groups, supergroups,
channels and the hub alert chat. What: text of any length and script, commands with odd
arguments, media of every kind, edited and forwarded messages, members joining, the bot
being blocked, callback queries with random, huge, forged or other chats' data, and updates
with no message at all. ``staff_steps`` are staff working through /newcase and /close:
commands, taps and double taps on their own latest buttons, and typing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.telegram.fake_bot_api import BOT_ID, BOT_USERNAME
from tests.telegram.staff_setup import (
    BOARD_USER,
    HUB_CHAT,
    HUB_USER,
    OTHER_PRACTITIONER,
    PRACTITIONER,
)

PERSON = 64500001
OTHER_PERSON = 64500002
STAFF = (HUB_USER, PRACTITIONER, OTHER_PRACTITIONER, BOARD_USER)
PEOPLE = (PERSON, OTHER_PERSON)
KNOWN = frozenset({*STAFF, *PEOPLE})
PERSON_COMMANDS = ("start", "help", "pause", "resume", "back", "skip", "repeat", "hide",
                   "stop", "howtoask", "language")  # fmt: skip
STAFF_COMMANDS = ("newcase", "cases", "case", "checkin", "close", "summary", "cancel")
ODD_COMMANDS = ("settings", "admin", "START", "Help", "x" * 32, "a1_b2")
DATE = 1_780_000_000
FRESH_INVITE = "fresh_invite"  # Late kind: a new case's person invite, made when fed
USED_INVITE = "used_invite"  # Late kind: the invite PERSON already used
LATEST_BUTTON = "latest_button"  # Late kind: a button from a chat's latest keyboard
SIGNED = "signed"  # Late kind: a payload signed for some chat, step, question and key
NEW_STRANGER = "new_stranger"  # Late kind: an id that has never written to the bot
LATEST_LINK = "latest_link"  # Late kind: the invite in the latest link sent to a chat


@dataclass(frozen=True)
class Late:
    """A value decided when the update is fed (it needs the running bot)."""

    kind: str
    args: tuple[Any, ...] = ()


# ---------------------------------------------------------------- building blocks
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300)
long_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=3000, max_size=4096)
any_text = st.one_of(unicode_text, unicode_text, unicode_text, long_text,
                     st.sampled_from(["1", "2", " 3 ", "yes", "no", "stop", "help", "hide",
                                      "I'm in danger now", "👍", "\u200b", "٣", "🔟"]))  # fmt: skip
# Telegram ids are long; short ones could also turn up in a log record's timestamp digits,
# which the log check (any chat id used, anywhere in a record) would take for a leak.
stranger_ids = st.integers(10**9, 2**52).filter(lambda i: i not in KNOWN)
group_ids = st.integers(-(2**52), -(10**9)).filter(lambda i: i != HUB_CHAT)
private_senders = st.one_of(st.sampled_from([*PEOPLE, *STAFF]), stranger_ids)


def user(user_id: int | Late) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Someone"}


def chat_json(chat_id: int | Late, kind: str) -> dict[str, Any]:
    if kind == "private":
        return {"id": chat_id, "type": "private", "first_name": "Someone"}
    if kind == "channel":
        return {"id": chat_id, "type": "channel", "title": "A channel"}
    return {"id": chat_id, "type": kind, "title": "A group"}


@st.composite
def places(draw: st.DrawFn, strangers_only: bool = False) -> tuple[dict, dict | None]:
    """(chat, sender): a private chat with its user, or a group, supergroup or channel."""
    kind = draw(st.sampled_from(["private", "private", "private", "group", "supergroup",
                                 "channel", "hub"]))  # fmt: skip
    senders = stranger_ids if strangers_only else private_senders
    if kind == "private":
        sender = draw(senders)
        return chat_json(sender, "private"), user(sender)
    if kind == "hub":
        return chat_json(HUB_CHAT, "group"), user(draw(senders))
    chat = chat_json(draw(group_ids), kind)
    return chat, None if kind == "channel" else user(draw(senders))


def command_entity(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds (lengths in UTF-16 code units)."""
    first = text.split()[0] if text.split() else text
    return [{"type": "bot_command", "offset": 0, "length": len(first.encode("utf-16-le")) // 2}]


odd_arguments = st.one_of(
    st.just(""),
    unicode_text.map(lambda t: " " + t),
    long_text.map(lambda t: " " + t),
    st.sampled_from(
        [
            " ' OR 1=1 --",
            " REF-1; DROP TABLE cases;",
            " %s%s%n",
            " ../../etc/passwd",
            " REF-1 Police",
            " \u202eREF-1",
            " " + "A" * 5000,
            " <b>x</b>",
            " {}",
            " 9434765919",
            " REF-1\x00",
            " *",
            " %",
            " _",
        ]
    ),  # fmt: skip
)


@st.composite
def command_texts(draw: st.DrawFn) -> dict[str, Any]:
    """A command with odd arguments, sometimes addressed @ this bot or another."""
    name = draw(st.sampled_from([*PERSON_COMMANDS, *STAFF_COMMANDS, *ODD_COMMANDS]))
    suffix = draw(st.sampled_from(["", "", "", f"@{BOT_USERNAME}", "@OtherBot"]))
    head = f"/{name}{suffix}"
    text = head + draw(odd_arguments)
    return {"text": text[:4096], "entities": command_entity(head)}


@st.composite
def start_with_invites(draw: st.DrawFn) -> dict[str, Any]:
    """/start with an invite already used, garbage, or a link's whole text."""
    arg = draw(st.one_of(st.just(Late(USED_INVITE)),
                         st.text(st.sampled_from("abcXYZ019-_"), min_size=1, max_size=80),
                         unicode_text))  # fmt: skip
    return {"text": ("/start", arg), "entities": command_entity("/start")}


def _file(prefix: str) -> dict[str, Any]:
    return {"file_id": f"{prefix}-file", "file_unique_id": f"{prefix}-unique"}


MEDIA: list[dict[str, Any]] = [
    {"sticker": {**_file("st"), "width": 512, "height": 512, "is_animated": False,
                 "is_video": False, "type": "regular", "emoji": "🙂"}},
    {"photo": [{**_file("ph"), "width": 90, "height": 90}], "caption": "a photo"},
    {"document": {**_file("doc"), "file_name": "notes.pdf", "mime_type": "application/pdf"}},
    {"location": {"latitude": 51.5, "longitude": -0.12}},
    {"venue": {"location": {"latitude": 51.5, "longitude": -0.12}, "title": "A place",
               "address": "1 Road"}},
    {"contact": {"phone_number": "+440000000000", "first_name": "Someone"}},
    {"voice": {**_file("vo"), "duration": 2}},
    {"video_note": {**_file("vn"), "length": 240, "duration": 3}},
    {"animation": {**_file("an"), "width": 1, "height": 1, "duration": 1}},
    {"dice": {"emoji": "🎲", "value": 3}},
    {"new_chat_members": [{"id": BOT_ID, "is_bot": True, "first_name": "Check-in"}]},
    {"left_chat_member": {"id": 11, "is_bot": False, "first_name": "Gone"}},
    {"new_chat_title": "Renamed"},
]  # fmt: skip

message_contents = st.one_of(
    any_text.map(lambda text: {"text": text}),
    command_texts(),
    start_with_invites(),
    st.sampled_from(MEDIA),
)


@st.composite
def messages(draw: st.DrawFn, strangers_only: bool = False) -> dict[str, Any]:
    """A message, edited message or channel post of any content, maybe forwarded."""
    chat, sender = draw(places(strangers_only))
    body: dict[str, Any] = {"message_id": draw(st.integers(1, 2**31 - 1)), "date": DATE,
                            "chat": chat, **draw(message_contents)}  # fmt: skip
    if sender is not None:
        body["from"] = sender
    if draw(st.booleans()) and sender is not None:
        body["forward_origin"] = {"type": "user", "date": DATE, "sender_user": user(42424242)}
    edited = draw(st.booleans())
    if edited:
        body["edit_date"] = DATE + 5
    if chat["type"] == "channel":
        return {"edited_channel_post" if edited else "channel_post": body}
    return {"edited_message" if edited else "message": body}


@st.composite
def callback_data(draw: st.DrawFn, sender_chat: int) -> Any:
    """Random, huge, forged, another chat's, or a genuine button's data."""
    signed_for = draw(st.sampled_from([sender_chat, sender_chat, *PEOPLE, HUB_CHAT, 1]))
    return draw(st.one_of(
        unicode_text,
        st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                min_size=1, max_size=64),
        st.text(min_size=65, max_size=3000, alphabet="Ab0-_"),
        st.just(Late(LATEST_BUTTON, (sender_chat, draw(st.integers(0, 30))))),
        st.just(Late(LATEST_BUTTON, (draw(st.sampled_from([*PEOPLE, *STAFF])),
                                     draw(st.integers(0, 30))))),
        st.tuples(st.integers(0, 2**21), st.sampled_from(["staff", "alert", "safety", "x"]),
                  st.one_of(unicode_text, st.sampled_from(["ack:1", "ack:999", "done", "team:0",
                                                           "3", "yes", "hide", "stop"])))
        .map(lambda parts: Late(SIGNED, (signed_for, *parts))),
    ))  # fmt: skip


@st.composite
def callback_queries(draw: st.DrawFn, strangers_only: bool = False) -> dict[str, Any]:
    """A button tap: on a message in some chat, on an inline message, or with no data."""
    chat, sender = draw(places(strangers_only))
    sender = sender or user(draw(stranger_ids))
    query: dict[str, Any] = {"from": sender, "chat_instance": "ci"}
    where = draw(st.sampled_from(["message", "message", "message", "inaccessible", "inline"]))
    if where == "inline":
        query["inline_message_id"] = "inline-1"
    elif where == "inaccessible":
        query["message"] = {"chat": chat, "message_id": 5, "date": 0}
    else:
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Check-in"}
        query["message"] = {"message_id": draw(st.integers(1, 2**31 - 1)), "date": DATE,
                            "chat": chat, "from": bot, "text": "?"}  # fmt: skip
    what = draw(st.sampled_from(["data", "data", "data", "data", "game", "nothing"]))
    if what == "data":
        query["data"] = draw(callback_data(chat["id"]))
    elif what == "game":
        query["game_short_name"] = "a_game"
    return {"callback_query": query}


@st.composite
def other_updates(draw: st.DrawFn, strangers_only: bool = False) -> dict[str, Any]:
    """The bot blocked or added somewhere, a join request, an inline query, or nothing."""
    chat, sender = draw(places(strangers_only))
    sender = sender or user(draw(stranger_ids))
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Check-in"}
    member = {"chat": chat, "from": sender, "date": DATE,
              "old_chat_member": {"status": "member", "user": bot},
              "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0}}  # fmt: skip
    return draw(st.sampled_from([
        {"my_chat_member": member},
        {"chat_member": member},
        {"chat_join_request": {"chat": chat, "from": sender, "user_chat_id": sender["id"],
                               "date": DATE}},
        {"inline_query": {"id": "iq", "from": sender, "query": "x", "offset": ""}},
        {},
    ]))  # fmt: skip


def updates(strangers_only: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Any one update (without its ids), weighted towards messages and button taps."""
    return st.one_of(
        messages(strangers_only),
        messages(strangers_only),
        callback_queries(strangers_only),
        callback_queries(strangers_only),
        other_updates(strangers_only),
    )


@st.composite
def fresh_invite_twice(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Someone new opens a new case's invite, then anyone uses the same link again."""
    slot = draw(st.integers(0, 3))
    first = Late(NEW_STRANGER, (slot,))
    second = draw(st.sampled_from([*PEOPLE, *STAFF]) | stranger_ids | st.just(first))
    return [
        {"message": {"message_id": 1, "date": DATE, "chat": chat_json(who, "private"),
                     "from": user(who), "text": ("/start", Late(FRESH_INVITE, (slot,))),
                     "entities": command_entity("/start")}}
        for who in (first, second)
    ]  # fmt: skip


# ---------------------------------------------------------------- staff exchanges
def _typed(sender: int, text: str) -> dict[str, Any]:
    body: dict[str, Any] = {"message_id": 1, "date": DATE, "chat": chat_json(sender, "private"),
                            "from": user(sender), "text": text}  # fmt: skip
    if text.startswith("/"):
        body["entities"] = command_entity(text)
    return {"message": body}


def _own_button(sender: int, index: int) -> dict[str, Any]:
    query = {"from": user(sender), "chat_instance": "ci",
             "data": Late(LATEST_BUTTON, (sender, index)),
             "message": {"message_id": 1, "date": DATE, "chat": chat_json(sender, "private"),
                         "text": "?"}}  # fmt: skip
    return {"callback_query": query}


staff_typing = st.one_of(
    st.from_regex(r"\A[A-Z]{1,4}[-/_]?[0-9]{1,6}\Z"),
    st.sampled_from(["Jo Smith", "Mrs Patel", "943 476 5919", "ASC 2041", ".", "", "North",
                     "Police", "Housing", "a" * 81, "REF-1", "REF-2", "smith, john 4"]),
    unicode_text,
    long_text,
)  # fmt: skip


@st.composite
def staff_steps(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One thing a staff member does: a command, a tap (maybe twice) on their own latest
    buttons, or typing anything."""
    sender = draw(st.sampled_from(STAFF))
    kind = draw(st.sampled_from(["command", "tap", "tap", "double", "type", "type", "attempt"]))
    if kind == "attempt":  # the usual path, so that exchanges get to their last steps
        # -1: the last button, which is Done where there is one
        taps = [_own_button(sender, draw(st.just(-1) | st.integers(0, 12))) for _ in range(5)]
        return [_typed(sender, "/newcase"), *taps[:2], _typed(sender, draw(staff_typing)),
                *taps[2:]]  # fmt: skip
    if kind == "command":
        command = draw(st.sampled_from(["/newcase", "/newcase", "/close REF-1", "/close REF-2",
                                        "/cancel", "/checkin REF-1", "/case REF-1"]))  # fmt: skip
        return [_typed(sender, command)]
    if kind in ("tap", "double"):
        tapped = _own_button(sender, draw(st.integers(0, 12)))
        return [tapped, tapped] if kind == "double" else [tapped]
    return [_typed(sender, draw(staff_typing))]


@st.composite
def follow_latest_link(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A person opens the latest check-in or end link sent to them (after staff /checkin or
    /close), so that the fuzz reaches those surveys too."""
    person = draw(st.sampled_from(PEOPLE))
    body = {"message_id": 1, "date": DATE, "chat": chat_json(person, "private"),
            "from": user(person), "text": ("/start", Late(LATEST_LINK, (person,))),
            "entities": command_entity("/start")}  # fmt: skip
    return [{"message": body}]


@st.composite
def person_steps(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A person with a case going on through their survey: a few taps on their own latest
    buttons (also twice), or typing anything, so that the fuzz gets deep into surveys."""
    person = draw(st.sampled_from(PEOPLE))
    if draw(st.booleans()):
        return [_typed(person, draw(any_text))]
    indexes = draw(st.lists(st.integers(0, 8), min_size=1, max_size=4))
    return [_own_button(person, index) for index in indexes]


def staff_batches(max_size: int = 20) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Staff working through /newcase and /close with taps, double taps and typing."""
    return st.lists(staff_steps(), min_size=1, max_size=max_size).map(
        lambda groups: [u for group in groups for u in group]
    )


def batches(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[list[dict[str, Any]]]:
    """A run of updates from anyone, including an invite used twice and staff steps."""
    single = updates().map(lambda u: [u])
    item = st.one_of(single, single, single, single, fresh_invite_twice(), staff_steps(),
                     person_steps(), person_steps(), follow_latest_link())  # fmt: skip
    return st.lists(item, min_size=min_size, max_size=max_size).map(
        lambda groups: [u for group in groups for u in group]
    )


def stranger_batches(max_size: int = 12) -> st.SearchStrategy[list[dict[str, Any]]]:
    """A run of updates from people with no case and no staff role (and groups, channels)."""
    return st.lists(updates(strangers_only=True), min_size=1, max_size=max_size)
