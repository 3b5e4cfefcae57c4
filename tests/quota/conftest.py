"""Shared builders for the stored-quota tests: the handbook's Jan-Jun 2025 customer in a TAM's book."""

import datetime as dt

import pytest

from tests.factories import BookMembershipFactory, UserFactory, billed_account, invoice_with_lines

# quota.md Handbook example 1: one invoice a month, lines giving the paid-product counts.
HANDBOOK_MONTHS = [
    (dt.date(2025, 1, 1), {"product_analytics": "2300.00"}),
    (dt.date(2025, 2, 1), {"product_analytics": "2200.00"}),
    (dt.date(2025, 3, 1), {"product_analytics": "2500.00"}),
    (dt.date(2025, 4, 1), {"product_analytics": "2000.00", "session_replay": "700.00"}),
    (dt.date(2025, 5, 1), {"product_analytics": "2800.00"}),
    (dt.date(2025, 6, 1), {"product_analytics": "2000.00", "session_replay": "500.00", "feature_flags": "500.00"}),
]
AFTER_Q2_CUTOFF = dt.date(2025, 7, 20)


@pytest.fixture
def tam(db):
    return UserFactory(role="tam", name="Tess Amory")


def handbook_customer(tam, *, months=HANDBOOK_MONTHS, added_on=dt.date(2024, 12, 2), **membership):
    account, customer = billed_account()
    for period_start, lines in months:
        invoice_with_lines(customer, period_start, lines)
    BookMembershipFactory(account=account, tam=tam, added_on=added_on,
                          grace_until=added_on + dt.timedelta(days=90), **membership)
    return account, customer


@pytest.fixture
def handbook(tam):
    return handbook_customer(tam)
