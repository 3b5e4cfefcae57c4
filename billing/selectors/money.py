"""MRR, credit runway and My book columns (issue 19)."""



# --- Billing money I (issue 19): MRR, credit runway, My book columns -------------------------


def _last_complete_months(as_of, count: int) -> list:
    from ..engine import add_months, month_of

    current = month_of(as_of)
    return [add_months(current, -k) for k in range(count, 0, -1)]


RUNWAY_FRESH_DAYS = 7  # an older reading is stale: the customer left CreditBot's scope since


def latest_runways(*, as_of=None):
    """Each customer's latest CreditRunway on or before as_of and at most a week old (one query,
    any database): a customer whose credit is gone drops out of CreditBot's daily run."""
    from datetime import timedelta

    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from ..models import CreditRunway

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

    from ..models import MonthlyRevenue

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

    from ..models import MonthlyRevenue

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
    from ..models import MonthlyRevenue

    rows = MonthlyRevenue.objects.filter(billing_customer_id__in=list(customer_ids))
    return rows.order_by("month", "product_key")
