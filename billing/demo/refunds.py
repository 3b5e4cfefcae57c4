"""The demo's refund requests (issue 20): every scenario and every route, filed, approved,
declined and processed through the refund services — never inserted — on the generated
invoices, after MRR exists (D-28 reads it).

Pricing: the demo's product-analytics price is graduated (the first 1,000,000 events free, then
per event), so price(baseline + overage) - price(baseline) differs from pricing the overage
alone, which would take the free tier off twice (B-44: "Don't just put in the overage
amount"). A request is filed only where the calculator gives the route its story names (a
candidate whose customer is big or has overdue invoices would escalate instead), so the demo
shows each route whatever the seed.

The one open-period (credit, B-45) story needs an invoice that is not finalized: the demo
mirror has none, so it adds the customer's upcoming draft invoice as the Stripe sync would
mirror it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from billing.engine.dates import add_months, month_of
from billing.models import Invoice, InvoiceLine, RefundRequest

PRODUCT = "product_analytics"
FREE_UNITS = 1_000_000
TICKETS = "https://posthoghelp.zendesk.com/agent/tickets/"
EXPLANATIONS = {
    "learning_curve": "Off the startup plan: autocapture on every page sent more events than planned.",
    "unexpected_stardom": "Side project went viral on a forum; no revenue yet, billing limit set now.",
    "under_attack": "A bot hammered the signup page for three days; blocked at the edge since.",
    "wrong_setup": "Session replay was left on in staging by a default config during a trial.",
    "other": "Customer disputes the invoice as a whole; asks for a goodwill gesture.",
}


@dataclass(frozen=True)
class Story:
    """One demo request: the claim's shape, the route the calculator must give, what RevOps does."""

    name: str
    scenario: str
    want: Callable  # result → bool: the route this story shows
    ratio: int = 3  # spike ÷ baseline
    days_after: int = 9
    then: str = ""  # "" | "approve" | "process" | "decline"
    claim: dict = field(default_factory=dict)


def _route(resolution, status):
    return lambda r: r.resolution == resolution and r.request_status == status


STORIES = [
    Story("learning curve, credit note processed", "learning_curve",
          _route("credit_note_refund", "under_review"), then="process", claim={"is_first_bill_over_1": True}),
    Story("unexpected stardom, approved", "unexpected_stardom", _route("credit_note_refund", "under_review"),
          ratio=4, then="approve",
          claim={"company_has_revenue": False, "is_hobby_project": True, "spike_ceased": True,
                 "mitigation": "billing_limit"}),
    Story("under attack, waiting for the spike to cease", "under_attack", _route(None, "under_review"),
          claim={"spike_ceased": False, "mitigation": "billing_limit"}),
    Story("wrong setup, under review", "wrong_setup", _route("credit_note_refund", "under_review")),
    Story("other, escalated to RevOps", "other", _route("escalate_revops", "escalated")),
    Story("other, escalated and declined by RevOps", "other", _route("escalate_revops", "escalated"),
          then="decline"),
    Story("learning curve filed 31 days late, declined", "learning_curve", _route("declined", "declined"),
          days_after=31),
    Story("under attack with a sudden 10x jump, escalated", "under_attack",
          _route("escalate_revops", "escalated"), ratio=12,
          claim={"spike_ceased": True, "mitigation": "managing_event_volume"}),
]  # fmt: skip


def _users():
    from accounts.models import User

    tam = User.objects.filter(role="tam", is_active=True).order_by("pk").first()
    admin = User.objects.filter(role="revops_admin", is_active=True).order_by("pk").first()
    return tam, admin


def _charged():
    return InvoiceLine.objects.filter(
        invoice=OuterRef("pk"), product_key_id=PRODUCT, price__isnull=False, amount__gt=0,
        quantity__gt=FREE_UNITS,
    )  # fmt: skip


def _candidates(as_of: date) -> list[Invoice]:
    """Paid usage invoices with a charged product-analytics line, newest billing first."""
    return list(
        Invoice.objects.filter(status="paid", purpose="USAGE", finalized_at__isnull=False)
        .filter(Exists(_charged()), finalized_at__date__lte=as_of - timedelta(days=31))
        .select_related("stripe_customer__billing_customer")
        .prefetch_related("lines")
        .order_by("-finalized_at", "pk")[:400]
    )


