"""Database fixtures for the pipeline tests: accounts with a usage history."""

from datetime import date, timedelta
from decimal import Decimal

from accounts.models import AccountDailyMetrics
from tests.factories import AccountFactory, UserFactory

AS_OF = date(2026, 11, 18)  # a Wednesday; its week starts 2026-11-16
WEEK = date(2026, 11, 16)
LAST_WEEK = date(2026, 11, 9)


def metrics(
    account,
    *,
    until: date = AS_OF,
    days: int = 130,
    users: int = 12,
    events: int = 1000,
    products: dict | None = None,
) -> None:
    usage = products if products is not None else {"session_replay": {"recordings_captured": 10}}
    AccountDailyMetrics.objects.bulk_create(
        [
            AccountDailyMetrics(
                account=account,
                date=until - timedelta(days=n),
                event_count=events,
                active_users_30d=users,
                product_usage=usage,
            )
            for n in range(days)
        ]
    )


def set_users(account, users: int, on: date) -> None:
    AccountDailyMetrics.objects.update_or_create(
        account=account,
        date=on,
        defaults={
            "event_count": 1000,
            "active_users_30d": users,
            "product_usage": {"session_replay": {"recordings_captured": 10}},
        },
    )


def account_with_usage(*, users: int = 12, owner=None, **kwargs):
    account = AccountFactory(arr=Decimal("30000.00"), owner=owner or UserFactory(role="tam"), **kwargs)
    metrics(account, users=users)
    return account
