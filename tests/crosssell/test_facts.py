"""compute_facts' reads: product activity agrees with accounts' catalogue rule; spend is the
last full month's finalized net lines (D-8); people by D-1 families."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.engine import usage as usage_engine
from crosssell.engine.people import DEFAULT_FAMILY_RULES, families_for_title
from crosssell.facts_loader import USAGE_READS, _products, _scan, load_chunk
from tests.factories.billing import InvoiceFactory, InvoiceLineFactory, StripeCustomerFactory
from tests.factories.crosssell import AS_OF, scenario_account

COUNTERS = [(p, c) for p, names in usage_engine.PRODUCT_COUNTERS.items() for c in names]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 95), st.sampled_from(COUNTERS), st.integers(0, 3)), max_size=40),
       st.lists(st.integers(0, 95), max_size=5),
       st.frozensets(st.sampled_from(sorted(usage_engine.ACTIVE_RULES)), max_size=3))
def test_property_activity_matches_the_accounts_catalogue_rule(cells, event_days, paying):
    as_of = dt.date(2025, 6, 16)
    by_day: dict[int, dict] = {}
    for back, (product, counter), value in cells:
        by_day.setdefault(back, {}).setdefault(product, {})[counter] = value
    rows = [
        usage_engine.DayUsage(date=as_of - dt.timedelta(days=back), event_count=10 if back in event_days else 0,
                              product_usage=by_day.get(back, {}))
        for back in sorted(set(by_day) | set(event_days), reverse=True)
    ]
    expected = usage_engine.active_products(rows, as_of, usage_engine.ACTIVE_RULES, paying)
    facts = _products(_scan(rows, as_of), as_of, dict.fromkeys(paying), {}, as_of - dt.timedelta(days=90))
    assert {k for k, f in facts.items() if f.active and k in usage_engine.ACTIVE_RULES} == expected


def test_d1_families_from_titles():
    rules = DEFAULT_FAMILY_RULES
    assert families_for_title("Data Engineer", rules) == ("data",)  # data staff are not engineers
    assert families_for_title("ML Engineer", rules) == ("ai_ml", "engineering")
    assert set(families_for_title("VP Engineering", rules)) == {"engineering", "leadership"}
    assert families_for_title("Finance Manager", rules) == ("other",)
    assert families_for_title("Account Executive", rules) == ("sales",)


@pytest.mark.django_db
def test_spend_last_month_is_the_last_full_months_finalized_net_lines():
    """D-8 / quota Q-2: May's finalized invoices on 2025-06-16, net of discounts; drafts excluded."""
    from billing.models import Product
    from tests.factories.billing import BillingCustomerFactory

    account = scenario_account(product_usage={"session_replay": {"recordings_captured": 5}})
    customer = StripeCustomerFactory(billing_customer=BillingCustomerFactory(account=account))
    replay = Product.objects.get(key="session_replay")
    may = InvoiceFactory(stripe_customer=customer, period_start=dt.date(2025, 5, 1), period_end=dt.date(2025, 6, 1))
    InvoiceLineFactory(invoice=may, product_key=replay, amount=Decimal("300.00"), discount_amount=Decimal("50.00"))
    draft = InvoiceFactory(stripe_customer=customer, status="draft", number=None,
                           period_start=dt.date(2025, 5, 1), period_end=dt.date(2025, 6, 1))
    InvoiceLineFactory(invoice=draft, product_key=replay, amount=Decimal("999.00"))
    april = InvoiceFactory(stripe_customer=customer, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 5, 1))
    InvoiceLineFactory(invoice=april, product_key=replay, amount=Decimal("777.00"))
    facts = load_chunk([account.pk], AS_OF).facts[account.pk]
    assert facts.spend("session_replay") == Decimal("250.00")
    assert facts.active("session_replay") and facts.active("product_analytics")
    assert {g.families for g in facts.members} == {("product",)}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 95), st.sampled_from(sorted(USAGE_READS)),
                          st.integers(0, 9), st.integers(0, 50)), max_size=40),
       st.sampled_from([dt.date(2025, 6, 15), dt.date(2025, 6, 16), dt.date(2025, 6, 21)]))
def test_property_windows_match_the_accounts_usage_windows(cells, as_of):
    """The one-pass windows agree with accounts.engine.usage's trailing() and weekly_series()."""
    from crosssell.facts_loader import WEEKS, _windows

    by_day: dict[int, dict] = {}
    events: dict[int, int] = {}
    for back, (product, counter), value, count in cells:
        by_day.setdefault(back, {}).setdefault(product, {})[counter] = value
        events[back] = count
    rows = [
        usage_engine.DayUsage(date=as_of - dt.timedelta(days=back), event_count=events[back],
                              product_usage=by_day[back])
        for back in sorted(by_day, reverse=True)
    ]
    values, weekly = _windows(rows, as_of)
    for (product, counter), (days, _level) in USAGE_READS.items():
        assert values[(product, counter)] == usage_engine.trailing(rows, as_of, days).counter(product, counter)
    expected = [w.event_count for w in usage_engine.weekly_series(rows, as_of, WEEKS) if w.has_data]
    assert weekly == expected
