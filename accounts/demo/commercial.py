"""An account's commercial fields, derived from its story's billing (accounts.md D-4), pure.

mrr is the last full month's invoiced revenue by the handbook's configuration rules: PAID and
LEGACY = the month's invoice total; STARTUP = what credits did not cover ("mrr = 0 while on
credits", B-6); enterprise credit deals = the credit payment split over its term plus usage
beyond credits (B-7, B-9). The billing issue's registered recompute later takes this over.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from accounts.engine.calendar import add_months

from .story import AccountStory, money

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Commercial:
    plan: str
    mrr: Decimal
    arr: Decimal
    forecasted_mrr: Decimal
    ltv: Decimal
    stripe_balance: Decimal
    credit_expires_at: date | None
    is_startup_plan_customer: bool | None
    subscription_interval: str
    subscription_status: str
    current_period_end: date | None
    renewal_date: date | None
    initial_credit_purchase_on: date | None
    churned_at: date | None
    discount_agreement_in_place: bool


def uncovered(story: AccountStory, month: int) -> Decimal:
    applied = story.credits_applied[month] if story.credits_applied else ZERO
    return story.monthly_total(month) - applied


def credit_payment_share(story: AccountStory, month: int) -> Decimal:
    plan = story.credit
    if plan is None or not plan.start_month <= month < plan.start_month + plan.term_months:
        return ZERO
    return money(plan.price / plan.term_months)


def mrr_for_month(story: AccountStory, month: int) -> Decimal:
    if story.configuration == "FREE":
        return ZERO
    return money(uncovered(story, month) + credit_payment_share(story, month))


def commercial_fields(story: AccountStory, month_starts: list[date], as_of: date) -> Commercial:
    last = len(story.lines) - 1
    mrr = mrr_for_month(story, last)
    previous = mrr_for_month(story, last - 1) if last else mrr
    trend = (mrr - previous) if previous else ZERO
    ltv = money(sum((mrr_for_month(story, m) for m in range(last + 1)), ZERO))
    churned_at = month_starts[story.churn_month] if story.churn_month is not None else None
    period_end = add_months(month_starts[last], 2) - timedelta(days=1)

    plan, interval = ("free", "month") if story.configuration == "FREE" else ("monthly", "month")
    balance, expires, startup, renewal, first_purchase = ZERO, None, None, None, None
    if story.credit_start_month is not None and story.credit_end_month is not None:
        end = add_months(month_starts[0], story.credit_end_month)
        if end > as_of:
            balance, expires = -story.credit_left[last], end
    if story.configuration == "STARTUP":
        plan, startup = "startup", True
    elif story.credit is not None:
        start = month_starts[story.credit.start_month]
        first_purchase = start
        renewal = add_months(start, story.credit.term_months)
        if renewal > as_of:
            plan, interval, startup = "annual", "year", False
            period_end = renewal - timedelta(days=1)
    status = "cancelled" if churned_at else "active"
    return Commercial(
        plan=plan,
        mrr=mrr,
        arr=money(mrr * 12),
        forecasted_mrr=max(ZERO, money(mrr + trend / 2)) if not churned_at else ZERO,
        ltv=ltv,
        stripe_balance=balance,
        credit_expires_at=expires,
        is_startup_plan_customer=startup,
        subscription_interval=interval if story.configuration != "FREE" else "",
        subscription_status=status if story.configuration != "FREE" else "",
        current_period_end=None if churned_at or story.configuration == "FREE" else period_end,
        renewal_date=renewal,
        initial_credit_purchase_on=first_purchase,
        churned_at=churned_at,
        discount_agreement_in_place=story.credit is not None,
    )