def _invoices_of(customer_ids) -> list[Invoice]:
    return list(
        Invoice.objects.filter(
            status="paid", purpose="USAGE", finalized_at__isnull=False,
            stripe_customer__billing_customer_id__in=sorted(customer_ids),
        )
        .filter(Exists(_charged()))
        .select_related("stripe_customer__billing_customer")
        .prefetch_related("lines")
        .order_by("stripe_customer__billing_customer_id", "finalized_at", "pk")
    )  # fmt: skip


def _units(invoice: Invoice) -> int:
    return int(sum(line.quantity or 0 for line in invoice.lines.all() if line.product_key_id == PRODUCT))


def _claim(invoice: Invoice, story: Story, requested_on: date):
    from billing.refunds.services import Claim, LineClaim

    spike = _units(invoice)
    base = spike // story.ratio
    prior = (base - 20_000, base, base + 20_000) if base > 20_000 else (base, base, base)
    return Claim(
        scenario=story.scenario,
        requested_on=requested_on,
        lines=(LineClaim(PRODUCT, prior, spike),),
        **story.claim,
    )


def seed_refund_requests(ctx) -> dict[str, int]:
    """File the stories' requests (the first candidate whose route matches), then the repeat
    incidents #1-#3 on one customer, then a credit on an open period. Returns name → request id."""
    from billing.refunds import services

    tam, admin = _users()
    if tam is None or admin is None or RefundRequest.objects.exists():
        return {}
    used: set[int] = set()
    made: dict[str, int] = {}
    candidates = _candidates(ctx.as_of)
    for story in STORIES:
        for invoice in candidates:
            customer_id = invoice.stripe_customer.billing_customer_id
            if customer_id in used:
                continue
            requested_on = _billed(invoice) + timedelta(days=story.days_after)
            claim = _claim(invoice, story, requested_on)
            _, result = services.refund_evaluate(invoice=invoice, claim=claim)
            if not story.want(result) or not result.lines or result.lines[0].amount <= 0:
                continue
            used.add(customer_id)
            refund = services.refund_request_create(
                invoice=invoice, claim=claim, explanation=EXPLANATIONS[story.scenario], acting_user=tam,
                channel="in_app_ticket", zendesk_ticket=f"{TICKETS}{9000 + invoice.pk}",
                prevention_guidance_sent=True, repeat_warning_sent=result.incident_number > 1,
                usage_pattern="suspicious" if story.ratio >= 10 else "normal",
            )  # fmt: skip
            _finish(refund, story.then, admin)
            made[story.name] = refund.pk
            break
    made.update(_repeat_incidents(ctx, candidates, used, tam, admin))
    made.update(_open_period_credit(ctx, candidates, used, tam, admin))
    return made


def _finish(refund, then: str, admin) -> None:
    from billing.refunds import services

    if then in ("approve", "process"):
        services.refund_request_approve(
            refund=refund, acting_user=admin, reason="Checked usage against the baseline."
        )
    if then == "process":
        services.refund_request_process(
            refund=refund, stripe_reason="product_unsatisfactory", acting_user=admin
        )
    if then == "decline":
        services.refund_request_decline(
            refund=refund, reason="Usage matches a real launch; no error on our side.", acting_user=admin
        )


