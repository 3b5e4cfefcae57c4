"""Reads of billing facts for other apps and pages."""

from django.db import models
from django.db.models import QuerySet

from .models import Product


def product_catalogue() -> QuerySet[Product]:
    return Product.objects.order_by("display_order", "key")


def product_keys() -> frozenset[str]:
    return frozenset(Product.objects.values_list("key", flat=True))


def quota_primary_product_keys() -> frozenset[str]:
    return frozenset(Product.objects.filter(is_quota_primary=True).values_list("key", flat=True))


def core_product_keys() -> frozenset[str]:
    return frozenset(Product.objects.filter(is_core=True).values_list("key", flat=True))


def adoption_product_keys() -> frozenset[str]:
    return frozenset(Product.objects.filter(counts_for_adoption=True).values_list("key", flat=True))


# --- Set-wise loaders for quota's recompute (issue 14): one query each, whatever the number of
# accounts. An invoice belongs to an account through its Stripe customer's billing customer.

QUOTA_CONTRACT_STATUSES = ("ACTIVE", "EXPIRED", "RENEWED")  # quota.md Q-9


def _finalized_usage_invoices(account_ids):
    """QD-3: finalized (open/paid) invoices; credit-purchase invoices buy credits, not usage."""
    from .models import Invoice, InvoicePurpose

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
    from .models import InvoiceLine

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
    from .models import CreditPurchase, CreditPurchaseSource

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
    from .models import Subscription, SubscriptionStatus

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
    from .models import BillingCustomer

    return (
        BillingCustomer.objects.filter(account_id__isnull=False)
        .values_list("account_id", flat=True)
        .distinct()
        .order_by("account_id")
    )


def account_id_for_invoice(invoice_id: int) -> int | None:
    from .models import Invoice

    return (
        Invoice.objects.filter(pk=invoice_id)
        .values_list("stripe_customer__billing_customer__account_id", flat=True)
        .first()
    )


def account_id_for_stripe_customer(stripe_customer_id: int) -> int | None:
    from .models import StripeCustomer

    return (
        StripeCustomer.objects.filter(pk=stripe_customer_id)
        .values_list("billing_customer__account_id", flat=True)
        .first()
    )

# --- Billing money I (issue 19): MRR, credit runway, My book columns -------------------------


def _last_complete_months(as_of, count: int) -> list:
    from .engine import add_months, month_of

    current = month_of(as_of)
    return [add_months(current, -k) for k in range(count, 0, -1)]


RUNWAY_FRESH_DAYS = 7  # an older reading is stale: the customer left CreditBot's scope since


def latest_runways(*, as_of=None):
    """Each customer's latest CreditRunway on or before as_of and at most a week old (one query,
    any database): a customer whose credit is gone drops out of CreditBot's daily run."""
    from datetime import timedelta

    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from .models import CreditRunway

    day = as_of or timezone.now().date()
    latest = CreditRunway.objects.filter(
        billing_customer=OuterRef("billing_customer"), as_of__lte=day
    ).order_by("-as_of").values("as_of")[:1]
    fresh = day - timedelta(days=RUNWAY_FRESH_DAYS)
    return CreditRunway.objects.filter(as_of=Subquery(latest), as_of__gt=fresh)


def book_columns(account_ids, *, as_of=None) -> dict[int, dict[str, object]]:
    """My book columns, in two queries: `mrr_6m` (the last six complete months' raw MRR, oldest
    first, Decimals, 0 where nothing was billed), `credit_runway_days` and `credit_run_out_on`
    (the latest CreditRunway; the earliest run-out when an account has several customers)."""
    from decimal import Decimal

    from django.utils import timezone

    from .models import MonthlyRevenue

    ids = list(account_ids)
    months = _last_complete_months(as_of or timezone.now().date(), 6)
    columns: dict[int, dict[str, object]] = {}

    def entry(account_id: int) -> dict[str, object]:
        return columns.setdefault(account_id, {
            "mrr_6m": [Decimal("0.00")] * 6, "credit_runway_days": None, "credit_run_out_on": None,
        })

    position = {month: i for i, month in enumerate(months)}
    for account_id, month, mrr in MonthlyRevenue.objects.filter(
        billing_customer__account_id__in=ids, product_key__isnull=True, month__in=months
    ).values_list("billing_customer__account_id", "month", "mrr"):
        series = entry(account_id)["mrr_6m"]
        series[position[month]] += mrr  # type: ignore[index]
    for account_id, days, run_out in latest_runways(as_of=as_of).filter(
        billing_customer__account_id__in=ids
    ).values_list("billing_customer__account_id", "runway_days", "run_out_date"):
        item = entry(account_id)
        if run_out is not None and (item["credit_run_out_on"] is None or run_out < item["credit_run_out_on"]):
            item["credit_run_out_on"], item["credit_runway_days"] = run_out, days
        elif item["credit_run_out_on"] is None and item["credit_runway_days"] is None:
            item["credit_runway_days"] = days
    return columns


