"""`billing.detect_late_payments` and `billing.dunning_scheduler` (billing.md §5, B-34…B-39, B-67):
cases opened and advanced day by day, alerts once each, idempotent reruns, fixed queries per chunk."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification
from billing import dunning_services as services
from billing import jobs
from billing.models import (
    DunningCase,
    DunningEvent,
    DunningStatus,
    DunningStep,
    StripeWriteTask,
)
from billing.selectors import late_payment_facts
from tests.billing.builders import customer
from tests.factories import (
    InvoiceFactory,
    PaymentAttemptFactory,
    RoleAssignmentFactory,
    SubscriptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def invoiced(party, *, due: date, amount="2400.00", start=date(2026, 10, 1), paid: date | None = None, **kw):
    """A credit-based (send_invoice) invoice, unpaid unless `paid`."""
    return InvoiceFactory(
        stripe_customer=party,
        collection_method="send_invoice",
        status="paid" if paid else "open",
        period_start=start,
        period_end=start + timedelta(days=30),
        total=D(amount),
        subtotal=D(amount),
        amount_due=D(amount),
        amount_paid=D(amount) if paid else D("0.00"),
        amount_remaining=D("0.00") if paid else D(amount),
        due_date=due,
        created=noon(due - timedelta(days=30)),
        paid_at=noon(paid) if paid else None,
        **kw,
    )


def carded(party, *, failures: list[date], amount="830.00", start=date(2026, 10, 1), **kw):
    """A pay-as-you-go (charge_automatically) invoice whose card payments failed on these days."""
    inv = InvoiceFactory(
        stripe_customer=party,
        collection_method="charge_automatically",
        status="open",
        period_start=start,
        period_end=start + timedelta(days=31),
        total=D(amount),
        subtotal=D(amount),
        amount_due=D(amount),
        amount_paid=D("0.00"),
        amount_remaining=D(amount),
        due_date=None,
        created=noon(failures[0]) - timedelta(hours=2),
        paid_at=None,
        attempt_count=len(failures),
        **kw,
    )
    for n, day in enumerate(failures, start=1):
        PaymentAttemptFactory(
            invoice=inv,
            attempt_number=n,
            attempted_at=noon(day),
            succeeded=False,
            amount=D(amount),
            failure_message="Your card was declined.",
        )
    return inv


def pay(inv, day: date) -> None:
    inv.status, inv.paid_at = "paid", noon(day)
    inv.amount_paid, inv.amount_remaining = inv.amount_due, D("0.00")
    inv.save()


def run(day: date, **kw) -> None:
    jobs.detect_late_payments(as_of=day, **kw)
    jobs.dunning_scheduler(as_of=day, **kw)


def state():
    return (
        sorted(
            DunningCase.objects.values_list(
                "pk",
                "status",
                "step",
                "next_step",
                "next_step_due",
                "amount_overdue",
                "paused_days",
                "consecutive_missed_periods",
            )
        ),
        sorted(DunningStep.objects.values_list("case_id", "step", "due_on")),
        DunningEvent.objects.count(),
        Notification.objects.count(),
        DunningCase.history.count(),
        DunningStep.history.count(),
    )


def test_b34_b36_b37_credit_based_case_opens_on_day0_and_alerts_the_owner_once():
    bc, party = customer()
    invoiced(party, due=date(2026, 11, 1))
    run(date(2026, 11, 1))
    assert not DunningCase.objects.exists()  # the due date itself is not late
    run(date(2026, 11, 2))
    case = DunningCase.objects.get()
    assert (case.plan_kind, case.day0, case.amount_overdue) == (
        "CREDIT_BASED",
        date(2026, 11, 2),
        D("2400.00"),
    )
    owner = bc.account.owner
    assert case.responsible == owner and list(case.tagged.all()) == [owner]
    assert case.step == 1 and case.next_step == 2 and case.next_step_due == date(2026, 11, 8)
    assert list(DunningStep.objects.values_list("step", "due_on")) == [(1, date(2026, 11, 2))]
    alert = Notification.objects.get(kind="dunning")
    assert alert.recipient == owner and "Step 1" in alert.text and "B-36" in alert.text
    assert case.history.count() >= 1  # audited
    before = state()
    run(date(2026, 11, 2))  # idempotent: the rerun changes nothing and sends nothing
    assert state() == before


def test_b37_b38_credit_based_day_by_day_with_a_pause_and_a_payment_midway():
    bc, party = customer()
    inv = invoiced(party, due=date(2026, 11, 1))
    owner = bc.account.owner
    for offset in range(0, 6):
        run(date(2026, 11, 2) + timedelta(days=offset))
    case = DunningCase.objects.get()
    services.dunning_outreach_log(
        case=case,
        note="Emailed finance with the PDF",
        channel="email",
        acting_user=owner,
        at=noon(date(2026, 11, 2)),
    )
    services.dunning_case_pause(
        case=case, days=3, reason="PO being raised", acting_user=owner, at=noon(date(2026, 11, 7))
    )
    case.refresh_from_db()
    assert case.status == DunningStatus.PAUSED and case.pause_reason == "PO being raised"
    assert case.next_step == 2 and case.next_step_due == date(2026, 11, 11)  # day 6 + 3
    for offset in range(6, 11):
        run(date(2026, 11, 2) + timedelta(days=offset))
    case.refresh_from_db()
    steps = dict(DunningStep.objects.values_list("step", "due_on"))
    assert steps == {1: date(2026, 11, 2), 2: date(2026, 11, 11), 3: date(2026, 11, 12)}
    assert case.status == DunningStatus.OPEN and case.paused_days == 3 and case.step == 3
    services.dunning_step_mark_done(
        case=case, step=3, note="Active = No in Django admin", acting_user=owner, at=noon(date(2026, 11, 12))
    )
    pay(inv, date(2026, 11, 15))
    run(date(2026, 11, 15))
    case.refresh_from_db()
    assert case.status == DunningStatus.RESOLVED and case.suspended_on == date(2026, 11, 12)
    assert case.reenable_required  # B-38: suspended, so re-enable user access
    assert Notification.objects.filter(kind="dunning", text__contains="re-enable user access").count() == 1
    assert not DunningStep.objects.filter(step__gte=4).exists()
    before = state()
    run(date(2026, 11, 16))
    assert state() == before
    facts = late_payment_facts([bc.account_id], date(2026, 11, 13))[bc.account_id]
    assert facts.dunning_outreach_on == date(2026, 11, 2) and facts.dunning_step == 3
    assert facts.access_suspended_on == date(2026, 11, 12) and facts.plan_kind == "CREDIT_BASED"


def test_b35_payg_case_day0_is_the_first_failure_and_each_failure_alerts_once():
    _bc, party = customer()
    days = [date(2026, 11, 3), date(2026, 11, 6), date(2026, 11, 8), date(2026, 11, 10)]
    inv = carded(party, failures=days)
    for day in (
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 6),
        date(2026, 11, 8),
        date(2026, 11, 10),
    ):
        run(day)
        run(day)  # a second run the same day sends nothing new
    case = DunningCase.objects.get()
    assert case.plan_kind == "PAYG" and case.day0 == date(2026, 11, 3)
    failures = DunningEvent.objects.filter(kind="payg_failure").order_by("on")
    assert [e.on for e in failures] == days and [e.key for e in failures][-1] == f"payg:{inv.pk}:4"
    assert "after 4 failed payments" in failures.last().note
    texts = list(Notification.objects.filter(kind="dunning").values_list("text", flat=True))
    assert sum("Card payment" in t for t in texts) == 4
    # 11-10 is day 7: the warning of day 6 (11-09, no run that day) and the suspension both fall due.
    assert sum("Step 1" in t for t in texts) == 1 and sum("Step 2" in t for t in texts) == 1
    assert dict(DunningStep.objects.filter(case=case).values_list("step", "due_on")) == {
        1: date(2026, 11, 3),
        2: date(2026, 11, 9),
        3: date(2026, 11, 10),
    }
    pay(inv, date(2026, 11, 11))
    run(date(2026, 11, 11))
    case.refresh_from_db()
    assert case.status == DunningStatus.RESOLVED and not case.reenable_required  # never suspended


@pytest.mark.parametrize(("amount", "cs_lead_tagged"), [("1499.99", False), ("1500.00", True)])
def test_b36_unmanaged_accounts_tag_the_cs_lead_from_1500(amount, cs_lead_tagged):
    simon = RoleAssignmentFactory(key="allocation_lead").user
    dana = RoleAssignmentFactory(key="cs_lead", user=UserFactory(role="csm")).user
    _bc, party = customer(owner=False)
    invoiced(party, due=date(2026, 11, 1), amount=amount)
    run(date(2026, 11, 2))
    case = DunningCase.objects.get()
    assert case.responsible == simon
    assert set(case.tagged.all()) == ({simon, dana} if cs_lead_tagged else {simon})
    recipients = set(Notification.objects.filter(kind="dunning").values_list("recipient_id", flat=True))
    assert recipients == ({simon.pk, dana.pk} if cs_lead_tagged else {simon.pk})


def test_b39_three_consecutive_missed_periods_ask_for_three_months_in_advance():
    bc, party = customer()
    for month, total in ((6, "900.00"), (7, "1000.00"), (8, "1100.00")):
        start = date(2026, month, 1)
        invoiced(
            party, start=start, due=start + timedelta(days=30), amount=total, paid=start + timedelta(days=20)
        )
    for month in (9, 10, 11):
        start = date(2026, month, 1)
        invoiced(party, start=start, due=start + timedelta(days=30), amount="1500.00")
    run(date(2026, 12, 5))
    case = DunningCase.objects.get()
    assert case.consecutive_missed_periods == 3
    assert case.advance_payment_required == D("3000.00")  # 3 x mean(900, 1000, 1100)
    assert DunningEvent.objects.filter(case=case, kind="missed_periods").count() == 1
    facts = late_payment_facts([bc.account_id], date(2026, 12, 5))[bc.account_id]
    assert facts.missed_periods == 3


def test_b37_b67_step5_cancellation_is_a_pending_stripe_write_confirmed_by_a_person(settings):
    assert settings.STRIPE_WRITES_ENABLED is False
    bc, party = customer()
    sub = SubscriptionFactory(stripe_customer=party, collection_method="send_invoice")
    invoiced(party, due=date(2026, 11, 1), subscription=sub)
    owner = bc.account.owner
    run(date(2026, 11, 2))
    case = DunningCase.objects.get()
    with pytest.raises(Exception, match="not due yet"):
        services.dunning_case_cancel(case=case, confirm=True, acting_user=owner)
    run(date(2026, 11, 16))  # day 14
    case.refresh_from_db()
    assert case.step == 5 and not StripeWriteTask.objects.exists()  # the job never cancels (D-24)
    assert Notification.objects.filter(text__contains="Step 5").count() == 1
    services.dunning_case_cancel(case=case, confirm=True, acting_user=owner, at=noon(date(2026, 11, 16)))
    task = StripeWriteTask.objects.get()
    assert (task.kind, task.status) == ("cancel_subscription", "pending")
    assert task.idempotency_key == f"tamapp-subscription-{sub.pk}-cancel"
    assert task.payload["subscription"] == sub.stripe_id and task.requested_by == owner
    case.refresh_from_db()
    assert case.status == DunningStatus.CANCELLED and case.cancelled_on == date(2026, 11, 16)
    # The unpaid invoice of a cancelled case never opens a second case.
    run(date(2026, 11, 17))
    assert DunningCase.objects.count() == 1
    facts = late_payment_facts([bc.account_id], date(2026, 11, 17))[bc.account_id]
    assert facts.subscription_cancelled_on == date(2026, 11, 16)


def test_it_keeps_one_open_case_per_customer():
    bc, _party = customer()
    DunningCase.objects.create(
        billing_customer=bc, plan_kind="PAYG", day0=date(2026, 11, 1), amount_overdue=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DunningCase.objects.create(
            billing_customer=bc, plan_kind="PAYG", day0=date(2026, 11, 2), amount_overdue=1
        )
    DunningCase.objects.create(
        billing_customer=bc, plan_kind="PAYG", day0=date(2026, 10, 1), amount_overdue=1, status="RESOLVED"
    )


def test_it_keeps_one_row_per_case_and_step():
    bc, _ = customer()
    case = DunningCase.objects.create(
        billing_customer=bc, plan_kind="PAYG", day0=date(2026, 11, 1), amount_overdue=1
    )
    DunningStep.objects.create(case=case, step=1, due_on=date(2026, 11, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        DunningStep.objects.create(case=case, step=1, due_on=date(2026, 11, 1))


def _late_world(n: int) -> None:
    for _ in range(n):
        _, party = customer()
        invoiced(party, due=date(2026, 11, 1))
        carded(customer()[1], failures=[date(2026, 11, 1), date(2026, 11, 4)])


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("job", ["detect_late_payments", "dunning_scheduler"])
def test_each_chunk_takes_the_same_queries_whatever_its_size(job):
    """Fixed queries per chunk: 2 customers or 8, first run (alerts off) and rerun alike."""
    counts = []
    for n in (1, 4):
        DunningCase.objects.all().delete()
        _late_world(n)
        if job == "dunning_scheduler":
            jobs.detect_late_payments(as_of=date(2026, 11, 10), alert=False)
        first = _queries(lambda: jobs.JOBS[job](as_of=date(2026, 11, 10), alert=False))
        rerun = _queries(lambda: jobs.JOBS[job](as_of=date(2026, 11, 10), alert=False))
        counts.append((first, rerun))
    assert counts[0] == counts[1], counts
    assert counts[0][1] <= counts[0][0]


def test_the_rerun_of_a_chunk_writes_nothing():
    _late_world(3)
    run(date(2026, 11, 10))
    with CaptureQueriesContext(connection) as ctx:
        run(date(2026, 11, 10))
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


def test_billing_job_command_runs_both_jobs():
    _, party = customer()
    invoiced(party, due=date(2026, 11, 1))
    out = io.StringIO()
    call_command("billing_job", "detect_late_payments", as_of=date(2026, 11, 3), stdout=out)
    call_command("billing_job", "dunning_scheduler", as_of=date(2026, 11, 3), stdout=out)
    assert '"opened": 1' in out.getvalue() and '"steps": 1' in out.getvalue()


def test_the_tasks_are_on_beat(settings):
    tasks = {v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"billing.detect_late_payments", "billing.dunning_scheduler"} <= tasks
    from billing import tasks as billing_tasks

    assert billing_tasks.detect_late_payments.name == "billing.detect_late_payments"
