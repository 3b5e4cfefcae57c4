"""Calendar quarters as the book rules count them (B-4 quarter ends, C-4 cutoffs), pure."""

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.engine.calendar import add_months

CUTOFF_DAY = 14  # C-4: the 14th of the month after the quarter ends


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    return add_months(quarter_start(day), 3) - timedelta(days=1)


@dataclass(frozen=True)
class Quarters:
    """The quarter holding `as_of`, and the quarter ends around it."""

    as_of: date

    @property
    def start(self) -> date:
        return quarter_start(self.as_of)

    @property
    def next_start(self) -> date:
        return add_months(self.start, 3)

    @property
    def previous_end(self) -> date:
        return self.start - timedelta(days=1)

    @staticmethod
    def end_of(day: date) -> date:
        return quarter_end(day)

    @staticmethod
    def cutoff(end: date) -> date:
        return (end + timedelta(days=1)).replace(day=CUTOFF_DAY)

    @staticmethod
    def ends_between(first: date, last: date) -> list[date]:
        """Quarter ends e with first <= e <= last, oldest first."""
        ends, end = [], quarter_end(first)
        while end <= last:
            ends.append(end)
            end = quarter_end(end + timedelta(days=1))
        return ends
