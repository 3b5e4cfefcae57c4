"""Writes of the quota app: `<entity>_<action>(*, …, acting_user)`, one transaction each."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from .engine import Quarter
from .models import Quota, QuotaRun, RunTrigger
from .policies import period_for


def quarters_to_recompute(today: date) -> list[Quarter]:
    """compute_attainment's schedule: the current quarter, and the previous one until the day
    after its cutoff (QD-28: the final run is on cutoff + 1 day)."""
    current = Quarter.containing(today)
    quarters = [current]
    previous = current.previous
    if today <= previous.cutoff_date() + timedelta(days=1):
        quarters.insert(0, previous)
    return quarters


def quota_recompute(
    *,
    quarter: Quarter,
    today: date,
    trigger: str = RunTrigger.COMMAND,
    account_ids=None,
    chunk_size=None,
    acting_user=None,
) -> QuotaRun:
    """Recompute a quarter's stored figures; each chunk commits on its own (a crash keeps the done)."""
    from .recompute import DEFAULT_CHUNK_SIZE, recompute_quarter

    del acting_user  # runs are recorded in QuotaRun; a person never edits computed figures
    return recompute_quarter(
        quarter,
        today=today,
        trigger=trigger,
        account_ids=account_ids,
        chunk_size=chunk_size or DEFAULT_CHUNK_SIZE,
    )


def quota_set(*, rep, quarter: Quarter, amount: Decimal, reason: str, today: date, acting_user) -> Quota:
    """Q-14: a sales manager sets or amends a TAM's quota for a quarter, with a reason (audited)."""
    if amount < 0:
        raise ValueError("amount: a quota cannot be negative")
    if not reason.strip():
        raise ValueError("reason: a quota change needs a reason (Q-14)")
    with transaction.atomic():
        period = period_for(quarter, today=today)
        quota, _ = Quota.objects.update_or_create(
            rep=rep, period=period, defaults={"amount": amount, "set_by": acting_user, "reason": reason}
        )
        # C-10's prorated amount (and team quotas, T-2) follow from the run; no account changed.
        transaction.on_commit(lambda: _recompute_quarter_later(quarter))
    return quota


def _recompute_quarter_later(quarter: Quarter) -> None:
    from .tasks import recompute_accounts

    recompute_accounts.delay([], [str(quarter)])
