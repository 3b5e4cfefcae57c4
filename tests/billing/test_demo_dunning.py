"""The demo's late payments (issue 20): both dunning jobs are registered with seed_demo; the
cases come from the generated overdue invoices and failed card attempts run through the jobs
(never inserted); the default demo shows every dunning step live on its as-of day, paused,
resolved and cancelled cases; and running the jobs again changes nothing."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from accounts.demo.context import DemoContext
from accounts.models import Notification
from billing import jobs
from billing.demo import dunning as demo_dunning
from billing.models import DunningCase, DunningEvent, DunningStep, PaymentAttempt, StripeWriteTask
from config.bulk import BulkWriter

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 30)


def snapshot():
    return (
        sorted(DunningCase.objects.values_list("pk", "status", "step", "next_step_due", "amount_overdue")),
        sorted(DunningStep.objects.values_list("case_id", "step", "due_on", "done_at")),
        DunningEvent.objects.count(),
        Notification.objects.filter(kind="dunning").count(),
    )


def test_the_demo_shows_every_dunning_step_from_generated_invoices_through_the_jobs():
    call_command("seed_demo", accounts=300, seed=1, as_of=AS_OF, quiet_census=True, stdout=io.StringIO())
    live = DunningCase.objects.filter(status__in=["OPEN", "PAUSED"])
    assert set(live.values_list("step", flat=True)) == {1, 2, 3, 4, 5}  # every step, live on the day
    assert set(DunningStep.objects.values_list("step", flat=True)) == {1, 2, 3, 4, 5}
    assert set(DunningCase.objects.values_list("status", flat=True)) == {
        "OPEN",
        "PAUSED",
        "RESOLVED",
        "CANCELLED",
    }
    assert StripeWriteTask.objects.filter(kind="cancel_subscription", status="pending").exists()  # B-67
    assert DunningCase.objects.exclude(suspended_on=None).exists()
    assert DunningEvent.objects.filter(kind="outreach").exists()
    assert DunningEvent.objects.filter(kind="payg_failure").exists()
    # Every case stands on its generated invoices: day 0 is the due date + 1 of one of them
    # (credit-based) or the first failed card attempt on one of them (PAYG).
    for case in DunningCase.objects.prefetch_related("invoices"):
        invoices = list(case.invoices.all())
        assert invoices, case
        if case.plan_kind == "CREDIT_BASED":
            assert case.day0 in {i.due_date + timedelta(days=1) for i in invoices if i.due_date}
        else:
            first = PaymentAttempt.objects.filter(invoice__in=invoices, succeeded=False).order_by(
                "attempted_at"
            )
            assert first.exists() and first.first().attempted_at.date() == case.day0
        assert DunningEvent.objects.filter(case=case, kind="opened", actor=None).exists()  # the job opened it
    # The as-of day's steps alerted their owners; past days are in the log, not re-sent.
    assert Notification.objects.filter(kind="dunning").exists()
    before = snapshot()
    jobs.detect_late_payments(as_of=AS_OF)
    jobs.dunning_scheduler(as_of=AS_OF)
    assert snapshot() == before
    # The registered recompute again (seed_demo's rerun path) changes nothing either.
    demo_dunning.recompute(DemoContext(seed=1, as_of=AS_OF, months=24, accounts=300, writer=BulkWriter()))
    assert snapshot() == before
    # An earlier day run again opens nothing new: paid and cancelled cases keep their invoices.
    jobs.detect_late_payments(as_of=AS_OF - timedelta(days=20))
    assert DunningCase.objects.count() == len(before[0])
