"""Reads for refunds: the facts the calculator needs about one invoice and its customer (a fixed
number of queries whatever the history), and the rows the pages and the API list."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from ..engine.dates import add_months, month_of
from ..engine.refund_calculator import PriorIncident
from ..engine.tiers import GRADUATED, Tier, tiers_from_stripe
from ..models import (
    BillingCustomer,
    CreditGrant,
    CreditGrantKind,
    Discount,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    MonthlyRevenue,
    RefundRequest,
    RefundStatus,
    StripeCustomer,
)

SPIKE_CREDIT_REASONS = ("first_big_bill", "unwanted_spike")  # D-27's credits outside a request
DECIDING = (RefundStatus.UNDER_REVIEW, RefundStatus.ESCALATED)


@dataclass(frozen=True)
class ProductOnInvoice:
    """One refundable product of the invoice: what it billed and the tiers it was priced on (D-31)."""

    product_key: str
    name: str
    units: int
    tiers: tuple[Tier, ...]
    tiers_mode: str
    tiers_json: list[dict]


@dataclass(frozen=True)
class RefundFacts:
    invoice: Invoice
    customer: BillingCustomer
    finalized: bool
    billing_date: date
    products: dict[str, ProductOnInvoice]
    percent_off: Decimal
    connected: tuple[BillingCustomer, ...]
    prior_incidents: tuple[PriorIncident, ...]
    recent_mrr: tuple[Decimal, ...]
    overdue_invoices: bool
    history: tuple[RefundRequest, ...]
    requested_on: date


def billing_date_of(invoice: Invoice) -> date:
    """D-25: the finalization date; an open period is dated by its coming finalization (B-45)."""
    if invoice.finalized_at is not None:
        return invoice.finalized_at.date()
    return invoice.period_end


def refund_facts(invoice_id: int, *, requested_on: date) -> RefundFacts:
    """Everything the calculator reads about the invoice, its customer and connected customers
    (B-49: the same email on several BillingCustomers) — eight queries."""
    invoice = Invoice.objects.select_related("stripe_customer__billing_customer").get(pk=invoice_id)
    customer = invoice.stripe_customer.billing_customer
    products = _products(invoice)
    percent_off = _percent_off(invoice)

    emails = list(
        StripeCustomer.objects.filter(billing_customer=customer)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    connected = tuple(
        BillingCustomer.objects.filter(stripe_customers__email__in=emails)
        .exclude(pk=customer.pk)
        .distinct()
        .order_by("name")
        if emails
        else ()
    )
    ids = [customer.pk, *(c.pk for c in connected)]
    history = tuple(
        RefundRequest.objects.filter(billing_customer_id__in=ids)
        .select_related("billing_customer")
        .order_by("-requested_on", "-pk")
    )
    incidents = [
        PriorIncident(r.requested_on, "request")  # dated by when it was asked (D-29)
        for r in history
        if r.status == RefundStatus.PROCESSED
    ]
    credits = CreditGrant.objects.filter(
        billing_customer_id__in=ids, kind=CreditGrantKind.ONE_TIME, reason__in=SPIKE_CREDIT_REASONS
    ).exclude(refund_requests__isnull=False)
    incidents += [PriorIncident(g.starts_on, "credit") for g in credits.only("starts_on")]
    incidents = [i for i in incidents if i.on <= requested_on]

    first = add_months(month_of(requested_on), -3)
    mrr_rows = dict(
        MonthlyRevenue.objects.filter(
            billing_customer=customer,
            product_key__isnull=True,
            month__gte=first,
            month__lt=month_of(requested_on),
        ).values_list("month", "mrr")
    )
    recent_mrr = tuple(mrr_rows[m] for m in sorted(mrr_rows))
    overdue = Invoice.objects.filter(
        stripe_customer__billing_customer=customer, status=InvoiceStatus.OPEN, due_date__lt=requested_on
    ).exists()
    return RefundFacts(
        invoice=invoice,
        customer=customer,
        finalized=invoice.is_finalized,
        billing_date=billing_date_of(invoice),
        products=products,
        percent_off=percent_off,
        connected=connected,
        prior_incidents=tuple(sorted(incidents, key=lambda i: i.on)),
        recent_mrr=recent_mrr,
        overdue_invoices=overdue,
        history=history,
        requested_on=requested_on,
    )


def _products(invoice: Invoice) -> dict[str, ProductOnInvoice]:
    units: dict[str, Decimal] = defaultdict(Decimal)
    priced: dict[str, tuple] = {}
    lines = (
        InvoiceLine.objects.filter(invoice=invoice, product_key__isnull=False, price__isnull=False)
        .select_related("price", "product_key")
        .order_by("product_key__display_order", "pk")
    )
    for line in lines:
        price = line.price
        assert price is not None
        key = str(line.product_key_id)
        units[key] += line.quantity or 0
        if key not in priced:
            if price.billing_scheme == "tiered" and price.tiers:
                tiers_json = list(price.tiers)
                mode = price.tiers_mode or GRADUATED
            else:  # a per-unit price is one unbounded tier
                unit = price.unit_amount_decimal or Decimal(0)
                tiers_json = [{"up_to": None, "unit_amount_decimal": str(unit), "flat_amount_decimal": "0"}]
                mode = GRADUATED
            priced[key] = (line.product_key.name, tiers_json, mode)  # type: ignore[union-attr]
    out = {}
    for key, (name, tiers_json, mode) in priced.items():
        out[key] = ProductOnInvoice(
            key, name, int(units[key]), tiers_from_stripe(tiers_json), mode, tiers_json
        )
    return out


def _percent_off(invoice: Invoice) -> Decimal:
    """D-31: the customer's percent coupon in force on the invoice's period."""
    discounts = Discount.objects.filter(
        stripe_customer_id=invoice.stripe_customer_id,
        percent_off__isnull=False,
        start__date__lte=invoice.period_end,
    ).filter(Q(end__isnull=True) | Q(end__date__gt=invoice.period_start))
    best = max((d.percent_off for d in discounts if d.percent_off is not None), default=Decimal(0))
    return Decimal(best)


def refund_request_rows() -> QuerySet[RefundRequest]:
    return RefundRequest.objects.select_related(
        "billing_customer", "invoice", "created_by", "decided_by", "processed_by"
    ).order_by("-created_at", "-pk")


def escalation_queue() -> QuerySet[RefundRequest]:
    """§6 Refund escalations: what waits for a RevOps admin — escalated first, then the rest
    under review, oldest first."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        refund_request_rows()
        .filter(status__in=DECIDING)
        .annotate(
            escalated_first=Case(
                When(status=RefundStatus.ESCALATED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("escalated_first", "created_at", "pk")
    )


def refundable_invoices() -> QuerySet[Invoice]:
    """The invoices a request can be filed against: usage invoices, newest first."""
    return (
        Invoice.objects.filter(status__in=[InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.DRAFT])
        .select_related("stripe_customer__billing_customer")
        .order_by("-created")
    )
