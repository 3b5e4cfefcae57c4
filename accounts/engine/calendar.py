"""Calendar arithmetic the account rules share (lead deadlines, grace periods)."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped to the target month's last day (Jan 31 + 1 → Feb 28/29)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
