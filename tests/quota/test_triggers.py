"""What starts a quota recompute (quota.md Jobs): an invoice change on commit, the nightly beat
entry, `manage.py recompute_quota` and the demo's recompute hook."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from quota.models import AttainmentLine, MonthQuota, QuotaRun
from quota.signals import EnqueueRecompute, quarters_touched
from tests.factories import InvoiceLineFactory, ProductFactory, invoice_with_lines

from .conftest import AFTER_Q2_CUTOFF, handbook_customer

pytestmark = pytest.mark.django_db


def committed():
    """Take the setup as committed: the test's own transaction never commits, so its pending
    callbacks would otherwise still be waiting (and the signal dedupes against them)."""
    connection.run_on_commit.clear()


def test_it_names_the_quarters_an_invoice_month_counts_in():
    """Q-6: a month is ending ARR in its quarter and starting ARR in the next."""
    assert quarters_touched(dt.date(2025, 6, 1), dt.date(2025, 7, 20)) == ("2025-Q2", "2025-Q3")
    assert quarters_touched(dt.date(2025, 6, 1), dt.date(2025, 6, 20)) == ("2025-Q2",)
    assert quarters_touched(dt.date(2025, 12, 1), dt.date(2026, 1, 2)) == ("2025-Q4", "2026-Q1")


def quota_callbacks(callbacks) -> list:
    return [callback for callback in callbacks if isinstance(callback, EnqueueRecompute)]


@time_machine.travel(dt.datetime(2025, 7, 20, 9, tzinfo=dt.UTC), tick=False)
def test_it_recomputes_an_account_on_commit_when_its_invoice_changes(tam, django_capture_on_commit_callbacks):
    account, customer = handbook_customer(tam)
    committed()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invoice = invoice_with_lines(customer, dt.date(2025, 6, 10), {"surveys": "300.00", "logs": "250.00"})
    # one invoice and its two lines, saved in one transaction: one recompute, not three
    # (health queues its own recompute for the same invoice; count quota's)
    assert len(quota_callbacks(callbacks)) == 1
    line = AttainmentLine.objects.get(account=account, period__quarter=2)
    assert line.ending_arr == Decimal("38860.00")  # June: 3550 x 1.5 (5 paid) = 5325; 4 x (2430+1960+5325)
    runs = list(QuotaRun.objects.order_by("pk").values_list("trigger", "period__quarter", "account_count"))
    assert runs == [("invoice", 2, 1), ("invoice", 3, 1)]

    committed()
    with django_capture_on_commit_callbacks(execute=True):
        InvoiceLineFactory(invoice=invoice, product_key=ProductFactory(key="workflows"), amount=Decimal("10.00"))
    assert MonthQuota.objects.get(account=account, month=dt.date(2025, 6, 1)).invoice_amount == Decimal("3560.00")


@time_machine.travel(dt.datetime(2025, 7, 20, 9, tzinfo=dt.UTC), tick=False)
def test_it_recomputes_when_an_invoice_is_deleted(tam, django_capture_on_commit_callbacks):
    account, customer = handbook_customer(tam)
    call_command("recompute_quota", quarter="2025-Q2", today=AFTER_Q2_CUTOFF, stdout=io.StringIO())
    committed()
    june = customer.invoices.get(period_start=dt.date(2025, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        june.delete()
    line = AttainmentLine.objects.get(account=account, period__quarter=2)
    assert line.churned and line.ending_arr == Decimal("0.00")  # no invoice in the last month
    assert not MonthQuota.objects.filter(account=account, month=dt.date(2025, 6, 1)).exists()


def test_it_enqueues_nothing_until_commit(tam, django_capture_on_commit_callbacks):
    _account, customer = handbook_customer(tam)
    committed()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invoice_with_lines(customer, dt.date(2025, 6, 10), {"surveys": "300.00"})
    assert len(quota_callbacks(callbacks)) == 1 and not QuotaRun.objects.exists()


def test_it_schedules_the_nightly_attainment_at_two():
    entry = settings.CELERY_BEAT_SCHEDULE["quota-compute-attainment"]
    assert entry["task"] == "quota.compute_attainment"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {0}


@time_machine.travel(dt.datetime(2025, 7, 10, 2, tzinfo=dt.UTC), tick=False)
def test_the_nightly_task_runs_the_open_quarters(handbook):
    from quota.tasks import compute_attainment

    run_ids = compute_attainment.delay().get()
    assert list(QuotaRun.objects.filter(pk__in=run_ids).order_by("pk").values_list("trigger", "period__quarter")) == [
        ("nightly", 2), ("nightly", 3)]


def test_the_command_recomputes_a_quarter_and_reports_it(handbook):
    out = io.StringIO()
    call_command("recompute_quota", quarter="2025-Q2", today=AFTER_Q2_CUTOFF, chunk=1, stdout=out)
    assert "2025-Q2: 1 accounts in 1 chunk(s)" in out.getvalue()
    assert AttainmentLine.objects.get().adjusted_contribution == Decimal("11160.00")


@pytest.mark.parametrize(("options", "message"), [
    ({"quarter": "2025-Q5"}, "--quarter"), ({"quarter": "2025-Q2", "chunk": 0}, "--chunk"),
])
def test_the_command_names_a_bad_option(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("recompute_quota", stdout=io.StringIO(), **options)
