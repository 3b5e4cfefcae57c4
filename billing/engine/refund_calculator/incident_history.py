"""Repeat incidents, recent refunds and customer size (D-27, D-28, D-29; contracts.md §3)."""

from datetime import date, timedelta
from decimal import Decimal

from ..dates import add_months
from .refund_facts import BIG_CUSTOMER_MRR, INCIDENT_MONTHS, RECENT_DAYS, PriorIncident


def incident_number(incidents: tuple[PriorIncident, ...], requested_on: date) -> int:
    """D-29: 1 + processed requests dated within [requested_on - 12 months, requested_on]."""
    since = add_months(requested_on, -INCIDENT_MONTHS)
    return 1 + sum(1 for i in incidents if i.kind == "request" and since <= i.on <= requested_on)


def recent_incidents(incidents: tuple[PriorIncident, ...], requested_on: date) -> int:
    """D-27: requests and first-bill/spike credits within [requested_on - 90 days, requested_on]."""
    since = requested_on - timedelta(days=RECENT_DAYS)
    return sum(1 for i in incidents if since <= i.on <= requested_on)


def average_mrr(recent_mrr: tuple[Decimal, ...]) -> Decimal:
    """D-28: the exact mean of the last ≤ 3 complete months' raw MRR (0 when none)."""
    return sum(recent_mrr, Decimal(0)) / len(recent_mrr) if recent_mrr else Decimal(0)


def is_big_customer(mean: Decimal) -> bool:
    """D-28 / B-48: "a big customer (spending $1,667+ monthly)" = mean ≥ 1667.00."""
    return mean >= BIG_CUSTOMER_MRR
