"""Stored times (``storage.clock``): one fixed text shape, UTC, read back exactly; text in
any other shape is refused rather than guessed at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.clock import from_text, to_text

moments = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)


@given(moments)
def test_times_are_written_in_the_one_shape_and_read_back_exactly(moment: datetime) -> None:
    """The text is what strftime's '%Y-%m-%dT%H:%M:%S.%fZ' writes, and reads back equal."""
    text = to_text(moment)
    assert moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ") == text
    assert moment == from_text(text)


def test_other_time_zones_and_naive_times_are_written_as_utc() -> None:
    """A time with an offset is converted; a naive one is taken as UTC."""
    london_summer = datetime(2026, 7, 1, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    assert "2026-07-01T12:00:00.000000Z" == to_text(london_summer)
    assert "2026-07-01T12:00:00.000000Z" == to_text(datetime(2026, 7, 1, 12, 0))


@pytest.mark.parametrize(
    "text", ["2026-07-01T12:00:00Z", "2026-07-01 12:00:00.000000Z", "2026-07-01T12:00:00.000000"]
)
def test_text_in_another_shape_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        from_text(text)
