"""A turn being built: the state so far, the replies to show and the records to keep.

Step handlers take a ``Draft`` and change it; the engine turns it into a ``Turn`` at the
end. ``sub`` (progress inside a step) and ``extra`` are stored on the state as sorted
pairs of JSON-safe values; here they are read and written as plain dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dialogs.matching import spelled_number
from dialogs.schema import LanguageContent, Question, Wording
from dialogs.types import AnswerContext, Record, Reply, ReplyKind, SessionState, Turn
from dialogs.wording import fill, pick


def pairs(values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Sorted (key, value) pairs, leaving out keys whose value is None."""
    return tuple(sorted((k, v) for k, v in values.items() if v is not None))


@dataclass
class Draft:
    catalogue: Mapping[str, LanguageContent]
    state: SessionState
    replies: list[Reply] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)

    @property
    def content(self) -> LanguageContent:
        """The current language's content (the first language if it has gone missing)."""
        found = self.catalogue.get(self.state.language)
        return found if found is not None else next(iter(self.catalogue.values()))

    @property
    def question(self) -> Question:
        return self.content.questions[self.state.step]

    @property
    def sub(self) -> dict[str, Any]:
        return dict(self.state.sub)

    def set_sub(self, **changes: Any) -> None:
        """Change progress inside the step; a value of None removes the key."""
        self.update(sub=pairs({**self.sub, **changes}))

    def extra(self, key: str, default: Any = None) -> Any:
        return dict(self.state.extra).get(key, default)

    def set_extra(self, key: str, value: Any) -> None:
        self.update(extra=pairs({**dict(self.state.extra), key: value}))

    def update(self, **changes: Any) -> None:
        self.state = replace(self.state, **changes)

    def words(self, wording: Wording, **values: str) -> str:
        """``wording`` for the current variant and answerer, placeholders filled."""
        return fill(pick(wording, self.state.variant, self.state.answered_by), **values)

    def typed(self, text: str) -> str:
        """Typed words as matched against buttons: a number in words becomes its digits."""
        return spelled_number(text, self.content.meta.number_words)

    def say(self, wording: Wording, kind: ReplyKind = "message", **values: str) -> None:
        """Add a plain message (no buttons)."""
        self.replies.append(Reply(text=self.words(wording, **values), kind=kind))

    def record(self, record: Record) -> None:
        self.records.append(record)

    @property
    def context(self) -> AnswerContext:
        s = self.state
        return AnswerContext(s.timepoint, s.variant, s.language, s.answered_by)

    def turn(self) -> Turn:
        return Turn(state=self.state, replies=tuple(self.replies), records=tuple(self.records))
