"""Calendar months (D-17): add calendar months, clamp the day to the month's end."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped (Jan 31 + 1 → Feb 28/29); negative months go back."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_of(day: date) -> date:
    """The first of `day`'s month: how billing names a month (billing.md §1)."""
    return day.replace(day=1)


def days_in_month(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def months_from(start: date, count: int) -> list[date]:
    """`count` consecutive month starts from month(start)."""
    first = month_of(start)
    return [add_months(first, k) for k in range(count)]


def period_holding(anchor: date, day: date) -> date:
    """The billing period (anchor + k months, k ≥ 0, each from the anchor) that holds `day`."""
    if day < anchor:
        return anchor
    k = (day.year - anchor.year) * 12 + (day.month - anchor.month)
    k = max(k, 0)
    while k > 0 and add_months(anchor, k) > day:
        k -= 1
    while add_months(anchor, k + 1) <= day:
        k += 1
    return add_months(anchor, k)


def label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"
