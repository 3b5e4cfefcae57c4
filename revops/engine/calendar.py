"""Month arithmetic for contract dates (pure; revops engines import no other app)."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped to the target month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between_rounded_up(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end`, a partial month counting as one (RD-14)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) < end:
        months += 1
    while months > 0 and add_months(start, months - 1) >= end:
        months -= 1
    return months


def billing_period_containing(anchor: date, day: date) -> tuple[date, date]:
    """The monthly billing period [start, end) that holds `day`, periods anchored on `anchor`
    (the subscription's start): Sep 21 anchor → … [Sep 21, Oct 21) …"""
    months = (day.year - anchor.year) * 12 + (day.month - anchor.month)
    start = add_months(anchor, months)
    if start > day:
        months -= 1
    elif add_months(anchor, months + 1) <= day:
        months += 1
    return add_months(anchor, months), add_months(anchor, months + 1)
