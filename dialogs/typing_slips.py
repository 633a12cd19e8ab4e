"""Whether a typed word is a phrase word as a person might type it: the same, a longer form
("hurt" -> "hurting"), or a small slip of the keys (one edit for 5+ letters, two for 9+; a
swap of neighbours counts as one).

The danger matcher (``dialogs.danger``) asks these questions for every free-text answer, so
the edit counts stop as soon as the answer is known.
"""

from __future__ import annotations

LONGER_FORM = 4  # at most this many extra letters: hurt -> hurting, not hurt -> hurtleberry


def slips_allowed(word: str) -> int:
    """Edits allowed in a typed word: none under 5 letters, one under 9, else two."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def word_matches(expected: str, typed: str) -> bool:
    """True when ``typed`` is ``expected``, a longer form of it, or a small misspelling."""
    if expected == typed:
        return True
    if len(expected) >= 4 and typed.startswith(expected):
        return len(typed) - len(expected) <= LONGER_FORM
    if len(expected) < 5:
        return False
    return is_slip(expected, typed, slips_allowed(expected))


def is_slip(expected: str, typed: str, allowed: int) -> bool:
    """Within ``allowed`` edits, and a plausible slip: they rarely change both first letters."""
    return (
        abs(len(expected) - len(typed)) <= allowed
        and (expected[0] == typed[0] or expected[1:2] == typed[1:2])
        and (one_edit(expected, typed) if allowed == 1 else within_edits(expected, typed, 2))
    )


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` (lengths at most one apart) are equal or one change, insertion,
    deletion or neighbour swap apart: the edit, if any, is where they first differ."""
    if len(a) < len(b):
        a, b = b, a
    at = 0
    while at < len(b) and a[at] == b[at]:
        at += 1
    if len(a) != len(b):
        return a[at + 1 :] == b[at:]
    swapped = a[at : at + 1] == b[at + 1 : at + 2] and a[at + 1 : at + 2] == b[at : at + 1]
    return a[at + 1 :] == b[at + 1 :] or (swapped and a[at + 2 :] == b[at + 2 :])


def within_edits(a: str, b: str, allowed: int) -> bool:
    """Whether the optimal string alignment distance (insertions, deletions, changes,
    neighbour swaps) is at most ``allowed``. Values are capped at ``allowed + 1``, only cells
    near the diagonal are worked out (the rest are further than that), and the work stops
    once a whole row is over: rows never get smaller going down."""
    cap = allowed + 1
    previous2: list[int] = []
    previous = [min(j, cap) for j in range(len(b) + 1)]
    for i, char_a in enumerate(a, start=1):
        current = [min(i, cap)] + [cap] * len(b)
        for j in range(max(1, i - allowed), min(len(b), i + allowed) + 1):
            char_b = b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = min(value, cap)
        if min(current) >= cap:
            return False
        previous2, previous = previous, current
    return previous[len(b)] <= allowed
