"""What every app's demo module is handed: the seed, the dates, the writer and the cast."""

import random
from dataclasses import dataclass, field
from datetime import date

from config.bulk import BulkWriter

from .story import month_starts

# The apps whose `<app>.demo` module takes part, in foreign-key order (spec README).
DEMO_APPS = ("accounts", "billing", "revops", "quota", "crosssell")


@dataclass
class Cast:
    """The demo's people, by role and region: user ids, so renderers write FKs directly."""

    by_role: dict[str, list[int]] = field(default_factory=dict)
    tams_by_region: dict[str, list[int]] = field(default_factory=dict)
    csms_by_region: dict[str, list[int]] = field(default_factory=dict)
    taes_by_region: dict[str, list[int]] = field(default_factory=dict)
    team_of: dict[int, int] = field(default_factory=dict)  # user id → team id


@dataclass
class DemoContext:
    seed: int
    as_of: date
    months: int
    accounts: int
    writer: BulkWriter
    cast: Cast = field(default_factory=Cast)
    # Per-run memo for derived values several apps ask for (an account's allocation …).
    memo: dict = field(default_factory=dict)
    _next_ids: dict[str, int] = field(default_factory=dict)

    @property
    def month_starts(self) -> list[date]:
        return month_starts(self.as_of, self.months)

    def rng(self, *key: object) -> random.Random:
        """A generator of its own per purpose, so adding a table never shifts another's data."""
        return random.Random(":".join(["tambook-demo", str(self.seed), *map(str, key)]))

    def ids(self, table: str, count: int) -> range:
        """Consecutive primary keys; chunks run in order, so the same seed gives the same ids."""
        start = self._next_ids.get(table, 1)
        self._next_ids[table] = start + count
        return range(start, start + count)
