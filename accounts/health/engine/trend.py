"""Usage arithmetic shared by the usage component, S-2 and usage_drop_30 (D-5, D-7).

Windows end on `as_of` and include it (contracts.md decision 1). Ratios are kept as exact
fractions: thresholds compare exact values, only the shown figures are rounded (decision 18).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import pairwise

from .config import HealthConfig
from .facts import HealthFacts

TWO_PLACES = Decimal("0.01")


def shown(value: Fraction | None) -> float | None:
    """Half-up (away from zero on a tie) to 2 places, as a JSON number (decision 18)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class UsageTrend:
    """D-5: last30 against the mean of up to three preceding full windows that have data."""

    last30: int
    last30_start: date
    baseline: Fraction | None  # None = no qualifying window
    windows: tuple[tuple[date, date, int], ...]  # the qualifying windows: start, end, events
    d: Fraction | None  # None when baseline is None or 0

    @property
    def baseline_windows(self) -> int:
        return len(self.windows)


def usage_trend(facts: HealthFacts, config: HealthConfig) -> UsageTrend:
    days = config.t("D-5.window_days")
    as_of = facts.as_of
    start = as_of - timedelta(days=days - 1)
    last30 = facts.events_between(start, as_of)
    first = facts.first_row_on
    windows = []
    for back in range(1, config.t("D-5.baseline_windows") + 1):
        end = as_of - timedelta(days=days * back)
        w_start = end - timedelta(days=days - 1)
        # Decision 2: a window qualifies with ≥ 1 row and when it starts on/after the first row.
        if first is not None and w_start >= first and facts.has_rows_between(w_start, end):
            windows.append((w_start, end, facts.events_between(w_start, end)))
    baseline = Fraction(sum(w[2] for w in windows), len(windows)) if windows else None
    d = None
    if baseline is not None and baseline != 0:
        d = (baseline - last30) / baseline * 100
    return UsageTrend(last30=last30, last30_start=start, baseline=baseline, windows=tuple(windows), d=d)


def iso_weeks_complete(as_of: date, count: int) -> list[tuple[date, date]]:
    """The latest `count` complete ISO weeks (Sunday ≤ as_of), oldest first (decision 5)."""
    last_sunday = as_of - timedelta(days=(as_of.weekday() + 1) % 7)
    weeks = []
    for back in range(count - 1, -1, -1):
        sunday = last_sunday - timedelta(days=7 * back)
        weeks.append((sunday - timedelta(days=6), sunday))
    return weeks


@dataclass(frozen=True)
class Downtrend:
    """S-2 / D-7: trailing 28 days ≤ 90 % of the prior 28 and ≥ 3 of 4 complete weeks down."""

    trailing: int
    prior: int
    weekly: tuple[tuple[date, int], ...]  # Monday, events — the 5 weeks read, oldest first
    weeks_down: int
    ratio_met: bool
    weeks_met: bool


def downtrend(facts: HealthFacts, config: HealthConfig) -> Downtrend:
    days = config.t("S-2.window_days")
    as_of = facts.as_of
    trailing = facts.events_between(as_of - timedelta(days=days - 1), as_of)
    prior = facts.events_between(as_of - timedelta(days=2 * days - 1), as_of - timedelta(days=days))
    compared = config.t("S-2.weeks")
    weeks = iso_weeks_complete(as_of, compared + 1)
    weekly = tuple((monday, facts.events_between(monday, sunday)) for monday, sunday in weeks)
    down = sum(1 for (_, before), (_, after) in pairwise(weekly) if after < before)
    ratio_met = trailing * 100 <= prior * config.t("S-2.ratio_pct")
    return Downtrend(
        trailing=trailing,
        prior=prior,
        weekly=weekly,
        weeks_down=down,
        ratio_met=ratio_met,
        weeks_met=down >= config.t("S-2.weeks_down"),
    )
