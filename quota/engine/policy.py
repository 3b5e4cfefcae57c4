"""The quota policy parameters the engine reads, and the money and explanation types it shares.

Defaults are quota.md's QuotaPolicyVersion defaults; a published version overrides them. The
primary products come in as an ordered tuple (billing's catalogue order = the contracts.md
Product keys table), because paid products are listed in that order (contracts.md decision 1).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# the default quota primary products, in contracts.md Product keys table order.
DEFAULT_PRIMARY_PRODUCTS: tuple[str, ...] = (
    "product_analytics",
    "session_replay",
    "feature_flags",
    "surveys",
    "error_tracking",
    "logs",
    "llm_observability",
    "posthog_ai",
    "data_warehouse",
    "data_pipelines",
    "workflows",
)


def cents(amount: Decimal) -> Decimal:
    """QD-29: half-up to cents; never answers a negative zero."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return ZERO if rounded == 0 else rounded


@dataclass(frozen=True)
class QuotaPolicy:
    """One QuotaPolicyVersion's parameters (QD-27: the version in force on the current quarter's
    first day governs both quarters of a calculation)."""

    primary_products: tuple[str, ...] = DEFAULT_PRIMARY_PRODUCTS
    paid_threshold: Decimal = Decimal("200.00")
    multiplier_base: Decimal = Decimal("0.70")
    multiplier_step: Decimal = Decimal("0.20")
    multiplier_zero_paid: Decimal = Decimal("0.70")
    multiplier_cap: Decimal | None = None
    grace_months: int = 3
    cutoff_day: int = 14
    min_lifetime_paid_invoices: int = 2
    ramping_team_factor: Decimal = Decimal("0.50")
    ramp_day: int = 15
    ramp_months: int = 3
    legacy_months: int = 12


@dataclass(frozen=True)
class Step:
    """One line of an explanation: the rule applied and what it did, for the "why?" on a page."""

    rule: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "text": self.text}
