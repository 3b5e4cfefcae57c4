"""billing.creditbot: CreditRunway per customer and day, alerts through notify() (B-27…B-31, D-18)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification
from billing import jobs, services
from billing.jobs import creditbot
from billing.models import CreditRunway
from tests.billing.builders import at, customer, enterprise
from tests.factories import CreditPurchaseFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
EXAMPLE = ["10000.00", "10000.00", "14880.00", "14400.00", "14880.00"]  # contracts.md's invoices
JUNE_10 = date(2025, 6, 10)


def reading(bc, day=JUNE_10) -> CreditRunway:
    return CreditRunway.objects.get(billing_customer=bc, as_of=day)


def alerts(user) -> int:
    return Notification.objects.filter(recipient=user, kind="creditbot").count()


def test_it_stores_the_contract_examples_runway_and_alerts_the_owner_once_b27_b28_b31():
    bc, _party, purchase = enterprise(monthly=EXAMPLE)
    jobs.run_creditbot(as_of=JUNE_10)
    row = reading(bc)
    assert (row.available_credit, row.daily_burn, row.runway_days, row.run_out_date) == (
        D("55840.00"),
        D("480.00"),
        107,
        date(2025, 9, 25),
    )
    assert (row.term_start, row.term_end, row.scenario, row.alert_state) == (
        date(2025, 1, 1),
        date(2026, 1, 1),
        "BETWEEN",
        "OPEN",
    )
    assert row.action == {"kind": "new_order_form", "start": "2025-09-01", "term_months": 12}
    assert row.credit_purchase == purchase and "B-31" in row.explanation["rules"]
    owner = bc.account.owner
    [note] = Notification.objects.filter(recipient=owner, kind="creditbot")
    assert "2025-09-25" in note.text and "107 days" in note.text and "2026-01-01" in note.text
    assert "new 12-month order form starting 2025-09-01" in note.text
    jobs.run_creditbot(as_of=JUNE_10)  # a rerun of the same day: same row, nothing sent twice
    assert CreditRunway.objects.filter(billing_customer=bc).count() == 1 and alerts(owner) == 1


def _next_day(bc, party, *, earlier_by: int):
    party.balance += (
        D(480) * earlier_by
    )  # less credit (Stripe sign); 480 a day of burn: the run-out moves that many days earlier
    party.save()
    jobs.run_creditbot(as_of=JUNE_10 + timedelta(days=1))
    return reading(bc, JUNE_10 + timedelta(days=1))


def test_it_does_not_re_alert_when_the_run_out_moves_13_days_earlier_d18():
    bc, party, _ = enterprise(monthly=EXAMPLE)
    jobs.run_creditbot(as_of=JUNE_10)
    row = _next_day(bc, party, earlier_by=13)
    assert row.run_out_date == date(2025, 9, 12) and row.alerted_run_out_date == date(2025, 9, 25)
    assert alerts(bc.account.owner) == 1


def test_it_re_alerts_when_the_run_out_moves_14_days_earlier_d18():
    bc, party, _ = enterprise(monthly=EXAMPLE)
    jobs.run_creditbot(as_of=JUNE_10)
    row = _next_day(bc, party, earlier_by=14)
    assert row.run_out_date == date(2025, 9, 11) and row.alerted_run_out_date == date(2025, 9, 11)
    assert row.alert_state == "OPEN" and alerts(bc.account.owner) == 2


def test_it_keeps_an_acknowledged_alert_quiet_until_it_re_alerts_d18():
    bc, party, _ = enterprise(monthly=EXAMPLE)
    jobs.run_creditbot(as_of=JUNE_10)
    services.credit_runway_acknowledge(runway=reading(bc), acting_user=bc.account.owner)
    jobs.run_creditbot(as_of=JUNE_10)  # a rerun keeps the acknowledgement
    assert reading(bc).alert_state == "ACKNOWLEDGED"
    assert _next_day(bc, party, earlier_by=2).alert_state == "ACKNOWLEDGED"


def test_it_resolves_when_the_run_out_reaches_the_term_end_d18():
    bc, party, _ = enterprise(monthly=EXAMPLE)
    jobs.run_creditbot(as_of=JUNE_10)
    party.balance = D("-200000.00")
    party.save()
    jobs.run_creditbot(as_of=JUNE_10 + timedelta(days=1))
    row = reading(bc, JUNE_10 + timedelta(days=1))
    assert row.scenario == "NONE" and row.alert_state == "RESOLVED" and alerts(bc.account.owner) == 1


def test_it_resolves_when_credit_is_added_d18(django_capture_on_commit_callbacks):
    bc, _party, _ = enterprise(monthly=EXAMPLE)
    jobs.run_creditbot(as_of=JUNE_10)
    admin = UserFactory(role="revops_admin")
    with django_capture_on_commit_callbacks(execute=False):
        services.credit_grant_create(
            billing_customer=bc, kind="EXPANSION", amount=D("5000.00"), notes="top up", acting_user=admin
        )
    from billing.models import CreditGrant

    CreditGrant.objects.filter(kind="EXPANSION").update(created_at=at(JUNE_10 + timedelta(days=1)))
    jobs.run_creditbot(as_of=JUNE_10 + timedelta(days=1))
    assert reading(bc, JUNE_10 + timedelta(days=1)).alert_state == "RESOLVED"


def test_it_tags_the_revops_lead_when_the_account_has_no_owner_b28():
    lead = RoleAssignmentFactory(key="revops_lead", user=UserFactory(role="revops_admin")).user
    bc, _, _ = enterprise(monthly=EXAMPLE, owner=False)
    jobs.run_creditbot(as_of=JUNE_10)
    assert alerts(lead) == 1 and reading(bc).alert_state == "OPEN"


@pytest.mark.parametrize(
    ("monthly", "scenario", "kind"),
    [
        (["22000.00"] * 5, "FIRST_HALF", "expansion"),
        (EXAMPLE, "BETWEEN", "new_order_form"),
        (["10500.00"] * 5, "LAST_TWO_MONTHS", "renewal_bridge"),
        (["3000.00"] * 5, "NONE", None),
    ],
)
def test_it_stores_each_scenario_with_its_action_b29_b30_b31(monthly, scenario, kind):
    bc, _, _ = enterprise(monthly=monthly)
    jobs.run_creditbot(as_of=JUNE_10)
    row = reading(bc)
    assert row.scenario == scenario and (row.action or {}).get("kind") == kind


def test_it_says_insufficient_history_without_a_complete_month_b27():
    bc, _party = customer(balance="-50000.00")
    CreditPurchaseFactory(billing_customer=bc, start_date=date(2025, 6, 1))
    jobs.run_creditbot(as_of=JUNE_10)
    row = reading(bc)
    assert row.runway_days is None and row.run_out_date is None and row.burn_source == "none"
    assert row.explanation["insufficient_history"] is True and row.scenario == "NONE"


def test_it_skips_customers_without_credit_or_purchase():
    bc, _ = customer()
    jobs.run_creditbot(as_of=JUNE_10)
    assert not CreditRunway.objects.filter(billing_customer=bc).exists()


def _queries(count: int) -> int:
    ids = [enterprise(monthly=["3000.00"] * 5)[0].pk for _ in range(count)]
    with CaptureQueriesContext(connection) as captured:
        creditbot.run_chunk(ids, as_of=JUNE_10, fallback_recipients=[])
    return len(captured)


def test_its_queries_per_chunk_do_not_grow_with_the_chunk():
    # scope, 11 loads, previous, today, savepoint, delete, insert, release
    assert _queries(2) == _queries(12) == 18


def test_an_alert_costs_only_its_notification():
    ids = [enterprise(monthly=EXAMPLE)[0].pk for _ in range(3)]
    with CaptureQueriesContext(connection) as captured:
        stats = creditbot.run_chunk(ids, as_of=JUNE_10, fallback_recipients=[])
    assert (
        stats.alerts == 3 and len(captured) == 18 + 1 + 3 * 3
    )  # + owners, + notify() each (savepoint, insert)
