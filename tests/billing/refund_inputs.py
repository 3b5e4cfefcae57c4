"""Inputs the refund-calculator tests share: PostHog's public tiers and a learning-curve request."""

from datetime import date
from decimal import Decimal as D

from billing.engine.refund_calculator import (
    LineInput,
    RefundInput,
    evaluate_refund,
)
from billing.engine.tiers import Tier

# PostHog's public product-analytics tiers (contracts.md example).
PUBLIC = (
    Tier(1_000_000, D("0")),
    Tier(2_000_000, D("0.00005")),
    Tier(15_000_000, D("0.0000343")),
    Tier(50_000_000, D("0.0000295")),
    Tier(100_000_000, D("0.0000218")),
    Tier(250_000_000, D("0.000015")),
    Tier(None, D("0.000009")),
)
BILLED = date(2025, 5, 1)


def line(prior=(1_000_000, 1_000_000, 1_000_000), spike=3_000_000, tiers=PUBLIC, mode="graduated", key="product_analytics"):
    return LineInput(key, tiers, tuple(prior), spike, mode)


def facts(**kw):
    base = {
        "billing_date": BILLED,
        "requested_on": date(2025, 5, 10),
        "scenario": "learning_curve",
        "lines": (line(),),
        "is_first_bill_over_1": True,
    }
    base.update(kw)
    return RefundInput(**base)


def ev(**kw):
    return evaluate_refund(facts(**kw))
