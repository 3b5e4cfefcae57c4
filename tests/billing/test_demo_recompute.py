"""Billing's registered demo recompute (`billing.demo.recompute`): the real jobs on the default
300-account demo give every configuration's MRR and CreditBot alerts in all three scenarios,
with history, and running it again changes nothing (idempotent)."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from accounts.demo.context import DemoContext
from accounts.models import Notification
from billing import demo
from billing.models import BillingConfiguration, CreditRunway, MonthlyRevenue
from config.bulk import BulkWriter

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 30)


def test_the_demo_shows_every_configuration_and_all_three_scenarios():
    call_command("seed_demo", accounts=300, seed=1, as_of=AS_OF, quiet_census=True, stdout=io.StringIO())
    configurations = set(
        MonthlyRevenue.objects.filter(product_key__isnull=True).values_list("configuration", flat=True)
    )
    assert configurations == set(BillingConfiguration.values)
    alerted = set(
        CreditRunway.objects.exclude(alerted_scenario="").values_list("alerted_scenario", flat=True)
    )
    assert alerted == {"FIRST_HALF", "BETWEEN", "LAST_TWO_MONTHS"}
    days = CreditRunway.objects.values("as_of").distinct().count()
    assert days == len(demo.creditbot_history_days(AS_OF)) and days > 50  # a year of history
    sent = Notification.objects.filter(kind="creditbot").count()
    assert sent > 0  # the as-of day's new episodes
    fields = (
        "billing_customer_id",
        "as_of",
        "run_out_date",
        "scenario",
        "alert_state",
        "alerted_run_out_date",
    )
    before = sorted(CreditRunway.objects.values_list(*fields), key=str)
    revenue = sorted(
        MonthlyRevenue.objects.values_list("billing_customer_id", "month", "product_key_id", "mrr"), key=str
    )
    ctx = DemoContext(seed=1, as_of=AS_OF, months=24, accounts=300, writer=BulkWriter())
    demo.recompute(ctx)
    assert sorted(CreditRunway.objects.values_list(*fields), key=str) == before
    assert (
        sorted(
            MonthlyRevenue.objects.values_list("billing_customer_id", "month", "product_key_id", "mrr"),
            key=str,
        )
        == revenue
    )
    assert Notification.objects.filter(kind="creditbot").count() == sent  # nothing sent twice
