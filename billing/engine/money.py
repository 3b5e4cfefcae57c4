"""Money: Decimal, quantised half-up to cents (ARCHITECTURE.md conventions)."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
DOLLAR = Decimal("1")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def up_to_dollar(value: Decimal) -> Decimal:
    """Rounded up to the whole dollar, shown with cents (D-19)."""
    return value.quantize(DOLLAR, ROUND_CEILING).quantize(CENT)
