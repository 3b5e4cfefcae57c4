"""Celery tasks: take ids and ISO dates, call a job, nothing else (billing.md §5)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from config.locks import single_run

from . import jobs


def _day(as_of: str | None) -> date:
    return date.fromisoformat(as_of) if as_of else timezone.now().date()


@shared_task(name="billing.allocate_credit_tranches")
@single_run("billing.allocate_credit_tranches")
def allocate_credit_tranches(as_of: str | None = None) -> dict:
    return jobs.allocate_credit_tranches(as_of=_day(as_of))


@shared_task(name="billing.expire_credits")
@single_run("billing.expire_credits")
def expire_credits(as_of: str | None = None) -> dict:
    return jobs.expire_credits(as_of=_day(as_of))


@shared_task(name="billing.compute_monthly_revenue")
@single_run("billing.compute_monthly_revenue")
def compute_monthly_revenue(as_of: str | None = None, backfill: bool = False) -> dict:
    return jobs.compute_monthly_revenue(as_of=_day(as_of), backfill=backfill)


@shared_task(name="billing.creditbot")
@single_run("billing.creditbot")
def creditbot(as_of: str | None = None) -> dict:
    return jobs.run_creditbot(as_of=_day(as_of))


@shared_task(name="billing.creditbot_customer")
def creditbot_customer(customer_id: int, as_of: str | None = None) -> dict:
    """One customer, on an event (credit added): the same chunk code on a chunk of one."""
    return jobs.run_creditbot(as_of=_day(as_of), ids=[customer_id])


@shared_task(name="billing.detect_late_payments")
@single_run("billing.detect_late_payments")
def detect_late_payments(as_of: str | None = None) -> dict:
    return jobs.detect_late_payments(as_of=_day(as_of))


@shared_task(name="billing.detect_late_payments_customer")
def detect_late_payments_customer(customer_id: int, as_of: str | None = None) -> dict:
    """One customer, on `invoice.payment_failed` / `invoice.overdue`: the same chunk code."""
    return jobs.detect_late_payments(as_of=_day(as_of), ids=[customer_id])


@shared_task(name="billing.dunning_scheduler")
@single_run("billing.dunning_scheduler")
def dunning_scheduler(as_of: str | None = None) -> dict:
    return jobs.dunning_scheduler(as_of=_day(as_of))
