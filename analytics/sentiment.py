"""An indicative tone of free-text comments (TextBlob polarity), for the hub only.

Only ``TextBlob(text).sentiment`` is used: it works offline (no corpora to download).
The figure is a rough automatic reading of English text, labelled as indicative in every
report; the texts themselves never leave this function.
"""

from __future__ import annotations

from collections.abc import Iterable

from analytics.schema import Polarity

# Polarity within this distance of 0 counts as neutral.
NEUTRAL_BAND = 0.05


def polarity_of(text: str) -> float:
    """TextBlob's polarity of one text, -1 (negative) to +1 (positive)."""
    from textblob import TextBlob  # loads nltk: only for hub reports

    return float(TextBlob(text).sentiment.polarity)


def summarise_polarity(texts: Iterable[str]) -> Polarity:
    """How many texts, their mean polarity, and how many read negative, neutral, positive."""
    scores = [polarity_of(text) for text in texts if text and text.strip()]
    return Polarity(
        texts=len(scores),
        mean_polarity=round(sum(scores) / len(scores), 3) if scores else None,
        negative=sum(score < -NEUTRAL_BAND for score in scores),
        neutral=sum(abs(score) <= NEUTRAL_BAND for score in scores),
        positive=sum(score > NEUTRAL_BAND for score in scores),
    )
