"""The outcome list being built in an outcomes step: kept, dropped and pending choices.

Pending choices live in ``state.pending`` as ``"<source>|<words>"`` (source ``common:<id>``,
``own_words`` or ``help_decide``) until the step ends, when they become ``Outcome`` values
with refs continuing after the highest ref ever used in this case ("o1", "o2", ...).
The outcomes as they were on arrival are kept in ``extra`` so that going back into the
step starts again from them instead of adding the same outcomes twice.
"""

from __future__ import annotations

from dialogs.draft import Draft
from dialogs.schema import CommonOutcome
from dialogs.types import Outcome


def entries(d: Draft) -> list[tuple[str, str]]:
    """Pending (source, words) pairs in the order chosen."""
    return [(p.partition("|")[0], p.partition("|")[2]) for p in d.state.pending]


def set_chosen(d: Draft, source: str, words: str, chosen: bool) -> None:
    """Add (or remove) a pending choice; the same source and words are never added twice."""
    kept = [
        e
        for e in entries(d)
        if e[0] != source or (not source.startswith("common:") and e[1] != words)
    ]
    if chosen:
        kept.append((source, words))
    d.update(pending=tuple(f"{s}|{w}" for s, w in kept))


def is_chosen(d: Draft, source: str) -> bool:
    return any(s == source for s, _ in entries(d))


def dropped(d: Draft) -> tuple[str, ...]:
    return tuple(d.sub.get("dropped", ()) or ())


def kept(d: Draft) -> list[Outcome]:
    gone = set(dropped(d))
    return [o for o in d.state.outcomes if o.ref not in gone]


def available_commons(d: Draft) -> list[CommonOutcome]:
    """Common outcomes the person does not already have."""
    have = {o.source for o in kept(d)}
    return [c for c in d.content.common_outcomes if f"common:{c.id}" not in have]


def commons_to_ask(d: Draft) -> list[CommonOutcome]:
    """Common outcomes to ask about one by one (yes_no): not those the person has, nor one
    they have just removed at this check-in (asking "do you want ...?" again at once)."""
    gone = {o.source for o in d.state.outcomes if o.ref in set(dropped(d))}
    return [c for c in available_commons(d) if f"common:{c.id}" not in gone]


def read_back(d: Draft, outcome: Outcome) -> str:
    """An outcome's words as shown now. A common outcome is worded for whoever answers now,
    in the current language ("They want to feel safe at home", picked by a representative,
    reads "I want to feel safe at home" to the person); own words stay as they were typed."""
    common = next(
        (c for c in d.content.common_outcomes if outcome.source == f"common:{c.id}"), None
    )
    return d.words(common.statement) if common is not None else outcome.text


def statements(d: Draft) -> list[str]:
    """Everything the list will hold if the person presses Done now."""
    return [read_back(d, o) for o in kept(d)] + [words for _, words in entries(d)]


def remember_arrival(d: Draft) -> None:
    """Keep the outcomes as they were on first arrival; restore them when coming back."""
    key = f"before:{d.state.step}"
    saved = d.extra(key)
    if saved is None:
        d.set_extra(key, tuple((o.ref, o.text, o.source) for o in d.state.outcomes))
    else:
        d.update(outcomes=tuple(Outcome(str(r), str(t), str(s)) for r, t, s in saved))


def build(d: Draft) -> list[Outcome]:
    """Kept outcomes plus the pending ones, with new refs; moves the ref counter on."""
    used = [int(o.ref[1:]) for o in d.state.outcomes if o.ref[:1] == "o" and o.ref[1:].isdigit()]
    number = max(max(used, default=0) + 1, int(d.extra("next_ref", 1)))
    added = []
    for source, words in entries(d):
        added.append(Outcome(ref=f"o{number}", text=words, source=source))
        number += 1
    d.set_extra("next_ref", number)
    return kept(d) + added
