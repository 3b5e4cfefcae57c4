"""Reads for people, alerts, ownership, books and usage. Set-wise loaders take account ids and
run a fixed number of queries whatever their number."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BigIntegerField, F, Max, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from .engine import usage
from .models import (
    Account,
    AccountDailyMetrics,
    AccountProduct,
    LeadMembership,
    Notification,
    User,
)


def notifications_for(*, user: User, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read=False).count()


def notification_inbox(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


# --- ownership -------------------------------------------------------------------------------

OWNER_FIELDS = ("owner", "overlay_tam", "account_executive", "onboarding_specialist")


@dataclass(frozen=True)
class AccountOwners:
    """The account's current owners; permissions' "own" means any of them (accounts.md §1.1)."""

    owner: User | None = None
    overlay_tam: User | None = None
    account_executive: User | None = None
    onboarding_specialist: User | None = None

    @property
    def users(self) -> list[User]:
        """Each owning user once, in OWNER_FIELDS order."""
        seen: dict[int, User] = {}
        for name in OWNER_FIELDS:
            user = getattr(self, name)
            if user is not None:
                seen.setdefault(user.pk, user)
        return list(seen.values())

    @property
    def user_ids(self) -> frozenset[int]:
        return frozenset(user.pk for user in self.users)


def _owners_of(account: Account) -> AccountOwners:
    return AccountOwners(**{name: getattr(account, name) for name in OWNER_FIELDS})


def account_owners(account: Account) -> AccountOwners:
    return _owners_of(account)


def owners_for(account_ids: Iterable[int]) -> dict[int, AccountOwners]:
    """Account id → owners, in one query."""
    accounts = Account.objects.filter(pk__in=list(account_ids)).select_related(*OWNER_FIELDS)
    return {account.pk: _owners_of(account) for account in accounts}


# --- book status (AM Managed = quota's open BookMembership; Leads = open LeadMembership) -----


@dataclass(frozen=True)
class BookStatus:
    account_id: int
    book_memberships: tuple = ()  # open quota.BookMembership rows, TAM loaded
    lead_memberships: tuple[LeadMembership, ...] = ()  # open LeadMembership rows, TAM loaded

    @property
    def am_managed(self) -> bool:
        return bool(self.book_memberships)

    @property
    def in_leads(self) -> bool:
        return bool(self.lead_memberships)

    @property
    def book_tam_ids(self) -> frozenset[int]:
        return frozenset(m.tam_id for m in self.book_memberships)

    @property
    def lead_tam_ids(self) -> frozenset[int]:
        return frozenset(m.tam_id for m in self.lead_memberships)


def book_status_for(account_ids: Iterable[int]) -> dict[int, BookStatus]:
    """Account id → AM Managed / Leads status, in two queries whatever the number of accounts."""
    from quota import selectors as quota_selectors  # quota sits right of accounts

    ids = list(dict.fromkeys(account_ids))
    books = quota_selectors.open_book_memberships(account_ids=ids)
    leads: dict[int, list[LeadMembership]] = {account_id: [] for account_id in ids}
    for lead in (
        LeadMembership.objects.filter(account_id__in=ids, closed_on__isnull=True)
        .select_related("tam")
        .order_by("added_on", "id")
    ):
        leads[lead.account_id].append(lead)
    return {
        account_id: BookStatus(
            account_id=account_id,
            book_memberships=tuple(books.get(account_id, ())),
            lead_memberships=tuple(leads[account_id]),
        )
        for account_id in ids
    }


def account_book_status(account: Account) -> BookStatus:
    return book_status_for([account.pk])[account.pk]


def core_products_paid_for(account_ids: Iterable[int]) -> dict[int, int]:
    """Account id → number of paying core products (0-3, accounts.md §1.2)."""
    from billing import selectors as billing_selectors  # billing sits right of accounts

    ids = list(dict.fromkeys(account_ids))
    counts = dict.fromkeys(ids, 0)
    paying = AccountProduct.objects.filter(
        account_id__in=ids, paying=True, product_key__in=billing_selectors.core_product_keys()
    ).values_list("account_id", flat=True)
    for account_id in paying:
        counts[account_id] += 1
    return counts


# --- usage windows from AccountDailyMetrics -------------------------------------------------
# Windows end on `as_of` and include it: the last N days are as_of - (N-1) … as_of
# (accounts.engine.usage). Each loader runs one query for any number of accounts.

_DAY_FIELDS = (
    "date", "event_count", "active_users_30d", "billing_page_views", "insight_dashboard_views",
    "logins", "warehouse_export_active", "product_usage",
)


def daily_usage_for(
    account_ids: Iterable[int], start: date, end: date
) -> dict[int, list[usage.DayUsage]]:
    """Account id → its rows dated `start` … `end`, oldest first (every id is a key)."""
    ids = list(dict.fromkeys(account_ids))
    result: dict[int, list[usage.DayUsage]] = {account_id: [] for account_id in ids}
    rows = (
        AccountDailyMetrics.objects.filter(account_id__in=ids, date__gte=start, date__lte=end)
        .order_by("account_id", "date")
        .values_list("account_id", *_DAY_FIELDS)
    )
    for account_id, *values in rows:
        day = usage.DayUsage(**dict(zip(_DAY_FIELDS, values, strict=True)))
        result[account_id].append(day)
    return result


def usage_windows_for(
    account_ids: Iterable[int], as_of: date, days: Iterable[int] = usage.WINDOW_DAYS
) -> dict[int, dict[int, usage.UsageWindow]]:
    """Account id → {N: the trailing N-day window ending on `as_of`} (default 7, 28 and 30)."""
    days = tuple(days)
    start, _ = usage.window_bounds(as_of, max(days))
    by_account = daily_usage_for(account_ids, start, as_of)
    return {
        account_id: {n: usage.trailing(rows, as_of, n) for n in days}
        for account_id, rows in by_account.items()
    }


def account_usage_windows(
    account: Account, as_of: date, days: Iterable[int] = usage.WINDOW_DAYS
) -> dict[int, usage.UsageWindow]:
    return usage_windows_for([account.pk], as_of, days)[account.pk]


def usage_weekly_for(
    account_ids: Iterable[int], as_of: date, weeks: int = 8, include_current: bool = False
) -> dict[int, list[usage.UsageWindow]]:
    """Account id → ISO-week totals, oldest first (complete weeks unless `include_current`)."""
    start = as_of - timedelta(days=7 * weeks + 6)
    by_account = daily_usage_for(account_ids, start, as_of)
    return {
        account_id: usage.weekly_series(rows, as_of, weeks, include_current)
        for account_id, rows in by_account.items()
    }


def usage_monthly_for(
    account_ids: Iterable[int], as_of: date, months: int = 6, include_current: bool = False
) -> dict[int, list[usage.UsageWindow]]:
    """Account id → calendar-month totals, oldest first (complete months unless
    `include_current`)."""
    start = (as_of.replace(day=1) - timedelta(days=31 * months)).replace(day=1)
    by_account = daily_usage_for(account_ids, start, as_of)
    return {
        account_id: usage.monthly_series(rows, as_of, months, include_current)
        for account_id, rows in by_account.items()
    }


def products_used_30d(account_ids: Iterable[int], as_of: date) -> dict[int, frozenset[str]]:
    """Account id → the `counts_for_adoption` products active as of `as_of` (spec README).

    "Active" is crosssell.md's catalogue rule over product_usage (30 days, experiments 90;
    group analytics also needs a paying add-on line). At most three queries for any number of
    accounts; the database aggregates: one GROUP BY row per account with, per rule counter, its
    largest value inside the rule's own window (`MAX(...) FILTER (WHERE date >= start)`), so no
    product_usage JSON is decoded in Python and rows older than 30 days are only read for the
    90-day rules.
    """
    from billing import selectors as billing_selectors  # billing sits right of accounts

    ids = list(dict.fromkeys(account_ids))
    keys = sorted(k for k in billing_selectors.adoption_product_keys() if k in usage.ACTIVE_RULES)
    plan_keys = [k for k in keys if usage.ACTIVE_RULES[k].needs_plan]
    paying: dict[int, set[str]] = {account_id: set() for account_id in ids}
    if plan_keys and ids:
        for account_id, key in AccountProduct.objects.filter(
            account_id__in=ids, product_key__in=plan_keys, paying=True
        ).values_list("account_id", "product_key"):
            paying[account_id].add(key)
    result: dict[int, frozenset[str]] = {account_id: frozenset() for account_id in ids}
    if not keys or not ids:
        return result
    aggregates, names = _rule_counter_aggregates(keys, as_of)
    start, _ = usage.window_bounds(as_of, usage.max_rule_days(keys))
    rows = (
        AccountDailyMetrics.objects.filter(account_id__in=ids, date__gte=start, date__lte=as_of)
        .order_by()
        .values("account_id")
        .annotate(**aggregates)
        .values_list("account_id", *aggregates)
    )
    for account_id, *peaks in rows:
        seen = {name for name, peak in zip(names, peaks, strict=True) if peak is not None and peak > 0}
        result[account_id] = frozenset(
            key
            for key in keys
            if _rule_met(key, seen) and (not usage.ACTIVE_RULES[key].needs_plan or key in paying[account_id])
        )
    return result


def _rule_counter_aggregates(keys: list[str], as_of: date) -> tuple[dict, list[tuple[str, str]]]:
    """`{alias: MAX(counter) FILTER (WHERE date in the rule's window)}` for each (product,
    counter) the rules of `keys` read, and the (product, counter) of each alias, in order."""
    aggregates: dict = {}
    names: list[tuple[str, str]] = []
    for key in keys:
        rule = usage.ACTIVE_RULES[key]
        start, _ = usage.window_bounds(as_of, rule.days)
        for counter in rule.counters:
            value: F | Cast = (
                F("event_count")
                if counter == usage.EVENT_COUNT
                else Cast(KT(f"product_usage__{key}__{counter}"), BigIntegerField())
            )
            aggregates[f"peak_{len(names)}"] = Max(value, filter=Q(date__gte=start))
            names.append((key, counter))
    return aggregates, names


def _rule_met(key: str, seen: set[tuple[str, str]]) -> bool:
    rule = usage.ACTIVE_RULES[key]
    hits = [(key, counter) in seen for counter in rule.counters]
    return all(hits) if rule.require_all else any(hits)
