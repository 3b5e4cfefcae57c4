"""A chunk's rows, table by table, and the primary keys they take.

Ids are drawn from ctx.ids: a chunk peeks at the next free id of each table, numbers its rows
from there, and claims exactly what it used when it writes, so ids stay consecutive and
independent of chunk size. Tables are written in foreign-key order.
"""

from collections import defaultdict

from django.db import models

from billing.models import (
    BillingCustomer,
    CreditConsumption,
    CreditGrant,
    CreditNote,
    CreditNoteLine,
    CreditPurchase,
    CustomerBalanceTransaction,
    Discount,
    Invoice,
    InvoiceLine,
    PaymentAttempt,
    StripeCustomer,
    Subscription,
    SubscriptionItem,
)

# Model → the columns its tuples carry, in FK order.
COLUMNS: dict[type[models.Model], list[str]] = {
    BillingCustomer: [
        "id", "account_id", "name", "posthog_org_id", "region", "credit_discount_percent",
        "credit_discount_source", "needs_review", "review_reasons",
    ],
    StripeCustomer: [
        "id", "stripe_id", "billing_customer_id", "role", "email", "name", "balance", "metadata",
        "is_startup_plan_customer", "credit_expires_at", "tax_exempt", "stripe_created", "synced_at",
    ],
    Discount: [
        "id", "stripe_id", "stripe_customer_id", "coupon_id", "percent_off", "duration",
        "duration_in_months", "start", "end", "active", "synced_at",
    ],
    Subscription: [
        "id", "stripe_id", "stripe_customer_id", "status", "collection_method", "start_date", "cancel_at",
        "canceled_at", "ended_at", "synced_at",
    ],
    SubscriptionItem: [
        "id", "stripe_id", "subscription_id", "price_id", "quantity", "current_period_start",
        "current_period_end", "synced_at",
    ],
    CreditPurchase: [
        "id", "billing_customer_id", "source", "salesforce_opportunity_id", "credit_amount", "price",
        "discount_percent", "term_months", "billing", "start_date", "end_date", "first_half_end",
        "annual_spend", "status",
    ],
    Invoice: [
        "id", "stripe_id", "number", "stripe_customer_id", "subscription_id", "status", "collection_method",
        "billing_reason", "purpose", "credit_purchase_id", "subtotal", "discount_total", "total",
        "amount_due", "amount_paid", "amount_remaining", "starting_balance", "ending_balance",
        "credits_applied", "post_payment_credit_notes", "period_start", "period_end", "service_month",
        "created", "finalized_at", "due_date", "paid_at", "attempt_count", "next_payment_attempt",
        "hosted_invoice_url", "synced_at",
    ],
    InvoiceLine: [
        "id", "stripe_id", "invoice_id", "kind", "product_key_id", "stripe_product_id", "price_id",
        "description", "quantity", "amount", "discount_amount", "net_amount", "period_start", "period_end",
        "synced_at",
    ],
    PaymentAttempt: [
        "id", "invoice_id", "attempt_number", "attempted_at", "succeeded", "amount", "failure_message",
        "payment_method_type", "stripe_payment_id",
    ],
    CustomerBalanceTransaction: [
        "id", "stripe_id", "stripe_customer_id", "type", "amount", "ending_balance", "invoice_id",
        "description", "created", "synced_at",
    ],
    CreditGrant: [
        "id", "billing_customer_id", "stripe_customer_id", "kind", "reason", "amount", "remaining",
        "starts_on", "applied_at", "expires_at", "credit_purchase_id", "notes", "reference_link", "status",
        "stripe_balance_transaction_id", "removal_balance_transaction_id", "created_by_id", "created_at",
    ],
    CreditConsumption: ["id", "grant_id", "balance_transaction_id", "invoice_id", "amount"],
    CreditNote: ["id", "stripe_id", "invoice_id", "amount", "reason", "status", "created", "synced_at"],
    CreditNoteLine: ["id", "credit_note_id", "product_key_id", "invoice_line_id", "amount"],
}


class ChunkRows:
    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.rows: dict[type[models.Model], list[tuple]] = {model: [] for model in COLUMNS}
        self._first = {model: ctx.ids(model._meta.label, 0).start for model in COLUMNS}
        self._next = dict(self._first)
        self.tags: dict[int, set[str]] = defaultdict(set)

    def next_id(self, model: type[models.Model]) -> int:
        pk = self._next[model]
        self._next[model] = pk + 1
        return pk

    def add(self, model: type[models.Model], row: tuple) -> None:
        self.rows[model].append(row)

    def flush(self) -> None:
        writer = self.ctx.writer
        for model, columns in COLUMNS.items():
            used = self._next[model] - self._first[model]
            claimed = self.ctx.ids(model._meta.label, used)
            if claimed.start != self._first[model]:
                raise RuntimeError(f"{model.__name__}: ids were taken while this chunk was rendered")
            if self.rows[model]:
                writer.write(model, columns, self.rows[model])
            self.rows[model] = []
