"""Set-wise invoice, contract and cancellation loaders (quota's recompute, issue 14)."""

from django.db import models
from django.db.models import QuerySet

# --- Set-wise loaders for quota's recompute (issue 14): one query each, whatever the number of
# accounts. An invoice belongs to an account through its Stripe customer's billing customer.

QUOTA_CONTRACT_STATUSES = ("ACTIVE", "EXPIRED", "RENEWED")  # quota.md Q-9


def _finalized_usage_invoices(account_ids):
    """QD-3: finalized (open/paid) invoices; credit-purchase invoices buy credits, not usage."""
    from ..models import Invoice, InvoicePurpose

    return Invoice.objects.filter(
        stripe_customer__billing_customer__account_id__in=list(account_ids),
        status__in=Invoice.FINALIZED_STATUSES,
    ).exclude(purpose=InvoicePurpose.CREDIT_PURCHASE)


def invoices_for_accounts(account_ids, *, first_day, last_day) -> list[dict]:
    """Finalized usage invoices whose `period_start` falls in [first_day, last_day] (QD-25)."""
    return list(
        _finalized_usage_invoices(account_ids)
        .filter(period_start__gte=first_day, period_start__lte=last_day)
        .order_by("period_start", "id")
        .values(
            "id", "number", "stripe_id", "period_start", "amount_due", "paid_at", "status",
            account_id=models.F("stripe_customer__billing_customer__account_id"),
        )
    )


def invoice_lines_for_accounts(account_ids, *, first_day, last_day) -> list:
    """The lines of `invoices_for_accounts`' invoices: product key (None = unmapped) and net amount."""
    from ..models import InvoiceLine

    invoices = _finalized_usage_invoices(account_ids).filter(
        period_start__gte=first_day, period_start__lte=last_day
    )
    return list(
        InvoiceLine.objects.filter(invoice__in=invoices)
        .order_by("invoice_id", "id")
        .values("invoice_id", "product_key_id", "net_amount")
    )


def invoice_history_for_accounts(account_ids, *, paid_before) -> dict[int, dict]:
    """Per account: the first invoice's `period_start` (Q-5's k) and the number of invoices paid
    before the datetime `paid_before` (C-5's lifetime paid invoices, whoever owned the account)."""
    rows = (
        _finalized_usage_invoices(account_ids)
        .values(account_id=models.F("stripe_customer__billing_customer__account_id"))
        .annotate(
            first_period_start=models.Min("period_start"),
            paid_count=models.Count("id", filter=models.Q(status="paid", paid_at__lt=paid_before)),
        )
        .order_by()
    )
    return {row["account_id"]: row for row in rows}


def sales_contracts_for_accounts(account_ids, *, extra_fields=()) -> list[dict]:
    """quota.md Q-9: SALES_CONTRACT credit purchases (ACTIVE, EXPIRED, RENEWED) of the accounts.

    `extra_fields` lets a right-hand app read its own relations to a purchase in the same query.
    """
    from ..models import CreditPurchase, CreditPurchaseSource

    return list(
        CreditPurchase.objects.filter(
            billing_customer__account_id__in=list(account_ids),
            source=CreditPurchaseSource.SALES_CONTRACT,
            status__in=QUOTA_CONTRACT_STATUSES,
        )
        .order_by("start_date", "id")
        .values(
            "id", "start_date", "end_date", "credit_amount", "term_months", *extra_fields,
            account_id=models.F("billing_customer__account_id"),
        )
    )


def cancellations_for_accounts(account_ids, *, first_day, last_day) -> list:
    """Cancelled subscriptions whose `canceled_at` falls in [first_day, last_day] (quota.md Q-7)."""
    from ..models import Subscription, SubscriptionStatus

    return list(
        Subscription.objects.filter(
            stripe_customer__billing_customer__account_id__in=list(account_ids),
            status=SubscriptionStatus.CANCELED,
            canceled_at__date__gte=first_day,
            canceled_at__date__lte=last_day,
        )
        .order_by("canceled_at")
        .values("canceled_at", account_id=models.F("stripe_customer__billing_customer__account_id"))
    )


def account_ids_with_invoices() -> QuerySet:
    """Accounts that have a billing customer (the ones quota's month figures can exist for)."""
    from ..models import BillingCustomer

    return (
        BillingCustomer.objects.filter(account_id__isnull=False)
        .values_list("account_id", flat=True)
        .distinct()
        .order_by("account_id")
    )


def account_id_for_invoice(invoice_id: int) -> int | None:
    from ..models import Invoice

    return (
        Invoice.objects.filter(pk=invoice_id)
        .values_list("stripe_customer__billing_customer__account_id", flat=True)
        .first()
    )


def account_id_for_stripe_customer(stripe_customer_id: int) -> int | None:
    from ..models import StripeCustomer

    return (
        StripeCustomer.objects.filter(pk=stripe_customer_id)
        .values_list("billing_customer__account_id", flat=True)
        .first()
    )
