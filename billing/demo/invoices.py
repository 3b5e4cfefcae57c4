"""Usage invoices, one per month and subscription, whose lines are the story's amounts exactly.

Σ line net = total, Σ line amount = subtotal; a coupon grosses a line up rather than cutting
the story's amount, so what the customer was billed stays what the story says. Invoices are
planned here and written by `write_invoices` once their outcomes are settled.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from billing.models import CreditNote, CreditNoteLine, Invoice, InvoiceLine, PaymentAttempt

from .customers import collection_method, discount_percent, route_claims
from .state import CENT, SEND, ZERO, Line, PlannedInvoice, Refund, StoryState, credit_term

NET_30 = timedelta(days=30)
ONE = Decimal("1")
HUNDRED = Decimal("100")


def usage_line(st: StoryState, key: str, net: Decimal, percent: Decimal | None, startup: bool) -> Line:
    product = st.cat.lines[key]
    if percent is None:
        gross, discount = net, ZERO
    else:
        gross = (net * HUNDRED / (HUNDRED - percent)).quantize(CENT, ROUND_HALF_UP)
        discount = gross - net
    if product.unit_price is None:
        return Line("FLAT", key, product.stripe_product_id, product.price_id, product.name, ONE, gross,
                    discount, net)
    quantity = product.free_units + (gross / product.unit_price).quantize(ONE, ROUND_HALF_UP)
    price = product.startup_price_id if startup else product.price_id
    return Line("USAGE", key, product.stripe_product_id, price, product.name, quantity, gross, discount, net)


def plan_usage_invoices(st: StoryState) -> None:
    story, cal = st.story, st.cal
    applied = story.credits_applied
    left = story.credit_left
    # Startup prices last as long as the plan's validity, then the defaults take over (B-14).
    term = credit_term(story) if story.configuration == "STARTUP" else None
    st.startup_prices = term is not None and term[1] > cal.current
    for month in range(cal.months):
        amounts = story.lines[month]
        if not amounts:
            continue
        collection = collection_method(st, month)
        for route in st.routes:
            keys = [key for key in amounts if route_claims(st, route, key)]
            if not keys:
                continue
            party = route.party
            percent = discount_percent(st, month, party)
            startup = term is not None and term[0] <= month < term[1]
            lines = [usage_line(st, key, amounts[key], percent, startup) for key in keys]
            credited = party is st.credit_party and bool(applied)
            st.invoices.append(PlannedInvoice(
                party=party, month=month, purpose="USAGE", lines=lines,
                total=sum((line.net for line in lines), ZERO),
                applied=applied[month] if credited else ZERO, collection=collection,
                created=cal.midnights[month + 1], subscription=route.pk,
                due_date=(cal.starts[month + 1] + NET_30) if collection == SEND else None,
                # Stripe's sign: the balance is below zero while credit remains.
                starting_balance=-(left[month] + applied[month]) if credited else ZERO,
            ))


def write_invoices(st: StoryState) -> None:
    """Number each customer's invoices in date order, then write them with lines and payments."""
    cal, rows, seed = st.cal, st.rows, st.seed
    synced = cal.synced_at
    starts = cal.starts
    counters: dict[int, int] = {}
    st.invoices.sort(key=lambda inv: (inv.party.pk, inv.created, inv.purpose))
    for inv in st.invoices:
        pk = rows.next_id(Invoice)
        inv.pk, inv.stripe_id = pk, f"in_demo{seed}x{pk}"
        counters[inv.party.pk] = number = counters.get(inv.party.pk, 0) + 1
        paid = inv.status == "paid"
        due = inv.due
        amount_paid = due if paid else ZERO
        refunded = inv.refund.amount if inv.refund else ZERO
        subtotal = sum((line.amount for line in inv.lines), ZERO)
        if inv.period is None:
            period_start = line_start = starts[inv.month]
            period_end = line_end = starts[inv.month + 1]
        else:
            period_start, period_end, line_start, line_end = inv.period
        rows.add(Invoice, (
            pk, inv.stripe_id, f"{inv.party.number_prefix}-{number:04d}", inv.party.pk, inv.subscription,
            inv.status, inv.collection, inv.billing_reason, inv.purpose, inv.purchase, subtotal,
            subtotal - inv.total, inv.total, due, amount_paid, due - amount_paid, inv.starting_balance,
            inv.starting_balance + inv.applied, inv.applied, refunded, period_start, period_end, line_start,
            inv.created, inv.finalized_at, inv.due_date,
            inv.paid_at, len(inv.attempts), inv.next_attempt,
            "" if paid else f"https://invoice.stripe.com/i/demo/{inv.stripe_id}", synced,
        ))
        line_ids = []
        for line in inv.lines:
            line_pk = rows.next_id(InvoiceLine)
            line_ids.append(line_pk)
            rows.add(InvoiceLine, (
                line_pk, f"il_demo{seed}x{line_pk}", pk, line.kind, line.product_key, line.stripe_product_id,
                line.price_id, line.description, line.quantity, line.amount, line.discount, line.net,
                line_start, line_end, synced,
            ))
        method = "bank_transfer" if inv.collection == SEND else "card"
        for nth, attempt in enumerate(inv.attempts, start=1):
            rows.add(PaymentAttempt, (
                rows.next_id(PaymentAttempt), pk, nth, attempt.at, attempt.succeeded, due, attempt.failure,
                method, f"pi_demo{seed}x{pk}",
            ))
        if inv.refund:
            _write_credit_note(st, inv, inv.refund, line_ids)


def _write_credit_note(st: StoryState, inv: PlannedInvoice, refund: Refund, line_ids: list[int]) -> None:
    rows = st.rows
    pk = rows.next_id(CreditNote)
    rows.add(CreditNote, (
        pk, f"cn_demo{st.seed}x{pk}", inv.pk, refund.amount, refund.reason, "issued", refund.created,
        st.cal.synced_at,
    ))
    for line, line_pk, amount in zip(inv.lines, line_ids, refund.per_line, strict=True):
        if amount > 0:
            rows.add(CreditNoteLine, (rows.next_id(CreditNoteLine), pk, line.product_key, line_pk, amount))

