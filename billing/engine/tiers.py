"""Stripe tier pricing (B-44, D-31; contracts.md refunds preview §1 and decision 1): what a number
of units costs on a customer's graduated or volume tiers, minus a percent coupon, rounded once.

Stripe's semantics: `up_to` is inclusive and the last tier's is None (unbounded); a graduated
price charges each tier's units at its unit amount plus the flat amount of every tier that holds
at least one unit; a volume price charges every unit at the unit amount of the tier holding the
total, plus that tier's flat amount. 0 units cost 0 in both modes. Amounts are USD (Stripe's
`*_decimal` fields, which are cents, ÷ 100).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .money import cents

GRADUATED = "graduated"
VOLUME = "volume"
TIERS_MODES = (GRADUATED, VOLUME)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Tier:
    up_to: int | None  # inclusive; None = no upper bound (the last tier)
    unit_amount: Decimal  # USD per unit
    flat_amount: Decimal = Decimal(0)  # USD


def tiers_from_stripe(raw: Sequence[dict]) -> tuple[Tier, ...]:
    """A StripePrice's `tiers` JSON (cents, `*_decimal` strings) as USD tiers."""
    return tuple(
        Tier(
            up_to=None if t.get("up_to") in (None, "inf") else int(t["up_to"]),
            unit_amount=Decimal(str(t.get("unit_amount_decimal") or "0")) / HUNDRED,
            flat_amount=Decimal(str(t.get("flat_amount_decimal") or "0")) / HUNDRED,
        )
        for t in raw
    )


def tiers_problem(tiers: Sequence[Tier]) -> str | None:
    """Why these tiers are not a Stripe tier table, or None when they are."""
    if not tiers:
        return "At least one tier."
    if tiers[-1].up_to is not None:
        return "The last tier's up_to is null (no upper bound)."
    bounds = [t.up_to for t in tiers[:-1]]
    if any(b is None for b in bounds):
        return "Only the last tier's up_to is null."
    previous = 0
    for bound in bounds:
        assert bound is not None
        if bound <= previous:
            return "up_to values are whole numbers above 0, strictly increasing."
        previous = bound
    return None


def raw_price(units: int, tiers: Sequence[Tier], mode: str = GRADUATED) -> Decimal:
    """The unrounded USD price of `units` before any coupon."""
    if units <= 0:
        return Decimal(0)
    if mode == VOLUME:
        tier = next(t for t in tiers if t.up_to is None or units <= t.up_to)
        return units * tier.unit_amount + tier.flat_amount
    total = Decimal(0)
    lower = 0
    for tier in tiers:
        upper = units if tier.up_to is None else min(units, tier.up_to)
        held = upper - lower
        if held <= 0:
            break
        total += held * tier.unit_amount + tier.flat_amount
        lower = upper
        if tier.up_to is None or units <= tier.up_to:
            break
    return total


def price(
    units: int, tiers: Sequence[Tier], mode: str = GRADUATED, percent_off: Decimal = Decimal(0)
) -> Decimal:
    """B-44 / D-31 price(): the tiers' price minus the percent coupon, half-up to cents once."""
    return cents(raw_price(units, tiers, mode) * (1 - Decimal(percent_off) / HUNDRED))
