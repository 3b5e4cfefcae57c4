"""The demo's reading of the discount policy for the forms it writes (revops.md P-2, P-6, P-8/P-9, P-11).

Only what the generated forms need: the volume tier, the Net-N penalty and the forecast lever,
so `policy_discount_pct`, `within_policy` and `counts_toward_quota` agree with the discount the
story's contract was signed at. Pure; the pricing engine, when it lands, prices real forms.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

CUSTOM_FROM = Decimal("1000000")  # P-11 (1): custom pricing from $1M
VOLUME_TIERS = (  # P-2, half-open [min, max) (RD-1)
    (Decimal("25000"), Decimal("20")),
    (Decimal("60000"), Decimal("25")),
    (Decimal("100000"), Decimal("30")),
    (Decimal("250000"), Decimal("35")),
    (Decimal("500000"), Decimal("40")),
)
FORECAST = Decimal("5")  # P-8 / P-9
PENALTY_PER_BLOCK = Decimal("2.5")  # P-6 / RD-4


def volume_pct(credit_amount: Decimal) -> Decimal:
    pct = Decimal("0")
    for floor, tier in VOLUME_TIERS:
        if credit_amount >= floor:
            pct = tier
    return pct


@dataclass(frozen=True)
class Policy:
    components: dict[str, float]
    discount_pct: Decimal | None  # None = custom pricing (P-12)

    @property
    def custom(self) -> bool:
        return self.discount_pct is None


def policy(credit_amount: Decimal, *, billing: str, payment_terms_days: int, forecast: bool) -> Policy:
    """P-11's evaluation order, one-year terms paid once (the only shape the demo signs)."""
    zero = {"volume": 0.0, "commitment": 0.0, "cash_timing": 0.0, "forecast": 0.0, "nonprofit": 0.0,
            "self_serve": 0.0}
    if credit_amount >= CUSTOM_FROM:
        return Policy(zero, None)
    if billing == "monthly" or credit_amount < VOLUME_TIERS[0][0]:
        return Policy(zero, Decimal("0"))
    blocks = math.ceil((payment_terms_days - 30) / 15) if payment_terms_days > 30 else 0
    parts = {
        **zero,
        "volume": float(volume_pct(credit_amount)),
        # never -0.0: jsonb drops the sign, and both databases must hold the same rows
        "cash_timing": float(-PENALTY_PER_BLOCK * blocks) if blocks else 0.0,
        "forecast": float(FORECAST) if forecast else 0.0,
    }
    return Policy(parts, max(Decimal("0"), Decimal(str(sum(parts.values())))).quantize(Decimal("0.01")))
