"""Celery tasks of the quota app: thin, taking ids; the work is in `quota.services`."""

from celery import shared_task
from django.utils import timezone

from config.locks import single_run

from .engine import Quarter
from .models import RunTrigger


@shared_task(name="quota.compute_attainment")
@single_run("quota_compute_attainment", timeout_seconds=4 * 60 * 60)
def compute_attainment() -> list[int]:
    """Nightly (beat 02:00 UTC): the open quarters, the previous one until its final run."""
    from .services import quarters_to_recompute, quota_recompute

    today = timezone.localdate()
    return [
        quota_recompute(quarter=q, today=today, trigger=RunTrigger.NIGHTLY).pk
        for q in quarters_to_recompute(today)
    ]


@shared_task(name="quota.recompute_accounts")
def recompute_accounts(account_ids: list[int], quarters: list[str]) -> list[int]:
    """An invoice changed: recompute its accounts for the quarters it touches (enqueued on commit)."""
    from .services import quota_recompute

    today = timezone.localdate()
    return [
        quota_recompute(
            quarter=Quarter.parse(q), today=today, trigger=RunTrigger.INVOICE, account_ids=account_ids
        ).pk
        for q in quarters
    ]
