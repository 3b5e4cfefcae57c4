"""Set-wise loaders for cross-sell facts (issue 18)."""



# --- set-wise loaders for cross-sell facts (issue 18; additive) ------------------------------


def product_spend_for_month(account_ids, month):
    """Account id → {product key: Σ net line amounts} on the finalized invoices of one service
    month (quota Q-2's figure, crosssell.md D-8 `spend_last_month`); one query for any number of
    accounts. Unmapped lines (no product key) are left out; accounts with no lines are missing."""
    from collections import defaultdict
    from decimal import Decimal

    from django.db.models import Sum

    from ..models import Invoice, InvoiceLine

    ids = list(dict.fromkeys(account_ids))
    result: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        InvoiceLine.objects.filter(
            invoice__stripe_customer__billing_customer__account_id__in=ids,
            invoice__service_month=month,
            invoice__status__in=Invoice.FINALIZED_STATUSES,
            product_key__isnull=False,
        )
        .values_list("invoice__stripe_customer__billing_customer__account_id", "product_key_id")
        .annotate(total=Sum("net_amount"))
        .order_by()
    )
    for account_id, key, total in rows:
        result[account_id][key] = (total or Decimal("0")).quantize(Decimal("0.01"))
    return dict(result)


def first_paid_invoice_dates(account_ids):
    """Account id → the date of its first paid invoice (D-13 `paid_start` for monthly billing)."""
    from django.db.models import Min

    from ..models import Invoice

    ids = list(dict.fromkeys(account_ids))
    rows = (
        Invoice.objects.filter(
            stripe_customer__billing_customer__account_id__in=ids, paid_at__isnull=False,
            amount_paid__gt=0,
        )
        .values_list("stripe_customer__billing_customer__account_id")
        .annotate(first=Min("paid_at"))
        .order_by()
    )
    return {account_id: first.date() for account_id, first in rows}


def active_prepaid_contracts(account_ids, as_of):
    """Account id → (start, inclusive end) of the active prepaid contract in force on `as_of`."""
    from datetime import timedelta

    from ..models import CreditPurchase

    ids = list(dict.fromkeys(account_ids))
    result = {}
    rows = (
        CreditPurchase.objects.filter(
            billing_customer__account_id__in=ids, status="ACTIVE",
            start_date__lte=as_of, end_date__gt=as_of,
        )
        .values_list("billing_customer__account_id", "start_date", "end_date")
        .order_by("billing_customer__account_id", "start_date")
    )
    for account_id, start, end in rows:
        result[account_id] = (start, end - timedelta(days=1))  # end_date is exclusive
    return result