def credit_runway_rows(*, as_of=None):
    """The Credit runway list (§6): customers' latest reading, soonest run-out first, with what
    the page shows loaded in the same query (owner, account, latest configuration)."""
    from django.db.models import F, OuterRef, Subquery

    from .models import MonthlyRevenue

    configuration = MonthlyRevenue.objects.filter(
        billing_customer=OuterRef("billing_customer"), product_key__isnull=True
    ).order_by("-month").values("configuration")[:1]
    return (
        latest_runways(as_of=as_of)
        .select_related("billing_customer__account__owner", "acknowledged_by")
        .annotate(configuration=Subquery(configuration))
        .order_by(F("run_out_date").asc(nulls_last=True), "billing_customer__name")
    )


def mrr_by_month(customer_ids, *, months: int | None = None):
    """MonthlyRevenue rows (total and per product) of the customers, oldest month first."""
    from .models import MonthlyRevenue

    rows = MonthlyRevenue.objects.filter(billing_customer_id__in=list(customer_ids))
    return rows.order_by("month", "product_key")

# --- issue 15 (pricing): the billing facts the revops pricing pages read -----------------------


def pricing_facts(account_id: int) -> dict:
    """One account's invoices, open invoices, remaining credit, legacy discount and active credit
    purchase, for self-serve eligibility (revops P-13), the quote builder's usage history and the
    commercial panel. Five queries whatever the history's length."""
    from django.db.models import Q

    from .models import CreditGrant, CreditPurchase, Discount, Invoice

    finalized = Invoice.objects.filter(
        stripe_customer__billing_customer__account_id=account_id, status__in=Invoice.FINALIZED_STATUSES
    )
    newest_first = finalized.order_by("-period_start", "-created")
    invoices = list(newest_first.values_list("period_start", "total", "status")[:24])
    open_invoices = finalized.filter(status="open").count()
    has_credits = CreditGrant.objects.filter(
        billing_customer__account_id=account_id, status__in=["PENDING", "APPLIED"], remaining__gt=0
    ).exists()
    legacy = Discount.objects.filter(
        Q(stripe_customer__billing_customer__account_id=account_id), active=True, percent_off=30
    ).exists()
    purchase = (
        CreditPurchase.objects.filter(billing_customer__account_id=account_id, status="ACTIVE")
        .order_by("-start_date")
        .values("start_date", "end_date", "first_half_end", "term_months", "credit_amount", "price",
                "annual_spend", "billing", "prepaid_years", "source")
        .first()
    )
    return {
        "invoices": invoices,  # (period_start, total, status), most recent first
        "open_invoices": open_invoices,
        "has_credits": has_credits,
        "legacy_discount": legacy,
        "active_purchase": purchase,
    }

# --- late payments, for health's payment signals (health.md L-1, L-2, D-26; billing.md B-34,
# B-35, D-22). Added by the health issue, at the end so billing's own edits merge cleanly.

from collections.abc import Iterable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, date, datetime, time, timedelta  # noqa: E402


