"""Set-wise loaders: everything the billing jobs read about a chunk of customers, in a fixed
number of queries whatever the chunk's size (ARCHITECTURE.md pipeline)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from billing.models import (
    BillingCustomer,
    CreditConsumption,
    CreditGrant,
    CreditNote,
    CreditNoteLine,
    CreditPurchase,
    CustomerBalanceTransaction,
    Invoice,
    InvoiceLine,
    StripeCustomer,
    SubscriptionItem,
)

FINALIZED = Invoice.FINALIZED_STATUSES  # B-3: open or paid
LIVE_SUBSCRIPTION = ("trialing", "active", "past_due", "unpaid", "incomplete", "paused")


@dataclass
class CustomerData:
    """One BillingCustomer's rows, as plain dicts (`values()`), grouped for the engines."""

    customer: Any
    stripe: list[dict] = field(default_factory=list)
    invoices: list[dict] = field(default_factory=list)
    lines: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    credit_notes: dict[int, dict] = field(default_factory=dict)  # invoice id → {"by_product", "tax"}
    purchases: list[dict] = field(default_factory=list)
    grants: list[dict] = field(default_factory=list)
    draws: dict[int, list[tuple[date, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    subscriptions: list[dict] = field(default_factory=list)
    balance_history: dict[int, list[tuple[datetime, Decimal]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def load_chunk(
    customer_ids: list[int], *, as_of: date, balances: bool = False, invoices_since: date | None = None
) -> dict[int, CustomerData]:
    """10 queries (11 with `balances`), for any number of customers. `invoices_since` skips usage
    invoices that started before it (credit-purchase invoices are always read: B-7 splits them)."""
    row: Any  # each query's rows are plain dicts of its own shape
    data = {
        row["id"]: CustomerData(row)
        for row in BillingCustomer.objects.filter(pk__in=customer_ids).values(
            "id",
            "account_id",
            "name",
            "configuration_override",
            "override_from",
            "override_to",
            "credit_discount_percent",
            "credit_discount_source",
            "needs_review",
        )
    }
    owner_of: dict[int, int] = {}
    for row in StripeCustomer.objects.filter(billing_customer_id__in=customer_ids).values(
        "id",
        "billing_customer_id",
        "role",
        "balance",
        "is_startup_plan_customer",
        "credit_expires_at",
        "deleted",
        "currency",
    ):
        data[row["billing_customer_id"]].stripe.append(row)
        owner_of[row["id"]] = row["billing_customer_id"]
    invoice_owner: dict[int, int] = {}
    recent = (
        Q() if invoices_since is None else Q(period_start__gte=invoices_since) | Q(purpose="CREDIT_PURCHASE")
    )
    line_recent = (
        Q()
        if invoices_since is None
        else (Q(invoice__period_start__gte=invoices_since) | Q(invoice__purpose="CREDIT_PURCHASE"))
    )
    for row in (
        Invoice.objects.filter(
            recent, stripe_customer__billing_customer_id__in=customer_ids, status__in=FINALIZED
        )
        .values(
            "id",
            "stripe_customer_id",
            "status",
            "purpose",
            "currency",
            "tax",
            "total",
            "credits_applied",
            "period_start",
            "period_end",
            "service_month",
            "created",
            "credit_purchase_id",
            "amount_paid",
        )
        .order_by("period_end", "id")
    ):
        customer = owner_of[row["stripe_customer_id"]]
        data[customer].invoices.append(row)
        invoice_owner[row["id"]] = customer
    for row in (
        InvoiceLine.objects.filter(
            line_recent,
            invoice__stripe_customer__billing_customer_id__in=customer_ids,
            invoice__status__in=FINALIZED,
        )
        .values(
            "invoice_id",
            "product_key_id",
            "amount",
            "net_amount",
            "period_start",
            "kind",
            "price__recurring_interval",
            "price__recurring_interval_count",
        )
        .order_by("invoice_id", "id")
    ):
        data[invoice_owner[row["invoice_id"]]].lines[row["invoice_id"]].append(row)
    notes = CreditNote.objects.filter(
        line_recent,
        invoice__stripe_customer__billing_customer_id__in=customer_ids,
        invoice__status__in=FINALIZED,
        status="issued",
    )
    note_totals: dict[int, Decimal] = {}
    for row in notes.values("id", "invoice_id", "amount"):
        entry = data[invoice_owner[row["invoice_id"]]].credit_notes.setdefault(
            row["invoice_id"], {"by_product": {}, "tax": Decimal("0.00"), "lines": Decimal("0.00")}
        )
        entry["tax"] += row["amount"]  # minus its lines below: what is left is the note's tax
        note_totals[row["id"]] = row["amount"]
    for row in CreditNoteLine.objects.filter(credit_note__in=notes).values(
        "credit_note__invoice_id", "product_key_id", "amount"
    ):
        entry = data[invoice_owner[row["credit_note__invoice_id"]]].credit_notes[
            row["credit_note__invoice_id"]
        ]
        key = row["product_key_id"]
        entry["by_product"][key] = entry["by_product"].get(key, Decimal("0.00")) + row["amount"]
        entry["tax"] -= row["amount"]
    for row in (
        CreditPurchase.objects.filter(billing_customer_id__in=customer_ids)
        .values(
            "id",
            "billing_customer_id",
            "source",
            "credit_amount",
            "price",
            "discount_percent",
            "term_months",
            "billing",
            "prepaid_years",
            "start_date",
            "end_date",
            "annual_spend",
            "renewal_of_id",
            "status",
        )
        .order_by("start_date", "id")
    ):
        data[row["billing_customer_id"]].purchases.append(row)
    for row in (
        CreditGrant.objects.filter(billing_customer_id__in=customer_ids)
        .values(
            "id",
            "billing_customer_id",
            "stripe_customer_id",
            "kind",
            "reason",
            "amount",
            "remaining",
            "starts_on",
            "applied_at",
            "expires_at",
            "credit_purchase_id",
            "status",
            "created_at",
            "removal_balance_transaction_id",
        )
        .order_by("starts_on", "id")
    ):
        data[row["billing_customer_id"]].grants.append(row)
    for row in CreditConsumption.objects.filter(grant__billing_customer_id__in=customer_ids).values(
        "grant_id", "grant__billing_customer_id", "amount", "invoice__period_end"
    ):
        data[row["grant__billing_customer_id"]].draws[row["grant_id"]].append(
            (row["invoice__period_end"], row["amount"])
        )
    for row in SubscriptionItem.objects.filter(
        subscription__stripe_customer__billing_customer_id__in=customer_ids
    ).values(
        "subscription_id",
        "subscription__stripe_customer_id",
        "subscription__status",
        "price__unit_amount_decimal",
        "price__billing_scheme",
        "price__recurring_interval",
    ):
        data[owner_of[row["subscription__stripe_customer_id"]]].subscriptions.append(row)
    if balances:
        for row in (
            CustomerBalanceTransaction.objects.filter(
                stripe_customer__billing_customer_id__in=customer_ids, created__lt=end_of(as_of)
            )
            .values("stripe_customer_id", "created", "ending_balance", "id")
            .order_by("created", "id")
        ):
            data[owner_of[row["stripe_customer_id"]]].balance_history[row["stripe_customer_id"]].append(
                (row["created"], row["ending_balance"])
            )
    return data