def _repeat_incidents(ctx, candidates, used, tam, admin) -> dict[str, int]:
    """B-47 on one customer: #1 processed, #2 (advice not actioned) partial_conditional at 50 %
    processed, #3 declined — spaced so the 90-day count (D-27) never escalates them."""
    from billing.refunds import services

    ids = {i.stripe_customer.billing_customer_id for i in candidates} - used
    by_customer: dict[int, list[Invoice]] = {}
    for invoice in _invoices_of(ids):
        by_customer.setdefault(invoice.stripe_customer.billing_customer_id, []).append(invoice)
    story = Story("repeat", "learning_curve", lambda r: True, claim={"is_first_bill_over_1": True})
    wanted = [("credit_note_refund", "under_review"), ("partial_conditional", "under_review"),
              ("declined", "declined")]  # fmt: skip
    for customer_id, invoices in by_customer.items():
        last_day = ctx.as_of - timedelta(days=9)
        months = {month_of(_billed(i)): i for i in invoices if _billed(i) <= last_day}
        if not months:
            continue
        newest = max(months)
        found = [months.get(add_months(newest, -k)) for k in (8, 4, 0)]
        chain = [i for i in found if i is not None]
        if len(chain) < 3:
            continue
        first = chain[0]
        first_claim = _claim(first, story, _billed(first) + timedelta(days=9))
        _, r1 = services.refund_evaluate(invoice=first, claim=first_claim)
        if (r1.resolution, r1.request_status) != wanted[0] or r1.amount <= 0:
            continue
        results = {}
        for n, (invoice, route) in enumerate(zip(chain, wanted, strict=True), start=1):
            claim = _claim(invoice, story, _billed(invoice) + timedelta(days=9))
            if n == 2:
                claim = replace(claim, prior_recommendations_actioned=False)
            _, result = services.refund_evaluate(invoice=invoice, claim=claim)
            if (result.resolution, result.request_status) != route:
                break  # e.g. the customer grew big meanwhile: the chain stops where the route differs
            refund = services.refund_request_create(
                invoice=invoice, claim=claim, explanation=EXPLANATIONS["learning_curve"], acting_user=tam,
                prevention_guidance_sent=n == 1, repeat_warning_sent=n > 1,
            )  # fmt: skip
            if n < 3:
                _finish(refund, "process", admin)
            results[f"repeat incident #{n}"] = refund.pk
        used.add(customer_id)
        return results
    return {}


def _billed(invoice: Invoice) -> date:
    assert invoice.finalized_at is not None
    return invoice.finalized_at.date()


def _open_period_credit(ctx, candidates, used, tam, admin) -> dict[str, int]:
    """B-45: the period hasn't ended → a ONE_TIME credit (unwanted_spike), processed through
    credit_grant_create. The upcoming draft invoice is mirrored for one customer."""
    from billing.refunds import services

    story = Story(
        "credit", "under_attack", lambda r: True, claim={"spike_ceased": True, "mitigation": "billing_limit"}
    )
    start = month_of(ctx.as_of)
    for source in candidates:
        customer_id = source.stripe_customer.billing_customer_id
        if (
            customer_id in used
            or Invoice.objects.filter(stripe_customer=source.stripe_customer, status="draft").exists()
        ):
            continue
        line = next(line for line in source.lines.all() if line.product_key_id == PRODUCT)
        draft = Invoice.objects.create(
            stripe_id=f"in_demo_upcoming_{source.stripe_customer_id}",
            stripe_customer=source.stripe_customer, subscription=source.subscription, status="draft",
            collection_method=source.collection_method, billing_reason="upcoming", purpose="USAGE",
            subtotal=line.amount, total=line.amount, amount_due=line.amount,
            period_start=start, period_end=add_months(start, 1), service_month=start, created=source.created,
        )  # fmt: skip
        InvoiceLine.objects.create(
            stripe_id=f"il_demo_upcoming_{source.stripe_customer_id}", invoice=draft, kind="USAGE",
            product_key_id=PRODUCT, stripe_product=line.stripe_product, price=line.price,
            description=line.description, quantity=line.quantity, amount=line.amount, net_amount=line.amount,
            period_start=start, period_end=add_months(start, 1),
        )  # fmt: skip
        claim = _claim(draft, story, ctx.as_of)
        _, result = services.refund_evaluate(invoice=draft, claim=claim)
        if result.resolution != "credit" or result.amount <= 0:
            draft.delete()
            continue
        refund = services.refund_request_create(
            invoice=draft, claim=claim, explanation=EXPLANATIONS["under_attack"], acting_user=tam,
            prevention_guidance_sent=True, usage_pattern="bot_attack",
        )  # fmt: skip
        services.refund_request_approve(
            refund=refund, acting_user=admin, reason="Attack blocked; credit the spike."
        )
        services.refund_request_process(refund=refund, acting_user=admin)
        used.add(customer_id)
        return {"under attack on an open period, credited": refund.pk}
    return {}
