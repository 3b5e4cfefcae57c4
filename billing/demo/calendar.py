"""The demo's clock: month starts, their midnights, and what has happened by as_of."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from accounts.engine.calendar import add_months


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def synced_at(as_of: date) -> datetime:
    return datetime.combine(as_of, time(6, 0), tzinfo=UTC)


@dataclass(frozen=True)
class Calendar:
    """Month index m (0 = oldest full month) and two more: `months` = as_of's own month, then the next.

    The demo is a Stripe mirror last synced at 06:00 UTC on as_of: a moment has happened when
    it is no later than that, a date when it is no later than as_of.
    """

    seed: int
    as_of: date
    months: int
    starts: tuple[date, ...]
    midnights: tuple[datetime, ...]
    synced_at: datetime

    @classmethod
    def of(cls, ctx) -> "Calendar":
        starts = (*ctx.month_starts, ctx.as_of.replace(day=1))
        starts = (*starts, add_months(starts[-1], 1))
        return cls(
            seed=ctx.seed, as_of=ctx.as_of, months=ctx.months, starts=starts,
            midnights=tuple(midnight(d) for d in starts),
            synced_at=synced_at(ctx.as_of),
        )

    def happened(self, moment: datetime | date) -> bool:
        if isinstance(moment, datetime):
            return moment <= self.synced_at
        return moment <= self.as_of

    @property
    def current(self) -> int:
        """as_of's month: not complete, but its first invoices already exist."""
        return self.months

