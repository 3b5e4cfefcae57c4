"""Cross-sell factories and a scenario builder for pipeline tests."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import AccountDailyMetrics
from crosssell.models import AccountSignalEvent, ComplianceScreen, ImplementationCheckItem

from .accounts import AccountFactory, ContactFactory, UserFactory


class AccountSignalEventFactory(DjangoModelFactory):
    class Meta:
        model = AccountSignalEvent

    account = factory.SubFactory(AccountFactory)
    type = "budget_constraint"
    occurred_on = dt.date(2025, 6, 1)


class ImplementationCheckItemFactory(DjangoModelFactory):
    class Meta:
        model = ImplementationCheckItem

    account = factory.SubFactory(AccountFactory)
    item = "no_reverse_proxy"
    status = "open"
    detected_by = "tam"


class ComplianceScreenFactory(DjangoModelFactory):
    class Meta:
        model = ComplianceScreen

    account = factory.SubFactory(AccountFactory)


AS_OF = dt.date(2025, 6, 16)


def usage_days(account, *, as_of=AS_OF, days=60, product_usage=None, event_count=1000, weekly=None):
    """`days` daily rows ending on `as_of` with the same product counters each day."""
    rows = []
    for back in range(days):
        day = as_of - dt.timedelta(days=back)
        events = event_count
        if weekly is not None:  # weekly totals, oldest first, spread over the last complete weeks
            monday = as_of - dt.timedelta(days=as_of.weekday()) - dt.timedelta(days=7 * len(weekly))
            index = (day - monday).days // 7
            events = weekly[index] // 7 if 0 <= index < len(weekly) else event_count
        rows.append(
            AccountDailyMetrics(
                account=account,
                date=day,
                event_count=events,
                active_users_30d=5,
                product_usage=product_usage or {},
            )
        )
    AccountDailyMetrics.objects.bulk_create(rows)


def scenario_account(*, as_of=AS_OF, titles=("Product Manager", "Product Designer"), seen=True, **usage):
    """An owned account with active org members by title and analytics usage."""
    owner = UserFactory(role="tam")
    account = AccountFactory(
        owner=owner,
        business_model=usage.pop("business_model", "B2C"),
        employee_count=usage.pop("employee_count", 20),
    )
    last_seen = dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.UTC) if seen else None
    for title in titles:
        ContactFactory(account=account, title=title, org_member=True, last_seen_at=last_seen)
    usage_days(account, as_of=as_of, product_usage=usage.pop("product_usage", None), **usage)
    return account
