"""Baseline, overage and amount per product (B-43, B-44, D-31; contracts.md §1, decisions 1-3)."""

from decimal import ROUND_HALF_UP, Decimal

from ..tiers import price
from .refund_facts import JUMP_RATIO, SPIKE_RATIO, LineInput, LineResult


def baseline(prior_units: tuple[int, ...]) -> int:
    """B-43: the mean of the ≤ 3 complete months before the spike month, half-up to a whole unit
    (8000.5 → 8001, never to even); no history → 0 (contracts decision 2)."""
    if not prior_units:
        return 0
    mean = Decimal(sum(prior_units)) / len(prior_units)
    return int(mean.quantize(Decimal(1), ROUND_HALF_UP))


def over_200_percent(spike: int, base: int) -> bool:
    """D-26: ">200%" = spike > 3 x baseline (strict); needs a baseline > 0 (decision 3)."""
    return base > 0 and spike > SPIKE_RATIO * base


def sudden_10x_jump(spike: int, base: int) -> bool:
    """B-49: spike ≥ 10 x baseline; needs a baseline > 0 (decision 3)."""
    return base > 0 and spike >= JUMP_RATIO * base


def price_line(line: LineInput, percent_off: Decimal) -> LineResult:
    """B-43 overage = spike - baseline (never below 0); B-44 amount = price(baseline + overage) -
    price(baseline) on the customer's tiers minus the coupon — never price(overage)."""
    base = baseline(line.prior_units)
    overage = max(0, line.spike_units - base)
    with_spike = price(base + overage, line.tiers, line.tiers_mode, percent_off)
    at_baseline = price(base, line.tiers, line.tiers_mode, percent_off)
    return LineResult(
        product_key=line.product_key,
        prior_units=line.prior_units,
        baseline_units=base,
        spike_units=line.spike_units,
        overage_units=overage,
        price_with_spike=with_spike,
        price_baseline=at_baseline,
        amount=with_spike - at_baseline,
        over_200_percent=over_200_percent(line.spike_units, base),
        jump_10x=sudden_10x_jump(line.spike_units, base),
        overage_alone=price(overage, line.tiers, line.tiers_mode, percent_off),
    )