@dataclass(frozen=True)
class LatePaymentFacts:
    account_id: int
    payment_late: bool = False  # L-1 / B-34: an invoiced (credit-based) invoice past due, unpaid
    late_day0: date | None = None  # due_date + 1 of the oldest such invoice
    payg_failed_attempts: int = 0  # L-2 / B-35: failed automatic attempts on an unpaid invoice, 0-4
    payg_day0: date | None = None  # the first failed attempt (D-22)
    # The first dunning outreach (DunningStep 1 done). Billing's DunningCase does not exist yet,
    # so this stays None and `payment_failed_unresponsive` cannot hold (D-11).
    dunning_outreach_on: date | None = None
    invoices: tuple[str, ...] = ()  # the late/failing invoices, by number or Stripe id

    @property
    def day0(self) -> date | None:
        days = [d for d in (self.late_day0, self.payg_day0) if d is not None]
        return min(days) if days else None


PAYG_MAX_ATTEMPTS = 4  # "After 4 failed payments we will stop attempting" (B-35)


def late_payment_facts(account_ids: Iterable[int], as_of: date) -> dict[int, LatePaymentFacts]:
    """Account id → its late-payment facts as of `as_of`; accounts with nothing late are missing.

    Day 0 (health.md D-26, billing.md D-22): credit-based (`send_invoice`) = due_date + 1 while
    amount_remaining > 0; pay-as-you-go (`charge_automatically`) = the first failed attempt. An
    invoice counts while unpaid on `as_of` (open now, or paid after it). Two queries for any
    number of accounts.
    """
    from django.db.models import Q

    from .models import CollectionMethod, Invoice, InvoiceStatus, PaymentAttempt

    ids = list(dict.fromkeys(account_ids))
    end_of_day = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    unpaid = (
        Invoice.objects.filter(stripe_customer__billing_customer__account_id__in=ids)
        .filter(Q(status=InvoiceStatus.OPEN) | Q(status=InvoiceStatus.PAID, paid_at__gte=end_of_day))
        .filter(created__lt=end_of_day, amount_remaining__gt=0)
        .values_list("pk", "stripe_customer__billing_customer__account_id", "number", "stripe_id",
                     "collection_method", "due_date")
    )
    late: dict[int, list[tuple[date, str]]] = {}
    auto: dict[int, tuple[int, str]] = {}
    for pk, account_id, number, stripe_id, method, due_date in unpaid:
        label = number or stripe_id
        if method == CollectionMethod.SEND_INVOICE:
            if due_date is not None and due_date + timedelta(days=1) <= as_of:
                late.setdefault(account_id, []).append((due_date + timedelta(days=1), label))
        else:
            auto[pk] = (account_id, label)
    failures: dict[int, dict[int, list[date]]] = {}
    if auto:
        attempts = PaymentAttempt.objects.filter(
            invoice_id__in=list(auto), succeeded=False, attempted_at__lt=end_of_day
        ).values_list("invoice_id", "attempted_at")
        for invoice_id, attempted_at in attempts:
            account_id = auto[invoice_id][0]
            failures.setdefault(account_id, {}).setdefault(invoice_id, []).append(attempted_at.date())
    result: dict[int, LatePaymentFacts] = {}
    for account_id in ids:
        overdue = sorted(late.get(account_id, []))
        failing = failures.get(account_id, {})
        if not overdue and not failing:
            continue
        worst = max(failing.values(), key=len, default=[])
        labels = [label for _, label in overdue] + [auto[pk][1] for pk in sorted(failing)]
        result[account_id] = LatePaymentFacts(
            account_id=account_id,
            payment_late=bool(overdue),
            late_day0=overdue[0][0] if overdue else None,
            payg_failed_attempts=min(len(worst), PAYG_MAX_ATTEMPTS),
            payg_day0=min((d for days in failing.values() for d in days), default=None),
            invoices=tuple(labels),
        )

# --- set-wise loaders for cross-sell facts (issue 18; additive) ------------------------------


def product_spend_for_month(account_ids, month):
    """Account id → {product key: Σ net line amounts} on the finalized invoices of one service
    month (quota Q-2's figure, crosssell.md D-8 `spend_last_month`); one query for any number of
    accounts. Unmapped lines (no product key) are left out; accounts with no lines are missing."""
    from collections import defaultdict
    from decimal import Decimal

    from django.db.models import Sum

    from .models import Invoice, InvoiceLine

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

    from .models import Invoice

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

    from .models import CreditPurchase

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
