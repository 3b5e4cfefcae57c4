"""Calendar quarters and months as the quota rules count them (Q-5, Q-16, C-4), pure.

The engine may not import another app (import-linter), so the calendar-month addition that
accounts' engine also has is stated here once for quota.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER_PATTERN = re.compile(r"(\d{4})-Q([1-4])", re.ASCII)
# A quarter needs a previous one (Starting ARR, Q-6) and a following month (cutoff, C-4).
MIN_YEAR, MAX_YEAR = date.min.year + 1, date.max.year - 1


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months; a day the target month lacks falls back to its last day.

    2024-11-30 + 3 months = 2025-02-28 (contracts.md quota preview, decision 3). Past the calendar's
    ends the answer saturates at date.max / date.min, so strict "before" tests stay meaningful.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date) -> date:
    """QD-25: an invoice belongs to the month of its `period_start`."""
    return day.replace(day=1)


def month_label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


class InvalidQuarter(ValueError):
    """A quarter string that is not "YYYY-Qn" with n in 1…4, or outside the calendar."""


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter (Q1 = Jan-Mar), written "2025-Q2"."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not (date.min.year <= self.year <= date.max.year) or self.number not in (1, 2, 3, 4):
            raise InvalidQuarter(f"{self.year}-Q{self.number} is not a quarter.")

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = QUARTER_PATTERN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidQuarter(f"{text!r} is not a quarter; write it as YYYY-Qn, n from 1 to 4.")
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidQuarter(f"{text!r} is outside the years {MIN_YEAR}…{MAX_YEAR}.")
        return cls(year, int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return add_months(self.first_day, 3) - timedelta(days=1)

    @property
    def months(self) -> tuple[date, date, date]:
        """The first days of the quarter's three months, in order."""
        first = self.first_day
        return (first, add_months(first, 1), add_months(first, 2))

    @property
    def first_month(self) -> date:
        return self.first_day

    @property
    def last_month(self) -> date:
        return self.months[2]

    @property
    def previous(self) -> "Quarter":
        """Q-16: the previous quarter of 2025-Q1 is 2024-Q4."""
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def cutoff_date(self, cutoff_day: int = 14) -> date:
        """C-4, QD-14: the paid-invoice cutoff, the 14th of the month after the quarter ends."""
        return self.next.first_day.replace(day=cutoff_day)
