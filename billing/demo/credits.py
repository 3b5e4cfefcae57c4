"""Credit purchases (B-7, B-9, B-24, B-25) and the invoices that pay for them.

Yearly: one CREDIT_PURCHASE invoice of the whole price, paid by bank transfer soon after the
contract starts. Amortized: a credits subscription on the CREDITS customer bills price ÷ term
every month. The credit it buys is rendered by `ledger`.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP

from accounts.demo.story import CreditPlan
from accounts.engine.calendar import add_months
from billing.models import CreditPurchase, Subscription, SubscriptionItem

from .calendar import midnight
from .invoices import NET_30
from .state import CENT, SEND, ZERO, Attempt, Line, PlannedInvoice, StoryState


def plan_purchase(st: StoryState) -> None:
    """The order form, and the invoices that pay for it: one upfront, or monthly (amortized)."""
    story, cal, rng, plan = st.story, st.cal, st.rng, st.story.credit
    if plan is None:
        return
    start = cal.starts[plan.start_month]
    end = add_months(start, plan.term_months)
    amortized = story.configuration == "ENTERPRISE_AMORTIZED_CREDIT"
    pk = st.purchase_pk = st.rows.next_id(CreditPurchase)
    st.rows.add(CreditPurchase, (
        pk, story.account_id, "SALES_CONTRACT", f"006Dm{story.account_id:010d}{st.seed % 1000:03d}",
        plan.credit_amount, plan.price, plan.discount_percent, plan.term_months,
        "monthly" if amortized else "upfront", start, end, add_months(start, plan.term_months // 2),
        (plan.price * 12 / plan.term_months).quantize(CENT, ROUND_HALF_UP),
        "EXPIRED" if cal.happened(end) else "ACTIVE",
    ))
    st.tags.add("B-7" if not amortized else "B-25:amortized")
    if amortized:
        _plan_credits_subscription(st, plan, end)
        return
    created = midnight(start) - timedelta(days=rng.randint(3, 14))
    paid = midnight(start) + timedelta(days=rng.randint(1, 20), hours=15)
    inv = PlannedInvoice(
        party=st.parties[0], month=plan.start_month, purpose="CREDIT_PURCHASE",
        lines=[Line(
            "CREDIT_PURCHASE", None, st.cat.credits_product_id, st.cat.credits_upfront_price_id,
            f"Prepaid credits, {plan.term_months}-month order form ({plan.discount_percent}% off)",
            plan.credit_amount, plan.credit_amount, plan.credit_amount - plan.price, plan.price,
        )],
        total=plan.price, applied=ZERO, collection=SEND, created=created, subscription=None,
        due_date=start + NET_30, purchase=pk, billing_reason="manual", paid_at=paid, settled=True,
        period=(start, start, start, end), attempts=[Attempt(paid, True)],
    )
    st.invoices.append(inv)


def _plan_credits_subscription(st: StoryState, plan: CreditPlan, end: date) -> None:
    """Commit but pay monthly: the credits customer's subscription bills price ÷ term a month (B-9)."""
    cal = st.cal
    credits = next(party for party in st.parties if party.role == "CREDITS")
    first, last = plan.start_month, plan.start_month + plan.term_months - 1
    monthly = (plan.price / plan.term_months).quantize(CENT, ROUND_HALF_UP)
    sub = st.rows.next_id(Subscription)
    ended = None if last >= cal.current else cal.midnights[last + 1]
    start = cal.midnights[first] - timedelta(days=2)
    st.rows.add(Subscription, (
        sub, f"sub_demo{st.seed}x{sub}", credits.pk, "canceled" if ended else "active", SEND, start,
        None if ended else midnight(end), ended, ended, cal.synced_at,
    ))
    item = st.rows.next_id(SubscriptionItem)
    shown = min(last, cal.current)
    st.rows.add(SubscriptionItem, (
        item, f"si_demo{st.seed}x{item}", sub, st.cat.credits_monthly_price_id, int(monthly * 100),
        cal.starts[shown], cal.starts[shown + 1], cal.synced_at,
    ))
    for month in range(first, min(last, cal.current) + 1):
        # The last payment absorbs the rounding, so the payments add up to the price exactly.
        amount = plan.price - monthly * (plan.term_months - 1) if month == last else monthly
        inv = PlannedInvoice(
            party=credits, month=month, purpose="CREDIT_PURCHASE",
            lines=[Line(
                "CREDIT_PURCHASE", None, st.cat.credits_product_id, st.cat.credits_monthly_price_id,
                "Credits subscription (monthly payment)", amount * 100, amount, ZERO, amount,
            )],
            total=amount, applied=ZERO, collection=SEND, created=cal.midnights[month], subscription=sub,
            due_date=cal.starts[month] + NET_30, purchase=st.purchase_pk,
            billing_reason="subscription_create" if month == first else "subscription_cycle",
        )
        if month == first:
            # The grant waits for this payment (D-13) and the story spends it from the first month.
            inv.paid_at = cal.midnights[month] + timedelta(days=st.rng.randint(1, 20), hours=15)
            inv.attempts, inv.settled = [Attempt(inv.paid_at, True)], True
        st.invoices.append(inv)
