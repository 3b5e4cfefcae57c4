"""`billing.compute_monthly_revenue`: MonthlyRevenue per customer, month and product, and the
accounts' commercial mrr/arr from it (B-2…B-11, B-16; §5: delete-and-insert per customer and
month in one transaction)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Account
from billing.engine import add_months, classify_month, month_of, month_revenue
from billing.engine.mrr import UNMAPPED, MonthRevenue
from billing.models import MonthlyRevenue

from .facts import billing_facts, credit_shares, discount_for, months_between, usage_invoices
from .loaders import CustomerData, load_chunk
from .writes import insert_rows, update_rows

COLUMNS = (
    "billing_customer_id",
    "month",
    "product_key_id",
    "configuration",
    "mrr",
    "tax",
    "usage_gross",
    "credits_applied",
    "source",
    "mrr_adjusted",
    "is_provisional",
    "is_forecast",
    "explanation",
    "computed_at",
)
ZERO = Decimal("0.00")


def default_months(as_of: date) -> list[date]:
    """§5: months [current-2 … current]."""
    current = month_of(as_of)
    return [add_months(current, k) for k in (-2, -1, 0)]


def customer_months(cd: CustomerData, as_of: date) -> list[date]:
    """Backfill: from the customer's first invoice or purchase month to the current month."""
    starts = [inv["period_start"] for inv in cd.invoices] + [p["start_date"] for p in cd.purchases]
    return months_between(min(starts), as_of) if starts else []


def revenue_of(cd: CustomerData, months: list[date]) -> list[MonthRevenue]:
    invoices = usage_invoices(cd)
    facts = billing_facts(cd, invoices)
    shares = credit_shares(cd)
    by_month: dict[date, list] = {}
    for inv in invoices:
        by_month.setdefault(inv.service_month, []).append(inv)
    result = []
    for month in months:
        configuration, why = classify_month(month, facts)
        result.append(
            month_revenue(
                month,
                configuration,
                by_month.get(month, []),
                credit_share=shares.get(month, ZERO),
                discount_percent=discount_for(cd, month),
                why=why,
            )
        )
    return result


@dataclass
class RevenueStats:
    customers: int = 0
    rows: int = 0
    accounts: int = 0


def compute_chunk(customer_ids: list[int], *, as_of: date, backfill: bool = False) -> RevenueStats:
    """Fixed queries per chunk: the loaders' 10, one delete, one insert, one accounts update."""
    # The nightly window needs only its months' usage invoices; a backfill reads them all.
    data = load_chunk(
        customer_ids, as_of=as_of, invoices_since=None if backfill else default_months(as_of)[0]
    )
    now = timezone.now()
    rows: list[Any] = []
    months_of_customer: dict[int, list[date]] = {}
    last_complete = add_months(month_of(as_of), -1)
    account_mrr: dict[int, Decimal] = {}
    for cid, cd in data.items():
        months = customer_months(cd, as_of) if backfill else default_months(as_of)
        months_of_customer[cid] = months
        for rev in revenue_of(cd, months):
            explanation = dict(rev.explanation)
            if rev.unmapped:
                explanation["unmapped"] = str(rev.unmapped)  # B-12: counted in the total, not a product row
            rows.append(
                (
                    cid,
                    rev.month,
                    None,
                    rev.configuration,
                    rev.total,
                    rev.tax,
                    sum(rev.usage_gross.values(), ZERO),
                    rev.credits_applied,
                    rev.source,
                    None,
                    False,
                    False,
                    explanation,
                    now,
                )
            )
            for key, amount in rev.products.items():
                if key == UNMAPPED:
                    continue
                rows.append(
                    (
                        cid,
                        rev.month,
                        key,
                        rev.configuration,
                        amount,
                        ZERO,
                        rev.usage_gross.get(key, ZERO),
                        ZERO,
                        rev.source,
                        None,
                        False,
                        False,
                        {"rules": explanation.get("rules", [])},
                        now,
                    )
                )
            if rev.month == last_complete and cd.customer["account_id"]:
                account = cd.customer["account_id"]
                account_mrr[account] = account_mrr.get(account, ZERO) + rev.total
    all_months = sorted({m for months in months_of_customer.values() for m in months})
    with transaction.atomic():
        # Delete-and-insert per (customer, month): a rerun writes the same rows (idempotent).
        stale = MonthlyRevenue.objects.filter(billing_customer_id__in=list(data), month__in=all_months)
        if backfill:
            stale = MonthlyRevenue.objects.filter(billing_customer_id__in=list(data))
        stale.delete()
        insert_rows(MonthlyRevenue, COLUMNS, rows)
        accounts = update_account_figures(account_mrr)
    return RevenueStats(len(data), len(rows), accounts)


def update_account_figures(account_mrr: dict[int, Decimal]) -> int:
    """B-16: accounts.Account.mrr = raw total of the last complete month, arr = mrr x 12.

    A documented set-wise write into accounts' billing-owned commercial fields (they are
    "written by the billing sync, read-only on account pages"): one executemany, no per-row
    history — the figures' history is MonthlyRevenue itself.
    """
    return update_rows(
        Account,
        "id",
        ("mrr", "arr"),
        [(mrr, mrr * 12, account_id) for account_id, mrr in sorted(account_mrr.items())],
    )
