"""When a reminder may be sent: never in the quiet hours (read on the local wall clock of
``reminders.timezone``, daylight saving included, across midnight if need be), and the
first and second reminder ``first_after_hours`` and ``second_after_hours`` after a survey
went idle. Pure functions of a moment and the settings; the jobs are ``bot.reminders``."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import ReminderSettings


def _clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def in_quiet_hours(moment: datetime, settings: ReminderSettings) -> bool:
    """Whether ``moment`` falls in the quiet hours, read in the configured time zone."""
    local = moment.astimezone(ZoneInfo(settings.timezone)).time()
    start, end = _clock_time(settings.quiet_start), _clock_time(settings.quiet_end)
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # quiet hours across midnight


def outside_quiet_hours(moment: datetime, settings: ReminderSettings) -> datetime:
    """``moment`` itself, or the end of the quiet hours it falls in (local wall clock)."""
    if not in_quiet_hours(moment, settings):
        return moment
    zone = ZoneInfo(settings.timezone)
    local = moment.astimezone(zone)
    end = _clock_time(settings.quiet_end)
    candidate = datetime.combine(local.date(), end, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=zone)
    return candidate.astimezone(moment.tzinfo)


def due_after_idle(idle_since: datetime, sent: int, settings: ReminderSettings) -> datetime:
    """When reminder number ``sent + 1`` is due for a survey idle since ``idle_since``."""
    hours = settings.first_after_hours if sent == 0 else settings.second_after_hours
    return outside_quiet_hours(idle_since + timedelta(hours=hours), settings)
